"""From a document's stored payload to PDF bytes: the kind's template, then WeasyPrint.

The PDF never depends on the machine's fonts: the body font is Tinos (metric-compatible with
Times New Roman, with every Vietnamese letter) from the npm package @fontsource/tinos, which
`npm ci` installs on every machine and image. It is embedded (subset) in every PDF.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

FONT_SOURCE_DIR = Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "tinos" / "files"

# The fontsource package splits Tinos into files by script (latin, vietnamese, latin-ext), meant
# to be chosen by unicode-range. Handed to WeasyPrint as three fonts, every Vietnamese line is cut
# into runs of different fonts (slower to lay out, no kerning across runs), and WeasyPrint (70)
# would mix up the glyphs of three files sharing one family name. So the three files of each face
# are merged into one TrueType font (fontTools), once, and the documents use one family.
FONT_SCRIPTS = ("latin", "vietnamese", "latin-ext")
FONT_FAMILY = "Tinos"
FONT_FACES = [(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")]
FONT_STACK = f"'{FONT_FAMILY}'"


class FontsMissing(RuntimeError):
    """The Tinos files are not installed (node_modules missing): no PDF without them."""


@functools.cache
def _font_cache_dir() -> Path:
    """Where the merged TrueType faces live: one folder per font release."""
    fingerprint = hashlib.sha256(b"merged faces")
    for path in sorted(FONT_SOURCE_DIR.glob("tinos-*.woff")):
        stat = path.stat()
        fingerprint.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return Path(tempfile.gettempdir()) / f"ktd-tinos-{fingerprint.hexdigest()[:16]}"


def _font_files() -> dict[tuple[int, str], Path]:
    """The four faces (regular/bold × upright/italic) as TrueType, each merged from the
    package's three script files.

    WeasyPrint can read .woff directly, but would decompress every file on every render;
    converted once, they halve the fixed cost of a small document. Checked on every call, as
    a temporary folder can be cleaned under a long-running worker.
    """
    sources = {
        (weight, style): [
            FONT_SOURCE_DIR / f"tinos-{script}-{weight}-{style}.woff" for script in FONT_SCRIPTS
        ]
        for weight, style in FONT_FACES
    }
    missing = [path.name for paths in sources.values() for path in paths if not path.is_file()]
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
    for (weight, style), paths in sources.items():
        target = cache / f"tinos-{weight}-{style}.ttf"
        if not target.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: another worker may be converting the same face.
            partial = target.with_suffix(f".{os.getpid()}.part")
            _merge_fonts(paths, partial)
            os.replace(partial, target)
        files[(weight, style)] = target
    return files


def _merge_fonts(sources: list[Path], target: Path) -> None:
    """One TrueType font from the script files of one face (the first file wins for a letter
    that several contain)."""
    from fontTools.merge import Merger

    merged = Merger().merge([str(source) for source in sources])
    merged.flavor = None
    merged.save(target)


def font_face_css() -> str:
    """@font-face rules for Tinos, regular/bold × upright/italic."""
    return "\n".join(
        f"@font-face {{ font-family: '{FONT_FAMILY}'; font-style: {style}; "
        f"font-weight: {weight}; src: url('{path.as_uri()}') format('truetype'); }}"
        for (weight, style), path in _font_files().items()
    )


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


@contextmanager
def _cyclic_gc_paused():
    """Python's cycle collector off for the length of a render. WeasyPrint allocates hundreds of
    thousands of short-lived objects, so the collector would run hundreds of times, each pass
    also walking everything the worker process holds; nearly all of that memory is freed by
    reference counting anyway (the peak is the same either way). About 15 % of a large render."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(html: str) -> RenderedPdf:
    from weasyprint import HTML

    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    with _cyclic_gc_paused():
        rendered = HTML(string=html, base_url=base_url, url_fetcher=_url_fetcher()).render()
        return RenderedPdf(content=rendered.write_pdf(), page_count=len(rendered.pages))
