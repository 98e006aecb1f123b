"""Workflows of unit reports: periods, drafts saved without lost updates, rules, review.

Each write runs in a transaction with the report row locked; the status moves only through
`change_status`, which holds the map of allowed transitions and logs every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import bulk_save
from blocs.access import is_bloc_leader
from blocs.models import Bloc, MemberUnit
from khoi_thi_dua.numbers import format_number
from pacts.scores import save_scores
from reports.models import (
    Indicator,
    ReportEvent,
    ReportingPeriod,
    ReportValue,
    UnitReport,
    ValidationRule,
    ValueChange,
)

NARRATIVE_FIELDS = ("results", "limitations", "directions", "recommendations")


class ReportWorkflowError(Exception):
    """A step the report's workflow does not allow now; str() says why, for the user."""


class StaleReportError(ReportWorkflowError):
    """Someone else saved the report after this person opened it."""


def ensure_periods(bloc: Bloc, year: int) -> list[ReportingPeriod]:
    """The bloc's H1 and FY periods of a year, created with the configured default dates."""
    periods = []
    for kind, (opens, deadline) in settings.REPORTING_PERIOD_DEFAULTS.items():
        period, _created = ReportingPeriod.objects.get_or_create(
            bloc=bloc,
            year=year,
            kind=kind,
            defaults={
                "opens_on": date(year, *opens),
                "deadline": date(year + (1 if deadline[0] < opens[0] else 0), *deadline),
            },
        )
        periods.append(period)
    return periods


def start_report(period: ReportingPeriod, unit: MemberUnit, by) -> UnitReport:
    report, _created = UnitReport.objects.get_or_create(
        period=period, unit=unit, defaults={"unit_name": unit.name, "updated_by": by}
    )
    return report


@dataclass
class ValueInput:
    value: Decimal | None
    note: str = ""
    explanation: str = ""


@transaction.atomic
def save_report(
    report: UnitReport,
    values: dict[int, ValueInput],
    by,
    expected_version: int,
    narrative: dict[str, str] | None = None,
) -> UnitReport:
    """Save a draft: values by indicator id, and the narrative sections.

    Refused with StaleReportError when the report changed since `expected_version` was read,
    so two people editing at once never silently overwrite each other.
    """
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise ReportWorkflowError(
            _("The report is %(status)s and cannot be changed.")
            % {"status": report.get_status_display().lower()}
        )
    if report.version != expected_version:
        raise StaleReportError(
            _(
                "%(name)s saved this report at %(time)s, after you opened it. Your values are "
                "kept below next to the saved ones; check them and save again."
            )
            % {
                "name": report.updated_by.get_full_name() if report.updated_by else _("Someone"),
                "time": timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y"),
            }
        )
    existing = {v.indicator_id: v for v in report.values.all()}
    changes, created, updated = [], [], []
    for indicator_id, entered in values.items():
        current = existing.get(indicator_id)
        old = current.value if current else None
        if old != entered.value:
            changes.append(
                ValueChange(
                    report=report,
                    indicator_id=indicator_id,
                    old_value=old,
                    new_value=entered.value,
                    by=by,
                )
            )
        if current is None:
            created.append(
                ReportValue(
                    report=report,
                    indicator_id=indicator_id,
                    value=entered.value,
                    note=entered.note,
                    explanation=entered.explanation,
                )
            )
        elif (current.value, current.note, current.explanation) != (
            entered.value,
            entered.note,
            entered.explanation,
        ):
            current.value = entered.value
            current.note = entered.note
            current.explanation = entered.explanation
            updated.append(current)
    # The same few statements for 5 values or 70, their audit history included; a value
    # that did not change is not written again.
    bulk_save(ReportValue, created, updated, ["value", "note", "explanation"], by=by)
    ValueChange.objects.bulk_create(changes)
    for field in NARRATIVE_FIELDS:
        if narrative and field in narrative:
            setattr(report, field, narrative[field])
    report.version += 1
    report.updated_by = by
    report._history_user = by
    report.save()
    return report


@dataclass(frozen=True)
class RuleResult:
    indicator: Indicator
    severity: str  # ValidationRule.Severity
    message: str
    explained: bool = False

    @property
    def blocks(self) -> bool:
        return self.severity == ValidationRule.Severity.ERROR or not self.explained


def last_year_values(report: UnitReport) -> dict[int, Decimal]:
    """The unit's values of the same period last year (any status but draft)."""
    return dict(
        ReportValue.objects.filter(
            report__unit_id=report.unit_id,
            report__period__year=report.period.year - 1,
            report__period__kind=report.period.kind,
            value__isnull=False,
        )
        .exclude(report__status=UnitReport.Status.DRAFT)
        .values_list("indicator_id", "value")
    )


def check_rules(report: UnitReport, indicators=None, *, previous=None) -> list[RuleResult]:
    """Required values, allowed ranges, and the catalogue's cross-field and outlier rules.

    `previous`: last_year_values(report), when the caller has read it already."""
    indicators = list(indicators or Indicator.objects.in_force(report.period.year))
    values = {v.indicator_id: v for v in report.values.all()}
    results = []
    for indicator in indicators:
        entered = values.get(indicator.pk)
        value = entered.value if entered else None
        if value is None:
            if indicator.required:
                results.append(
                    RuleResult(indicator, ValidationRule.Severity.ERROR, _("A value is required."))
                )
            continue
        low, high = indicator.min_value, indicator.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            results.append(
                RuleResult(
                    indicator,
                    ValidationRule.Severity.ERROR,
                    _("The value must be between %(low)s and %(high)s.")
                    % {
                        "low": format_number(low) if low is not None else "…",
                        "high": format_number(high) if high is not None else "…",
                    },
                )
            )
    if previous is None:
        previous = last_year_values(report)
    rules = list(ValidationRule.objects.filter(active=True, indicator__in=indicators))
    # Only a sum rule has parts: no query for them when the catalogue has none.
    prefetch_related_objects([r for r in rules if r.kind == ValidationRule.Kind.SUM], "parts")
    for rule in rules:
        entered = values.get(rule.indicator_id)
        value = entered.value if entered else None
        if value is None:
            continue
        explained = bool(entered.explanation.strip())
        if rule.kind == ValidationRule.Kind.SUM:
            parts = [
                values[p.pk].value
                for p in rule.parts.all()
                if p.pk in values and values[p.pk].value is not None
            ]
            total = sum(parts, Decimal(0))
            if parts and total != value:
                results.append(
                    RuleResult(
                        rule.indicator,
                        rule.severity,
                        _("It should equal the sum of its parts (%(parts)s) = %(total)s.")
                        % {
                            "parts": ", ".join(p.name for p in rule.parts.all()),
                            "total": format_number(total),
                        },
                        explained,
                    )
                )
        elif rule.kind == ValidationRule.Kind.OUTLIER and rule.threshold_percent is not None:
            before = previous.get(rule.indicator_id)
            if before:
                change = (value - before) / abs(before) * 100
                if abs(change) > rule.threshold_percent:
                    results.append(
                        RuleResult(
                            rule.indicator,
                            rule.severity,
                            _(
                                "It changed by %(change)s%% from the same period last year "
                                "(%(before)s); more than %(limit)s%% needs an explanation."
                            )
                            % {
                                "change": format_number(change, 1),
                                "before": format_number(before),
                                "limit": format_number(rule.threshold_percent),
                            },
                            explained,
                        )
                    )
    return results


def growth_percent(value: Decimal | None, before: Decimal | None) -> Decimal | None:
    """Change from the same period last year, in %; None when either is missing or zero."""
    return (value - before) / abs(before) * 100 if value is not None and before else None


def share_of_target(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """The value as % of the registered target; None when either is missing or zero."""
    return value / target * 100 if value is not None and target else None


def _require_leader(user, report: UnitReport) -> None:
    if not is_bloc_leader(user, report.period.bloc, report.period.year):
        raise PermissionDenied(_("Only the staff of this year's bloc leader can review reports."))


@transaction.atomic
def change_status(report: UnitReport, new: str, by, reason: str = "") -> ReportEvent:
    """The one place a report changes status, with the rules of who may do it."""
    report = UnitReport.objects.select_for_update().select_related("period__bloc").get(pk=report.pk)
    old = UnitReport.Status(report.status)
    new = UnitReport.Status(new)
    if new not in UnitReport.TRANSITIONS[old]:
        raise ReportWorkflowError(
            _("A report cannot go from “%(old)s” to “%(new)s”.")
            % {"old": old.label, "new": new.label}
        )
    reason = (reason or "").strip()
    if new == UnitReport.Status.SUBMITTED:
        if by.unit_id != report.unit_id:
            raise PermissionDenied(_("Only the unit's own staff can submit its report."))
        blocking = [r for r in check_rules(report) if r.blocks]
        if blocking:
            raise ReportWorkflowError(
                _("The report cannot be submitted yet: %(count)s value(s) need attention.")
                % {"count": len(blocking)}
            )
        report.submitted_at = timezone.now()
    else:
        _require_leader(by, report)
        if new == UnitReport.Status.RETURNED and not reason:
            raise ReportWorkflowError(_("Returning a report needs a reason for the unit."))
        report.accepted_at = timezone.now() if new == UnitReport.Status.ACCEPTED else None
    report.status = new
    report.version += 1
    report._history_user = by
    report.save()
    event = ReportEvent.objects.create(
        report=report, from_status=old, to_status=new, by=by, reason=reason
    )
    from documents.dispatch import dispatch
    from reports.tasks import send_status_notice

    # The e-mail notice is written in this transaction and sent once it commits (an outbox): a
    # broker that is down delays it and cannot lose it. `event.notice.sent` is False then.
    event.notice = dispatch(send_status_notice, event.pk)
    return event


@transaction.atomic
def save_self_scores(report: UnitReport, scores: dict[tuple[str, int], Decimal | None]) -> None:
    """The annual report's self-score: points per criterion ("criterion", id) and per bonus or
    penalty item ("adjustment", id); None removes a score."""
    from reports.models import SelfScore

    save_scores(SelfScore, SelfScore.objects.filter(report=report), scores, new={"report": report})


def targets_for(report: UnitReport) -> dict[int, Decimal]:
    """The unit's registered targets for the year, from the pact of its bloc."""
    from pacts.models import RegistrationTarget

    return dict(
        RegistrationTarget.objects.filter(
            registration__pact__bloc_id=report.period.bloc_id,
            registration__pact__year=report.period.year,
            registration__unit_id=report.unit_id,
        ).values_list("indicator_id", "target")
    )
