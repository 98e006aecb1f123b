"""Debian's Chromium driven by Playwright's Python package (never a downloaded browser), for
the browser journeys (tests/browser) and the Content-Security-Policy check (tests/security)."""

from __future__ import annotations

from pathlib import Path

from tests.celery_worker import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def sync_playwright_or_skip(who: str):
    """Playwright's sync_playwright, or a skip saying why `who` cannot run (a failure under
    KTD_REQUIRE_SERVICES=1)."""
    if not CHROMIUM.exists():
        skip_or_fail(
            f"{who} cannot run without Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium; .ci/run installs it)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        skip_or_fail(f"{who} cannot run without the playwright package: {exc}")
    return sync_playwright


def launch(playwright):
    """A headless Chromium from Debian's package."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
