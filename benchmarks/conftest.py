"""Benchmark harness: every figure is printed as a JSON line and kept in docs/benchmarks.md.

Figures are kept per database in bench-results/<database>.json (not committed), so that a run
on SQLite and one on PostgreSQL fill the two columns of docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from loadtest.report import docs_section as loadtest_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench-results"
DOCS = ROOT / "docs" / "benchmarks.md"
_figures: list[dict] = []
_vendor: list[str] = []


@pytest.fixture
def record(db):
    """record(name, value, unit): one figure of this run."""
    from django.db import connection

    if not _vendor:
        _vendor.append(connection.vendor)

    def record(name: str, value, unit: str) -> None:
        _figures.append({"name": name, "value": value, "unit": unit})

    return record


def pytest_terminal_summary(terminalreporter):
    if not _figures:
        return
    terminalreporter.section("figures")
    for figure in _figures:
        terminalreporter.write_line(json.dumps(figure, ensure_ascii=False))
    vendor = _vendor[0] if _vendor else "sqlite"
    RESULTS_DIR.mkdir(exist_ok=True)
    stored = RESULTS_DIR / f"{vendor}.json"
    kept = json.loads(stored.read_text()) if stored.exists() else {}
    kept.update({figure["name"]: figure for figure in _figures})
    stored.write_text(json.dumps(kept, ensure_ascii=False, indent=1))
    DOCS.write_text(render_docs())
    terminalreporter.write_line(f"written: {DOCS.relative_to(ROOT)}")


def _load(vendor: str) -> dict:
    path = RESULTS_DIR / f"{vendor}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _number(value, unit: str) -> str:
    if value is None:
        return "–"
    if unit in {"queries", "renders", "pages", "rows"}:
        return str(int(value))
    text = f"{value:.3f}" if unit == "ratio" else f"{value:.1f}"
    if unit == "ms" and value < 1:
        text = f"{value:.2f}"
    return text.replace(".", ",") + ("" if unit == "ratio" else f" {unit}")


DOCUMENTS_SECTION = [
    "## Documents (PDF)",
    "",
    "`benchmarks/harness.py: bench_document(kind, subject, user)` times a document",
    "through the whole pipeline (request, payload and hash, row, render task: template,",
    "WeasyPrint, storage, status), eagerly in one process, and WeasyPrint alone on the",
    "same HTML in the same run; medians of 5 interleaved rounds after a warm-up, each",
    "timed run starting after a garbage collection (a render leaves ~100 ms of garbage",
    "that would otherwise be collected during whichever run comes next). Then it asks",
    "again with unchanged data, which must return the existing version without",
    "rendering. Target: overhead pipeline / WeasyPrint ≤ 1,2. The test document is the",
    "member roster of a 74-member bloc (`tests/documents/kinds.py`), three A4 pages.",
    '"WeasyPrint alone" is a bare `HTML(...).write_pdf()`; the pipeline pauses Python\'s',
    "cycle collector for the length of a render (docs/documents.md), so a large document",
    "can come out faster through the pipeline than alone (a ratio below 1).",
    "",
    "The consolidated bloc report is one bloc's last full year from `generate_scale_data`",
    "(15 members × 30 indicators, all accepted, every narrative section written): 18 pages,",
    "about 1.000 table cells and 8 pages of justified text. The issue asks ≤ 1,0 s on this",
    "machine; it takes 1,1-1,3 s, down from 1,7 s on the same machine before the two",
    "changes of docs/documents.md (one merged font per face, −8 %; the collector paused,",
    "−15 %). What is left is WeasyPrint's own layout and drawing, measured by cutting the",
    "HTML: the indicator tables and charts about 0,6 s, the narratives about 0,25 s, the",
    "rest about 0,2 s; an empty document with the same fonts and styles takes 60 ms. Tried",
    "and dropped, no measurable gain or slower: separate instead of collapsed borders, no",
    "kerning or ligatures, `text-rendering: optimizeSpeed`, no justification, whole fonts",
    "instead of subsets, an uncompressed PDF.",
    "",
    "The ministry summary (10 blocs × 15 members) is a document in parts: two worker",
    "processes (a prefork pool of 2, on PostgreSQL and Redis) render the cover and the ten",
    "bloc sections side by side; the job's time (from the render task sent to the merged",
    "PDF's `finished_at`) is compared with rendering the same parts one after another in",
    "the test process and merging them, in the same run. It runs only on PostgreSQL with",
    "Redis. The issue asks ≤ 0,6: six runs on this machine the same day gave 0,605 to 0,71",
    "(the table shows the last). The machine itself is not the limit: two",
    "CPU-bound processes take 0,51 × the time of one after the other. The worker log shows",
    "where the rest goes: each part takes about 0,15 s (the cover 0,2 s), eleven parts on",
    "two processes make six rounds on one of them, and the two ends are serial (the task's",
    "trip through Redis and the coordinating task, about 30 ms; the merge after the last",
    "part, about 50-70 ms). With these part sizes the bound is about 0,6.",
    "",
]


SCALE_SECTION = [
    "## Reports at scale",
    "",
    "`benchmarks/test_report_speed.py` makes the data with `python manage.py generate_scale_data`",
    "(`BENCH_SCALE_BLOCS` blocs, default 100, × 15 units × 5 years: memberships, rotating",
    "leadership, H1 and FY periods, a report per unit and period, a value for each of the 30",
    "indicators in force), then times with the test client (`DEBUG` off), 30 interleaved rounds:",
    "the report form of one unit's report (this year's H1, a draft), the completeness board of",
    "one bloc-year signed in as staff of that year's bloc leader, and two floors in the same run:",
    "the one-query view, a bare view that runs one query and returns plain text (behind the same",
    "middleware, so a signed-in request also reads its session and user: 3 queries), and a",
    "one-query page in the portal's layout (base template, navigation by role). The issue's",
    "target, ≤ 3 × the one-query view, is out of reach for any page in the layout: the layout",
    "alone costs about 2,2-2,7 × the one-query view. Against the one-query page, the board is",
    "at about 2,6-2,8 × and the form at about 3,3-3,6 ×: the rows are built once in Python, a",
    "form that is only shown does not build three fields per indicator, values are read once,",
    "and the layout reads the person's unit and bloc in one query (form 12 queries, board 9).",
    "The benchmark fails above 4,5 × (form) and 3,5 × (board) the one-query page, or when the",
    "query counts differ from those on 2 blocs × 3 units × 2 years.",
    "",
    "`benchmarks/test_consolidated_speed.py` times the consolidated report page of one bloc's",
    "last full year (15 members × 30 indicators, with scores, ranking and narratives) signed in",
    "as the ministry, in the same way and against the same floors; its query count must equal",
    "the one on a 2-bloc data set, and it does not change from 100 to 1.000 blocs. Its server",
    "time goes to building the report (grouped queries, the ranking) and to rendering 450 cells",
    "with their growth and % of target, and fifteen units' narratives; the ≤ 3 × target is not",
    "met (about 20-25 × the one-query view). Numbers are formatted with the language's marks",
    "looked up once per language (−15 % on this page).",
    "",
    "`benchmarks/test_dashboard_speed.py` times the ministry dashboard (last year, full year:",
    "every bloc's completeness, key indicators and awards) and the API's values endpoint (one",
    "bloc's last full year, 100 rows a page, token authentication) the same way, with their",
    "query counts held to those on 2 blocs. The values endpoint reads its page as plain rows",
    "(no model instances; a test compares every row with the serializer's output), which",
    "halved its time (15 → 8 ms for the same request, profiled on this machine): about 5 ×",
    "the one-query view, not the ≤ 3 × asked. Its three queries are the token, the count",
    "for the page links and the page itself. The dashboard lists every bloc: at 100 or 1.000",
    "blocs its work grows with the blocs shown (two grouped queries over all their accepted",
    "values, this year and last, and a row and two chart points per bloc), so a ratio to a",
    "one-query view cannot hold at that size; its queries stay at 17. Three changes cut it",
    "by two thirds at 1.000 blocs: the ministry summary reads plain rows instead of some",
    "78.000 model instances, the tables' cells are written in Python instead of the template",
    "engine, and each bloc is paired with its PDF instead of searched among all documents.",
    "",
    "On PostgreSQL, `generate_scale_data` refreshes the planner's statistics of the tables it",
    "fills (`ANALYZE`), as autovacuum does for a database that grows by use: planned as empty",
    "tables, the grouped queries ran as nested loops over every report. The benchmarks also",
    "start each test with a `VACUUM (ANALYZE)` of the reused test database: the rows that",
    "earlier benchmarks inserted and rolled back stay as dead rows until then, and after a",
    "few runs they made the same request four times slower. Rows of each scale are kept:",
    "the 1000-bloc rows come from a run with `BENCH_SCALE_BLOCS=1000` on PostgreSQL.",
    "",
    "| figure | SQLite | PostgreSQL |",
    "| --- | ---: | ---: |",
]


def render_docs() -> str:
    sqlite, postgresql = _load("sqlite"), _load("postgresql")
    names = list(dict.fromkeys([*sqlite, *postgresql]))

    def row(name: str, label: str) -> str:
        unit = (sqlite.get(name) or postgresql.get(name))["unit"]
        values = [
            _number(source.get(name, {}).get("value"), unit) for source in (sqlite, postgresql)
        ]
        return f"| {label} | {values[0]} | {values[1]} |"

    pages = [n for n in names if n.startswith("page ") and n.endswith(" median")]
    page_rows = []
    for name in pages:
        url = name.removeprefix("page ").removesuffix(" median")
        queries = sqlite.get(f"page {url} queries") or postgresql.get(f"page {url} queries")
        median = row(name, f"`{url}`")
        page_rows.append(f"{median} {queries['value'] if queries else '–'} |")
    documents = [n for n in names if n.startswith("document ")]
    document_rows = [row(name, name.removeprefix("document ")) for name in documents]
    scale_rows = [
        row(name, name.removeprefix("scale ")) for name in names if name.startswith("scale ")
    ]

    return "\n".join(
        [
            "# Benchmarks",
            "",
            "`make bench` runs `benchmarks/` and prints every figure as one JSON line",
            '(`{"name": …, "value": …, "unit": …}`); this page is rewritten from the figures of the',
            "last run on each database (kept in `bench-results/`, not committed). Run it on",
            "PostgreSQL with `DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoi_thi_dua make bench`.",
            "",
            f"Last written {date.today():%d/%m/%Y} on a machine with {os.cpu_count()} cores.",
            "",
            "## Pages",
            "",
            "The full demo data (5 blocs, 49 units, 100 accounts), signed in as board staff of",
            "this year's bloc leader, each page requested 30 times with `DEBUG` off. A page fails",
            "the benchmark when its median exceeds 150 ms. Query counts do not grow with the",
            "number of rows: the page tests pin them with `django_assert_max_num_queries`.",
            "",
            "| page | SQLite median | PostgreSQL median | queries |",
            "| --- | ---: | ---: | ---: |",
            *page_rows,
            "",
            *DOCUMENTS_SECTION,
            "| figure | SQLite | PostgreSQL |",
            "| --- | ---: | ---: |",
            *document_rows,
            "",
            *SCALE_SECTION,
            *scale_rows,
            "",
            # `make loadtest`'s section: from bench-results/loadtest.json, or kept as it was.
            *loadtest_section(RESULTS_DIR / "loadtest.json", DOCS),
        ]
    )


@pytest.fixture(autouse=True)
def production_template_rendering(monkeypatch):
    """The test environment wraps every template render to send a signal (for the test
    client's `response.templates`); a served page does not pay that, so neither do the
    benchmarks."""
    from django.template import Template
    from django.test.utils import _TestState

    saved = getattr(getattr(_TestState, "saved_data", None), "template_render", None)
    if saved is not None:
        monkeypatch.setattr(Template, "_render", saved)


@pytest.fixture(autouse=True)
def no_dead_rows_on_postgresql(django_db_blocker):
    """Each benchmark starts on a PostgreSQL test database without the dead rows of the data
    that earlier benchmarks (or earlier runs: the test database is reused) made and rolled
    back. A rolled-back insert leaves its rows and index entries behind until a VACUUM, and
    millions of them made the index scans of later benchmarks several times slower: figures
    depended on what had run before. (Autouse: this runs before the test's transaction.)"""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
