"""Who may see and do what with a pact. Every pact view goes through get_pact_for_user."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from blocs.access import is_bloc_leader
from blocs.models import BlocYear, Membership
from pacts.models import Pact


@dataclass(frozen=True)
class PactAccess:
    can_view: bool = False
    is_leader: bool = False  # staff of the bloc leader unit of the pact's year
    is_member: bool = False  # the user's unit is a member of the bloc in the pact's year
    can_edit: bool = False
    can_register: bool = False
    can_sign: bool = False
    reads_everything: bool = False  # ministry staff and administrators


def pact_access(user, pact: Pact) -> PactAccess:
    if not user.is_authenticated:
        return PactAccess()
    reads_everything = user.is_superuser or user.is_ministry_staff
    works_for_unit = bool(user.unit_id) and (user.is_board_staff or user.is_unit_leader)
    is_member = (
        works_for_unit
        and Membership.objects.filter(
            bloc_id=pact.bloc_id, unit_id=user.unit_id, year=pact.year
        ).exists()
    )
    is_leader = is_member and is_bloc_leader(user, pact.bloc, pact.year)
    status = pact.status
    # A draft belongs to the bloc leader until it is opened for signing.
    can_view = reads_everything or is_leader or (is_member and status != Pact.Status.DRAFT)
    return PactAccess(
        can_view=can_view,
        is_leader=is_leader,
        is_member=is_member,
        can_edit=is_leader and status == Pact.Status.DRAFT,
        can_register=is_member and status == Pact.Status.OPEN,
        can_sign=is_member and user.is_unit_leader and status == Pact.Status.OPEN,
        reads_everything=reads_everything,
    )


def get_pact_for_user(request, pk: int) -> tuple[Pact, PactAccess]:
    pact = get_object_or_404(Pact.objects.select_related("bloc"), pk=pk)
    access = pact_access(request.user, pact)
    if not access.can_view:
        raise PermissionDenied
    return pact, access


def can_view_pact(user, pact: Pact) -> bool:
    return pact_access(user, pact).can_view


def visible_pacts(user):
    """The pacts a user may open, as one query (the same rule as pact_access)."""
    pacts = Pact.objects.order_by("-year", "bloc__display_order", "bloc__name")
    if not user.is_authenticated:
        return pacts.none()
    if user.is_superuser or user.is_ministry_staff:
        return pacts
    if not user.unit_id or not (user.is_board_staff or user.is_unit_leader):
        return pacts.none()
    member = Exists(
        Membership.objects.filter(
            bloc=OuterRef("bloc"), year=OuterRef("year"), unit_id=user.unit_id
        )
    )
    leads = Exists(
        BlocYear.objects.filter(
            bloc=OuterRef("bloc"), year=OuterRef("year"), leader_id=user.unit_id
        )
    )
    return pacts.filter(member).filter(~Q(status=Pact.Status.DRAFT) | leads)
