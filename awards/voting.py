"""Meetings and votes: attendance and quorum, opening a vote, casting a ballot, written
opinions, paper counts, and closing with the count (awards.counting).

Secrecy. A secret ballot is stored as an anonymous Ballot (random key, no unit, user or time)
with its marks; that the unit has voted is a separate VoterRecord, unique per vote and unit in
the database, written in the same transaction. The receipt handed to the voter is stored only
as a SHA-256 hash on the ballot. Nothing here logs a choice, and error reports mask the
choices (sensitive_variables here, sensitive_post_parameters on the views). When the vote
closes, its ballots are written again in a random order in one transaction, so that neither
their place in the table nor the transaction that wrote them tells when each was cast.

Results do not exist until the vote closes: the count is computed then, once, and stored.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from awards import counting
from awards.access import awards_access
from awards.models import (
    Attendance,
    Ballot,
    BallotMark,
    Candidate,
    Meeting,
    Nomination,
    TransitionError,
    Vote,
    VoterRecord,
)
from blocs.models import Membership, MemberUnit


class VoteError(Exception):
    """A ballot or step the vote does not allow now; str() says why, for the user."""


class TieBreakNeeded(VoteError):
    """Candidates are tied for the last seats and the chair's tie-break is not recorded."""

    def __init__(self, message: str, tied: list[Candidate]):
        super().__init__(message)
        self.tied = tied


def _require_leader(user, meeting: Meeting) -> None:
    if not awards_access(user, meeting.bloc, meeting.year).is_leader:
        raise PermissionDenied(
            _("Only the staff of this year's bloc leader run meetings and votes.")
        )


# Attendance and quorum ------------------------------------------------------------------


def members_of(meeting: Meeting) -> list[MemberUnit]:
    return [
        m.unit
        for m in Membership.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year)
        .select_related("unit")
        .order_by("unit__name")
    ]


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    absent: int
    unrecorded: int
    needed: int
    numerator: int
    denominator: int

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.needed


def quorum_of(meeting: Meeting, numerator: int = 2, denominator: int = 3) -> Quorum:
    """Whether enough members are present, from the attendance recorded so far."""
    from fractions import Fraction

    members = Membership.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year).count()
    statuses = Counter(
        Attendance.objects.filter(
            meeting=meeting,
            unit__memberships__bloc_id=meeting.bloc_id,
            unit__memberships__year=meeting.year,
        ).values_list("status", flat=True)
    )
    present, absent = statuses[Attendance.Status.PRESENT], statuses[Attendance.Status.ABSENT]
    return Quorum(
        members=members,
        present=present,
        absent=absent,
        unrecorded=members - present - absent,
        needed=counting.quorum_needed(members, Fraction(numerator, denominator)),
        numerator=numerator,
        denominator=denominator,
    )


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    unit: MemberUnit,
    by,
    *,
    status: str,
    representative_name: str = "",
    representative_title: str = "",
    written_opinion: str = "",
) -> Attendance:
    _require_leader(by, meeting)
    if not Membership.objects.filter(
        bloc_id=meeting.bloc_id, year=meeting.year, unit=unit
    ).exists():
        raise VoteError(_("This unit is not a member of the bloc in that year."))
    if status == Attendance.Status.PRESENT and not representative_name.strip():
        raise VoteError(_("Name the representative of a unit that is present."))
    if VoterRecord.objects.filter(
        vote__meeting=meeting, vote__status=Vote.Status.OPEN, unit=unit
    ).exists():
        raise VoteError(
            _("%(unit)s has voted in an open vote; its attendance cannot change now.")
            % {"unit": unit.short_name}
        )
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        unit=unit,
        defaults={
            "status": status,
            "representative_name": representative_name.strip()
            if status == Attendance.Status.PRESENT
            else "",
            "representative_title": representative_title.strip()
            if status == Attendance.Status.PRESENT
            else "",
            "written_opinion": written_opinion.strip()
            if status == Attendance.Status.ABSENT
            else "",
            "recorded_by": by,
        },
    )
    return attendance


# Votes ----------------------------------------------------------------------------------


def _locked(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().select_related("meeting__bloc").get(pk=vote.pk)


def _set_status(vote: Vote, new: str) -> None:
    old = Vote.Status(vote.status)
    new = Vote.Status(new)
    if new not in Vote.TRANSITIONS[old]:
        raise TransitionError(
            _("A vote cannot go from “%(old)s” to “%(new)s”.")
            % {"old": old.label, "new": new.label}
        )
    vote.status = new


def readiness_problems(vote: Vote) -> list[str]:
    candidates = list(vote.candidates.select_related("nomination"))
    problems = []
    if not candidates:
        problems.append(_("The vote has no candidates."))
    withdrawn = [
        c.label
        for c in candidates
        if c.nomination_id and c.nomination.status == Nomination.Status.WITHDRAWN
    ]
    if withdrawn:
        problems.append(
            _("Withdrawn nominations are still candidates: %(names)s.")
            % {"names": ", ".join(withdrawn)}
        )
    if vote.kind == Vote.Kind.LEADERSHIP:
        if vote.meeting.kind != Meeting.Kind.YEAR_END:
            problems.append(_("Next year's leadership is elected at the year-end meeting."))
        if not any(c.role == Candidate.Role.LEADER for c in candidates):
            problems.append(_("Name at least one candidate for bloc leader."))
    if vote.method == Vote.Method.CHOOSE and vote.seats >= len(candidates) > 0:
        problems.append(
            _("With %(seats)s seats and %(count)s candidates there is nothing to choose.")
            % {"seats": vote.seats, "count": len(candidates)}
        )
    return problems


@transaction.atomic
def open_vote(vote: Vote, by) -> Vote:
    vote = _locked(vote)
    _require_leader(by, vote.meeting)
    problems = readiness_problems(vote)
    if problems:
        raise TransitionError(" ".join(problems))
    _set_status(vote, Vote.Status.OPEN)
    vote.opened_at = timezone.now()
    vote.opened_by = by
    vote._history_user = by
    vote.save(update_fields=["status", "opened_at", "opened_by"])
    return vote


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt.strip().upper().encode()).hexdigest()


def _new_receipt() -> str:
    """A random receipt, easy to copy: “K7QF-3M9X-TA2P-W8HD”."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _check_choices(vote: Vote, choices: dict[int, bool]) -> dict[int, bool]:
    """A complete, allowed ballot: every candidate marked (approval method), or at most as
    many chosen as there are seats (choose method); leadership: one leader, one deputy."""
    candidates = {c.pk: c for c in vote.candidates.all()}
    unknown = set(choices) - set(candidates)
    if unknown:
        raise VoteError(_("The ballot names a candidate who is not in this vote."))
    if vote.method == Vote.Method.APPROVAL:
        missing = [c.label for pk, c in candidates.items() if pk not in choices]
        if missing:
            raise VoteError(
                _("Mark approve or disapprove for every candidate: %(names)s.")
                % {"names": ", ".join(missing)}
            )
        return {pk: bool(choices[pk]) for pk in candidates}
    chosen = [pk for pk, approve in choices.items() if approve]
    if vote.kind == Vote.Kind.LEADERSHIP:
        for role in (Candidate.Role.LEADER, Candidate.Role.DEPUTY):
            if sum(1 for pk in chosen if candidates[pk].role == role) > 1:
                raise VoteError(
                    _("Choose at most one candidate for %(role)s.") % {"role": role.label}
                )
    elif len(chosen) > vote.seats:
        raise VoteError(
            _("You chose %(count)s candidates; at most %(seats)s may be chosen.")
            % {"count": len(chosen), "seats": vote.seats}
        )
    return dict.fromkeys(chosen, True)


def _check_window(vote: Vote) -> None:
    if vote.status == Vote.Status.DRAFT:
        raise VoteError(_("The vote has not opened yet."))
    if vote.status == Vote.Status.CLOSED:
        raise VoteError(_("The vote is closed; no more ballots are accepted."))
    if vote.closes_at and timezone.now() > vote.closes_at:
        raise VoteError(
            _("Ballots were accepted until %(time)s.")
            % {"time": timezone.localtime(vote.closes_at).strftime("%H:%M %d/%m/%Y")}
        )


@sensitive_variables("choices", "receipt")
def _store_ballot(vote: Vote, unit: MemberUnit, by, choices: dict[int, bool], channel: str) -> str:
    receipt = _new_receipt()
    try:
        with transaction.atomic():
            # The unique constraint on (vote, unit) is what stops a second ballot, also when
            # two arrive at the same moment: the second insert fails and nothing is stored.
            VoterRecord.objects.create(
                vote=vote,
                unit=unit,
                cast_by=by,
                channel=channel,
                named_choices=None
                if vote.secret
                else {str(pk): approve for pk, approve in choices.items()},
            )
            ballot = Ballot.objects.create(vote=vote, receipt_hash=receipt_hash(receipt))
            BallotMark.objects.bulk_create(
                BallotMark(ballot=ballot, candidate_id=pk, approve=approve)
                for pk, approve in choices.items()
            )
    except IntegrityError:
        raise VoteError(
            _("%(unit)s has already voted; a unit has one ballot.") % {"unit": unit.short_name}
        ) from None
    return receipt


@sensitive_variables("choices", "checked")
@transaction.atomic
def cast_ballot(vote: Vote, user, choices: dict[int, bool]) -> str:
    """The unit leader casts the unit's ballot; returns the receipt (shown once, never stored
    in clear)."""
    vote = _locked(vote)
    _check_window(vote)
    if vote.is_paper:
        raise VoteError(_("This vote is on paper; its counts are entered by the bloc leader."))
    meeting = vote.meeting
    access = awards_access(user, meeting.bloc, meeting.year)
    if not access.is_member:
        raise VoteError(
            _("Only member units of the bloc in %(year)s vote.") % {"year": meeting.year}
        )
    if not access.is_unit_leader:
        raise VoteError(_("The unit's ballot is cast by its leader."))
    unit = user.unit
    attendance = Attendance.objects.filter(meeting=meeting, unit=unit).first()
    if attendance is None or attendance.status != Attendance.Status.PRESENT:
        raise VoteError(
            _(
                "%(unit)s is not recorded as present at the meeting. Ask the bloc leader to "
                "record the attendance; an absent unit votes through its written opinion."
            )
            % {"unit": unit.short_name}
        )
    checked = _check_choices(vote, choices)
    return _store_ballot(vote, unit, user, checked, VoterRecord.Channel.PORTAL)


@sensitive_variables("choices", "checked")
@transaction.atomic
def enter_written_opinion(vote: Vote, unit: MemberUnit, by, choices: dict[int, bool]) -> str:
    """The bloc leader enters the ballot of an absent unit from its written opinion, where the
    vote allows it."""
    vote = _locked(vote)
    _require_leader(by, vote.meeting)
    _check_window(vote)
    if vote.is_paper:
        raise VoteError(_("This vote is on paper; count written opinions with the paper ballots."))
    if not vote.allow_written_opinions:
        raise VoteError(_("This vote does not count written opinions."))
    attendance = Attendance.objects.filter(meeting=vote.meeting, unit=unit).first()
    if attendance is None or attendance.status != Attendance.Status.ABSENT:
        raise VoteError(_("Only an absent unit's written opinion is entered this way."))
    if not attendance.written_opinion:
        raise VoteError(_("Record the unit's written opinion in the attendance first."))
    checked = _check_choices(vote, choices)
    return _store_ballot(vote, unit, by, checked, VoterRecord.Channel.WRITTEN_OPINION)


def ballot_counted(vote: Vote, receipt: str) -> bool:
    """Whether a ballot with this receipt is in the vote (never which choices it holds)."""
    return Ballot.objects.filter(vote=vote, receipt_hash=receipt_hash(receipt)).exists()


@dataclass(frozen=True)
class PaperCounts:
    issued: int
    valid: int
    invalid: int
    approvals: dict[int, int]  # candidate id → approvals


@transaction.atomic
def record_paper_counts(vote: Vote, by, counts: PaperCounts) -> Vote:
    """The counts read from the paper ballots, checked like ballots cast in the portal."""
    vote = _locked(vote)
    _require_leader(by, vote.meeting)
    if not vote.is_paper:
        raise VoteError(_("This vote takes its ballots in the portal."))
    _check_window(vote)
    quorum = quorum_of(vote.meeting, vote.quorum_numerator, vote.quorum_denominator)
    problems = []
    if counts.issued > quorum.members:
        problems.append(
            _("%(issued)s ballots issued, but the bloc has %(members)s members.")
            % {"issued": counts.issued, "members": quorum.members}
        )
    if counts.valid + counts.invalid > counts.issued:
        problems.append(
            _("Valid and invalid ballots (%(returned)s) are more than those issued (%(issued)s).")
            % {"returned": counts.valid + counts.invalid, "issued": counts.issued}
        )
    candidates = {c.pk: c for c in vote.candidates.all()}
    if set(counts.approvals) != set(candidates):
        problems.append(_("Enter the approvals of every candidate."))
    for pk, approvals in counts.approvals.items():
        if pk in candidates and approvals > counts.valid:
            problems.append(
                _("%(name)s has more approvals (%(n)s) than there are valid ballots.")
                % {"name": candidates[pk].label, "n": approvals}
            )
    if vote.method == Vote.Method.CHOOSE:
        limit = counts.valid * (2 if vote.kind == Vote.Kind.LEADERSHIP else vote.seats)
        if sum(counts.approvals.values()) > limit:
            problems.append(
                _("The choices add up to %(sum)s, more than the valid ballots allow (%(limit)s).")
                % {"sum": sum(counts.approvals.values()), "limit": limit}
            )
    if problems:
        raise VoteError(" ".join(problems))
    vote.paper_issued, vote.paper_valid, vote.paper_invalid = (
        counts.issued,
        counts.valid,
        counts.invalid,
    )
    vote._history_user = by
    vote.save(update_fields=["paper_issued", "paper_valid", "paper_invalid"])
    for pk, candidate in candidates.items():
        candidate.paper_approvals = counts.approvals[pk]
        candidate._history_user = by
        candidate.save(update_fields=["paper_approvals"])
    return vote


# Closing --------------------------------------------------------------------------------


def _rule(vote: Vote) -> counting.Rule:
    return counting.Rule(
        threshold=vote.threshold,
        base=vote.threshold_base,
        comparison=vote.threshold_comparison,
        quorum=vote.quorum,
    )


def _tallies(vote: Vote, candidates: list[Candidate], present: int) -> tuple[dict, dict, dict]:
    """(approvals, disapprovals, ballot numbers) — read by candidate, never by ballot."""
    if vote.is_paper:
        approvals = {c.pk: c.paper_approvals or 0 for c in candidates}
        return (
            approvals,
            {},
            {
                "issued": vote.paper_issued,
                "received": (vote.paper_valid or 0) + (vote.paper_invalid or 0),
                "valid": vote.paper_valid,
                "invalid": vote.paper_invalid,
            },
        )
    marks = BallotMark.objects.filter(ballot__vote=vote).values_list("candidate_id", "approve")
    approvals: Counter = Counter()
    disapprovals: Counter = Counter()
    for candidate_id, approve in marks.order_by("candidate_id", "approve"):
        (approvals if approve else disapprovals)[candidate_id] += 1
    received = Ballot.objects.filter(vote=vote).count()
    written = VoterRecord.objects.filter(
        vote=vote, channel=VoterRecord.Channel.WRITTEN_OPINION
    ).count()
    return (
        {c.pk: approvals[c.pk] for c in candidates},
        {c.pk: disapprovals[c.pk] for c in candidates},
        {"issued": present + written, "received": received, "valid": received, "invalid": 0},
    )


def compute_result(vote: Vote, tie_break: list[int] | None = None) -> dict:
    """The count of a vote as JSON-safe data: every number the minutes need."""
    candidates = list(vote.candidates.select_related("nomination", "unit"))
    quorum = quorum_of(vote.meeting, vote.quorum_numerator, vote.quorum_denominator)
    approvals, disapprovals, ballots = _tallies(vote, candidates, quorum.present)
    written = (
        0
        if vote.is_paper
        else VoterRecord.objects.filter(
            vote=vote, channel=VoterRecord.Channel.WRITTEN_OPINION
        ).count()
    )
    rule = _rule(vote)
    if tie_break is None:
        ranks = sorted(
            (c for c in candidates if c.tie_break_rank is not None),
            key=lambda c: c.tie_break_rank,
        )
        tie_break = [c.pk for c in ranks]
    if vote.kind == Vote.Kind.LEADERSHIP:
        groups = [
            (role, [c for c in candidates if c.role == role], 1)
            for role in (Candidate.Role.LEADER, Candidate.Role.DEPUTY)
        ]
        groups = [g for g in groups if g[1]]
    else:
        groups = [("", candidates, vote.seats)]
    result_groups = []
    outcome = None
    for role, members_of_group, seats in groups:
        outcome = counting.count(
            [
                counting.CandidateCount(
                    key=c.pk,
                    approvals=approvals[c.pk],
                    disapprovals=disapprovals.get(c.pk)
                    if vote.method == Vote.Method.APPROVAL and not vote.is_paper
                    else None,
                )
                for c in members_of_group
            ],
            members=quorum.members,
            present=quorum.present,
            taking_part=quorum.present + written,
            seats=seats,
            rule=rule,
            tie_break=tie_break,
        )
        by_pk = {c.pk: c for c in members_of_group}
        result_groups.append(
            {
                "role": role,
                "seats": seats,
                "undecided": list(outcome.undecided),
                "candidates": [
                    {
                        "id": r.key,
                        "label": by_pk[r.key].label,
                        "unit_id": by_pk[r.key].unit_id,
                        "nomination_id": by_pk[r.key].nomination_id,
                        "approvals": r.approvals,
                        "disapprovals": r.disapprovals,
                        "reached": r.reached,
                        "elected": r.elected,
                        "reason": r.reason,
                        "tied": r.tied,
                    }
                    for r in outcome.candidates
                ],
            }
        )
    return {
        "members": quorum.members,
        "present": quorum.present,
        "written_opinions": written,
        "taking_part": quorum.present + written,
        "ballots": ballots,
        "quorum_numerator": vote.quorum_numerator,
        "quorum_denominator": vote.quorum_denominator,
        "quorum_needed": quorum.needed,
        "quorum_met": quorum.met,
        "threshold_percent": str(vote.threshold_percent.normalize()),
        "threshold_base": vote.threshold_base,
        "threshold_comparison": vote.threshold_comparison,
        "base": outcome.base if outcome else 0,
        "votes_needed": outcome.votes_needed if outcome else 0,
        "seats": vote.seats,
        "method": vote.method,
        "secret": vote.secret,
        "mode": vote.mode,
        "no_quorum_reason": vote.no_quorum_reason,
        "tie_break_note": vote.tie_break_note,
        "groups": result_groups,
    }


def _reshuffle_ballots(vote: Vote) -> None:
    """Write the vote's ballots again in a random order, in this (closing) transaction: their
    rows' places and transaction ids then say nothing about the order of casting."""
    ballots = list(Ballot.objects.filter(vote=vote).values_list("id", "receipt_hash"))
    marks = list(
        BallotMark.objects.filter(ballot__vote=vote).values_list(
            "ballot_id", "candidate_id", "approve"
        )
    )
    if not ballots:
        return
    by_ballot: dict = {}
    for ballot_id, candidate_id, approve in marks:
        by_ballot.setdefault(ballot_id, []).append((candidate_id, approve))
    Ballot.objects.filter(vote=vote).delete()  # marks go with them
    shuffler = random.SystemRandom()
    shuffler.shuffle(ballots)
    new_ballots = [Ballot(vote=vote, receipt_hash=digest) for _old, digest in ballots]
    Ballot.objects.bulk_create(new_ballots)
    new_marks = [
        BallotMark(ballot=new, candidate_id=candidate_id, approve=approve)
        for (old_id, _digest), new in zip(ballots, new_ballots, strict=True)
        for candidate_id, approve in by_ballot.get(old_id, [])
    ]
    shuffler.shuffle(new_marks)
    BallotMark.objects.bulk_create(new_marks)


@transaction.atomic
def close_vote(
    vote: Vote,
    by,
    *,
    no_quorum_reason: str = "",
    tie_break: list[int] | None = None,
    tie_break_note: str = "",
) -> Vote:
    """Close the vote and count it. Without quorum only with a written reason; candidates tied
    for the last seats need the chair's tie-break (TieBreakNeeded says who)."""
    vote = _locked(vote)
    _require_leader(by, vote.meeting)
    if vote.status != Vote.Status.OPEN:
        raise VoteError(_("Only an open vote can be closed."))
    if vote.is_paper and vote.paper_valid is None:
        raise VoteError(_("Enter the counts of the paper ballots before closing."))
    quorum = quorum_of(vote.meeting, vote.quorum_numerator, vote.quorum_denominator)
    reason = (no_quorum_reason or "").strip()
    if not quorum.met and not reason:
        raise VoteError(
            _(
                "The quorum is not met (%(present)s present, %(needed)s needed): closing needs "
                "a written reason, recorded in the minutes."
            )
            % {"present": quorum.present, "needed": quorum.needed}
        )
    if tie_break:
        Candidate.objects.filter(vote=vote).update(tie_break_rank=None)
        for rank, pk in enumerate(tie_break, start=1):
            Candidate.objects.filter(vote=vote, pk=pk).update(tie_break_rank=rank)
    vote.no_quorum_reason = reason if not quorum.met else ""
    vote.tie_break_note = (tie_break_note or "").strip()
    result = compute_result(vote)
    undecided = [pk for group in result["groups"] for pk in group["undecided"]]
    if undecided:
        tied = list(vote.candidates.filter(pk__in=undecided))
        raise TieBreakNeeded(
            _(
                "%(names)s are tied for the last seat(s): record the chair's tie-break to close "
                "the vote."
            )
            % {"names": ", ".join(c.label for c in tied)},
            tied,
        )
    _set_status(vote, Vote.Status.CLOSED)
    vote.closed_at = timezone.now()
    vote.closed_by = by
    vote.result = result
    vote._history_user = by
    vote.save(
        update_fields=[
            "status",
            "closed_at",
            "closed_by",
            "result",
            "no_quorum_reason",
            "tie_break_note",
        ]
    )
    _reshuffle_ballots(vote)
    _apply_result(vote, result, by)
    return vote


def _apply_result(vote: Vote, result: dict, by) -> None:
    """Nominations follow the count; an election sets next year's leadership."""
    for group in result["groups"]:
        for c in group["candidates"]:
            if not c["nomination_id"]:
                continue
            nomination = Nomination.objects.select_for_update().get(pk=c["nomination_id"])
            if nomination.status == Nomination.Status.PROPOSED:
                nomination.set_status(
                    Nomination.Status.PASSED if c["elected"] else Nomination.Status.NOT_PASSED
                )
                nomination._history_user = by
                nomination.save(update_fields=["status", "updated_at"])
    if vote.kind == Vote.Kind.LEADERSHIP:
        _set_next_leadership(vote, result)


def _set_next_leadership(vote: Vote, result: dict) -> None:
    from blocs.models import Membership
    from blocs.services import carry_memberships_forward, set_leadership

    elected = {
        group["role"]: c["unit_id"]
        for group in result["groups"]
        for c in group["candidates"]
        if c["elected"]
    }
    leader_id = elected.get(Candidate.Role.LEADER)
    if not leader_id:
        return
    meeting = vote.meeting
    year = meeting.year + 1
    if not Membership.objects.filter(bloc_id=meeting.bloc_id, year=year).exists():
        carry_memberships_forward(meeting.bloc, meeting.year, year)
    deputy_id = elected.get(Candidate.Role.DEPUTY)
    try:
        set_leadership(
            meeting.bloc,
            year,
            MemberUnit.objects.get(pk=leader_id),
            MemberUnit.objects.get(pk=deputy_id) if deputy_id else None,
        )
    except ValidationError as exc:
        raise VoteError(
            _("The election's result cannot become %(year)s's leadership: %(why)s")
            % {"year": year, "why": " ".join(exc.messages)}
        ) from None
