"""The PDF pipeline against WeasyPrint alone, on a three-page document (make bench).

Target (docs/benchmarks.md): the pipeline costs at most 20 % more than WeasyPrint alone on the
same HTML, and an unchanged document is returned without rendering.
"""

import pytest

from benchmarks.harness import bench_document, record_document
from blocs.access import current_year
from documents import registry
from tests.documents.kinds import ROSTER, roster_kind, template_settings
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    MemberUnitFactory,
    UserFactory,
)

MAX_OVERHEAD = 1.2


@pytest.fixture
def roster_kind_registered(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TEMPLATES = template_settings()
    registry.register(roster_kind())
    yield
    registry.unregister(ROSTER)


@pytest.fixture
def large_bloc(db):
    """A bloc of 74 members: the roster's table runs over three pages."""
    year = current_year()
    bloc = BlocFactory(name="Tây Nguyên và Duyên hải Miền Trung")
    units = [MemberUnitFactory(name=f"Ban Quản lý các KCN tỉnh Số {n:02d}") for n in range(74)]
    for unit in units:
        MembershipFactory(bloc=bloc, unit=unit, year=year)
    BlocYearFactory(bloc=bloc, year=year, leader=units[0], deputy=units[1])
    return bloc


def test_document_pipeline_speed(roster_kind_registered, large_bloc, record):
    ministry = UserFactory(is_ministry_staff=True)
    result = bench_document(ROSTER, large_bloc, ministry)
    record_document(record, f"roster ({result['pages']} pages)", result)
    assert result["pages"] == 3
    assert result["unchanged_renders"] == 0
    assert result["overhead_ratio"] <= MAX_OVERHEAD, result


def test_pact_pdf_speed(db, settings, tmp_path, record):
    """The demo's signed 2026 pact of Tây Nguyên và Duyên hải Miền Trung (9 members)."""
    from django.core.management import call_command

    from accounts.models import User
    from pacts.models import Pact

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", quiet_logins=True)
    pact = Pact.objects.get(bloc__code="tay-nguyen-duyen-hai-mien-trung", year=2026)
    result = bench_document("pact", pact, User.objects.get(username="bo.vutdkt"))
    record_document(record, f"signed pact ({result['pages']} pages)", result)
    assert result["unchanged_renders"] == 0
    assert result["overhead_ratio"] <= MAX_OVERHEAD, result
