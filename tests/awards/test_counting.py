"""Counting a vote (awards.counting): thresholds with both bases and both comparisons, the
quorum's edges, quotas overflowing and ties settled by the chair. Expectations are computed
here by brute force over whole numbers, not with the module's formulas."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awards import counting
from awards.counting import (
    AT_LEAST,
    BELOW_THRESHOLD,
    BEYOND_QUOTA,
    ELECTED,
    ELECTED_BY_TIE_BREAK,
    LOST_TIE_BREAK,
    MEMBERS,
    MORE_THAN,
    PRESENT,
    TIE_UNDECIDED,
    CandidateCount,
    Rule,
)

percents = st.integers(min_value=0, max_value=100)
comparisons = st.sampled_from([AT_LEAST, MORE_THAN])
bases = st.sampled_from([MEMBERS, PRESENT])


def brute_needed(base: int, percent: int, comparison: str) -> int:
    """The fewest approvals k ≥ 1 with k/base ≥ percent% (or > percent%), by trying each k:
    k × 100 against percent × base, whole numbers only."""
    for k in range(1, base + 2):
        if comparison == AT_LEAST and k * 100 >= percent * base:
            return k
        if comparison == MORE_THAN and k * 100 > percent * base:
            return k
    raise AssertionError("unreachable: base + 1 approvals are more than any share of base")


@pytest.mark.parametrize(
    ("members", "numerator", "denominator", "needed"),
    [
        (14, 2, 3, 10),  # 28/3 = 9.33… → 10
        (11, 2, 3, 8),  # 22/3 = 7.33… → 8
        (12, 2, 3, 8),  # exactly 8
        (9, 2, 3, 6),
        (7, 1, 2, 4),
        (1, 2, 3, 1),
        (0, 2, 3, 0),
    ],
)
def test_quorum_edges(members, numerator, denominator, needed):
    quorum = Fraction(numerator, denominator)
    assert counting.quorum_needed(members, quorum) == needed
    assert counting.has_quorum(needed, members, quorum)
    if needed:
        assert not counting.has_quorum(needed - 1, members, quorum)


@given(members=st.integers(0, 60), numerator=st.integers(1, 10), extra=st.integers(0, 10))
def test_quorum_is_the_smallest_whole_number_of_members_reaching_the_share(
    members, numerator, extra
):
    denominator = numerator + extra
    quorum = Fraction(numerator, denominator)
    needed = counting.quorum_needed(members, quorum)
    # The smallest p with p / members ≥ numerator / denominator, in whole numbers.
    expected = next(p for p in range(members + 1) if p * denominator >= numerator * members)
    assert needed == expected
    for present in range(members + 1):
        assert counting.has_quorum(present, members, quorum) == (present >= expected)


@pytest.mark.parametrize(
    ("base", "percent", "comparison", "needed"),
    [
        (11, 80, AT_LEAST, 9),  # flag: 8.8 → 9
        (10, 80, AT_LEAST, 8),  # exactly 8 is "at least"
        (10, 80, MORE_THAN, 9),  # but not "more than"
        (11, 50, MORE_THAN, 6),  # certificate: more than 5.5
        (10, 50, MORE_THAN, 6),  # more than half of 10 is 6
        (10, 50, AT_LEAST, 5),
        (14, 80, AT_LEAST, 12),  # 11.2 → 12
        (5, 0, AT_LEAST, 1),  # nobody passes with no approval at all
        (5, 100, AT_LEAST, 5),
        (5, 100, MORE_THAN, 6),  # nobody can pass "more than all"
    ],
)
def test_votes_needed_examples(base, percent, comparison, needed):
    assert counting.votes_needed(base, Fraction(percent, 100), comparison) == needed


@given(base=st.integers(0, 80), percent=percents, comparison=comparisons)
def test_votes_needed_matches_brute_force(base, percent, comparison):
    needed = counting.votes_needed(base, Fraction(percent, 100), comparison)
    assert needed == brute_needed(base, percent, comparison)
    for approvals in range(base + 1):
        assert counting.reaches(approvals, base, Fraction(percent, 100), comparison) == (
            approvals >= needed
        )


@given(
    members=st.integers(1, 30),
    data=st.data(),
    percent=percents,
    comparison=comparisons,
    base_kind=bases,
)
def test_the_base_is_all_members_or_those_taking_part(
    members, data, percent, comparison, base_kind
):
    present = data.draw(st.integers(0, members))
    written = data.draw(st.integers(0, members - present))
    approvals = data.draw(st.integers(0, present + written))
    rule = Rule(Fraction(percent, 100), base_kind, comparison, Fraction(2, 3))
    outcome = counting.count(
        [CandidateCount("x", approvals)],
        members=members,
        present=present,
        taking_part=present + written,
        seats=1,
        rule=rule,
    )
    base = members if base_kind == MEMBERS else present + written
    assert outcome.base == base
    assert outcome.votes_needed == brute_needed(base, percent, comparison)
    assert outcome.candidates[0].reached == (approvals >= brute_needed(base, percent, comparison))
    assert outcome.quorum_needed == -(-members * 2 // 3)
    assert outcome.quorum_met == (present * 3 >= members * 2)


def test_flag_at_least_80_percent_of_all_members_not_of_those_present():
    rule = Rule(Fraction(80, 100), MEMBERS, AT_LEAST, Fraction(2, 3))
    # 11 members, 9 present: all 9 present approve → 9 of 11 = 81.8 % ≥ 80 %.
    passed = counting.count([CandidateCount("a", 9)], members=11, present=9, seats=1, rule=rule)
    assert passed.elected == ("a",)
    # 8 of 9 present is 88.9 % of those present, but 72.7 % of all members: not enough.
    failed = counting.count([CandidateCount("a", 8)], members=11, present=9, seats=1, rule=rule)
    assert failed.elected == () and failed.candidates[0].reason == BELOW_THRESHOLD


def test_quota_overflow_goes_to_the_most_approvals():
    rule = Rule(Fraction(1, 2), MEMBERS, MORE_THAN, Fraction(2, 3))
    outcome = counting.count(
        [
            CandidateCount("a", 9),
            CandidateCount("b", 11),
            CandidateCount("c", 7),
            CandidateCount("d", 5),  # below: more than 5.5 of 11 needs 6
        ],
        members=11,
        present=11,
        seats=2,
        rule=rule,
    )
    reasons = {c.key: c.reason for c in outcome.candidates}
    assert reasons == {"a": ELECTED, "b": ELECTED, "c": BEYOND_QUOTA, "d": BELOW_THRESHOLD}
    assert set(outcome.elected) == {"a", "b"} and not outcome.needs_tie_break


def test_a_tie_for_the_last_seat_waits_for_the_chair_then_follows_the_chairs_order():
    rule = Rule(Fraction(1, 2), MEMBERS, MORE_THAN, Fraction(2, 3))
    tallies = [CandidateCount("a", 10), CandidateCount("b", 8), CandidateCount("c", 8)]
    undecided = counting.count(tallies, members=11, present=11, seats=2, rule=rule)
    assert undecided.needs_tie_break and set(undecided.undecided) == {"b", "c"}
    assert undecided.elected == ("a",)
    assert {c.key: c.reason for c in undecided.candidates}["b"] == TIE_UNDECIDED
    decided = counting.count(
        tallies, members=11, present=11, seats=2, rule=rule, tie_break=["c", "b"]
    )
    reasons = {c.key: c.reason for c in decided.candidates}
    assert reasons == {"a": ELECTED, "c": ELECTED_BY_TIE_BREAK, "b": LOST_TIE_BREAK}
    assert decided.used_tie_break and not decided.needs_tie_break
    # A tie-break that leaves out a tied candidate decides nothing.
    partial = counting.count(tallies, members=11, present=11, seats=2, rule=rule, tie_break=["c"])
    assert partial.needs_tie_break


def test_a_tie_within_the_quota_needs_no_tie_break():
    rule = Rule(Fraction(1, 2), MEMBERS, MORE_THAN, Fraction(2, 3))
    outcome = counting.count(
        [CandidateCount("a", 8), CandidateCount("b", 8)], members=11, present=11, seats=2, rule=rule
    )
    assert set(outcome.elected) == {"a", "b"} and not outcome.needs_tie_break


@settings(max_examples=300)
@given(
    members=st.integers(1, 20),
    seats=st.integers(1, 4),
    percent=percents,
    comparison=comparisons,
    base_kind=bases,
    data=st.data(),
)
def test_quota_and_ties_properties(members, seats, percent, comparison, base_kind, data):
    present = data.draw(st.integers(0, members))
    keys = list(range(data.draw(st.integers(0, 7))))
    tallies = [CandidateCount(k, data.draw(st.integers(0, present))) for k in keys]
    use_tie_break = data.draw(st.booleans())
    order = data.draw(st.permutations(keys)) if use_tie_break else []
    rule = Rule(Fraction(percent, 100), base_kind, comparison, Fraction(2, 3))
    outcome = counting.count(
        tallies, members=members, present=present, seats=seats, rule=rule, tie_break=order
    )
    needed = brute_needed(members if base_kind == MEMBERS else present, percent, comparison)
    approvals = {c.key: c.approvals for c in tallies}
    reached = {k for k in keys if approvals[k] >= needed}
    elected = set(outcome.elected)

    # Nobody below the threshold is elected, and never more than the seats.
    assert elected <= reached
    assert len(elected) <= seats
    # Everyone who reached it is elected when they fit in the quota.
    if len(reached) <= seats:
        assert elected == reached and not outcome.needs_tie_break
    else:
        # The quota is filled unless a tie for the last seats is left to the chair.
        if outcome.needs_tie_break:
            assert not use_tie_break
            assert len(elected) < seats
        else:
            assert len(elected) == seats
        # No one left out has more approvals than someone elected.
        if elected:
            lowest_elected = min(approvals[k] for k in elected)
            assert all(approvals[k] <= lowest_elected for k in reached - elected)
        # With the chair's order, ties go to the chair's earlier choice.
        if use_tie_break:
            for k in reached - elected:
                for e in elected:
                    if approvals[k] == approvals[e]:
                        assert order.index(e) < order.index(k)
    # Candidates left undecided are exactly the ones tied at the last seats' count.
    if outcome.needs_tie_break:
        tied_counts = {approvals[k] for k in outcome.undecided}
        assert len(tied_counts) == 1
        assert len(outcome.undecided) > seats - len(elected)


def test_rule_refuses_impossible_settings():
    with pytest.raises(ValueError):
        Rule(Fraction(3, 2), MEMBERS, AT_LEAST, Fraction(2, 3))
    with pytest.raises(ValueError):
        Rule(Fraction(1, 2), "everyone", AT_LEAST, Fraction(2, 3))
    with pytest.raises(ValueError):
        counting.count([], members=3, present=4, seats=1, rule=Rule(0, MEMBERS, AT_LEAST, 1))


@given(members=st.integers(1, 20), data=st.data())
def test_counting_is_independent_of_the_order_candidates_are_given(members, data):
    present = data.draw(st.integers(0, members))
    tallies = [CandidateCount(k, data.draw(st.integers(0, present))) for k in range(5)]
    shuffled = data.draw(st.permutations(tallies))
    rule = Rule(Fraction(1, 2), MEMBERS, MORE_THAN, Fraction(2, 3))
    tie_break = list(range(5))
    first = counting.count(
        tallies, members=members, present=present, seats=2, rule=rule, tie_break=tie_break
    )
    second = counting.count(
        shuffled, members=members, present=present, seats=2, rule=rule, tie_break=tie_break
    )
    assert set(first.elected) == set(second.elected)
