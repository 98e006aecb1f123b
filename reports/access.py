"""Who may see, fill and review a unit report. Every report view goes through
get_report_for_user; lists use visible_reports (the same rule as one query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from blocs.access import is_bloc_leader
from blocs.models import BlocYear
from reports.models import UnitReport


@dataclass(frozen=True)
class ReportAccess:
    can_view: bool = False
    is_own_unit: bool = False
    is_leader: bool = False  # staff of the bloc leader unit of the period's year
    can_edit: bool = False
    can_review: bool = False
    reads_everything: bool = False


def _works_for_a_unit(user) -> bool:
    return bool(user.unit_id) and (user.is_board_staff or user.is_unit_leader)


def report_access(user, report: UnitReport) -> ReportAccess:
    if not user.is_authenticated:
        return ReportAccess()
    reads_everything = user.is_superuser or user.is_ministry_staff
    works = _works_for_a_unit(user)
    own = works and user.unit_id == report.unit_id
    leader = works and is_bloc_leader(user, report.period.bloc, report.period.year)
    return ReportAccess(
        can_view=reads_everything or own or leader,
        is_own_unit=own,
        is_leader=leader,
        can_edit=own and report.is_editable,
        can_review=leader
        and report.status in (UnitReport.Status.SUBMITTED, UnitReport.Status.ACCEPTED),
        reads_everything=reads_everything,
    )


def get_report_for_user(request, pk: int) -> tuple[UnitReport, ReportAccess]:
    report = get_object_or_404(
        UnitReport.objects.select_related("period__bloc", "unit", "updated_by"), pk=pk
    )
    access = report_access(request.user, report)
    if not access.can_view:
        raise PermissionDenied
    return report, access


def visible_reports(user):
    reports = UnitReport.objects.select_related("period__bloc", "unit")
    if not user.is_authenticated:
        return reports.none()
    if user.is_superuser or user.is_ministry_staff:
        return reports
    if not _works_for_a_unit(user):
        return reports.none()
    leads = Exists(
        BlocYear.objects.filter(
            bloc=OuterRef("period__bloc"), year=OuterRef("period__year"), leader_id=user.unit_id
        )
    )
    return reports.filter(Q(unit_id=user.unit_id) | Q(leads))


def can_view_report(user, report: UnitReport) -> bool:
    return report_access(user, report).can_view
