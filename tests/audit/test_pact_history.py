"""The history of a pact: every change made through the pact's pages — its text, indicators,
clauses, registrations and targets, signatures and their cancellation — with who made it, and
only for the people who may see the pact."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pacts.models import Pact, PactClause, RegistrationTarget, Signature
from reports.models import Indicator
from tests.audit.conftest import history_url, who


def _edit_data(pact, **changes):
    data = {
        "title": pact.title,
        "number": pact.number,
        "place": pact.place,
        "preamble": pact.preamble,
        "total_points": "100",
        "bonus_cap": "5",
        "penalty_cap": "10",
        "indicators": list(pact.indicators.values_list("pk", flat=True)),
    }
    data.update(changes)
    return data


def test_the_leaders_edit_is_listed_with_old_and_new_values_and_who(
    client, make_pact, bloc_leader, world, history
):
    pact = make_pact()
    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    client.force_login(bloc_leader)
    kept = [i for i in pact.indicators.values_list("pk", flat=True) if i != workers.pk]
    response = client.post(
        reverse("pacts:edit", args=[pact.pk]),
        _edit_data(pact, title="Giao ước thi đua (sửa đổi)", bonus_cap="4,5", indicators=kept),
    )
    assert response.status_code == 302
    rows = history(bloc_leader, "giao-uoc", pact.pk)
    changed = [r for r in rows if "Giao ước thi đua (sửa đổi)" in r]
    assert changed, rows
    newest = changed[0]
    assert who(bloc_leader) in newest
    assert f"Giao ước thi đua năm {world.year} → Giao ước thi đua (sửa đổi)" in newest
    assert "5 → 4,5" in newest  # points written the Vietnamese way
    # The indicators taken off the pact: an entry of its own (many-to-many), the name shown.
    assert any(workers.name_vi in r and who(bloc_leader) in r for r in rows)


def test_the_registration_signatures_and_reopening_are_listed_with_who_did_them(
    client, make_pact, bloc_leader, staff_a, leader_a, ministry, world, history
):
    pact = make_pact()
    fdi = Indicator.objects.get(code="INV_FDI_CAPITAL_NEW")
    client.force_login(bloc_leader)
    client.post(reverse("pacts:status", args=[pact.pk]), {"action": "open"})
    client.force_login(staff_a)
    response = client.post(
        reverse("pacts:registration", args=[pact.pk]),
        {f"target_{i.pk}": "1" for i in pact.indicators.all()}
        | {f"target_{fdi.pk}": "1.234,5", "note": "Đăng ký thêm"},
    )
    assert response.status_code == 302
    client.force_login(leader_a)
    assert client.post(reverse("pacts:sign", args=[pact.pk])).status_code == 302
    client.force_login(bloc_leader)
    client.post(reverse("pacts:status", args=[pact.pk]), {"action": "close_signing"})
    client.post(
        reverse("pacts:status", args=[pact.pk]),
        {"action": "reopen", "reason": "Sửa chỉ tiêu thu hút đầu tư"},
    )
    pact.refresh_from_db()
    assert pact.status == Pact.Status.DRAFT
    assert Signature.objects.get().invalidated_at is not None
    assert RegistrationTarget.objects.get(indicator=fdi).target == Decimal("1234.5")

    rows = history(ministry, "giao-uoc", pact.pk)
    target = next(r for r in rows if fdi.name_vi in r and "1.234,5" in r)
    assert who(staff_a) in target
    assert any(who(leader_a) in r for r in rows)  # the signature
    cancelled = next(r for r in rows if "Sửa chỉ tiêu thu hút đầu tư" in r)
    assert who(bloc_leader) in cancelled and world.unit_a.name in cancelled
    # Newest first: the reopening is the first entry.
    assert who(bloc_leader) in rows[0]


def test_a_member_reads_its_own_registration_in_the_history_but_not_the_others(
    client, make_pact, bloc_leader, staff_a, staff_deputy, world, history
):
    pact = make_pact(status=Pact.Status.OPEN)
    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    client.force_login(staff_a)
    client.post(
        reverse("pacts:registration", args=[pact.pk]),
        {f"target_{i.pk}": "7" for i in pact.indicators.all()} | {f"target_{workers.pk}": "98.765"},
    )
    leader_rows = history(bloc_leader, "giao-uoc", pact.pk)
    assert any("98.765" in r for r in leader_rows)
    assert any("98.765" in r for r in history(staff_a, "giao-uoc", pact.pk))
    other_member = history(staff_deputy, "giao-uoc", pact.pk)
    assert not any("98.765" in r or "Trần Thị An" in r for r in other_member)


def test_a_pact_started_from_last_years_copies_with_the_leader_as_author(
    client, make_pact, bloc_leader, world, history
):
    make_pact(year=world.year - 1, status=Pact.Status.SIGNED)
    client.force_login(bloc_leader)
    response = client.post(
        reverse("pacts:create"),
        {"bloc": world.bloc_x.pk, "year": world.year, "copy_previous": "on"},
    )
    assert response.status_code == 302
    pact = Pact.objects.get(year=world.year)
    assert PactClause.objects.filter(pact=pact).count() == 2
    rows = history(bloc_leader, "giao-uoc", pact.pk)
    copied = [r for r in rows if "Báo cáo đúng hạn." in r or "Thu hút đầu tư" in r]
    assert len(copied) >= 2
    assert all(who(bloc_leader) in r for r in rows)


@pytest.mark.parametrize(
    ("persona", "draft", "expected"),
    [
        ("bloc_leader", 200, 200),
        ("ministry", 200, 200),
        ("admin_user", 200, 200),
        ("staff_a", 403, 200),  # a member: once the pact is open
        ("last_year_leader", 403, 200),  # a member this year, no longer the leader
        ("staff_b", 403, 403),  # another bloc
    ],
)
def test_who_reads_a_pacts_history(client, request, make_pact, persona, draft, expected):
    pact = make_pact()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(history_url("giao-uoc", pact.pk)).status_code == draft
    Pact.objects.filter(pk=pact.pk).update(status=Pact.Status.OPEN)
    assert client.get(history_url("giao-uoc", pact.pk)).status_code == expected


def test_last_years_pact_is_read_by_last_years_members_and_not_another_bloc(
    client, make_pact, last_year_leader, staff_b, world
):
    pact = make_pact(year=world.year - 1, status=Pact.Status.SIGNED)
    client.force_login(last_year_leader)
    assert client.get(history_url("giao-uoc", pact.pk)).status_code == 200
    client.force_login(staff_b)
    assert client.get(history_url("giao-uoc", pact.pk)).status_code == 403


def test_anonymous_unknown_records_and_unknown_kinds(client, make_pact, ministry):
    pact = make_pact(status=Pact.Status.OPEN)
    response = client.get(history_url("giao-uoc", pact.pk))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(ministry)
    assert client.get(history_url("giao-uoc", pact.pk + 1000)).status_code == 404
    assert client.get(history_url("phieu-bau", pact.pk)).status_code == 404


def test_the_pact_page_links_to_its_history(client, make_pact, staff_a):
    pact = make_pact(status=Pact.Status.OPEN)
    client.force_login(staff_a)
    page = client.get(reverse("pacts:detail", args=[pact.pk])).content.decode()
    assert history_url("giao-uoc", pact.pk) in page
