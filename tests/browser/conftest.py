"""Browser journeys: Debian's Chromium, driven by Playwright's sync API, against a live server
over the test database with the demo data loaded; Celery runs eagerly, so a PDF is ready when
its page opens.

Skipped with the reason when /usr/bin/chromium or the playwright package is missing, unless
KTD_REQUIRE_SERVICES=1 (CI), which turns the skip into a failure. Each journey's screenshots
and downloaded PDFs go to var/artifacts/browser/<journey>/ (the folder is emptied first).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from tests.celery_worker import ROOT
from tests.chromium import launch, sync_playwright_or_skip

ARTIFACTS = ROOT / "var" / "artifacts" / "browser"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# One limit for every wait, generous enough for a page that renders a PDF in its own request
# (eager Celery) on a busy CI machine.
TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def sync_playwright():
    """Playwright's sync API, or a skip with the reason (a failure under
    KTD_REQUIRE_SERVICES=1); decided before the test database is set up."""
    return sync_playwright_or_skip("the browser journeys")


@pytest.fixture(scope="package")
def chromium(sync_playwright, django_db_setup):
    """One headless Chromium for the whole browser suite (each person gets a context).

    Playwright's sync API keeps an asyncio loop running in this thread from start to stop.
    While it runs, Django refuses ORM calls here unless told the access is deliberate (the
    tests read the database between steps, never while a request of theirs is in flight), and
    Django's connections become local to the running context: the thread gets fresh
    connection objects to the same test database. Those lack the copy of what the migrations
    loaded that transactional tests put back after their flush, so it is handed over; and they
    are closed before the loop stops, after which the rest of the suite finds its own
    connections as they were."""
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            browser = launch(playwright)
            try:
                yield browser
            finally:
                browser.close()
                connections.close_all()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@dataclass
class Portal:
    """The live portal, the browser, and the journey's folder of screenshots."""

    url: str
    browser: object
    folder: Path | None = None
    contexts: list = field(default_factory=list)
    shots: int = 0

    def journey(self, name: str) -> Path:
        """Start the journey's folder of screenshots, emptied of an earlier run's."""
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.shots = 0
        return self.folder

    def path(self, name: str, *args) -> str:
        return self.url + reverse(name, args=args)

    def sign_in(self, username: str, then: str = ""):
        """A fresh browser context for the person, signed in through the login form, on the
        page `then` (a path) the way a link to it leads through the login, or on the home
        page; returns its page. Confirmation dialogs (a ballot, closing a vote) are accepted."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        context = self.browser.new_context(
            viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(self.path("accounts:login") + (f"?{urlencode({'next': then})}" if then else ""))
        page.fill("#id_username", username)
        page.fill("#id_password", django_settings.DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        try:
            page.wait_for_url(lambda url: "/dang-nhap/" not in url)
        except PlaywrightTimeout:
            pytest.fail(f"{username} could not sign in: {page.locator('main').inner_text()}")
        if then:
            page.wait_for_url(f"**{then}")
        return page

    def shot(self, page, step: str) -> Path:
        """Screenshot NN-step.png of the page as it is now, numbered in the journey's order."""
        assert self.folder is not None, "call portal.journey(name) first"
        self.shots += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        target = self.folder / f"{self.shots:02d}-{slug}.png"
        page.screenshot(path=str(target), full_page=True)
        return target

    def leave(self, page) -> None:
        """The person closes their browser (their context and its pages)."""
        self.contexts.remove(page.context)
        page.context.close()

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def portal(
    chromium,
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    settings,
):
    """The demo data behind a live server on 127.0.0.1 (requested in this order so that the
    catalogue loaded by migrations is put back after the transactional test's flush).
    DEBUG is on because the demo accounts sign in only then."""
    from pytest_django.live_server_helper import LiveServer

    settings.DEBUG = True
    call_command("load_demo", quiet_logins=True)
    server = LiveServer("127.0.0.1")
    portal = Portal(url=server.url, browser=chromium)
    try:
        yield portal
    finally:
        portal.close()
        server.stop()
