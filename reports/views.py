"""Report pages: the indicator catalogue, a unit's reports, the report form and its review."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs.access import current_year, is_bloc_leader, roles_for
from blocs.models import Bloc, Membership
from khoi_thi_dua.numbers import format_number
from pacts.models import Pact, ScoringCriterion
from reports import services
from reports.access import get_report_for_user
from reports.attachments import check_attachment
from reports.forms import (
    CatalogueYearForm,
    PeriodForm,
    ReportForm,
    ReviewForm,
    indicator_rows_html,
)
from reports.models import (
    Attachment,
    Indicator,
    ReportingPeriod,
    UnitReport,
    ValidationRule,
)


@login_required
def indicator_catalogue(request):
    form = CatalogueYearForm(request.GET or None, initial={"nam": current_year()})
    year = form.cleaned_data["nam"] if form.is_valid() else current_year()
    indicators = Indicator.objects.in_force(year).order_by("display_order", "code")
    labels = dict(Indicator.Group.choices)
    groups = [
        (labels.get(key, key), list(items))
        for key, items in groupby(indicators, key=lambda i: i.group)
    ]
    return render(
        request,
        "reports/indicator_catalogue.html",
        {
            "form": form,
            "year": year,
            "groups": groups,
            "count": sum(len(items) for _label, items in groups),
        },
    )


@login_required
def my_reports(request):
    """The user's unit's reports by period, and links for those who follow the whole bloc."""
    user = request.user
    roles = roles_for(user)
    today = timezone.localdate()
    rows = []
    if roles.unit and roles.bloc and (user.is_board_staff or user.is_unit_leader):
        for year in (roles.year, roles.year - 1):
            bloc = roles.unit.bloc_in(year)
            if bloc is None:
                continue
            for period in services.ensure_periods(bloc, year):
                report = UnitReport.objects.filter(period=period, unit=roles.unit).first()
                late = period.deadline < today and (report is None or report.is_editable)
                rows.append({"period": period, "report": report, "late": late})
    led = roles.led_blocs
    return render(
        request,
        "reports/my_reports.html",
        {
            "rows": rows,
            "roles": roles,
            "led": led,
            "today": today,
            "all_blocs": Bloc.objects.all()
            if (user.is_ministry_staff or user.is_superuser)
            else [],
        },
    )


@login_required
@require_POST
def start(request, period_pk):
    period = get_object_or_404(ReportingPeriod.objects.select_related("bloc"), pk=period_pk)
    user = request.user
    if not (
        user.unit_id
        and (user.is_board_staff or user.is_unit_leader)
        and Membership.objects.filter(
            bloc=period.bloc, unit_id=user.unit_id, year=period.year
        ).exists()
    ):
        raise PermissionDenied
    report = services.start_report(period, user.unit, user)
    return redirect("reports:report", pk=report.pk)


def _number_text(value, decimals=None, suffix=""):
    """A number as the page shows it (vi-VN or en), or a dash when there is none."""
    return f"{format_number(value, decimals)}{suffix}" if value is not None else "—"


def _indicator_row(ind, form, saved, before, target, rules, saved_values):
    """One indicator's row of the form, with every text it shows formatted once, here (30 rows
    × a dozen lookups and filters in the template were most of the page's time)."""
    value = saved.value if saved else None
    growth = services.growth_percent(value, before)
    of_target = services.share_of_target(value, target)
    name, note_name, explanation_name = (
        form.add_prefix(f"{kind}_{ind.pk}") for kind in ("v", "n", "e")
    )
    if name in form.fields:
        # Sent back: what was typed, and why it was refused.
        typed = form[name].value()
        note, explanation = form[note_name].value(), form[explanation_name].value()
        errors = form[name].errors
    else:
        # Shown as saved, the way the form's fields show a value (ReportForm, unbound).
        typed = format_number(value, ind.decimals)
        note, explanation = (saved.note, saved.explanation) if saved else ("", "")
        errors = ()
    # After a refused save: what the other person saved, where it differs.
    other_version = (saved_values or {}).get(ind.pk)
    conflict = saved_values is not None and other_version != form.cleaned_data.get(name)
    return {
        "indicator": ind,
        "saved": saved,
        "last_year": before,
        "growth": growth,
        "target": target,
        "of_target": of_target,
        "rules": rules,
        "needs_explanation": any(r.severity == ValidationRule.Severity.WARNING for r in rules),
        "conflict": conflict,
        "other_version": other_version,
        # What reports.forms.indicator_rows_html shows.
        "name": ind.name,
        "unit": ind.unit_of_measure,
        "required": ind.required,
        "input_name": name,
        "input_id": form.auto_id % name,
        "input_value": "" if typed is None else typed,
        "errors": errors,
        "other_version_text": (format_number(other_version) or "—") if conflict else "",
        "last_year_text": _number_text(before, ind.decimals),
        "growth_text": _number_text(growth, 1, "%"),
        "target_text": _number_text(target, ind.decimals),
        "of_target_text": _number_text(of_target, 1, "%"),
        "note_name": note_name,
        "note_value": "" if note is None else note,
        "explanation_name": explanation_name,
        "explanation_id": form.auto_id % explanation_name,
        "explanation_value": "" if explanation is None else explanation,
    }


def _report_context(report, access, form, saved_values=None, stale=None):
    indicators = form.indicators
    values = {v.indicator_id: v for v in report.values.all()}
    previous = services.last_year_values(report)
    targets = services.targets_for(report)
    rule_results = services.check_rules(report, indicators, previous=previous)
    by_indicator = {}
    for result in rule_results:
        by_indicator.setdefault(result.indicator.pk, []).append(result)
    labels = dict(Indicator.Group.choices)
    groups = [
        (
            labels.get(key, key),
            [
                _indicator_row(
                    ind,
                    form,
                    values.get(ind.pk),
                    previous.get(ind.pk),
                    targets.get(ind.pk),
                    by_indicator.get(ind.pk, []),
                    saved_values,
                )
                for ind in items
            ],
        )
        for key, items in groupby(indicators, key=lambda i: i.group)
    ]
    # The annual report's self-score, against the scoring table of the year's pact.
    criteria_groups: dict = {}
    for criterion in form.criteria:
        criteria_groups.setdefault(criterion.group, []).append(
            (criterion, form[f"s_{criterion.pk}"])
        )
    bonuses = [(a, form[f"a_{a.pk}"]) for a in form.adjustments if a.kind == "bonus"]
    penalties = [(a, form[f"a_{a.pk}"]) for a in form.adjustments if a.kind == "penalty"]
    return {
        "report": report,
        "access": access,
        "form": form,
        "groups": groups,
        "tables": [(label, indicator_rows_html(rows)) for label, rows in groups],
        # The hidden version input, as its widget writes the value.
        "version": form.fields["version"].widget.format_value(form["version"].value()),
        "narrative": [form[name] for name in services.NARRATIVE_FIELDS],
        "pact": form.pact,
        "criteria_groups": list(criteria_groups.items()),
        "bonuses": bonuses,
        "penalties": penalties,
        "stale": stale,
        "blocking": [r for r in rule_results if r.blocks],
        "warnings": [r for r in rule_results if r.severity == "warning"],
        "review_form": ReviewForm() if access.is_leader else None,
        "return_reason": (
            report.events.filter(to_status=UnitReport.Status.RETURNED)
            .values_list("reason", flat=True)
            .last()
            if report.status == UnitReport.Status.RETURNED
            else None
        ),
        "events": report.events.select_related("by"),
        "attachments": report.attachments.all(),
    }


def _build_form(report, data=None):
    period = report.period
    indicators = Indicator.objects.in_force(period.year).order_by("display_order", "code")
    criteria, adjustments, pact = [], [], None
    if period.kind == ReportingPeriod.Kind.FY:
        pact = Pact.objects.filter(bloc_id=period.bloc_id, year=period.year).first()
        if pact:
            criteria = (
                ScoringCriterion.objects.filter(group__pact=pact)
                .select_related("group")
                .order_by("group__order", "group_id", "order")
            )
            adjustments = pact.adjustments.all()
    initial = {"version": report.version}
    for field in services.NARRATIVE_FIELDS:
        initial[field] = getattr(report, field)
    # The values are read once here; the page's rows and services.check_rules reuse them.
    prefetch_related_objects([report], "values")
    if criteria or adjustments:  # the semi-annual report has no self-score fields
        for score in report.self_scores.all():
            key = f"s_{score.criterion_id}" if score.criterion_id else f"a_{score.adjustment_id}"
            initial[key] = score.points
    return ReportForm(
        data,
        initial=initial,
        indicators=indicators,
        criteria=criteria,
        adjustments=adjustments,
        pact=pact,
        # Shown, not sent: the page shows the saved values without 3 fields per indicator.
        indicator_fields=data is not None,
    )


def _tell_if_notice_waits(request, event) -> None:
    """The change is saved; its e-mail notice could not be queued yet (the job queue is down)
    and waits in the outbox (documents.dispatch) until it can."""
    notice = getattr(event, "notice", None)
    if notice is not None and notice.sent is False:
        messages.info(
            request,
            _(
                "The e-mail notice will follow: the portal's job queue cannot be reached right "
                "now, so the notice is kept and sent automatically once it is back."
            ),
        )


@login_required
def report_page(request, pk):
    report, access = get_report_for_user(request, pk)
    if request.method != "POST":
        form = _build_form(report)
        return render(request, "reports/report.html", _report_context(report, access, form))
    if not access.can_edit:
        raise PermissionDenied
    form = _build_form(report, request.POST)
    if not form.is_valid():
        messages.error(request, _("Some values need correcting; nothing was saved."))
        return render(
            request, "reports/report.html", _report_context(report, access, form), status=400
        )
    try:
        with transaction.atomic():
            report = services.save_report(
                report,
                form.values(),
                by=request.user,
                expected_version=form.cleaned_data["version"],
                narrative=form.narrative(),
            )
            services.save_self_scores(report, form.self_scores())
    except services.StaleReportError as exc:
        report.refresh_from_db()
        prefetch_related_objects([report], "values")
        saved = {v.indicator_id: v.value for v in report.values.all()}
        context = _report_context(report, access, form, saved_values=saved, stale=str(exc))
        return render(request, "reports/report.html", context, status=409)
    except services.ReportWorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("reports:report", pk=report.pk)
    if request.POST.get("submit"):
        try:
            event = services.change_status(report, UnitReport.Status.SUBMITTED, by=request.user)
        except services.ReportWorkflowError as exc:
            messages.error(request, _("The draft is saved. %(why)s") % {"why": exc})
        else:
            messages.success(request, _("The report is submitted to the bloc leader."))
            _tell_if_notice_waits(request, event)
    else:
        messages.success(request, _("The draft is saved."))
    return redirect("reports:report", pk=report.pk)


@login_required
@require_POST
def review(request, pk):
    report, access = get_report_for_user(request, pk)
    if not access.is_leader:
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("reports:report", pk=report.pk)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    target = {
        "accept": UnitReport.Status.ACCEPTED,
        "return": UnitReport.Status.RETURNED,
        "reopen": UnitReport.Status.RETURNED,
    }[action]
    try:
        event = services.change_status(report, target, by=request.user, reason=reason)
    except services.ReportWorkflowError as exc:
        report_form = _build_form(report)
        context = _report_context(report, access, report_form)
        form.add_error("reason", str(exc))
        context["review_form"] = form
        return render(request, "reports/report.html", context, status=400)
    messages.success(
        request,
        {
            "accept": _("The report is accepted and locked."),
            "return": _("The report is returned to the unit."),
            "reopen": _("The report is reopened and returned to the unit."),
        }[action],
    )
    _tell_if_notice_waits(request, event)
    return redirect("reports:report", pk=report.pk)


@login_required
def history(request, pk):
    report, access = get_report_for_user(request, pk)
    changes = report.value_changes.select_related("indicator", "by")
    return render(
        request,
        "reports/history.html",
        {
            "report": report,
            "access": access,
            "changes": changes,
            "events": report.events.select_related("by"),
        },
    )


@login_required
@require_POST
def request_pdf(request, pk):
    from documents.services import request_document

    report, _access = get_report_for_user(request, pk)
    if report.status == UnitReport.Status.DRAFT:
        messages.error(request, _("The PDF is made once the report is submitted."))
        return redirect("reports:report", pk=report.pk)
    document = request_document("unit_report", report, request.user)
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def attach(request, pk):
    report, access = get_report_for_user(request, pk)
    if not access.can_edit:
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("reports:report", pk=report.pk)
    try:
        check_attachment(upload)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("reports:report", pk=report.pk)
    Attachment.objects.create(
        report=report,
        file=upload,
        original_name=upload.name,
        size=upload.size,
        uploaded_by=request.user,
    )
    messages.success(request, _("“%(name)s” is attached.") % {"name": upload.name})
    return redirect("reports:report", pk=report.pk)


@login_required
def attachment(request, pk, attachment_pk):
    report, _access = get_report_for_user(request, pk)
    item = get_object_or_404(Attachment, pk=attachment_pk, report=report)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


@login_required
@require_POST
def detach(request, pk, attachment_pk):
    report, access = get_report_for_user(request, pk)
    if not access.can_edit:
        raise PermissionDenied
    item = get_object_or_404(Attachment, pk=attachment_pk, report=report)
    item.file.delete(save=False)
    item.delete()
    messages.success(request, _("“%(name)s” is removed.") % {"name": item.original_name})
    return redirect("reports:report", pk=report.pk)


@login_required
def periods(request, bloc_code, year):
    """The bloc leader sets the opening date and deadline of the year's two periods."""
    bloc = get_object_or_404(Bloc, code=bloc_code)
    if not is_bloc_leader(request.user, bloc, year):
        raise PermissionDenied
    forms_by_period = [
        (period, PeriodForm(request.POST or None, instance=period, prefix=period.kind))
        for period in services.ensure_periods(bloc, year)
    ]
    if request.method == "POST" and all(form.is_valid() for _p, form in forms_by_period):
        with transaction.atomic():
            for _period, form in forms_by_period:
                form.save()
        messages.success(request, _("The reporting periods are saved."))
        return redirect("reports:board", bloc_code=bloc.code, year=year)
    return render(
        request,
        "reports/periods.html",
        {
            "bloc": bloc,
            "year": year,
            "forms_by_period": forms_by_period,
        },
        status=400 if request.method == "POST" else 200,
    )
