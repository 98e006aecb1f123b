"""The pact's status pipeline: every allowed and forbidden transition, in one place."""

import itertools

import pytest
from django.utils import translation

from pacts import services
from pacts.models import Pact, PactEvent, PactTransitionError, Signature

S = Pact.Status
ALLOWED = {
    (S.DRAFT, S.OPEN),
    (S.OPEN, S.DRAFT),
    (S.OPEN, S.SIGNED),
    (S.SIGNED, S.DRAFT),
    (S.SIGNED, S.ARCHIVED),
}
ALL_PAIRS = [(a, b) for a, b in itertools.product(S, S) if a != b]


@pytest.mark.parametrize(("old", "new"), sorted(ALLOWED))
def test_allowed_transition_changes_status_and_is_logged(make_pact, bloc_leader, old, new):
    pact = make_pact(status=old)
    pact.set_status(new, by=bloc_leader, reason="Theo đề nghị của các thành viên")
    pact.refresh_from_db()
    assert pact.status == new
    event = PactEvent.objects.get(pact=pact)
    assert (event.from_status, event.to_status, event.by) == (old, new, bloc_leader)


@pytest.mark.parametrize(("old", "new"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_forbidden_transition_is_refused_with_a_reason(make_pact, bloc_leader, old, new):
    pact = make_pact(status=old)
    with translation.override("vi"), pytest.raises(PactTransitionError) as excinfo:
        pact.set_status(new, by=bloc_leader, reason="x")
    assert "Giao ước không thể chuyển từ" in str(excinfo.value)
    pact.refresh_from_db()
    assert pact.status == old and not PactEvent.objects.exists()


def test_a_draft_whose_points_do_not_add_up_cannot_be_opened(make_pact, bloc_leader):
    pact = make_pact(total_points=90)
    with translation.override("vi"), pytest.raises(PactTransitionError) as excinfo:
        pact.set_status(S.OPEN, by=bloc_leader)
    assert "100" in str(excinfo.value) and "90" in str(excinfo.value)
    assert Pact.objects.get(pk=pact.pk).status == S.DRAFT


def test_a_draft_without_clauses_cannot_be_opened(make_pact, bloc_leader):
    pact = make_pact()
    pact.clauses.all().delete()
    with pytest.raises(PactTransitionError):
        pact.set_status(S.OPEN, by=bloc_leader)


def test_reopening_a_signed_pact_needs_a_reason_and_invalidates_signatures(
    make_pact, bloc_leader, member_leaders
):
    pact = make_pact(status=S.OPEN)
    for leader in member_leaders:
        services.sign(pact, leader)
    pact.refresh_from_db()
    assert pact.status == S.SIGNED
    with pytest.raises(PactTransitionError):
        services.change_status(pact, S.DRAFT, by=bloc_leader, reason="  ")
    services.change_status(pact, S.DRAFT, by=bloc_leader, reason="Sửa chỉ tiêu thu hút đầu tư")
    pact.refresh_from_db()
    assert pact.status == S.DRAFT and pact.signed_at is None
    assert not Signature.objects.filter(pact=pact, invalidated_at__isnull=True).exists()
    assert set(
        Signature.objects.filter(pact=pact).values_list("invalidated_reason", flat=True)
    ) == {"Sửa chỉ tiêu thu hút đầu tư"}
    assert pact.events.last().reason == "Sửa chỉ tiêu thu hút đầu tư"


def test_withdrawing_an_open_pact_without_signatures_needs_no_reason(make_pact, bloc_leader):
    pact = make_pact(status=S.OPEN)
    services.change_status(pact, S.DRAFT, by=bloc_leader)
    assert Pact.objects.get(pk=pact.pk).status == S.DRAFT


def test_withdrawing_an_open_pact_with_signatures_needs_a_reason(make_pact, bloc_leader, leader_a):
    pact = make_pact(status=S.OPEN)
    services.sign(pact, leader_a)
    with pytest.raises(PactTransitionError):
        services.change_status(pact, S.DRAFT, by=bloc_leader)


def test_signed_is_reached_only_by_signatures_or_closing(make_pact, bloc_leader):
    pact = make_pact(status=S.OPEN)
    with pytest.raises(PactTransitionError):
        services.change_status(pact, S.SIGNED, by=bloc_leader)
