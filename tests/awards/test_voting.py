"""Votes at a meeting (awards.voting): opening, ballots refused with a reason, one ballot per
unit, receipts, written opinions, paper counts, closing with quorum and tie-break rules, and
what a closed vote changes (nominations, next year's leadership).

Bloc X has four members: A, L (leader this year), P (leader last year) and D (deputy). The
quorum of 2/3 needs 3 present; the flag needs at least 80 % of all members (4 approvals), a
certificate more than 50 % (3 approvals).
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards import voting
from awards.models import (
    Ballot,
    BallotMark,
    Candidate,
    Nomination,
    TransitionError,
    Vote,
    VoterRecord,
)
from blocs.models import BlocYear, Membership
from tests.factories import UserFactory

S = Vote.Status


def approve_all(vote, approve=True):
    return {c.pk: approve for c in vote.candidates.all()}


@pytest.fixture
def flag_vote(world, flag, nominate, make_vote):
    return make_vote(flag, [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)])


def cast(vote, leaders, unit, choices):
    return voting.cast_ballot(vote, leaders[unit.pk], choices)


def test_only_the_bloc_leader_opens_and_an_empty_vote_does_not_open(
    world, meeting, make_vote, flag, flag_vote, bloc_leader, last_year_leader, staff_a
):
    for outsider in (last_year_leader, staff_a):
        with pytest.raises(PermissionDenied):
            voting.open_vote(flag_vote, outsider)
    empty = make_vote(flag, [])
    with pytest.raises(TransitionError):
        voting.open_vote(empty, bloc_leader)
    voting.open_vote(flag_vote, bloc_leader)
    flag_vote.refresh_from_db()
    assert flag_vote.status == S.OPEN and flag_vote.opened_by == bloc_leader
    with pytest.raises(TransitionError):
        voting.open_vote(flag_vote, bloc_leader)


def test_a_unit_leader_casts_once_and_gets_a_receipt_that_checks(
    world, flag_vote, bloc_leader, everyone_present, unit_leaders
):
    voting.open_vote(flag_vote, bloc_leader)
    receipt = cast(flag_vote, unit_leaders, world.unit_a, approve_all(flag_vote))
    assert voting.ballot_counted(flag_vote, receipt)
    assert voting.ballot_counted(flag_vote, receipt.lower())  # typed in lower case
    assert not voting.ballot_counted(flag_vote, "AAAA-BBBB-CCCC-DDDD")
    # The receipt is stored only as a hash.
    assert not Ballot.objects.filter(receipt_hash__icontains=receipt.replace("-", "")).exists()
    with pytest.raises(voting.VoteError, match="already voted"):
        cast(flag_vote, unit_leaders, world.unit_a, approve_all(flag_vote, False))
    # A second leader of the same unit is the same unit: still one ballot.
    colleague = UserFactory(unit=world.unit_a, is_unit_leader=True)
    with pytest.raises(voting.VoteError):
        voting.cast_ballot(flag_vote, colleague, approve_all(flag_vote))
    assert Ballot.objects.filter(vote=flag_vote).count() == 1
    assert VoterRecord.objects.filter(vote=flag_vote, unit=world.unit_a).count() == 1


def test_ballots_are_refused_with_a_reason(
    world, flag_vote, bloc_leader, everyone_present, unit_leaders, staff_a, leader_b, ministry
):
    a = unit_leaders[world.unit_a.pk]
    with pytest.raises(voting.VoteError, match="not opened"):
        voting.cast_ballot(flag_vote, a, approve_all(flag_vote))
    voting.open_vote(flag_vote, bloc_leader)
    candidates = list(flag_vote.candidates.all())
    refused = {
        "board staff": (staff_a, approve_all(flag_vote), "leader"),
        "another bloc": (leader_b, approve_all(flag_vote), "member"),
        "ministry": (ministry, approve_all(flag_vote), "member"),
        "incomplete": (a, {candidates[0].pk: True}, "every candidate"),
        "unknown candidate": (a, {**approve_all(flag_vote), 999999: True}, "not in this vote"),
    }
    for label, (user, choices, reason) in refused.items():
        with pytest.raises(voting.VoteError, match=reason):
            voting.cast_ballot(flag_vote, user, choices)
        assert not Ballot.objects.exists(), label
    assert not VoterRecord.objects.exists()


def test_more_choices_than_seats_are_refused(
    world, flag, nominate, make_vote, bloc_leader, everyone_present, unit_leaders
):
    vote = make_vote(
        flag,
        [nominate(flag, u) for u in (world.unit_a, world.unit_deputy, world.unit_leader)],
        method=Vote.Method.CHOOSE,
        seats=2,
    )
    voting.open_vote(vote, bloc_leader)
    with pytest.raises(voting.VoteError, match="at most 2"):
        cast(vote, unit_leaders, world.unit_a, approve_all(vote))
    receipt = cast(vote, unit_leaders, world.unit_a, dict(list(approve_all(vote).items())[:2]))
    assert voting.ballot_counted(vote, receipt)
    assert BallotMark.objects.filter(ballot__vote=vote).count() == 2


def test_an_absent_or_unrecorded_unit_cannot_cast_in_the_portal(
    world, meeting, flag_vote, bloc_leader, attend, unit_leaders
):
    attend(meeting, present=[world.unit_leader], absent={world.unit_a: "Đồng ý cả hai."})
    voting.open_vote(flag_vote, bloc_leader)
    with pytest.raises(voting.VoteError, match="not recorded as present"):
        cast(flag_vote, unit_leaders, world.unit_a, approve_all(flag_vote))
    with pytest.raises(voting.VoteError, match="not recorded as present"):
        cast(flag_vote, unit_leaders, world.unit_deputy, approve_all(flag_vote))


def test_no_ballot_after_the_deadline_or_once_closed(
    world, flag_vote, bloc_leader, everyone_present, unit_leaders
):
    voting.open_vote(flag_vote, bloc_leader)
    Vote.objects.filter(pk=flag_vote.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(voting.VoteError, match="accepted until"):
        cast(flag_vote, unit_leaders, world.unit_a, approve_all(flag_vote))
    Vote.objects.filter(pk=flag_vote.pk).update(closes_at=None)
    voting.close_vote(flag_vote, bloc_leader)
    with pytest.raises(voting.VoteError, match="closed"):
        cast(flag_vote, unit_leaders, world.unit_a, approve_all(flag_vote))


def test_closing_without_quorum_needs_a_written_reason(
    world, meeting, flag_vote, bloc_leader, attend, unit_leaders
):
    attend(meeting, present=[world.unit_a, world.unit_leader])  # 2 of 4; 3 needed
    voting.open_vote(flag_vote, bloc_leader)
    cast(flag_vote, unit_leaders, world.unit_a, approve_all(flag_vote))
    with pytest.raises(voting.VoteError, match="quorum"):
        voting.close_vote(flag_vote, bloc_leader)
    with pytest.raises(voting.VoteError, match="quorum"):
        voting.close_vote(flag_vote, bloc_leader, no_quorum_reason="   ")
    flag_vote.refresh_from_db()
    assert flag_vote.status == S.OPEN and flag_vote.result is None
    voting.close_vote(
        flag_vote, bloc_leader, no_quorum_reason="Bão số 9, hai đơn vị không đến được."
    )
    flag_vote.refresh_from_db()
    assert flag_vote.status == S.CLOSED
    assert not flag_vote.result["quorum_met"]
    assert flag_vote.result["no_quorum_reason"] == "Bão số 9, hai đơn vị không đến được."


def test_the_count_follows_the_rule_and_updates_the_nominations(
    world, certificate, nominate, make_vote, bloc_leader, everyone_present, unit_leaders
):
    a, d, p = (
        nominate(certificate, u)
        for u in (world.unit_a, world.unit_deputy, world.unit_previous_leader)
    )
    vote = make_vote(certificate, [a, d, p], seats=3)
    voting.open_vote(vote, bloc_leader)
    by_nomination = {c.nomination_id: c.pk for c in vote.candidates.all()}
    # Approvals: A by all four, D by three, P by two. More than 50 % of 4 needs 3.
    ballots = {
        world.unit_a: {a.pk: True, d.pk: True, p.pk: True},
        world.unit_leader: {a.pk: True, d.pk: True, p.pk: False},
        world.unit_previous_leader: {a.pk: True, d.pk: False, p.pk: True},
        world.unit_deputy: {a.pk: True, d.pk: True, p.pk: False},
    }
    for unit, marks in ballots.items():
        cast(vote, unit_leaders, unit, {by_nomination[n]: v for n, v in marks.items()})
    voting.close_vote(vote, bloc_leader)
    vote.refresh_from_db()
    result = vote.result
    assert (result["members"], result["present"], result["votes_needed"]) == (4, 4, 3)
    assert result["ballots"] == {"issued": 4, "received": 4, "valid": 4, "invalid": 0}
    counted = {
        c["nomination_id"]: (c["approvals"], c["disapprovals"], c["elected"])
        for c in result["groups"][0]["candidates"]
    }
    assert counted == {a.pk: (4, 0, True), d.pk: (3, 1, True), p.pk: (2, 2, False)}
    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {
        a.pk: Nomination.Status.PASSED,
        d.pk: Nomination.Status.PASSED,
        p.pk: Nomination.Status.NOT_PASSED,
    }


def test_a_tie_beyond_the_quota_waits_for_the_chairs_tie_break(
    world, certificate, nominate, make_vote, bloc_leader, everyone_present, unit_leaders
):
    a, d = nominate(certificate, world.unit_a), nominate(certificate, world.unit_deputy)
    vote = make_vote(certificate, [a, d], seats=1)
    voting.open_vote(vote, bloc_leader)
    for unit in everyone_present:
        cast(vote, unit_leaders, unit, approve_all(vote))  # 4 each: both pass, one seat
    with pytest.raises(voting.TieBreakNeeded) as raised:
        voting.close_vote(vote, bloc_leader)
    assert {c.nomination_id for c in raised.value.tied} == {a.pk, d.pk}
    vote.refresh_from_db()
    assert vote.status == S.OPEN and vote.result is None
    chosen = Candidate.objects.get(vote=vote, nomination=d)
    other = Candidate.objects.get(vote=vote, nomination=a)
    voting.close_vote(
        vote,
        bloc_leader,
        tie_break=[chosen.pk, other.pk],
        tie_break_note="Chủ trì chọn BQL Gia Lai.",
    )
    vote.refresh_from_db()
    reasons = {c["nomination_id"]: c["reason"] for c in vote.result["groups"][0]["candidates"]}
    assert reasons == {d.pk: "elected_by_tie_break", a.pk: "lost_tie_break"}
    assert vote.result["tie_break_note"] == "Chủ trì chọn BQL Gia Lai."
    assert Nomination.objects.get(pk=d.pk).status == Nomination.Status.PASSED
    assert Nomination.objects.get(pk=a.pk).status == Nomination.Status.NOT_PASSED


def test_written_opinions_count_where_the_vote_allows_them(
    world, meeting, certificate, nominate, make_vote, bloc_leader, attend, unit_leaders
):
    attend(
        meeting,
        present=[world.unit_a, world.unit_leader, world.unit_deputy],
        absent={world.unit_previous_leader: "Nhất trí đề nghị BQL Đắk Lắk."},
    )
    vote = make_vote(
        certificate, [nominate(certificate, world.unit_a)], allow_written_opinions=False
    )
    voting.open_vote(vote, bloc_leader)
    with pytest.raises(voting.VoteError, match="does not count written"):
        voting.enter_written_opinion(
            vote, world.unit_previous_leader, bloc_leader, approve_all(vote)
        )
    Vote.objects.filter(pk=vote.pk).update(allow_written_opinions=True)
    vote.refresh_from_db()
    with pytest.raises(voting.VoteError, match="absent"):
        voting.enter_written_opinion(vote, world.unit_a, bloc_leader, approve_all(vote))
    with pytest.raises(PermissionDenied):
        voting.enter_written_opinion(
            vote, world.unit_previous_leader, unit_leaders[world.unit_a.pk], approve_all(vote)
        )
    voting.enter_written_opinion(vote, world.unit_previous_leader, bloc_leader, approve_all(vote))
    with pytest.raises(voting.VoteError, match="already voted"):
        voting.enter_written_opinion(
            vote, world.unit_previous_leader, bloc_leader, approve_all(vote)
        )
    for unit in (world.unit_a, world.unit_leader):
        cast(vote, unit_leaders, unit, approve_all(vote))
    voting.close_vote(vote, bloc_leader)
    vote.refresh_from_db()
    assert vote.result["written_opinions"] == 1
    assert vote.result["ballots"]["issued"] == 4  # three present and one written opinion
    assert vote.result["groups"][0]["candidates"][0]["approvals"] == 3
    record = VoterRecord.objects.get(vote=vote, unit=world.unit_previous_leader)
    assert record.channel == VoterRecord.Channel.WRITTEN_OPINION


def test_paper_counts_are_checked_then_counted(
    world, flag, nominate, make_vote, bloc_leader, everyone_present, unit_leaders
):
    a, d = nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)
    vote = make_vote(flag, [a, d], mode=Vote.Mode.PAPER)
    voting.open_vote(vote, bloc_leader)
    ca, cd = (Candidate.objects.get(vote=vote, nomination=n).pk for n in (a, d))
    with pytest.raises(voting.VoteError, match="paper"):
        cast(vote, unit_leaders, world.unit_a, approve_all(vote))
    with pytest.raises(voting.VoteError, match="before closing"):
        voting.close_vote(vote, bloc_leader)
    bad = [
        voting.PaperCounts(issued=5, valid=4, invalid=0, approvals={ca: 4, cd: 1}),  # > members
        voting.PaperCounts(issued=4, valid=4, invalid=1, approvals={ca: 4, cd: 1}),  # > issued
        voting.PaperCounts(issued=4, valid=3, invalid=1, approvals={ca: 4, cd: 1}),  # > valid
        voting.PaperCounts(issued=4, valid=4, invalid=0, approvals={ca: 4}),  # one missing
    ]
    for counts in bad:
        with pytest.raises(voting.VoteError):
            voting.record_paper_counts(vote, bloc_leader, counts)
    with pytest.raises(PermissionDenied):
        voting.record_paper_counts(
            vote,
            unit_leaders[world.unit_a.pk],
            voting.PaperCounts(issued=4, valid=4, invalid=0, approvals={ca: 4, cd: 1}),
        )
    voting.record_paper_counts(
        vote,
        bloc_leader,
        voting.PaperCounts(issued=4, valid=4, invalid=0, approvals={ca: 4, cd: 3}),
    )
    voting.close_vote(vote, bloc_leader)
    vote.refresh_from_db()
    assert vote.result["ballots"] == {"issued": 4, "received": 4, "valid": 4, "invalid": 0}
    elected = {c["nomination_id"]: c["elected"] for c in vote.result["groups"][0]["candidates"]}
    assert elected == {a.pk: True, d.pk: False}  # 3 of 4 is below "at least 80 %"


def election(meeting, world, **fields):
    vote = Vote.objects.create(
        meeting=meeting,
        kind=Vote.Kind.LEADERSHIP,
        title="Bầu Khối trưởng, Khối phó",
        seats=2,
        method=Vote.Method.CHOOSE,
        threshold_percent=50,
        threshold_comparison=Vote.Comparison.MORE_THAN,
        threshold_base=Vote.Base.MEMBERS,
        **fields,
    )
    Candidate.objects.create(vote=vote, order=1, unit=world.unit_a, role="leader", label="A")
    Candidate.objects.create(vote=vote, order=2, unit=world.unit_deputy, role="leader", label="D")
    Candidate.objects.create(vote=vote, order=3, unit=world.unit_leader, role="deputy", label="L")
    return vote


def test_the_election_sets_next_years_leader_and_deputy(
    world, meeting, bloc_leader, everyone_present, unit_leaders
):
    vote = election(meeting, world)
    voting.open_vote(vote, bloc_leader)
    c = {x.unit_id: x.pk for x in vote.candidates.all()}
    with pytest.raises(voting.VoteError, match="at most one"):
        cast(
            vote,
            unit_leaders,
            world.unit_a,
            {c[world.unit_a.pk]: True, c[world.unit_deputy.pk]: True},
        )
    choices = {c[world.unit_a.pk]: True, c[world.unit_leader.pk]: True}
    for unit in everyone_present[:3]:
        cast(vote, unit_leaders, unit, choices)
    cast(vote, unit_leaders, everyone_present[3], {c[world.unit_deputy.pk]: True})
    assert not Membership.objects.filter(bloc=world.bloc_x, year=world.year + 1).exists()
    voting.close_vote(vote, bloc_leader)
    next_year = BlocYear.objects.get(bloc=world.bloc_x, year=world.year + 1)
    assert (next_year.leader, next_year.deputy) == (world.unit_a, world.unit_leader)
    # The members were carried into next year so that the leadership could be set.
    assert Membership.objects.filter(bloc=world.bloc_x, year=world.year + 1).count() == 4


def test_an_election_without_a_winner_leaves_next_year_alone(
    world, meeting, bloc_leader, everyone_present, unit_leaders
):
    vote = election(meeting, world)
    voting.open_vote(vote, bloc_leader)
    c = {x.unit_id: x.pk for x in vote.candidates.all()}
    for unit, pick in zip(
        everyone_present,
        [world.unit_a, world.unit_a, world.unit_deputy, world.unit_deputy],
        strict=True,
    ):
        cast(vote, unit_leaders, unit, {c[pick.pk]: True})
    voting.close_vote(vote, bloc_leader)  # 2 each: "more than 50 % of 4" needs 3
    assert not BlocYear.objects.filter(bloc=world.bloc_x, year=world.year + 1).exists()


def test_a_named_vote_keeps_each_units_choice_and_a_secret_one_does_not(
    world, flag, nominate, make_vote, bloc_leader, everyone_present, unit_leaders
):
    named = make_vote(flag, [nominate(flag, world.unit_a)], secret=False)
    secret = make_vote(flag, [nominate(flag, world.unit_deputy)])
    for vote in (named, secret):
        voting.open_vote(vote, bloc_leader)
        cast(vote, unit_leaders, world.unit_leader, approve_all(vote))
    assert VoterRecord.objects.get(vote=named).named_choices == {
        str(named.candidates.get().pk): True
    }
    assert VoterRecord.objects.get(vote=secret).named_choices is None


def test_attendance_is_for_members_and_locked_once_the_unit_voted(
    world, meeting, flag_vote, bloc_leader, everyone_present, unit_leaders
):
    with pytest.raises(voting.VoteError, match="not a member"):
        voting.record_attendance(meeting, world.unit_b, bloc_leader, status="absent")
    with pytest.raises(voting.VoteError, match="representative"):
        voting.record_attendance(meeting, world.unit_a, bloc_leader, status="present")
    voting.open_vote(flag_vote, bloc_leader)
    cast(flag_vote, unit_leaders, world.unit_a, approve_all(flag_vote))
    with pytest.raises(voting.VoteError, match="has voted"):
        voting.record_attendance(meeting, world.unit_a, bloc_leader, status="absent")


def test_quorum_of_the_meeting(world, meeting, attend):
    assert not voting.quorum_of(meeting).met
    attend(meeting, present=[world.unit_a, world.unit_leader], absent={world.unit_deputy: ""})
    quorum = voting.quorum_of(meeting)
    assert (quorum.members, quorum.present, quorum.absent, quorum.unrecorded, quorum.needed) == (
        4,
        2,
        1,
        1,
        3,
    )
    assert not quorum.met
    attend(meeting, present=[world.unit_previous_leader])
    assert voting.quorum_of(meeting).met
