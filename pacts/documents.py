"""The signed pact as a PDF document: the snapshot it is rendered from, and who may see it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from blocs.models import SuperiorBody
from khoi_thi_dua.collation import sorted_by_province
from khoi_thi_dua.numbers import plain_number
from pacts.access import can_view_pact
from pacts.models import Pact


def build_payload(pact: Pact) -> dict:
    """Everything the pact PDF shows, as JSON: the document's hash is taken over this."""
    from blocs.models import BlocYear

    leadership = (
        BlocYear.objects.filter(bloc=pact.bloc, year=pact.year)
        .select_related("leader", "deputy")
        .first()
    )
    superior = SuperiorBody.for_year(pact.year)
    groups = pact.criteria_groups.prefetch_related("criteria")
    registrations = {
        r.unit_id: r for r in pact.registrations.prefetch_related("targets", "award_types")
    }
    signatures = {s.unit_id: s for s in pact.signatures.filter(invalidated_at__isnull=True)}
    indicators = list(pact.indicators.order_by("display_order", "code"))
    members = []
    from pacts.services import members as pact_members

    for unit in sorted_by_province(pact_members(pact)):
        registration = registrations.get(unit.pk)
        targets = (
            {t.indicator_id: t.target for t in registration.targets.all()} if registration else {}
        )
        signature = signatures.get(unit.pk)
        members.append(
            {
                "name": unit.name,
                "short_name": unit.short_name,
                "targets": [
                    {
                        "value": plain_number(targets[i.pk]) if i.pk in targets else "",
                        "decimals": i.decimals,
                    }
                    for i in indicators
                ],
                "award_types": [a.name_vi for a in registration.award_types.all()]
                if registration
                else [],
                "note": registration.note if registration else "",
                "signature": {
                    "name": signature.signer_name,
                    "title": signature.signer_title,
                    "at": timezone.localtime(signature.signed_at).strftime("%H:%M %d/%m/%Y"),
                }
                if signature
                else None,
            }
        )
    signed_at = timezone.localtime(pact.signed_at) if pact.signed_at else None
    return {
        "bloc": pact.bloc.name,
        "year": pact.year,
        "title": pact.title,
        "number": pact.number,
        "place": pact.place,
        "date": signed_at.date().isoformat() if signed_at else None,
        "superior_body": superior.name if superior else "",
        "leader": leadership.leader.name if leadership else "",
        "leader_signer": next(
            (
                m["signature"]
                for m in members
                if leadership and m["name"] == leadership.leader.name and m["signature"]
            ),
            None,
        ),
        "preamble_lines": [line.strip() for line in pact.preamble.splitlines() if line.strip()],
        "clauses": [c.text for c in pact.clauses.all()],
        "total_points": plain_number(pact.total_points),
        "bonus_cap": plain_number(pact.bonus_cap),
        "penalty_cap": plain_number(pact.penalty_cap),
        "groups": [
            {
                "title": g.title,
                "criteria": [
                    {
                        "text": c.text,
                        "max_points": plain_number(c.max_points),
                        "guidance": c.guidance,
                    }
                    for c in g.criteria.all()
                ],
            }
            for g in groups
        ],
        "bonuses": [
            {"text": a.text, "max_points": plain_number(a.max_points)}
            for a in pact.adjustments.filter(kind="bonus")
        ],
        "penalties": [
            {"text": a.text, "max_points": plain_number(a.max_points)}
            for a in pact.adjustments.filter(kind="penalty")
        ],
        "indicators": [
            {"name": i.name_vi, "unit": i.unit_vi, "decimals": i.decimals} for i in indicators
        ],
        "members": members,
    }


def title(pact: Pact) -> str:
    return pact.title


def filename(pact: Pact, version: int) -> str:
    return f"giao-uoc-{pact.year}-{slugify(pact.bloc.code)}-v{version}.pdf"


def can_view(user, pact: Pact) -> bool:
    return can_view_pact(user, pact)


def bloc_of(pact: Pact):
    return pact.bloc
