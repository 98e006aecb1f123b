"""Who may do what, written as rules over the world's facts (membership and leadership by
year, the persona's unit and flags), independently of the portal's access code.

A rule is a predicate (persona, subject, world) -> bool with a readable name; rules combine
with | (or), & (and) and ~ (not). The subject is what a URL variant is about: a bloc and a
year, a unit that owns the object, and flags such as "editable".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Subject:
    bloc: str | None = None  # "x" or "y"
    year: int | None = None
    unit: str | None = None  # the unit that owns the object ("a", "b", ...)
    flags: frozenset = field(default_factory=frozenset)

    def has(self, flag: str) -> bool:
        return flag in self.flags


def subject(bloc=None, year=None, unit=None, *flags) -> Subject:
    return Subject(bloc=bloc, year=year, unit=unit, flags=frozenset(flags))


@dataclass(frozen=True)
class Rule:
    name: str
    test: Callable

    def __call__(self, persona, subj: Subject, world) -> bool:
        return bool(self.test(persona, subj, world))

    def __or__(self, other: Rule) -> Rule:
        return Rule(f"{self.name} or {other.name}", lambda p, s, w: self(p, s, w) or other(p, s, w))

    def __and__(self, other: Rule) -> Rule:
        return Rule(
            f"({self.name}) and ({other.name})", lambda p, s, w: self(p, s, w) and other(p, s, w)
        )

    def __invert__(self) -> Rule:
        return Rule(f"not {self.name}", lambda p, s, w: not self(p, s, w))

    def __str__(self) -> str:
        return self.name


def _member(p, s, w, year=None) -> bool:
    return p.works_for_unit and p.unit in w.members.get((s.bloc, year or s.year), ())


ANYONE = Rule("anyone", lambda p, s, w: True)
NOBODY = Rule("nobody", lambda p, s, w: False)
SIGNED_IN = Rule("signed in", lambda p, s, w: not p.anonymous)
READS_ALL = Rule("ministry or admin", lambda p, s, w: p.reads_everything)
ADMIN = Rule("admin", lambda p, s, w: p.admin)
WORKS_FOR_UNIT = Rule("works for a unit", lambda p, s, w: p.works_for_unit)
MEMBER = Rule("member of the bloc that year", _member)
MEMBER_EVER = Rule(
    "member of the bloc in some year",
    lambda p, s, w: (
        p.works_for_unit
        and any(p.unit in units for (bloc, _y), units in w.members.items() if bloc == s.bloc)
    ),
)
LEADER = Rule(
    "bloc leader that year",
    lambda p, s, w: p.works_for_unit and w.leaders.get((s.bloc, s.year)) == p.unit,
)
OWN_UNIT = Rule("own unit", lambda p, s, w: p.works_for_unit and p.unit == s.unit)
UNIT_LEADER = Rule("unit leader", lambda p, s, w: p.works_for_unit and p.unit_leader)
SHARES_A_BLOC_EVER = Rule(
    "own unit or shares a bloc with it in some year",
    lambda p, s, w: (
        p.works_for_unit
        and (
            p.unit == s.unit
            or any(p.unit in units and s.unit in units for units in w.members.values())
        )
    ),
)
LEADS_WITHOUT_PACT = Rule(
    "leads a bloc this year or later that has no pact",
    lambda p, s, w: (
        p.works_for_unit
        and any(
            unit == p.unit and year >= w.year and (bloc, year) not in w.pacts
            for (bloc, year), unit in w.leaders.items()
        )
    ),
)


def flag(name: str) -> Rule:
    return Rule(name, lambda p, s, w: s.has(name))


EDITABLE = flag("editable")
