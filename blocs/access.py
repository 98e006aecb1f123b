"""Who may do what with blocs and units. The bloc-leader role is derived here, from the
year's leadership, never stored on the user: the staff of the unit that leads bloc B in
year Y act as bloc leader of B in Y, and lose the role in Y+1."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from blocs.models import Bloc, BlocYear, MemberUnit


def current_year() -> int:
    return timezone.localdate().year


@dataclass(frozen=True)
class Roles:
    year: int
    unit: MemberUnit | None = None
    bloc: Bloc | None = None
    is_board_staff: bool = False
    is_unit_leader: bool = False
    is_ministry_staff: bool = False
    is_admin: bool = False
    led_blocs: tuple[Bloc, ...] = field(default_factory=tuple)
    deputy_blocs: tuple[Bloc, ...] = field(default_factory=tuple)

    @property
    def is_bloc_leader(self) -> bool:
        return bool(self.led_blocs)

    @property
    def labels(self) -> list[str]:
        from django.utils.translation import gettext as _

        labels = []
        if self.is_admin:
            labels.append(_("Administrator"))
        if self.is_ministry_staff:
            labels.append(_("Ministry staff"))
        if self.led_blocs:
            labels.append(_("Bloc leader %(year)s") % {"year": self.year})
        if self.deputy_blocs:
            labels.append(_("Bloc deputy %(year)s") % {"year": self.year})
        if self.is_unit_leader:
            labels.append(_("Unit leader"))
        if self.is_board_staff:
            labels.append(_("Board staff"))
        return labels


def roles_for(user, year: int | None = None) -> Roles:
    """The user's roles in a year (default: this year), computed once per user object."""
    year = year or current_year()
    cache = user.__dict__.setdefault("_portal_roles", {})
    if year in cache:
        return cache[year]
    unit = user.unit if user.unit_id else None
    led, deputy, bloc = (), (), None
    if unit is not None:
        leadership = list(
            BlocYear.objects.filter(
                year=year, bloc__memberships__unit=unit, bloc__memberships__year=year
            )
            .select_related("bloc")
            .only("bloc", "leader_id", "deputy_id")
        )
        bloc = leadership[0].bloc if leadership else unit.bloc_in(year)
        # Only a person with a role in the unit acts for it (as is_bloc_leader below).
        if user.is_board_staff or user.is_unit_leader:
            led = tuple(by.bloc for by in leadership if by.leader_id == unit.pk)
            deputy = tuple(by.bloc for by in leadership if by.deputy_id == unit.pk)
    roles = Roles(
        year=year,
        unit=unit,
        bloc=bloc,
        is_board_staff=user.is_board_staff,
        is_unit_leader=user.is_unit_leader,
        is_ministry_staff=user.is_ministry_staff,
        is_admin=user.is_superuser,
        led_blocs=led,
        deputy_blocs=deputy,
    )
    cache[year] = roles
    return roles


def is_bloc_leader(user, bloc: Bloc, year: int) -> bool:
    """True when the user's unit leads this bloc in this year and the user has a role in that
    unit (board staff or unit leader): an account of the unit without a role is no leader."""
    if not user.is_authenticated or not user.unit_id:
        return False
    if not (user.is_board_staff or user.is_unit_leader):
        return False
    return BlocYear.objects.filter(bloc=bloc, year=year, leader_id=user.unit_id).exists()


def can_see_all_blocs(user) -> bool:
    return user.is_authenticated and (user.is_ministry_staff or user.is_superuser)
