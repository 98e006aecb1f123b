"""Counting a vote: pure functions of numbers, no database (property-tested in
tests/awards/test_counting.py).

The rule of a vote (DOMAIN "Awards and votes", held as data on each vote):

- quorum: at least `quorum` (e.g. 2/3) of the members present; 2/3 of 14 needs 10;
- a candidate reaches the threshold with approvals "at least" or "more than" `threshold`
  (e.g. 80 %) of the base: all members, or the members taking part (present, plus absent
  members whose written opinion was counted); nobody passes with no approval at all;
- when more candidates reach it than there are seats (the quota), the seats go to the most
  approvals; candidates tied for the last seats are ordered by the chair's recorded tie-break,
  and without one the count is undecided for them.

Fractions keep the arithmetic exact: 2/3 of 14 is 28/3, never 9.333….
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction

AT_LEAST = "at_least"
MORE_THAN = "more_than"
MEMBERS = "members"
PRESENT = "present"

# Why a candidate was or was not elected (the minutes and pages say it in words).
ELECTED = "elected"
ELECTED_BY_TIE_BREAK = "elected_by_tie_break"
BELOW_THRESHOLD = "below_threshold"
BEYOND_QUOTA = "beyond_quota"
LOST_TIE_BREAK = "lost_tie_break"
TIE_UNDECIDED = "tie_undecided"


@dataclass(frozen=True)
class Rule:
    threshold: Fraction  # 4/5 for 80 %
    base: str  # MEMBERS or PRESENT
    comparison: str  # AT_LEAST or MORE_THAN
    quorum: Fraction  # 2/3

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 1:
            raise ValueError("The threshold is a share from 0 to 1.")
        if not 0 < self.quorum <= 1:
            raise ValueError("The quorum is a share above 0 and at most 1.")
        if self.base not in (MEMBERS, PRESENT) or self.comparison not in (AT_LEAST, MORE_THAN):
            raise ValueError("Unknown base or comparison.")


def quorum_needed(members: int, quorum: Fraction) -> int:
    """How many members must be present: the smallest whole number ≥ quorum × members."""
    return math.ceil(Fraction(members) * quorum)


def has_quorum(present: int, members: int, quorum: Fraction) -> bool:
    return present >= quorum_needed(members, quorum)


def votes_needed(base: int, threshold: Fraction, comparison: str) -> int:
    """The fewest approvals that reach the threshold over the base (never fewer than one)."""
    share = Fraction(base) * threshold
    needed = math.ceil(share) if comparison == AT_LEAST else math.floor(share) + 1
    return max(needed, 1)


def reaches(approvals: int, base: int, threshold: Fraction, comparison: str) -> bool:
    return approvals >= votes_needed(base, threshold, comparison)


@dataclass(frozen=True)
class CandidateCount:
    key: Hashable
    approvals: int
    disapprovals: int | None = None  # approve/disapprove ballots only


@dataclass(frozen=True)
class CandidateResult:
    key: Hashable
    approvals: int
    disapprovals: int | None
    reached: bool  # reached the threshold
    elected: bool
    reason: str  # ELECTED, BELOW_THRESHOLD, ...
    tied: bool  # tied with another candidate for the last seats


@dataclass(frozen=True)
class Outcome:
    members: int
    present: int
    base: int
    quorum_needed: int
    quorum_met: bool
    votes_needed: int
    seats: int
    candidates: tuple[CandidateResult, ...]
    undecided: tuple[Hashable, ...]  # tied for the last seats, no tie-break recorded
    used_tie_break: bool

    @property
    def needs_tie_break(self) -> bool:
        return bool(self.undecided)

    @property
    def elected(self) -> tuple[Hashable, ...]:
        return tuple(c.key for c in self.candidates if c.elected)


def count(
    candidates: Sequence[CandidateCount],
    *,
    members: int,
    present: int,
    seats: int,
    rule: Rule,
    taking_part: int | None = None,
    tie_break: Sequence[Hashable] = (),
) -> Outcome:
    """The result of a vote, every number a reader needs.

    members: members of the bloc in the year; present: members present at the meeting;
    taking_part: present plus absent members whose written opinion was counted (defaults to
    present), the base when the rule counts over those taking part; tie_break: the chair's
    order of preference (best first) of candidates tied for the last seats.
    """
    if seats < 1:
        raise ValueError("A vote has at least one seat.")
    if not 0 <= present <= members:
        raise ValueError("The members present are between none and all.")
    taking_part = present if taking_part is None else taking_part
    base = members if rule.base == MEMBERS else taking_part
    needed = votes_needed(base, rule.threshold, rule.comparison)
    reached = [c for c in candidates if c.approvals >= needed]
    by_votes = sorted(reached, key=lambda c: -c.approvals)
    elected: set = set()
    tied: set = set()
    lost_tie: set = set()
    won_tie: set = set()
    undecided: tuple = ()
    used_tie_break = False
    if len(by_votes) <= seats:
        elected = {c.key for c in by_votes}
    else:
        last = by_votes[seats - 1].approvals  # approvals of the last seat
        above = [c for c in by_votes if c.approvals > last]
        at_last = [c for c in by_votes if c.approvals == last]
        elected = {c.key for c in above}
        remaining = seats - len(above)
        if len(at_last) > remaining:
            tied = {c.key for c in at_last}
            order = list(dict.fromkeys(k for k in tie_break if k in tied))
            if len(order) == len(tied):
                used_tie_break = True
                won_tie = set(order[:remaining])
                lost_tie = tied - won_tie
                elected |= won_tie
            else:
                undecided = tuple(c.key for c in at_last)
        else:
            elected |= {c.key for c in at_last}
    results = []
    for c in candidates:
        if c.approvals < needed:
            reason = BELOW_THRESHOLD
        elif c.key in won_tie:
            reason = ELECTED_BY_TIE_BREAK
        elif c.key in elected:
            reason = ELECTED
        elif c.key in lost_tie:
            reason = LOST_TIE_BREAK
        elif c.key in undecided:
            reason = TIE_UNDECIDED
        else:
            reason = BEYOND_QUOTA
        results.append(
            CandidateResult(
                key=c.key,
                approvals=c.approvals,
                disapprovals=c.disapprovals,
                reached=c.approvals >= needed,
                elected=c.key in elected,
                reason=reason,
                tied=c.key in tied,
            )
        )
    return Outcome(
        members=members,
        present=present,
        base=base,
        quorum_needed=quorum_needed(members, rule.quorum),
        quorum_met=has_quorum(present, members, rule.quorum),
        votes_needed=needed,
        seats=seats,
        candidates=tuple(results),
        undecided=undecided,
        used_tie_break=used_tie_break,
    )
