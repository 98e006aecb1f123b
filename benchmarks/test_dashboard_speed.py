"""The ministry dashboard and the API's values endpoint at scale (make bench), each against a
minimal one-query view in the same run, with their query counts held to a small data set's.

This module is also the URLconf of the benchmark: the project's URLs plus the one-query views.
"""

from __future__ import annotations

import os
import statistics
import time
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from rest_framework.authtoken.models import Token

from accounts.models import User
from benchmarks.test_report_speed import one_query, one_query_page

BLOCS = int(os.environ.get("BENCH_SCALE_BLOCS", "100"))
ROUNDS = 30

urlpatterns = [
    path("bench/one-query/", one_query, name="bench_one_query"),
    path("bench/one-query-page/", one_query_page, name="bench_one_query_page"),
    path("", include("khoi_thi_dua.urls")),
]


def _generate(prefix: str, blocs: int) -> None:
    call_command(
        "generate_scale_data", blocs=blocs, units=15, years=5, prefix=prefix, stdout=StringIO()
    )


def _counts(client, urls: dict) -> dict:
    counts = {}
    for name, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_ministry_dashboard_and_values_endpoint_at_scale(settings, record):
    settings.ROOT_URLCONF = __name__
    ministry = User.objects.create(username="bench.bo", full_name="Bộ", is_ministry_staff=True)
    token = Token.objects.create(user=ministry)
    page, api = Client(), Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    page.force_login(ministry)
    year = time.localtime().tm_year - 1

    def urls(prefix: str) -> dict:
        return {
            "dashboard": reverse("dashboards:ministry") + f"?nam={year}&ky=FY",
            "values": reverse("api:value-list")
            + f"?bloc_code={prefix}-0001&year={year}&period_kind=FY&page_size=100",
        }

    _generate("dsmall", 2)
    small = {
        **_counts(page, {"dashboard": urls("dsmall")["dashboard"]}),
        **_counts(api, {"values": urls("dsmall")["values"]}),
    }
    _generate("dscale", BLOCS)
    scale = urls("dscale")
    large = {
        **_counts(page, {"dashboard": scale["dashboard"]}),
        **_counts(api, {"values": scale["values"]}),
    }
    floors = {"one": reverse("bench_one_query"), "page": reverse("bench_one_query_page")}
    timings = {name: [] for name in ("dashboard", "values", "one", "page")}
    for _round in range(ROUNDS):
        for name, client, url in (
            ("dashboard", page, scale["dashboard"]),
            ("values", api, scale["values"]),
            ("one", page, floors["one"]),
            ("page", page, floors["page"]),
        ):
            start = time.perf_counter()
            assert client.get(url).status_code == 200, url
            timings[name].append((time.perf_counter() - start) * 1000)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    label = f"scale {BLOCS} blocs × 15 units × 5 years"
    for name, title in (("dashboard", "ministry dashboard"), ("values", "API values endpoint")):
        record(f"{label}: {title} median", round(medians[name], 1), "ms")
        record(
            f"{label}: {title} / one-query view", round(medians[name] / medians["one"], 3), "ratio"
        )
        record(f"{label}: {title} queries", large[name], "queries")
    record(
        f"{label}: ministry dashboard / one-query page",
        round(medians["dashboard"] / medians["page"], 3),
        "ratio",
    )
    assert large == small, (small, large)
