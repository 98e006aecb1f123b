"""Workflows across bloc models: carrying membership into a new year, setting a year's leadership."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from blocs.models import Bloc, BlocYear, Membership, MemberUnit


@transaction.atomic
def carry_memberships_forward(bloc: Bloc, from_year: int, to_year: int) -> list[Membership]:
    """Copy a bloc's active members of from_year into to_year.

    Units that are inactive, merged away, or already in a bloc in to_year are skipped; the
    copied rows are returned.
    """
    taken = set(Membership.objects.filter(year=to_year).values_list("unit_id", flat=True))
    created = []
    for membership in (
        Membership.objects.select_for_update()
        .filter(bloc=bloc, year=from_year, unit__active=True, unit__successor__isnull=True)
        .order_by("unit_id")
    ):
        if membership.unit_id in taken:
            continue
        created.append(Membership(bloc=bloc, unit_id=membership.unit_id, year=to_year))
    return Membership.objects.bulk_create(created)


@transaction.atomic
def set_leadership(
    bloc: Bloc, year: int, leader: MemberUnit, deputy: MemberUnit | None = None
) -> BlocYear:
    """Create or replace the leader and deputy of a bloc for a year; both must be members."""
    bloc_year = BlocYear.objects.select_for_update().filter(
        bloc=bloc, year=year
    ).first() or BlocYear(bloc=bloc, year=year)
    bloc_year.leader = leader
    bloc_year.deputy = deputy
    bloc_year.full_clean()
    bloc_year.save()
    return bloc_year


def add_member(bloc: Bloc, unit: MemberUnit, year: int) -> Membership:
    """Add a unit to a bloc for a year, refusing a second bloc in the same year with a reason."""
    membership = Membership(bloc=bloc, unit=unit, year=year)
    try:
        membership.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.messages or [_("This membership is not valid.")]) from None
    membership.save()
    return membership
