#!/usr/bin/env python
"""The load test (`make loadtest`): the whole stack on loopback, many simulated people, and a
count of every write afterwards.

1. A PostgreSQL database of its own (default `ktd_load`, always a name starting with
   `ktd_load`), dropped and created again, migrated, with the demo data (`load_demo`) and one
   board-staff account per simulated person (real passwords: the server runs with DEBUG off,
   which refuses the demo accounts).
2. gunicorn (khoi_thi_dua.wsgi with loadtest.settings: the production settings over plain
   HTTP) on 127.0.0.1, and one Celery worker on Redis with a queue of its own.
3. Locust, headless, bounded by a run time and a request budget (loadtest/locustfile.py).
4. Afterwards, what the clients were told was saved is compared with the database: report
   versions, value changes, status changes, the final values of every report, and the e-mail
   notices the worker sent. Any error or any difference fails the run (exit status 1).

Results go to bench-results/loadtest.json and into the load-test section of
docs/benchmarks.md (loadtest/report.py). Settings: LOAD_USERS (100), LOAD_SPAWN_RATE (20),
LOAD_TIME (60 s), LOAD_MAX_REQUESTS, LOAD_DATABASE (ktd_load), LOAD_DATABASE_URL (the
server and credentials; else DATABASE_URL's, else postgres://postgres@127.0.0.1:5432),
CELERY_BROKER_URL (redis://127.0.0.1:6379/0), or the options of `--help`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loadtest.report import DEFAULT_RESULTS, update_docs  # noqa: E402

DATABASE_NAME = re.compile(r"^ktd_load[a-z0-9_]*$")
BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
NOTICE_TASK = "reports.tasks.send_status_notice"


def seconds(text: str) -> int:
    """ "60", "60s", "2m" → seconds."""
    match = re.fullmatch(r"\s*(\d+)\s*([sm]?)\s*", str(text))
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use 60, 60s or 2m)")
    return int(match.group(1)) * (60 if match.group(2) == "m" else 1)


def parse_args(argv=None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(env("LOAD_USERS", "100")))
    parser.add_argument("--spawn-rate", type=float, default=float(env("LOAD_SPAWN_RATE", "20")))
    parser.add_argument("--time", type=seconds, default=seconds(env("LOAD_TIME", "60")))
    parser.add_argument(
        "--max-requests",
        type=int,
        default=int(env("LOAD_MAX_REQUESTS", "60000")),
        help="request budget: past it, the users stop after their current task",
    )
    parser.add_argument("--database", default=env("LOAD_DATABASE", "ktd_load"))
    parser.add_argument("--web-workers", type=int, default=int(env("LOAD_WEB_WORKERS", "3")))
    parser.add_argument("--web-threads", type=int, default=int(env("LOAD_WEB_THREADS", "4")))
    parser.add_argument("--output", type=Path, default=DEFAULT_RESULTS)
    parser.add_argument(
        "--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md's section"
    )
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument(
        "--keep-files", action="store_true", help="keep the logs and plan even when all is well"
    )
    args = parser.parse_args(argv)
    if not DATABASE_NAME.match(args.database):
        parser.error("the database name must start with ktd_load (it is dropped and created)")
    if args.users < 1 or args.time < 1:
        parser.error("--users and --time must be positive")
    return args


def database_url(name: str) -> str:
    """The load test's database on the server of LOAD_DATABASE_URL or DATABASE_URL."""
    base = os.environ.get("LOAD_DATABASE_URL") or ""
    if not base:
        configured = os.environ.get("DATABASE_URL") or ""
        base = (
            configured
            if configured.startswith(("postgres://", "postgresql://"))
            else "postgres://postgres@127.0.0.1:5432/postgres"
        )
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def services_problem(url: str) -> str | None:
    """Why PostgreSQL or Redis cannot be used, or None."""
    import psycopg2
    import redis

    try:
        psycopg2.connect(maintenance_url(url), connect_timeout=3).close()
    except psycopg2.Error as exc:
        return f"PostgreSQL is not reachable at {urlsplit(url).hostname}: {exc}".strip()
    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis is not reachable at {BROKER}: {exc}"
    return None


def maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def recreate_database(url: str, drop_only: bool = False) -> None:
    import psycopg2
    from psycopg2 import sql

    name = urlsplit(url).path.lstrip("/")
    assert DATABASE_NAME.match(name), name  # never any other database
    connection = psycopg2.connect(maintenance_url(url))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            if not drop_only:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# In the database (Django set up in this process) -----------------------------------------


def prepare(users: int, password: str) -> dict:
    """Migrate, load the demo data, create the simulated people's accounts; returns the plan
    the Locust file reads (accounts and their pages, the indicators of the form)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from blocs.access import current_year
    from blocs.models import BlocYear, Membership
    from reports.bloc_reports import can_view_bloc_report
    from reports.board import can_see_board
    from reports.models import Indicator, ReportingPeriod, ValidationRule
    from reports.services import ensure_periods

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", quiet_logins=True, verbosity=0)
    year = current_year()
    leaders = dict(BlocYear.objects.filter(year=year).values_list("bloc_id", "leader_id"))
    by_bloc: dict = {}
    for membership in (
        Membership.objects.filter(year=year)
        .select_related("unit", "bloc")
        .order_by("bloc__display_order", "unit__name")
    ):
        by_bloc.setdefault(membership.bloc_id, []).append(membership)
    for memberships in by_bloc.values():
        # The bloc leader's unit first, so that even a short run has someone to review.
        memberships.sort(key=lambda m: m.unit_id != leaders.get(m.bloc_id))
    # Units taken in turn from each bloc, two accounts (or more) per unit: people of one unit
    # share its report, as they do in an office, and their saves race.
    members = [
        bloc_members[i]
        for i in range(max(len(m) for m in by_bloc.values()))
        for bloc_members in by_bloc.values()
        if i < len(bloc_members)
    ][: max(1, (users + 1) // 2)]
    periods = {}
    for membership in members:
        if membership.bloc_id not in periods:
            periods[membership.bloc_id] = next(
                p
                for p in ensure_periods(membership.bloc, year)
                if p.kind == ReportingPeriod.Kind.FY
            )
    User = get_user_model()
    hashed = make_password(password)
    created = []
    for i in range(users):
        membership = members[i % len(members)]
        unit, bloc, number = membership.unit, membership.bloc, i // len(members) + 1
        username = f"taithu.{unit.code}.{number}"
        created.append(
            (
                User(
                    username=username,
                    password=hashed,
                    full_name=f"Cán bộ kiểm thử tải {number} — {unit.short_name}",
                    email=f"{username}@taithu.khoithidua.local",
                    unit=unit,
                    is_board_staff=True,
                ),
                bloc,
                number,
            )
        )
    User.objects.bulk_create([user for user, _bloc, _n in created])
    accounts = []
    for user, bloc, number in created:
        unit = user.unit
        pages = [
            ("home", "/"),
            ("my reports", "/bao-cao/"),
            ("report form", "/bao-cao/{report}/"),
            ("report history", "/bao-cao/{report}/lich-su/"),
            ("bloc", f"/khoi/{bloc.code}/?nam={year}"),
            ("unit", f"/don-vi/{unit.code}/"),
            ("indicator catalogue", f"/chi-tieu/?nam={year}"),
        ]
        if can_view_bloc_report(user, bloc, year - 1):
            pages.append(("consolidated report", f"/bao-cao/tong-hop/{bloc.code}/{year - 1}/FY/"))
        if can_view_bloc_report(user, bloc, year):
            pages.append(("consolidated report", f"/bao-cao/tong-hop/{bloc.code}/{year}/H1/"))
            pages.append(("bloc dashboard", f"/khoi/{bloc.code}/bang-dieu-khien/"))
        if can_see_board(user, bloc, year):
            pages.append(("completeness board", f"/bao-cao/tien-do/{bloc.code}/{year}/"))
        accounts.append(
            {
                "username": user.username,
                "unit": unit.code,
                "bloc": bloc.code,
                "period": periods[bloc.pk].pk,
                "owner": number == 1,
                "leader": leaders.get(bloc.pk) == unit.pk,
                "pages": pages,
            }
        )
    indicators = list(Indicator.objects.in_force(year).order_by("display_order", "code"))
    rules = ValidationRule.objects.filter(active=True, indicator__in=indicators)
    return {
        "year": year,
        "password": password,
        "accounts": accounts,
        "periods": sorted(p.pk for p in periods.values()),
        "units": sorted({a["unit"] for a in accounts}),
        "indicators": [
            {
                "pk": i.pk,
                "decimals": i.decimals,
                "min": None if i.min_value is None else str(i.min_value),
                "max": None if i.max_value is None else str(i.max_value),
            }
            for i in indicators
        ],
        # A warning is accepted with an explanation: the clients write one where a rule may warn.
        "explained": sorted({r.indicator_id for r in rules}),
        "sums": [
            {"total": r.indicator_id, "parts": [p.pk for p in r.parts.all()]}
            for r in rules
            if r.kind == ValidationRule.Kind.SUM
        ],
    }


def database_counts(plan: dict) -> dict:
    """The writes of the run as the database has them (only the simulated people's reports:
    this year's annual reports, which the demo data does not have)."""
    from django.db.models import Count, Sum

    from documents.models import PendingTask
    from reports.models import ReportEvent, UnitReport, ValueChange

    reports = UnitReport.objects.filter(period_id__in=plan["periods"], unit__code__in=plan["units"])
    events = dict(
        ReportEvent.objects.filter(report__in=reports)
        .values_list("to_status")
        .annotate(n=Count("pk"))
        .values_list("to_status", "n")
    )
    return {
        "reports": reports.count(),
        "report_ids": dict(reports.values_list("unit__code", "pk")),
        "version_increments": (reports.aggregate(v=Sum("version"))["v"] or 0) - reports.count(),
        "value_changes": ValueChange.objects.filter(report__in=reports).count(),
        "submissions": events.get(UnitReport.Status.SUBMITTED, 0),
        "returns": events.get(UnitReport.Status.RETURNED, 0),
        "notices_waiting": PendingTask.objects.count(),
    }


def final_values_mismatches(plan: dict, confirmed: list[dict]) -> list[str]:
    """Each report's values must be exactly those of the save its narrative names (every save
    writes a marker of its own into the narrative)."""
    from reports.models import UnitReport

    by_marker = {save["marker"]: save for save in confirmed}
    problems = []
    reports = UnitReport.objects.filter(
        period_id__in=plan["periods"], unit__code__in=plan["units"]
    ).prefetch_related("values")
    for report in reports:
        marker = re.search(r"\[[^\]]+\]", report.results)
        if marker is None:
            if report.version > 1:
                problems.append(f"report {report.pk}: saved but names no save")
            continue
        save = by_marker.get(marker.group(0))
        if save is None:
            problems.append(f"report {report.pk}: {marker.group(0)} was never confirmed")
            continue
        stored = {str(v.indicator_id): v.value for v in report.values.all()}
        for pk, sent in save["values"].items():
            if stored.get(pk) != Decimal(sent):
                problems.append(f"report {report.pk}, indicator {pk}: {stored.get(pk)} ≠ {sent}")
    return problems


# Processes -------------------------------------------------------------------------------


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    handle = open(log, "w")  # noqa: SIM115  (closed with the process in stop())
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log_handle = handle
    return process


def stop(process: subprocess.Popen | None) -> None:
    if process is None:
        return
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log_handle.close()


def password_hash_seconds() -> float:
    """Seconds one core takes for one sign-in's password hash (PBKDF2-SHA256 with Django's
    iterations): a figure of the machine's speed, so that runs on different machines can be
    compared."""
    import hashlib

    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    started = time.perf_counter()
    hashlib.pbkdf2_hmac("sha256", b"password", b"salt", PBKDF2PasswordHasher.iterations)
    return time.perf_counter() - started


def wait_for_server(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(f"{url}/healthz/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on {url} within {timeout} s")


def notices_sent(worker_log: Path) -> int:
    text = worker_log.read_text(errors="replace") if worker_log.exists() else ""
    return len(re.findall(rf"Task {re.escape(NOTICE_TASK)}\[[^\]]+\] succeeded", text))


def main(argv=None) -> int:
    args = parse_args(argv)
    # Stopped from outside (a time limit): stop the server and the worker, drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = database_url(args.database)
    problem = services_problem(url)
    if problem:
        print(f"loadtest: {problem}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="ktd-loadtest-"))
    (work / "static").mkdir()  # STATIC_ROOT: WhiteNoise serves from the source folders
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    queue = f"loadtest-{secrets.token_hex(4)}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "AWS_")) and key not in {"EMAIL_HOST", "EMAIL_FILE_PATH"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="loadtest.settings",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="0",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        CELERY_BROKER_URL=BROKER,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        VAR_DIR=str(work / "var"),
        STATIC_ROOT=str(work / "static"),
        PORTAL_BASE_URL=host,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    os.environ.update(env)
    import django

    print(f"loadtest: database {args.database}, server {host}, queue {queue}, files in {work}")
    recreate_database(url)
    web = worker = None
    try:
        django.setup()
        from django.db import connections

        started = time.monotonic()
        plan = prepare(args.users, secrets.token_urlsafe(16))
        plan.update(max_requests=args.max_requests, client_results=str(work / "client.json"))
        (work / "plan.json").write_text(json.dumps(plan, ensure_ascii=False))
        connections.close_all()
        print(f"loadtest: data ready in {time.monotonic() - started:.1f} s")

        worker_log = work / "worker.log"
        worker = start(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "khoi_thi_dua",
                "worker",
                "--pool=solo",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                queue,
                "--loglevel=INFO",
            ],
            env,
            worker_log,
        )
        web = start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "khoi_thi_dua.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.web_workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(args.web_threads),
                "--timeout",
                "120",
                # No control socket: it would be shared with any other gunicorn of this user.
                "--no-control-socket",
            ],
            {**env, "LOG_LEVEL": "WARNING"},
            work / "gunicorn.log",
        )
        wait_for_server(host, web)
        print(
            f"loadtest: {args.users} users (spawn {args.spawn_rate}/s) for {args.time} s, "
            f"at most {args.max_requests} requests"
        )
        load_before = os.getloadavg()[0]  # other work on the machine skews the figures
        cpu_reference = password_hash_seconds()  # machines differ: the speed of this one
        locust_log = work / "locust.log"
        with open(locust_log, "w") as log:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "loadtest" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    f"{args.time}s",
                    # Each simulated person finishes the task under way (a save and the page
                    # after it): a write the server made is always one the client saw.
                    "--stop-timeout",
                    "90",
                    "--host",
                    host,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={**env, "LOAD_PLAN": str(work / "plan.json")},
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=args.time + 240,
                check=False,
            )
        if not Path(plan["client_results"]).exists():
            print(locust_log.read_text()[-4000:], file=sys.stderr)
            raise RuntimeError("Locust wrote no results")
        client = json.loads(Path(plan["client_results"]).read_text())
        tally = client["tally"]
        expected_notices = tally.get("submissions confirmed", 0) + tally.get("returns confirmed", 0)
        # The worker sends the last notices after the clients stop.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            counts = database_counts(plan)
            if notices_sent(worker_log) >= expected_notices and not counts["notices_waiting"]:
                break
            time.sleep(0.5)
        counts = database_counts(plan)
        mismatches = final_values_mismatches(plan, client["confirmed_saves"])
        connections.close_all()
    finally:
        stop(web)
        stop(worker)
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            recreate_database(url, drop_only=True)

    confirmed_saves = tally.get("saves confirmed", 0)
    submissions = tally.get("submissions confirmed", 0)
    returns = tally.get("returns confirmed", 0)
    writes = {
        "client": {
            "reports started": len(client["started_reports"]),
            "draft saves": tally.get("draft saves confirmed", 0),
            "submissions": submissions,
            "returns": returns,
            "version increments": confirmed_saves + submissions + returns,
            "value changes": tally.get("value changes expected", 0),
            "notices": expected_notices,
        },
        "database": {
            "reports started": counts["reports"],
            "version increments": counts["version_increments"],
            "submissions": counts["submissions"],
            "returns": counts["returns"],
            "value changes": counts["value_changes"],
            "notices": notices_sent(worker_log),
        },
    }
    lost = sum(
        abs(writes["client"][key] - writes["database"][key])
        for key in ("version increments", "submissions", "returns", "value changes")
    )
    problems = list(mismatches)
    if counts["report_ids"] != client["started_reports"]:
        problems.append(
            f"reports per unit: database {counts['report_ids']}, clients {client['started_reports']}"
        )
    if writes["database"]["notices"] != expected_notices or counts["notices_waiting"]:
        problems.append(
            f"notices: {writes['database']['notices']} sent of {expected_notices}, "
            f"{counts['notices_waiting']} waiting in the outbox"
        )
    errors = client["errors"]
    results = {
        "written": datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "run_time_s": args.time,
        "max_requests": args.max_requests,
        "web": f"gunicorn, {args.web_workers} workers × {args.web_threads} threads (gthread)",
        "settings": "loadtest.settings (production settings over plain HTTP, DEBUG off)",
        "duration_s": round(client["duration_s"], 1),
        "requests": client["requests"],
        "errors": errors,
        "error_kinds": client["error_kinds"],
        "p50_ms": client["p50_ms"],
        "p95_ms": client["p95_ms"],
        "p99_ms": client["p99_ms"],
        "max_ms": round(client["max_ms"] or 0),
        "throughput_rps": round(client["throughput_rps"], 1),
        "steady": client["steady"],
        "by_name": client["by_name"],
        "load_before": round(load_before, 2),
        "password_hash_s": round(cpu_reference, 3),
        "locust_cpu": "CPU usage" in locust_log.read_text(errors="replace"),
        "tally": tally,
        "writes": writes,
        "lost_writes": lost,
        "problems": problems,
    }
    results["ok"] = errors == 0 and lost == 0 and not problems and confirmed_saves > 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if not args.no_docs:
        update_docs(results)
    print(
        f"loadtest: {results['requests']} requests in {results['duration_s']} s "
        f"({results['throughput_rps']} req/s), {errors} errors, p50 {results['p50_ms']} ms, "
        f"p95 {results['p95_ms']} ms; writes {json.dumps(writes, ensure_ascii=False)}; "
        f"lost writes {lost}"
    )
    for problem in problems[:20]:
        print(f"loadtest: PROBLEM {problem}", file=sys.stderr)
    for kind, n in list(results["error_kinds"].items())[:20]:
        print(f"loadtest: ERROR {n} × {kind}", file=sys.stderr)
    if results["ok"] and not args.keep_files:
        shutil.rmtree(work, ignore_errors=True)
        print(f"loadtest: results in {args.output}")
    else:
        print(f"loadtest: results in {args.output}; logs in {work}")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
