"""What the navigation needs to know about the signed-in person's roles."""

from __future__ import annotations

from functools import cached_property

from blocs.access import Roles, current_year, roles_for
from blocs.models import Membership


class LayoutRoles:
    """`portal_roles` in templates: the person's roles this year, as blocs.access.Roles.

    Every page's layout links to the person's unit and bloc, so those two are read with a
    single query (a unit is in at most one bloc a year: the bloc roles_for finds too), or
    taken from the roles the view has already worked out. The flags come from the user;
    what needs the year's leadership (led_blocs, is_bloc_leader, labels, …) is roles_for's,
    computed only when a template asks for it.
    """

    def __init__(self, user):
        self._user = user
        self.year = current_year()
        self.is_board_staff = user.is_board_staff
        self.is_unit_leader = user.is_unit_leader
        self.is_ministry_staff = user.is_ministry_staff
        self.is_admin = user.is_superuser

    def __getattr__(self, name: str):
        # Only called for what __init__ and the properties below do not answer.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(roles_for(self._user, self.year), name)

    @cached_property
    def _unit_and_bloc(self) -> tuple:
        user = self._user
        # roles_for keeps its result on the user object, for the rest of the request.
        known: Roles | None = getattr(user, "_portal_roles", {}).get(self.year)
        if known is not None:
            return known.unit, known.bloc
        if not user.unit_id:
            return None, None
        membership = (
            Membership.objects.filter(unit_id=user.unit_id, year=self.year)
            .select_related("unit", "bloc")
            .order_by()
            .first()
        )
        if membership is None:
            return user.unit, None
        # roles_for, if a template asks for more, then finds the unit already read.
        user.unit = membership.unit
        return membership.unit, membership.bloc

    @property
    def unit(self):
        return self._unit_and_bloc[0]

    @property
    def bloc(self):
        return self._unit_and_bloc[1]


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"portal_roles": LayoutRoles(user)}
