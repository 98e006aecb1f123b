"""The bloc's scores and ranking of a year: each member's self-score (from its annual report)
next to the bloc-agreed score (entered by the bloc leader), totals with the pact's caps on
bonus and penalty points, and the ranking, ties shown as ties.

`bloc_ranking` runs the same few queries whatever the number of members or criteria; the
consolidated bloc report and the awards pages both read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from blocs.models import Bloc, Membership, MemberUnit
from khoi_thi_dua.collation import vietnamese_sort_key

ZERO = Decimal(0)


@dataclass(frozen=True)
class ScoreLines:
    """The points of one member, by kind of item."""

    criteria: tuple[Decimal, ...] = ()
    bonuses: tuple[Decimal, ...] = ()
    penalties: tuple[Decimal, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.criteria or self.bonuses or self.penalties)


def capped_total(lines: ScoreLines, bonus_cap: Decimal, penalty_cap: Decimal) -> Decimal:
    """Criteria points, plus bonus points up to the cap, minus penalty points up to the cap."""
    bonus = min(sum(lines.bonuses, ZERO), bonus_cap)
    penalty = min(sum(lines.penalties, ZERO), penalty_cap)
    return sum(lines.criteria, ZERO) + bonus - penalty


@dataclass(frozen=True)
class RankedMember:
    unit: MemberUnit
    unit_name: str  # the name the unit's annual report was filed under, else its current name
    self_total: Decimal | None  # None: no self-score
    agreed_total: Decimal | None  # None: no agreed score yet
    rank: int | None  # None: not scored by the bloc yet (listed last)
    tied: bool  # shares its rank with another member
    agreed_items: int = 0  # criteria with an agreed score
    criteria_count: int = 0  # criteria of the year's scoring table

    @property
    def is_complete(self) -> bool:
        """Every criterion of the scoring table has an agreed score."""
        return self.criteria_count > 0 and self.agreed_items >= self.criteria_count


def rank_totals(totals: dict, name_of) -> list[tuple[object, int, bool]]:
    """Standard competition ranking (1, 2, 2, 4) of {key: total}, highest first; equal totals
    share a rank and are listed in Vietnamese alphabet order. Returns (key, rank, tied)."""
    ordered = sorted(totals, key=lambda k: (-totals[k], vietnamese_sort_key(name_of(k))))
    counts: dict[Decimal, int] = defaultdict(int)
    for key in ordered:
        counts[totals[key]] += 1
    ranked, rank = [], 0
    for position, key in enumerate(ordered, start=1):
        if position == 1 or totals[key] != totals[ordered[position - 2]]:
            rank = position
        ranked.append((key, rank, counts[totals[key]] > 1))
    return ranked


def _lines(rows: Iterable[dict], unit_key: str) -> dict[int, ScoreLines]:
    collected: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["criterion_id"] is not None:
            kind = "criteria"
        elif row["adjustment__kind"] == "bonus":
            kind = "bonuses"
        else:
            kind = "penalties"
        collected[row[unit_key]][kind].append(row["points"])
    return {
        unit_id: ScoreLines(
            criteria=tuple(kinds["criteria"]),
            bonuses=tuple(kinds["bonuses"]),
            penalties=tuple(kinds["penalties"]),
        )
        for unit_id, kinds in collected.items()
    }


def bloc_ranking(bloc: Bloc, year: int) -> list[RankedMember]:
    """The members of the bloc in the year, in ranking order by agreed total; members the bloc
    has not scored yet come last (rank None), in alphabet order. Six queries, whatever the
    number of members or criteria."""
    from awards.models import AgreedScore
    from pacts.models import Pact
    from reports.models import ReportingPeriod, SelfScore, UnitReport

    members = [
        m.unit for m in Membership.objects.filter(bloc=bloc, year=year).select_related("unit")
    ]
    pact = (
        Pact.objects.filter(bloc=bloc, year=year)
        .annotate(criteria_count=Count("criteria_groups__criteria"))
        .first()
    )
    fy = {
        "report__period__bloc": bloc,
        "report__period__year": year,
        "report__period__kind": ReportingPeriod.Kind.FY,
    }
    filed_names = dict(
        UnitReport.objects.filter(
            period__bloc=bloc, period__year=year, period__kind=ReportingPeriod.Kind.FY
        ).values_list("unit_id", "unit_name")
    )
    self_lines: dict[int, ScoreLines] = {}
    agreed_lines: dict[int, ScoreLines] = {}
    if pact is not None:
        self_lines = _lines(
            SelfScore.objects.filter(**fy).values(
                "report__unit_id", "criterion_id", "adjustment__kind", "points"
            ),
            "report__unit_id",
        )
        agreed_lines = _lines(
            AgreedScore.objects.filter(pact=pact).values(
                "unit_id", "criterion_id", "adjustment__kind", "points"
            ),
            "unit_id",
        )
    caps = (pact.bonus_cap, pact.penalty_cap) if pact else (ZERO, ZERO)
    criteria_count = pact.criteria_count if pact else 0
    by_id = {unit.pk: unit for unit in members}

    def name_of(unit_id: int) -> str:
        return filed_names.get(unit_id) or by_id[unit_id].name

    agreed = {
        unit_id: capped_total(agreed_lines[unit_id], *caps)
        for unit_id in by_id
        if unit_id in agreed_lines
    }
    ranked = rank_totals(agreed, name_of)
    unscored = sorted(
        (unit_id for unit_id in by_id if unit_id not in agreed),
        key=lambda unit_id: vietnamese_sort_key(name_of(unit_id)),
    )
    ranked.extend((unit_id, None, False) for unit_id in unscored)
    return [
        RankedMember(
            unit=by_id[unit_id],
            unit_name=name_of(unit_id),
            self_total=capped_total(self_lines[unit_id], *caps) if unit_id in self_lines else None,
            agreed_total=agreed.get(unit_id),
            rank=rank,
            tied=tied,
            agreed_items=len(agreed_lines[unit_id].criteria) if unit_id in agreed_lines else 0,
            criteria_count=criteria_count,
        )
        for unit_id, rank, tied in ranked
    ]


def nominations_for(bloc: Bloc, year: int):
    """The bloc-year's nominations (not the withdrawn ones) in display order: by award type,
    then passed before the others, then nominee. Each has .award_type, .nominee_label,
    .status / .get_status_display(), and the ministry's decision fields."""
    from django.db.models import Case, IntegerField, Value, When

    from awards.models import Nomination

    S = Nomination.Status
    order = Case(
        When(status=S.AWARDED, then=Value(0)),
        When(status=S.PASSED, then=Value(1)),
        When(status=S.NOT_AWARDED, then=Value(2)),
        When(status=S.PROPOSED, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    nominations = (
        Nomination.objects.filter(bloc=bloc, year=year)
        .exclude(status=S.WITHDRAWN)
        .select_related("award_type", "unit")
        .annotate(status_order=order)
        .order_by("award_type__display_order", "award_type__code", "status_order")
    )
    return sorted(
        nominations,
        key=lambda n: (
            n.award_type.display_order,
            n.award_type.code,
            n.status_order,
            vietnamese_sort_key(n.nominee_label),
        ),
    )
