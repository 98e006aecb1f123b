"""Secrecy of a secret ballot in the data: nothing stored links a ballot to a unit or person,
not a column, not the key's order, not the order rows are read, not a log line, not the
administration; and results exist only once the vote is closed."""

import contextlib
import logging

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from awards import voting
from awards.models import Ballot, BallotMark, Candidate, Vote, VoterRecord
from blocs.models import MemberUnit

ANONYMOUS = [Ballot, BallotMark]


def _fields(model):
    return [f for f in model._meta.get_fields() if not (f.auto_created and not f.concrete)]


@pytest.mark.parametrize("model", ANONYMOUS, ids=lambda m: m.__name__)
def test_no_field_of_a_ballot_can_link_it_to_a_unit_a_person_or_a_time(model):
    from django.contrib.auth import get_user_model

    allowed_targets = {Vote, Ballot, Candidate}
    for field in _fields(model):
        if field.is_relation:
            assert field.related_model in allowed_targets, f"{model.__name__}.{field.name}"
            assert field.related_model not in (MemberUnit, get_user_model(), VoterRecord)
        assert not isinstance(field, (models.DateField, models.TimeField, models.DurationField)), (
            f"{model.__name__}.{field.name} would tell when the ballot was cast"
        )
        # A sequential key would give the order of casting: the key must be a random UUID.
        if field.primary_key:
            assert isinstance(field, models.UUIDField) and field.default is not None
        else:
            assert not isinstance(field, (models.AutoField, models.BigAutoField))
    assert model._meta.ordering == ["id"]  # read in the order of random keys


def test_the_record_of_who_voted_points_to_no_ballot():
    for field in _fields(VoterRecord):
        if field.is_relation:
            assert field.related_model not in (Ballot, BallotMark), field.name
        assert not isinstance(field, (models.DateField, models.TimeField)), field.name
    # Nor does anything else point from a ballot to a voter.
    for field in Ballot._meta.get_fields():
        if field.is_relation:
            assert field.related_model is not VoterRecord


def test_ballots_are_never_in_the_administration():
    for model in (Ballot, BallotMark, VoterRecord):
        assert not admin.site.is_registered(model)
    vote_admin = admin.site._registry[Vote]
    shown = set(vote_admin.get_fields(None))
    assert not shown & {"result", "paper_issued", "paper_valid", "paper_invalid"}


@pytest.fixture
def open_vote(world, flag, nominate, make_vote, bloc_leader, everyone_present):
    vote = make_vote(flag, [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)])
    voting.open_vote(vote, bloc_leader)
    return vote


def test_no_log_line_carries_a_choice(world, open_vote, unit_leaders, caplog):
    candidates = list(open_vote.candidates.all())
    with caplog.at_level(logging.DEBUG):
        voting.cast_ballot(
            open_vote,
            unit_leaders[world.unit_a.pk],
            {candidates[0].pk: True, candidates[1].pk: False},
        )
    for record in caplog.records:
        message = record.getMessage()
        assert world.unit_a.name not in message and world.unit_a.code not in message
        assert candidates[0].label not in message and "approve" not in message.lower()


def test_closing_writes_the_ballots_again_keeping_every_receipt_and_mark(
    world, open_vote, unit_leaders, bloc_leader, everyone_present
):
    receipts = []
    candidates = list(open_vote.candidates.all())
    for n, unit in enumerate(everyone_present):
        receipts.append(
            voting.cast_ballot(
                open_vote,
                unit_leaders[unit.pk],
                {candidates[0].pk: True, candidates[1].pk: n % 2 == 0},
            )
        )
    before_ids = set(Ballot.objects.filter(vote=open_vote).values_list("id", flat=True))
    before_marks = sorted(
        BallotMark.objects.filter(ballot__vote=open_vote).values_list("candidate_id", "approve")
    )
    voting.close_vote(open_vote, bloc_leader)
    after_ids = set(Ballot.objects.filter(vote=open_vote).values_list("id", flat=True))
    assert len(after_ids) == 4 and not before_ids & after_ids
    assert (
        sorted(
            BallotMark.objects.filter(ballot__vote=open_vote).values_list("candidate_id", "approve")
        )
        == before_marks
    )
    assert all(voting.ballot_counted(open_vote, r) for r in receipts)


@pytest.mark.parametrize("persona", ["admin_user", "ministry", "bloc_leader", "unit_leader_a"])
def test_results_are_hidden_from_everyone_until_the_vote_closes(
    client, request, world, open_vote, unit_leaders, bloc_leader, persona
):
    candidates = list(open_vote.candidates.all())
    for leader in unit_leaders.values():
        voting.cast_ballot(open_vote, leader, {candidates[0].pk: True, candidates[1].pk: False})
    open_vote.refresh_from_db()
    assert open_vote.result is None
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("awards:vote", args=[open_vote.pk]))
    assert page.status_code == 200
    assert page.context["result"] is None and page.context["result_rows"] == []
    assert 'id="result"' not in page.content.decode()
    voting.close_vote(open_vote, bloc_leader)
    page = client.get(reverse("awards:vote", args=[open_vote.pk]))
    assert page.context["result"]["groups"][0]["candidates"][0]["approvals"] == 4
    assert 'id="result"' in page.content.decode()


def test_the_database_refuses_a_result_on_a_vote_that_is_not_closed(open_vote):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.filter(pk=open_vote.pk).update(result={"groups": []})


def test_error_reports_never_carry_a_ballots_choices(
    rf, world, open_vote, unit_leaders, monkeypatch
):
    """A crash while casting would send an error report with the request: its POST data (the
    choices) and the casting function's variables are masked."""
    import sys

    from django.views.debug import ExceptionReporter

    from awards import meeting_views

    candidates = list(open_vote.candidates.all())
    for view in (meeting_views.vote_cast, meeting_views.vote_written, meeting_views.vote_receipt):
        request = rf.post("/", {f"c_{candidates[0].pk}": "1"})
        request.user = unit_leaders[world.unit_a.pk]
        with contextlib.suppress(Exception):  # the view's own refusals do not matter here
            view(request, pk=open_vote.pk)
        assert request.sensitive_post_parameters == "__ALL__", view.__name__

    def crash(*args, **kwargs):
        raise RuntimeError("storage failed")

    from awards.models import BallotMark

    monkeypatch.setattr(BallotMark.objects, "bulk_create", crash)
    request = rf.post("/", {f"c_{c.pk}": "1" for c in candidates})
    request.user = unit_leaders[world.unit_a.pk]
    request.sensitive_post_parameters = "__ALL__"
    try:
        voting.cast_ballot(
            open_vote, request.user, {candidates[0].pk: True, candidates[1].pk: False}
        )
    except RuntimeError:
        frames = ExceptionReporter(request, *sys.exc_info()).get_traceback_data()["frames"]
    ours = [f for f in frames if f["filename"].endswith("awards/voting.py")]
    assert {f["function"] for f in ours} >= {"cast_ballot", "_store_ballot"}
    for frame in ours:
        shown = dict(frame["vars"])
        for name in ("choices", "checked", "receipt"):
            if name in shown:
                assert shown[name] == "'********************'", (frame["function"], name)
        assert f"{candidates[0].pk}: True" not in repr(frame["vars"]), frame["function"]


def test_the_administration_pages_of_awards_open_for_an_administrator(
    client, admin_user, world, open_vote, meeting
):
    from awards.models import Nomination

    client.force_login(admin_user)
    nomination = Nomination.objects.first()
    for url in [
        reverse("admin:awards_vote_changelist"),
        reverse("admin:awards_vote_change", args=[open_vote.pk]),
        reverse("admin:awards_meeting_change", args=[meeting.pk]),
        reverse("admin:awards_nomination_change", args=[nomination.pk]),
        reverse("admin:awards_awardtype_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "approvals" not in response.content.decode()
