"""The audit history keeps no secret ballot: no history model is for a ballot, its marks or
the record of who voted; casting a ballot through the pages writes no history record at all;
no history row holds a ballot's id, a mark's id, a receipt's hash or a voter record; and the
meeting's history shows nothing of a count before the vote is closed."""

import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from awards.models import Ballot, BallotMark, Candidate, Vote, VoterRecord
from tests.audit.conftest import history_url, rows_of

SECRET = (Ballot, BallotMark, VoterRecord)


def historical_models():
    """Every history model of the project: one per tracked model, and one per tracked
    many-to-many field."""
    found = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    assert len(found) >= 24  # pacts 10, reports 4, awards 10
    return found


def test_no_history_model_is_for_a_ballot_its_marks_or_who_voted():
    for model in SECRET:
        assert not hasattr(model._meta, "simple_history_manager_attribute"), model
        assert not hasattr(model, "history"), model
    for history_model in historical_models():
        assert getattr(history_model, "instance_type", None) not in SECRET, history_model
        for field in history_model._meta.get_fields():
            if field.is_relation:
                assert field.related_model not in SECRET, (history_model, field.name)


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in historical_models()}


def _secret_values(vote) -> set[str]:
    """Every id and hash of the vote's ballots, marks and voter records, as text."""
    values = set()
    for model in SECRET:
        lookup = {"ballot__vote": vote} if model is BallotMark else {"vote": vote}
        for row in model.objects.filter(**lookup).values():
            for key, value in row.items():
                if key in ("id", "ballot_id") or key == "receipt_hash":
                    values.add(str(value))
                    if isinstance(value, uuid.UUID):
                        values.add(value.hex)
    return values


def _all_history_text() -> str:
    parts = []
    for model in historical_models():
        for row in model.objects.values():
            parts.extend(str(value) for value in row.values())
    return "\n".join(parts)


@pytest.fixture
def secret_vote(client, world, meeting, flag, nominate, bloc_leader, everyone_present):
    """A secret flag vote prepared and opened through the pages, everyone present."""
    nominations = [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)]
    client.force_login(bloc_leader)
    response = client.post(
        reverse("awards:vote_create", args=[meeting.pk]) + "?loai=" + flag.code,
        {
            "title": "Suy tôn Cờ thi đua của Bộ",
            "seats": "1",
            "method": "approval",
            "secret": "on",
            "mode": "electronic",
            "threshold_percent": "80",
            "threshold_comparison": "at_least",
            "threshold_base": "members",
            "quorum_numerator": "2",
            "quorum_denominator": "3",
            "nominations": [n.pk for n in nominations],
        },
    )
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert client.post(reverse("awards:vote_open", args=[vote.pk])).status_code == 302
    return vote


def test_casting_secret_ballots_through_the_pages_leaves_no_trace_in_any_history(
    client, world, meeting, secret_vote, bloc_leader, unit_leaders, everyone_present
):
    vote = secret_vote
    first, second = vote.candidates.order_by("order")
    client.force_login(bloc_leader)
    page_before = rows_of(client.get(history_url("hop", meeting.pk)).content.decode())
    before = _counts()
    for unit in everyone_present:
        client.force_login(unit_leaders[unit.pk])
        response = client.post(
            reverse("awards:vote_cast", args=[vote.pk]),
            {f"c_{first.pk}": "1", f"c_{second.pk}": "0" if unit == world.unit_a else "1"},
        )
        assert response.status_code == 200 and response.context["receipt"]
    assert VoterRecord.objects.filter(vote=vote).count() == 4 == Ballot.objects.count()
    assert _counts() == before  # not one history record written by casting
    client.force_login(bloc_leader)
    assert rows_of(client.get(history_url("hop", meeting.pk)).content.decode()) == page_before

    secrets_open = _secret_values(vote)
    assert len(secrets_open) >= 4 * 3  # ballots, marks, voter records, hashes
    text = _all_history_text()
    assert not [value for value in secrets_open if value in text]

    assert client.post(reverse("awards:vote_close", args=[vote.pk])).status_code == 302
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED
    # Closing writes the ballots again under new ids: none of them is in a history either.
    secrets_closed = _secret_values(vote)
    text = _all_history_text()
    assert not [value for value in secrets_open | secrets_closed if value in text]
    # What the history keeps of the vote: its settings, opening and closing, and the count
    # as a whole, by the bloc leader; never a unit's choice.
    records = list(Vote.history.filter(id=vote.pk).order_by("history_date"))
    assert [r.status for r in records] == ["draft", "open", "closed"]
    assert {r.history_user_id for r in records} == {bloc_leader.pk}
    assert records[-1].result == vote.result and records[1].result is None


def test_paper_counts_are_hidden_in_the_history_until_the_vote_is_closed(
    english, world, flag, nominate, make_vote, bloc_leader, staff_a, ministry, everyone_present
):
    client = english
    vote = make_vote(
        flag, [nominate(flag, world.unit_a)], status=Vote.Status.OPEN, mode=Vote.Mode.PAPER
    )
    candidate = vote.candidates.get()
    client.force_login(bloc_leader)
    response = client.post(
        reverse("awards:vote_paper", args=[vote.pk]),
        {"issued": "4", "valid": "3", "invalid": "1", f"c_{candidate.pk}": "3"},
    )
    assert response.status_code == 302
    for reader in (staff_a, ministry, bloc_leader):
        client.force_login(reader)
        rows = rows_of(client.get(history_url("hop", vote.meeting_id)).content.decode())
        counts = [r for r in rows if "Ballots issued" in r or "Approvals (paper)" in r]
        assert len(counts) == 2, rows
        for row in counts:
            assert "hidden until the vote is closed" in row
            assert "— → 4" not in row and "— → 3" not in row
    client.force_login(bloc_leader)
    assert client.post(reverse("awards:vote_close", args=[vote.pk])).status_code == 302
    client.force_login(staff_a)
    rows = rows_of(client.get(history_url("hop", vote.meeting_id)).content.decode())
    assert not any("hidden until the vote is closed" in r for r in rows)
    assert any("Ballots issued : — → 4" in r and "Valid ballots : — → 3" in r for r in rows)
    assert any("Approvals (paper) : — → 3" in r for r in rows)
    closed = next(r for r in rows if "Open → Closed" in r)
    assert "Result : — → the count is recorded" in closed


def test_the_administration_shows_no_history_of_votes_or_ballots():
    for model in SECRET:
        assert not admin.site.is_registered(model)
    assert not isinstance(admin.site._registry[Vote], SimpleHistoryAdmin)
    assert not admin.site.is_registered(Candidate)
