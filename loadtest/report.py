"""The load-test section of docs/benchmarks.md, written from bench-results/loadtest.json.

`make loadtest` replaces only this section (between the two markers below) so that the
benchmarks' figures stay as they are; `make bench` (benchmarks/conftest.py: render_docs)
rewrites the whole page and puts this section back, from the results file when there is one,
otherwise as it was on the page.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESULTS = ROOT / "bench-results" / "loadtest.json"
DOCS = ROOT / "docs" / "benchmarks.md"
START = "<!-- loadtest: written by `make loadtest` (loadtest/report.py) -->"
END = "<!-- /loadtest -->"

DESCRIPTION = [
    "## Load test",
    "",
    "`make loadtest` (`loadtest/run.py`) runs the whole stack on loopback: a PostgreSQL",
    "database of its own (`ktd_load`, dropped and created again, migrated, with the demo data),",
    "gunicorn (gthread workers) and one Celery worker on Redis with a queue of its own, then",
    "Locust, headless, bounded by a run time and a request budget (`LOAD_USERS`, `LOAD_TIME`,",
    "`LOAD_SPAWN_RATE`, `LOAD_MAX_REQUESTS`). Each simulated person signs in with a board-staff",
    "account of its own (two or three per unit of this year's 47 demo units) and opens its unit's",
    "annual report (the first of a unit to arrive starts it), then mixes page views (home, the",
    "unit's reports, the report form and its history, the bloc and unit pages, the indicator",
    "catalogue, the bloc's consolidated reports and dashboard, the completeness board for the",
    "bloc leader's staff), draft saves of the report form (every value typed the vi-VN way,",
    "`1.234.567,89`, with the form's version token) and submissions; the bloc leader's staff",
    "return submitted reports with a reason, so reports go round submit → return → edit. People",
    "of one unit race on one report: a save that read an older version is refused (409), and a",
    "save to a report a colleague has just submitted is refused (403); both are counted as",
    "refused, not as errors.",
    "",
    "The server runs `loadtest.settings`: the production settings (DEBUG off, WhiteNoise, real",
    "password hashing, e-mail notices through the outbox and the worker) with the two changes",
    "plain HTTP on 127.0.0.1 needs: cookies not marked Secure and no HTTPS redirect, and static",
    "files served from the source folders rather than collected (`collectstatic` compresses",
    "85 MB of front-end packages, 1,5 min on 2 cores). The demo accounts' shared password works",
    "only with DEBUG on, so the runner creates the accounts with a random password instead of",
    "turning DEBUG on, which would measure a slower server than the one deployed.",
    "",
    "After the run, every write the clients were told about is looked for in the database:",
    "report versions (each save, submission and return raises it by one), value changes (the",
    "clients count the values they changed in each confirmed save), status changes, each",
    "report's final values (equal to those of the save its narrative names) and the e-mail",
    "notices the worker sent. The run fails on any error (an HTTP error, a refused sign-in, a",
    "submission refused by the rules) or any difference. Latencies are Locust's, measured on the",
    "same machine that runs the server, the database and the worker, so the server has less",
    "than 2 cores; sign-ins are slow by design (PBKDF2, a few tenths of a second of CPU each) and all arrive",
    "in the first seconds. With 100 people pausing 1–3 s between actions the machine is",
    "saturated: the throughput below is what it serves, and most of each latency is time spent",
    "waiting for a free worker, not time spent in the view (compare the page timings of the",
    "benchmarks above, measured one request at a time). CI runs a short form",
    "(`tests/loadtest/`: 20 users for 15 s).",
    "",
    "The figures depend on the machine as much as on the portal: the line under this one gives",
    "the time of one password hash on one core as a measure of its speed. The first full run,",
    "on 22/11/2026 on a machine that hashed a password in about 0,25 s, served 2.913 requests",
    "with 0 errors, p50 310 ms, p95 3.900 ms, 48,1 requests/s and 0 lost writes.",
    "",
]


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.0f} ms".replace(",", ".")


def _number(value, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def section(results: dict) -> list[str]:
    """The section's lines for one run's results (loadtest/run.py's JSON)."""
    written = datetime.fromisoformat(results["written"])
    client, database = results["writes"]["client"], results["writes"]["database"]
    lines = [
        START,
        *DESCRIPTION,
        f"Last run {written:%d/%m/%Y} on a machine with {results['cores']} cores: "
        f"{results['users']} users (spawned {_number(results['spawn_rate'])}/s) for "
        f"{results['run_time_s']} s, {results['web']}; load average of the machine before the "
        f"run {_number(results['load_before'], 2)}"
        + (
            f"; one password hash (PBKDF2) took {_number(results['password_hash_s'], 2)} s"
            if "password_hash_s" in results
            else ""
        )
        + (", and Locust warned that its own CPU was saturated" if results["locust_cpu"] else "")
        + ".",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| requests | {_number(results['requests'])} |",
        f"| errors | {results['errors']} |",
        f"| median (p50) | {_ms(results['p50_ms'])} |",
        f"| 95th percentile (p95) | {_ms(results['p95_ms'])} |",
        f"| 99th percentile | {_ms(results['p99_ms'])} |",
        f"| slowest | {_ms(results['max_ms'])} |",
        f"| throughput | {_number(results['throughput_rps'], 1)} requests/s |",
        f"| lost writes | {results['lost_writes']} |",
    ]
    steady = results.get("steady") or {}
    if steady:
        lines += [
            f"| after every sign-in (from {_number(steady['since_s'], 1)} s): requests | "
            f"{_number(steady['requests'])} |",
            f"| after every sign-in: p50 | {_ms(steady['p50_ms'])} |",
            f"| after every sign-in: p95 | {_ms(steady['p95_ms'])} |",
            f"| after every sign-in: throughput | {_number(steady['throughput_rps'], 1)} "
            "requests/s |",
        ]
    lines += [
        "",
        "| write | told to the clients | found in the database |",
        "| --- | ---: | ---: |",
    ]
    for key in ("reports started", "version increments", "submissions", "returns"):
        lines.append(f"| {key} | {_number(client[key])} | {_number(database[key])} |")
    lines.append(
        f"| value changes | {_number(client['value changes'])} | "
        f"{_number(database['value changes'])} |"
    )
    lines.append(
        f"| e-mail notices (sent by the worker) | {_number(client['notices'])} | "
        f"{_number(database['notices'])} |"
    )
    tally = results["tally"]
    lines += [
        "",
        f"Draft saves confirmed: {_number(client['draft saves'])}; saves refused as stale "
        f"(409): {_number(sum(v for k, v in tally.items() if 'stale' in k))}; saves refused "
        "because another account of the unit had just submitted: "
        f"{_number(sum(v for k, v in tally.items() if 'no longer editable' in k))}.",
        "",
        "| request | count | errors | p50 | p95 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in sorted(results["by_name"].items(), key=lambda item: -item[1]["requests"]):
        lines.append(
            f"| {name} | {_number(row['requests'])} | {row['errors']} | {_ms(row['p50_ms'])} | "
            f"{_ms(row['p95_ms'])} |"
        )
    return [*lines, END]


def kept_section(docs_text: str) -> list[str]:
    """The section as it stands on the page (empty when the page has none)."""
    if START not in docs_text or END not in docs_text:
        return []
    body = docs_text[docs_text.index(START) : docs_text.index(END) + len(END)]
    return body.split("\n")


def docs_section(results_path: Path = DEFAULT_RESULTS, docs: Path = DOCS) -> list[str]:
    """For render_docs, ending with a blank line: from the results file, or as the page has it
    (nothing when neither has one)."""
    if results_path.exists():
        lines = section(json.loads(results_path.read_text()))
    else:
        lines = kept_section(docs.read_text()) if docs.exists() else []
    return [*lines, ""] if lines else []


def update_docs(results: dict, docs: Path = DOCS) -> None:
    """Replace (or add at the end) the load-test section of the page, nothing else."""
    text = docs.read_text() if docs.exists() else "# Benchmarks\n"
    new = "\n".join(section(results))
    if START in text and END in text:
        text = text[: text.index(START)] + new + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    docs.write_text(text)
