"""Loading a settings module in a clean process, to test configuration read at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_settings(module: str, show: str, drop: Iterable[str] = (), **environ: str):
    """Run `django.setup()` with `module` and the given environment, then the Python in `show`
    (which prints what the test reads); variables in `drop` are removed from the environment."""
    dropped = set(drop)
    clean = {key: value for key, value in os.environ.items() if key not in dropped}
    code = "import json, django; from django.conf import settings; django.setup();" + show
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": module,
            "VAR_DIR": "/tmp/ktd-settings-test",
            **environ,
        },
        timeout=60,
    )
