"""Content-Security-Policy: every page carries the header, and no page needs what the policy
refuses (inline <script>, on…= handlers, style="" attributes, <style> blocks, javascript: links).

The pages are those of the demo data, for the personas who see them. A browser test (marked
`browser`) loads a few of them in headless Chromium and checks that the browser reports no
violation while charts are drawn, selects submit their form and confirmations ask.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User

# The policy of khoi_thi_dua/settings/base.py, as browsers receive it.
EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def parse_policy(header: str) -> dict[str, set[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        policy[name] = set(sources)
    return policy


class InlineCode(HTMLParser):
    """Collects what a strict policy would block in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            self.scripts += 1
            if not names.get("src") and names.get("type") != "application/json":
                self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.problems.append(f"<style> block at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> at line {self.getpos()[0]}")
            if name == "style":
                self.problems.append(f'<{tag} style="{value}"> at line {self.getpos()[0]}')
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_the_checker_sees_what_the_policy_blocks():
    page = (
        '<script src="/static/a.js"></script><script type="application/json" id="d">{}</script>'
        '<script>alert(1)</script><button onclick="go()">x</button><div style="width: 3px">'
        '<a href="javascript:void(0)">y</a><style>p{}</style>'
    )
    problems = inline_code(page)
    assert len(problems) == 5, problems


def _demo_pages(demo) -> list[tuple[str | None, str]]:
    """(user name or None for anonymous, URL) of the demo's representative pages."""
    from awards.models import Meeting, Nomination, Vote
    from pacts.models import Pact
    from reports.models import UnitReport

    bloc = "tay-nguyen-duyen-hai-mien-trung"
    pact = Pact.objects.get(bloc__code=bloc, year=2026)
    meeting = Meeting.objects.get(bloc__code=bloc, year=2026)
    vote = Vote.objects.filter(meeting=meeting).first()
    closed_vote = Vote.objects.filter(
        status="closed", meeting__bloc__code="mien-tay-nam-bo"
    ).first()
    report = UnitReport.objects.get(unit__code="gia-lai", period__year=2026, period__kind="H1")
    nomination = Nomination.objects.filter(bloc__code=bloc).first() or Nomination.objects.first()
    admin = User.objects.get(username="admin")
    return [
        (None, reverse("accounts:login")),
        (None, reverse("accounts:password_reset")),
        ("admin", reverse("home")),
        ("admin", reverse("admin:index")),
        ("admin", reverse("admin:accounts_user_change", args=[admin.pk])),
        ("admin", reverse("admin:accounts_user_add")),
        ("admin", reverse("admin:awards_vote_changelist")),
        ("admin", reverse("api:docs")),
        ("admin", reverse("accounts:two_factor")),
        ("bo.vutdkt", reverse("home")),
        ("bo.vutdkt", reverse("dashboards:ministry")),
        ("bo.vutdkt", reverse("dashboards:bloc", args=[bloc])),
        ("bo.vutdkt", reverse("reports:summary", args=[2025, "FY"])),
        ("bo.vutdkt", reverse("reports:bloc_report", args=[bloc, 2025, "FY"])),
        ("bo.vutdkt", reverse("reports:indicator_catalogue")),
        ("bo.vutdkt", reverse("accounts:two_factor_setup")),
        ("bo.vutdkt", demo["document"]),
        ("canbo.binh-dinh", reverse("home")),
        ("canbo.binh-dinh", reverse("blocs:bloc_detail", args=[bloc])),
        ("canbo.binh-dinh", reverse("reports:board", args=[bloc, 2026])),
        ("canbo.binh-dinh", reverse("pacts:detail", args=[pact.pk])),
        ("canbo.binh-dinh", reverse("awards:meeting", args=[meeting.pk])),
        ("canbo.binh-dinh", reverse("awards:vote", args=[vote.pk])),
        ("canbo.binh-dinh", reverse("awards:ranking", args=[bloc, 2026])),
        ("canbo.binh-dinh", nomination.get_absolute_url()),
        ("canbo.gia-lai", reverse("reports:my_reports")),
        ("canbo.gia-lai", reverse("reports:report", args=[report.pk])),
        ("canbo.gia-lai", reverse("accounts:password_change")),
        ("canbo.gia-lai", reverse("accounts:profile")),
        ("canbo.gia-lai", reverse("api:token")),
        ("lanhdao.dong-thap", reverse("awards:vote", args=[closed_vote.pk])),
        ("lanhdao.da-nang", reverse("pacts:detail", args=[pact.pk])),
    ]


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks, settings):
    """The demo data, and one document waiting to be rendered (its page polls its progress).
    DEBUG is on because the demo accounts are refused otherwise, even to force_login."""
    from documents.services import request_document
    from pacts.models import Pact

    settings.DEBUG = True
    call_command("load_demo", quiet_logins=True)
    pact = Pact.objects.get(bloc__code="tay-nguyen-duyen-hai-mien-trung", year=2026)
    with django_capture_on_commit_callbacks(execute=False):
        document = request_document("pact", pact, User.objects.get(username="bo.vutdkt"))
    return {"document": document.get_absolute_url()}


def test_every_page_has_the_policy_and_no_inline_code(demo, client):
    failures = []
    pages = _demo_pages(demo)
    for username, url in pages:
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        response = client.get(url)
        where = f"{username or 'anonymous'} {url}"
        if response.status_code != 200:
            failures.append(f"{where}: status {response.status_code}")
            continue
        policy = parse_policy(response.get("Content-Security-Policy", ""))
        if policy != EXPECTED_POLICY:
            failures.append(f"{where}: policy {policy}")
        failures += [f"{where}: {problem}" for problem in inline_code(response.text)]
    assert not failures, "\n".join(failures)
    assert len(pages) >= 30


def test_swagger_ui_start_up_script_is_a_file(client, db):
    page = client.get(reverse("api:docs")).text
    script_url = re.search(r'<script src="([^"]*\?script=[^"]*)"', page).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.text and reverse("api:schema") in script.text
    assert '"validatorUrl": null' in script.text


def test_an_error_page_carries_the_policy_and_the_other_headers(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# In headless Chromium ---------------------------------------------------------------------

# Every violation the page reports, whatever its source (an init script is not itself subject
# to the page's policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || ""));
});
"""


@pytest.mark.browser
def test_pages_work_in_chromium_under_the_policy(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, settings
):
    from pytest_django.live_server_helper import LiveServer

    from tests.chromium import launch, sync_playwright_or_skip

    sync_playwright = sync_playwright_or_skip("the policy check in a browser")

    # The demo accounts sign in only with DEBUG on; the policy applies all the same.
    settings.DEBUG = True
    call_command("load_demo", quiet_logins=True)
    bloc = "tay-nguyen-duyen-hai-mien-trung"
    # Everything the test needs from the database is written before the browser starts: while
    # Playwright's loop runs in this thread, only the live server's thread uses the database.
    server = LiveServer("127.0.0.1")
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                _browse(browser, server.url, bloc)
            finally:
                browser.close()
    finally:
        server.stop()


def _browse(browser, base: str, bloc: str) -> None:
    errors: list[str] = []

    def sign_in(username: str):
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        context.set_default_timeout(15_000)
        context.add_init_script(LISTEN)
        page = context.new_page()
        # What the policy blocked (Chromium says so on the console) and any script error.
        page.on(
            "console",
            lambda message: (
                errors.append(f"{page.url}: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        page.goto(base + reverse("accounts:login"))
        page.fill("#id_username", username)
        page.fill("#id_password", "khoi-thi-dua-demo")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/dang-nhap/" not in url)
        return page

    def violations(page) -> list[str]:
        return page.evaluate("window.__violations")

    ministry = sign_in("bo.vutdkt")
    # Charts: Chart.js draws every canvas from the JSON beside it.
    ministry.goto(base + reverse("dashboards:bloc", args=[bloc]))
    ministry.wait_for_function(
        "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".every(c => window.Chart && Chart.getChart(c))"
    )
    assert ministry.locator("canvas[data-chart]").count() >= 2
    assert violations(ministry) == []
    # A select that submits its form (data-autosubmit): the bloc page's year.
    ministry.goto(base + reverse("blocs:bloc_detail", args=[bloc]))
    year = ministry.locator("#id_nam option").nth(1).get_attribute("value")
    with ministry.expect_navigation():
        ministry.select_option("#id_nam", year)
    assert f"nam={year}" in ministry.url
    assert violations(ministry) == []
    # A confirmation (data-confirm) stops the submission when refused, lets it go when accepted.
    ministry.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML("beforeend",
        '<form id="probe" method="get" action="/khoi/"><button data-confirm="Chắc chưa?">Go</button></form>')"""
    )
    answers = []
    ministry.once("dialog", lambda dialog: (answers.append(dialog.message), dialog.dismiss()))
    ministry.click("#probe button")
    ministry.wait_for_timeout(300)
    assert answers == ["Chắc chưa?"] and f"nam={year}" in ministry.url
    ministry.once("dialog", lambda dialog: dialog.accept())
    with ministry.expect_navigation():
        ministry.click("#probe button")
    assert urlparse(ministry.url).path == reverse("blocs:bloc_list")
    # The language switch is a data-autosubmit select too.
    with ministry.expect_navigation():
        ministry.select_option("#language-select", "en")
    assert ministry.locator("html").get_attribute("lang") == "en"
    assert violations(ministry) == []

    admin = sign_in("admin")
    # Swagger UI, its start-up script served as a file.
    admin.goto(base + reverse("api:docs"))
    admin.wait_for_selector(".swagger-ui .opblock")
    assert admin.locator(".swagger-ui .opblock").count() >= 10
    assert violations(admin) == []
    # The administration: the index and a change form with its widgets.
    admin.goto(base + reverse("admin:index"))
    admin.goto(base + reverse("admin:accounts_user_changelist"))
    admin.locator("#result_list tbody th a").first.click()
    admin.wait_for_selector("#user_form")
    assert violations(admin) == []
    assert errors == [], "\n".join(errors)
