"""From a document's stored payload to PDF bytes: the kind's template, then WeasyPrint.

The PDF never depends on the machine's fonts: the body font is Tinos (metric-compatible with
Times New Roman, with every Vietnamese letter) from the npm package @fontsource/tinos, which
`npm ci` installs on every machine and image. It is embedded (subset) in every PDF.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

FONT_SOURCE_DIR = Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "tinos" / "files"

# The fontsource package splits Tinos into files by script, each with the unicode-range of
# its CSS. WeasyPrint (70) names a PDF font after its family, style and weight only, so three
# files sharing the family "Tinos" are written as one font and their glyphs mixed up: the PDF
# shows and extracts as nonsense. Each file therefore gets a family of its own, and the stack
# below lists all three; Pango picks, letter by letter, the first that has it.
FONT_SUBSETS = {
    "latin": (
        "Tinos Latin",
        "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
        "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
    ),
    "vietnamese": (
        "Tinos Vietnamese",
        "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,"
        "U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB",
    ),
    "latin-ext": (
        "Tinos Latin Ext",
        "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
        "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,"
        "U+2C60-2C7F,U+A720-A7FF",
    ),
}
FONT_FACES = [(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")]
FONT_STACK = ", ".join(f"'{family}'" for family, _range in FONT_SUBSETS.values())


class FontsMissing(RuntimeError):
    """The Tinos files are not installed (node_modules missing): no PDF without them."""


@functools.cache
def _font_cache_dir() -> Path:
    """Where TrueType copies of the package's .woff files live: one folder per font release."""
    fingerprint = hashlib.sha256()
    for path in sorted(FONT_SOURCE_DIR.glob("tinos-*.woff")):
        stat = path.stat()
        fingerprint.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return Path(tempfile.gettempdir()) / f"ktd-tinos-{fingerprint.hexdigest()[:16]}"


def _font_files() -> dict[tuple[str, int, str], Path]:
    """The twelve font files (three scripts × regular/bold × upright/italic) as TrueType.

    WeasyPrint can read .woff directly, but would decompress all twelve files on every render;
    converted once, they halve the fixed cost of a small document. Checked on every call, as
    a temporary folder can be cleaned under a long-running worker.
    """
    sources = {
        (subset, weight, style): FONT_SOURCE_DIR / f"tinos-{subset}-{weight}-{style}.woff"
        for subset in FONT_SUBSETS
        for weight, style in FONT_FACES
    }
    missing = [path.name for path in sources.values() if not path.is_file()]
    if missing:
        raise FontsMissing(
            _(
                "The document font (Tinos) is not installed on the server: %(files)s missing "
                "from %(folder)s. Run “npm ci” to install it."
            )
            % {"files": ", ".join(missing[:3]), "folder": FONT_SOURCE_DIR}
        )
    cache = _font_cache_dir()
    files = {}
    for key, source in sources.items():
        target = cache / (source.stem + ".ttf")
        if not target.is_file():
            from fontTools.ttLib import TTFont

            cache.mkdir(parents=True, exist_ok=True)
            font = TTFont(source)
            font.flavor = None
            # Written aside and renamed: another worker may be converting the same file.
            partial = target.with_suffix(f".{os.getpid()}.part")
            font.save(partial)
            os.replace(partial, target)
        files[key] = target
    return files


def font_face_css() -> str:
    """@font-face rules for Tinos, regular/bold × upright/italic, for every script file."""
    rules = []
    for (subset, weight, style), path in _font_files().items():
        family, unicode_range = FONT_SUBSETS[subset]
        rules.append(
            f"@font-face {{ font-family: '{family}'; font-style: {style}; "
            f"font-weight: {weight}; src: url('{path.as_uri()}') format('truetype'); "
            f"unicode-range: {unicode_range}; }}"
        )
    return "\n".join(rules)


def _allowed_roots() -> list[Path]:
    roots = [FONT_SOURCE_DIR, Path(settings.BASE_DIR) / "static"]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    roots.append(_font_cache_dir())
    return [root.resolve() for root in roots]


def _url_fetcher():
    """WeasyPrint may read local font and static files, and data: URLs, nothing else: a
    document never makes the server fetch an address that came from the data."""
    from weasyprint.urls import URLFetcher

    class LocalFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not any(path.is_relative_to(root) for root in _allowed_roots()):
                    raise ValueError(f"Documents may not read {path}.")
            return super().fetch(url, headers)

    return LocalFilesFetcher(allowed_protocols={"file", "data"})


def render_html(document) -> str:
    """The kind's template rendered from the stored payload, in the portal's first language
    (the PDF is the same whoever asks for it, so the language is part of the hash's promise)."""
    from documents.registry import get_kind

    kind = get_kind(document.kind)
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            kind.template, {"doc": document.payload, "document": document, "kind": kind}
        )


def render_part_html(document, index: int) -> str:
    """Part 0 is the cover (the kind's template); part n is the payload's n-th section,
    rendered with the kind's part_template."""
    from documents.registry import get_kind

    kind = get_kind(document.kind)
    if index == 0:
        return render_html(document)
    section = document.payload["sections"][index - 1]
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            kind.part_template,
            {"doc": document.payload, "section": section, "number": index, "document": document},
        )


def merge_pdfs(contents: list[bytes]) -> RenderedPdf:
    """The parts, in order, as one PDF (pypdf)."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for content in contents:
        writer.append(PdfReader(io.BytesIO(content)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return RenderedPdf(content=buffer.getvalue(), page_count=len(writer.pages))


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def render_pdf(html: str) -> RenderedPdf:
    from weasyprint import HTML

    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    rendered = HTML(string=html, base_url=base_url, url_fetcher=_url_fetcher()).render()
    return RenderedPdf(content=rendered.write_pdf(), page_count=len(rendered.pages))
