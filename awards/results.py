"""Reading a closed vote's stored count for the pages: every number, and in words who was
elected and why. (The minutes PDF says the same in Vietnamese from the same data.)"""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext as _

from awards import counting
from khoi_thi_dua.numbers import format_number


def reason_text(candidate: dict, result: dict) -> str:
    needed = result["votes_needed"]
    return {
        counting.ELECTED: _("reached the threshold (%(n)s needed) and is within the quota"),
        counting.ELECTED_BY_TIE_BREAK: _(
            "reached the threshold, tied for the last seat, chosen by the chair's tie-break"
        ),
        counting.BELOW_THRESHOLD: _("below the threshold: %(n)s approvals were needed"),
        counting.BEYOND_QUOTA: _("reached the threshold but others had more approvals"),
        counting.LOST_TIE_BREAK: _("reached the threshold, tied, not chosen by the chair"),
        counting.TIE_UNDECIDED: _("tied for the last seat"),
    }[candidate["reason"]] % {"n": needed}


def share(approvals: int, base: int) -> str:
    if not base:
        return "—"
    percent = Fraction(approvals * 100, base)
    return format_number(round(percent.numerator / percent.denominator, 2), 2) + "%"


def rows(result: dict) -> list[dict]:
    """Candidates of every group, most approvals first, with the reason in words."""
    from awards.models import Candidate

    roles = dict(Candidate.Role.choices)
    out = []
    for group in result["groups"]:
        for c in sorted(group["candidates"], key=lambda c: -c["approvals"]):
            out.append(
                {
                    **c,
                    "role_label": roles.get(group["role"], "") if group["role"] else "",
                    "share": share(c["approvals"], result["base"]),
                    "reason_text": reason_text(c, result),
                }
            )
    return out


def rule_text(result: dict) -> str:
    from awards.models import VoteRule

    return _(
        "%(comparison)s %(percent)s%% %(base)s (%(needed)s of %(count)s); quorum "
        "%(num)s/%(den)s of the members present (%(quorum)s of %(members)s)"
    ) % {
        "comparison": VoteRule.Comparison(result["threshold_comparison"]).label,
        "percent": format_number(result["threshold_percent"]),
        "base": VoteRule.Base(result["threshold_base"]).label,
        "needed": result["votes_needed"],
        "count": result["base"],
        "num": result["quorum_numerator"],
        "den": result["quorum_denominator"],
        "quorum": result["quorum_needed"],
        "members": result["members"],
    }
