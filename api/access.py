"""What an API client may read: one queryset per object kind, built from the portal's rules.

Ministry staff and administrators read everything (blocs.access.can_see_all_blocs). People who
work for a unit (its board staff or leader) read the blocs their unit is or was a member of,
those blocs' members and periods, and the accepted values of the reports they could open in
the portal (reports.access.visible_reports: their own unit's, and every member's in a bloc and
year their unit leads). Anyone else signed in reads only the indicator catalogue.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from blocs.access import can_see_all_blocs
from blocs.models import Bloc, Membership, MemberUnit
from reports.access import visible_reports
from reports.models import Indicator, ReportingPeriod, ReportValue, UnitReport


def works_for_a_unit(user) -> bool:
    """The same rule as the report pages: a unit, and a role in it."""
    return (
        user.is_authenticated
        and bool(user.unit_id)
        and (user.is_board_staff or user.is_unit_leader)
    )


def visible_blocs(user) -> QuerySet[Bloc]:
    blocs = Bloc.objects.all()
    if can_see_all_blocs(user):
        return blocs
    if not works_for_a_unit(user):
        return blocs.none()
    return blocs.filter(
        Exists(Membership.objects.filter(bloc=OuterRef("pk"), unit_id=user.unit_id))
    )


def visible_units(user) -> QuerySet[MemberUnit]:
    units = MemberUnit.objects.all()
    if can_see_all_blocs(user):
        return units
    if not works_for_a_unit(user):
        return units.none()
    shares_a_bloc = Exists(
        Membership.objects.filter(unit=OuterRef("pk"), bloc__in=visible_blocs(user))
    )
    return units.filter(Q(pk=user.unit_id) | Q(shares_a_bloc))


def visible_memberships(user) -> QuerySet[Membership]:
    """Memberships shown inside a unit: only those of blocs the user may read."""
    memberships = Membership.objects.all()
    if can_see_all_blocs(user):
        return memberships
    return memberships.filter(bloc__in=visible_blocs(user))


def visible_periods(user) -> QuerySet[ReportingPeriod]:
    periods = ReportingPeriod.objects.all()
    if can_see_all_blocs(user):
        return periods
    return periods.filter(bloc__in=visible_blocs(user))


def visible_indicators(user) -> QuerySet[Indicator]:
    """The catalogue is master data: every signed-in person reads it, as on its page."""
    return Indicator.objects.all() if user.is_authenticated else Indicator.objects.none()


def accepted_values(user) -> QuerySet[ReportValue]:
    """Values of accepted reports that the user could open in the portal."""
    values = ReportValue.objects.filter(report__status=UnitReport.Status.ACCEPTED)
    if can_see_all_blocs(user):
        return values
    if not works_for_a_unit(user):
        return values.none()
    return values.filter(report__in=visible_reports(user).values("pk"))


def consolidated_periods(user) -> QuerySet[ReportingPeriod]:
    """Periods whose consolidated figures the user may read: as the consolidated report's page
    (reports.bloc_reports.can_view_bloc_report), the members of the bloc in that year."""
    periods = ReportingPeriod.objects.all()
    if can_see_all_blocs(user):
        return periods
    if not works_for_a_unit(user):
        return periods.none()
    return periods.filter(
        Exists(
            Membership.objects.filter(
                bloc=OuterRef("bloc"), year=OuterRef("year"), unit_id=user.unit_id
            )
        )
    )


def award_decisions(user):
    """The ministry's decisions on nominations (awarded or not): the ministry reads all; the
    staff and leaders of a unit read those of the blocs their unit is or was a member of."""
    from awards.models import Nomination

    decided = Nomination.objects.filter(
        status__in=[Nomination.Status.AWARDED, Nomination.Status.NOT_AWARDED]
    )
    if can_see_all_blocs(user):
        return decided
    if not works_for_a_unit(user):
        return decided.none()
    return decided.filter(bloc__in=visible_blocs(user))
