"""Excel pages of unit reports: the template to download, its upload, the bloc's export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from blocs.access import is_bloc_leader
from reports import excel
from reports.access import get_report_for_user
from reports.models import ReportingPeriod
from reports.services import ReportWorkflowError, StaleReportError, save_report


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx," + excel.CONTENT_TYPE, "class": "form-control"}
        ),
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def excel_template(request, pk):
    report, _access = get_report_for_user(request, pk)
    return _xlsx_response(excel.build_template(report), excel.template_filename(report))


def _render_upload(request, report, form, file_errors=(), problems=(), status=200):
    return render(
        request,
        "reports/excel_upload.html",
        {
            "report": report,
            "form": form,
            "file_errors": list(file_errors),
            "problems": list(problems),
            "template_url": reverse("reports:excel_template", args=[report.pk]),
            "report_url": reverse("reports:report", args=[report.pk]),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def excel_upload(request, pk):
    report, access = get_report_for_user(request, pk)
    if not access.can_edit:
        if not access.is_own_unit:
            raise PermissionDenied
        messages.error(
            request,
            _("The report is %(status)s and cannot be changed.")
            % {"status": report.get_status_display().lower()},
        )
        return redirect("reports:report", report.pk)
    if request.method == "GET":
        return _render_upload(request, report, ExcelUploadForm())
    form = ExcelUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, report, form, status=400)
    try:
        result = excel.import_values(report, form.cleaned_data["file"])
    except excel.ExcelFileError as exc:
        return _render_upload(request, report, ExcelUploadForm(), [str(exc)], status=400)
    if result.problems:
        # All or nothing: one bad row and the report stays as it was.
        return _render_upload(
            request, report, ExcelUploadForm(), problems=result.problems, status=400
        )
    try:
        # The version the template was made from: a report changed since then is not
        # overwritten by an older download.
        save_report(report, result.values, by=request.user, expected_version=result.version)
    except StaleReportError:
        report.refresh_from_db()
        message = _(
            "The report was changed on %(time)s, after this template was downloaded. Nothing "
            "was imported: download the template again, copy your values into it and upload it."
        ) % {"time": timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")}
        return _render_upload(request, report, ExcelUploadForm(), [message], status=409)
    except ReportWorkflowError as exc:
        return _render_upload(request, report, ExcelUploadForm(), [str(exc)], status=409)
    messages.success(
        request,
        ngettext(
            "%(count)s value was imported from the Excel file.",
            "%(count)s values were imported from the Excel file.",
            result.filled,
        )
        % {"count": result.filled},
    )
    return redirect("reports:report", report.pk)


@login_required
@require_GET
def bloc_export(request, period_pk):
    period = get_object_or_404(ReportingPeriod.objects.select_related("bloc"), pk=period_pk)
    user = request.user
    if not (
        user.is_superuser
        or user.is_ministry_staff
        or is_bloc_leader(user, period.bloc, period.year)
    ):
        raise PermissionDenied
    return _xlsx_response(excel.build_bloc_export(period), excel.bloc_export_filename(period))
