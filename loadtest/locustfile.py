"""The simulated people of the load test (run by loadtest/run.py, which writes the plan).

Each simulated person signs in with a board-staff account of its own (created by the runner
with a real password), opens its unit's annual report of this year (the first to arrive starts
it, so people of one unit race to create it), and then mixes:

- page views: home, the unit's reports, the report form and its history, the bloc page, the
  unit page, the indicator catalogue, the bloc's consolidated reports and dashboard, and the
  completeness board for the bloc leader's staff;
- draft saves of the report form: every value typed the vi-VN way ("1.234.567,89") with the
  form's version token, as a browser posts it;
- submissions (by the first account of each unit), and returns with a reason by the staff of
  the bloc leader, so that reports go round submit → return → edit → submit.

Two or three accounts share each unit's report, so saves race: a save that read an older
version is refused with 409, a save to a report a colleague has just submitted with 403, and
both are counted as refused (not as errors). Every write the server confirms is counted
here, with the value changes it must have recorded, and written to the plan's `client_results`
file when Locust quits; the runner compares them with the database.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
REASON = "Đề nghị đơn vị rà soát lại số liệu thu hút đầu tư (kiểm thử tải)."
EXPLANATION = "Số liệu biến động do dự án lớn đi vào hoạt động trong kỳ (kiểm thử tải)."
TEXTS = {
    "limitations": "Giải phóng mặt bằng còn chậm; thiếu lao động có tay nghề.",
    "directions": "Đẩy mạnh xúc tiến đầu tư, đôn đốc giải ngân vốn.",
    "recommendations": "Đề nghị Bộ hướng dẫn về khu công nghiệp sinh thái.",
}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
VALUE_INPUT = re.compile(r'name="v_(\d+)" id="[^"]*" value="([^"]*)"')
REPORT_URL = re.compile(r"/bao-cao/(\d+)/$")

# What the clients saw, for loadtest/run.py.
tally: Counter = Counter()
confirmed_saves: list[dict] = []  # one per save the server confirmed
started_reports: dict[str, int] = {}  # unit code → the report's id
reports_by_bloc: dict[str, set[int]] = {}  # for the bloc leader's staff to review
accounts = iter(PLAN["accounts"])


def vi_number(value: Decimal, decimals: int) -> str:
    """A number the way Vietnamese users type it: dots between thousands, a decimal comma."""
    text = f"{value:.{decimals}f}"
    whole, _dot, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + (f",{fraction}" if fraction else "")


def read_vi_number(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text.replace(".", "").replace(",", ".")) if text else None


def new_value(indicator: dict, rng: random.Random) -> Decimal:
    decimals = indicator["decimals"]
    low = Decimal(indicator["min"] or 0)
    high = Decimal(indicator["max"]) if indicator["max"] is not None else Decimal(2_000_000)
    step = Decimal(1).scaleb(-decimals)
    raw = low + (high - low) * Decimal(rng.random())
    return raw.quantize(step)


class BoardStaff(FastHttpUser):
    wait_time = between(1, 3)
    # Long pages under load: a slow answer is measured, not turned into an error.
    network_timeout = 120.0
    connection_timeout = 30.0

    def on_start(self):
        self.account = next(accounts)
        self.rng = random.Random(self.account["username"])
        self.saves = 0
        self.report_id = None
        self.sign_in()
        self.open_report()

    # Helpers ---------------------------------------------------------------------------

    def form_page(self, url: str, name: str):
        """GET a page with a form; returns its text, or None (the failure is recorded)."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url}: HTTP {response.status_code}")
                return None
            return response.text

    def sign_in(self):
        page = self.form_page("/tai-khoan/dang-nhap/", "sign-in page")
        token = CSRF.search(page or "")
        if token is None:
            raise RuntimeError("the sign-in page has no CSRF token")
        with self.client.post(
            "/tai-khoan/dang-nhap/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": self.account["username"],
                "password": PLAN["password"],
            },
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Signed in: redirected to the home page; refused: the sign-in form again (200).
            if response.status_code != 302:
                response.failure(f"sign-in refused for {self.account['username']}")
                tally["sign-in refused"] += 1
                raise RuntimeError("sign-in refused")
        tally["signed in"] += 1
        self.form_page(location(response), "page: home")

    def open_report(self):
        """Start (or open) the unit's annual report, as the "start" button on /bao-cao/ does."""
        unit = self.account["unit"]
        page = self.form_page("/bao-cao/", "page: my reports")
        token = CSRF.search(page or "")
        if token is None:
            raise RuntimeError("the reports page has no CSRF token")
        with self.client.post(
            f"/bao-cao/ky/{self.account['period']}/bat-dau/",
            data={"csrfmiddlewaretoken": token.group(1)},
            name="start report",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            found = REPORT_URL.search(location(response))
            if response.status_code != 302 or found is None:
                response.failure(f"start report: HTTP {response.status_code}")
                raise RuntimeError("could not start the report")
        self.report_id = int(found.group(1))
        if started_reports.setdefault(unit, self.report_id) != self.report_id:
            tally["two reports for one unit"] += 1
        reports_by_bloc.setdefault(self.account["bloc"], set()).add(self.report_id)

    def payload(self, page: str, token: str, version: str) -> tuple[dict, dict, int, str]:
        """The form as a browser sends it after the person changed some values; returns the
        data, the values sent, how many of them differ from the ones shown (the value changes
        the server must record if it accepts the save), and the marker the save writes into
        the narrative so that the report's final values can be traced to it."""
        shown = {int(pk): read_vi_number(text) for pk, text in VALUE_INPUT.findall(page)}
        self.saves += 1
        marker = f"[{self.account['username']} #{self.saves}]"
        data = {
            "csrfmiddlewaretoken": token,
            "version": version,
            "results": f"Kết quả nổi bật của kỳ báo cáo {marker}",
            **TEXTS,
        }
        values = {}
        for indicator in PLAN["indicators"]:
            pk = indicator["pk"]
            value = shown.get(pk)
            # A first save fills every value; later ones change about a third of them.
            if value is None or self.rng.random() < 0.35:
                value = new_value(indicator, self.rng)
            values[pk] = value
        for rule in PLAN["sums"]:
            values[rule["total"]] = sum((values[p] for p in rule["parts"]), Decimal(0))
        for indicator in PLAN["indicators"]:
            pk = indicator["pk"]
            data[f"v_{pk}"] = vi_number(values[pk], indicator["decimals"])
            data[f"n_{pk}"] = ""
            if pk in PLAN["explained"]:
                data[f"e_{pk}"] = EXPLANATION
        changed = sum(1 for pk, value in values.items() if shown.get(pk) != value)
        return data, {str(pk): str(v) for pk, v in values.items()}, changed, marker

    def save(self, submit: bool):
        """Open the form and save it (and submit it), counting what the server confirms."""
        url = f"/bao-cao/{self.report_id}/"
        page = self.form_page(url, "page: report form")
        if page is None:
            return
        if 'name="save"' not in page:
            tally["form not editable (submitted, waiting for review)"] += 1
            return
        token, version = CSRF.search(page), VERSION.search(page)
        if token is None or version is None:
            tally["form without token"] += 1
            return
        data, values, changed, marker = self.payload(page, token.group(1), version.group(1))
        data["submit" if submit else "save"] = "1"
        name = "submit report" if submit else "save draft"
        tally[f"{name}: sent"] += 1
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 409:
                # Someone of the same unit saved first: refused, nothing written, not an error.
                response.success()
                tally[f"{name}: refused as stale (409)"] += 1
                return
            if response.status_code == 403 and not self.account["owner"]:
                # The unit's first account submitted the report after this form was opened: the
                # portal refuses a save to a report that is no longer editable with 403.
                response.success()
                tally[f"{name}: refused, report no longer editable"] += 1
                return
            if response.status_code != 302 or location(response) != url:
                response.failure(f"HTTP {response.status_code}")
                tally[f"{name}: failed"] += 1
                return
        # The page the browser is sent to says what happened (Django's messages).
        text = self.form_page(url, "page: report form after a save") or ""
        success = 'class="alert alert-success' in text
        danger = 'class="alert alert-danger' in text
        if submit and success:
            tally["submissions confirmed"] += 1
        elif submit and danger:
            # The draft is saved but the submission refused: the values break a rule.
            tally["submissions refused by the rules"] += 1
            self.failure(name, "submission refused by the report's rules")
        elif success:
            tally["draft saves confirmed"] += 1
        elif danger and not self.account["owner"]:
            # The same race, a moment later: the report was submitted between the view's check
            # and the save's lock; the save is refused with a message.
            tally[f"{name}: refused, report no longer editable"] += 1
            return
        elif danger:
            self.failure(name, "the save was refused although no one else submits this report")
            return
        else:
            self.failure(name, "no message after the save")
            return
        tally["saves confirmed"] += 1
        tally["value changes expected"] += changed
        confirmed_saves.append({"report": self.report_id, "marker": marker, "values": values})

    def failure(self, name: str, why: str) -> None:
        """An outcome that is wrong although the HTTP exchange was fine: counted as an error."""
        tally[f"{name}: {why}"] += 1
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(why),
            context={},
        )

    # Tasks -----------------------------------------------------------------------------

    @task(7)
    def view_page(self):
        name, url = self.rng.choice(self.account["pages"])
        url = url.replace("{report}", str(self.report_id))
        with self.client.get(url, name=f"page: {name}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url}: HTTP {response.status_code}")

    @task(3)
    def save_draft(self):
        self.save(submit=False)

    @task(1)
    def submit(self):
        # The first account of each unit submits; the others keep editing.
        self.save(submit=self.account["owner"])

    @task(2)
    def review(self):
        """The bloc leader's staff return a submitted report with a reason; the others look at
        their report's history instead."""
        if not self.account["leader"]:
            self.client.get(f"/bao-cao/{self.report_id}/lich-su/", name="page: report history")
            return
        candidates = sorted(reports_by_bloc.get(self.account["bloc"], ()))
        if not candidates:
            return
        report = self.rng.choice(candidates)
        page = self.form_page(f"/bao-cao/{report}/", "page: report to review")
        if page is None or 'value="return"' not in page:
            return
        token = CSRF.search(page)
        tally["return: sent"] += 1
        with self.client.post(
            f"/bao-cao/{report}/duyet/",
            data={"csrfmiddlewaretoken": token.group(1), "action": "return", "reason": REASON},
            name="return report",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 400:
                # Another of the leader's staff returned it first: refused, not an error.
                response.success()
                tally["return: refused, already returned"] += 1
                return
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
                tally["return: failed"] += 1
                return
        text = self.form_page(f"/bao-cao/{report}/", "page: report after a review") or ""
        if 'class="alert alert-success' in text:
            tally["returns confirmed"] += 1
        else:
            self.failure("return report", "no success message after the return")


def location(response) -> str:
    """Where a redirect points, as a path."""
    target = response.headers.get("Location") or response.headers.get("location") or ""
    return re.sub(r"^https?://[^/]+", "", target)


timings: list[tuple[float, float, str]] = []  # (start, milliseconds, name) of every request


@events.request.add_listener
def bound_requests(request_type, name, response_time, start_time=None, **_kwargs):
    """A request budget besides the run time: past it, every user stops after its task."""
    if request_type != "CHECK":
        timings.append((start_time or 0.0, response_time, name))
    tally["requests"] += 1
    if tally["requests"] == PLAN["max_requests"]:
        gevent.spawn(_stop_all)


_environment = {}


@events.init.add_listener
def keep_environment(environment, **_kwargs):
    _environment["env"] = environment


def _stop_all():
    tally["stopped at the request budget"] += 1
    _environment["env"].runner.quit()


def _stats(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "max_ms": entry.max_response_time,
        "mean_ms": entry.avg_response_time,
    }


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def steady_state() -> dict:
    """The requests sent once every person had signed in and opened the report: without the
    burst of sign-ins (PBKDF2 by design) at the start."""
    ready = [start + ms / 1000 for start, ms, name in timings if name == "start report"]
    if len(ready) < len(PLAN["accounts"]) or not timings:
        return {}
    since = max(ready)
    kept = [ms for start, ms, _name in timings if start >= since]
    end = max(start + ms / 1000 for start, ms, _name in timings)
    return {
        "since_s": since - min(start for start, _ms, _name in timings),
        "requests": len(kept),
        "p50_ms": _percentile(kept, 0.5),
        "p95_ms": _percentile(kept, 0.95),
        "throughput_rps": len(kept) / max(end - since, 1e-9),
    }


@events.quitting.add_listener
def write_results(environment, **_kwargs):
    stats = environment.stats
    total = stats.total
    duration = max((total.last_request_timestamp or 0) - total.start_time, 1e-9)
    result = {
        **_stats(total),
        "duration_s": duration,
        "throughput_rps": total.num_requests / duration,
        "by_name": {name: _stats(entry) for (name, _method), entry in stats.entries.items()},
        "error_kinds": {
            f"{error.method} {error.name}: {error.error}": error.occurrences
            for error in stats.errors.values()
        },
        "steady": steady_state(),
        "tally": dict(tally),
        "confirmed_saves": confirmed_saves,
        "started_reports": started_reports,
    }
    Path(PLAN["client_results"]).write_text(json.dumps(result, ensure_ascii=False))
