"""Migrates and seeds an empty database for the database-restart test (one process: Django starts
once), and prints as JSON what the test needs: a signed-in session of a unit's board staff,
their draft report, and the form.

DATABASE_URL=postgres://… python -m tests.faults.seed_portal
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoi_thi_dua.settings.local")
django.setup()

from django.conf import settings  # noqa: E402 - needs the apps loaded
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from blocs.access import current_year  # noqa: E402
from reports.models import Indicator  # noqa: E402
from reports.services import ensure_periods, start_report  # noqa: E402
from tests.factories import (  # noqa: E402
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    MemberUnitFactory,
    UserFactory,
)

VARIED = "LABOUR_WORKERS"  # the value each draft save changes


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    year = current_year()
    bloc = BlocFactory(code="khoi-x", name="Tây Nguyên và Duyên hải Miền Trung")
    unit = MemberUnitFactory(code="dak-lak", name="Ban Quản lý các KCN tỉnh Đắk Lắk")
    leader = MemberUnitFactory(code="binh-dinh", name="Ban Quản lý Khu kinh tế tỉnh Bình Định")
    for member in (unit, leader):
        MembershipFactory(bloc=bloc, unit=member, year=year)
    BlocYearFactory(bloc=bloc, year=year, leader=leader)
    staff = UserFactory(username="canbo.a", full_name="Trần Thị An", unit=unit, is_board_staff=True)
    report = start_report(ensure_periods(bloc, year)[0], unit, staff)

    fields = {"results": "Kết quả", "limitations": "", "directions": "", "recommendations": ""}
    indicators = Indicator.objects.in_force(year)
    for indicator in indicators:
        fields[f"v_{indicator.pk}"] = "1" if indicator.required else ""
        fields[f"n_{indicator.pk}"] = ""
        fields[f"e_{indicator.pk}"] = ""

    client = Client()
    client.force_login(staff)
    print(
        json.dumps(
            {
                "report": report.pk,
                "path": reverse("reports:report", args=[report.pk]),
                "indicator": indicators.get(code=VARIED).pk,
                "fields": fields,
                "cookie": [
                    settings.SESSION_COOKIE_NAME,
                    client.cookies[settings.SESSION_COOKIE_NAME].value,
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
