"""The document pages: the download centre, one document with its progress, the download."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from blocs.models import Bloc
from documents.forms import DocumentFilterForm
from documents.models import Document, DownloadLog
from documents.services import documents_visible_to, get_document_for_user, newer_data
from khoi_thi_dua.paging import paginate

logger = logging.getLogger(__name__)
PAGE_SIZE = 20


@login_required
def document_list(request):
    visible = documents_visible_to(request.user)
    kinds = sorted({(d.kind, d.get_kind_label()) for d in visible}, key=lambda k: k[1])
    years = sorted({d.year for d in visible}, reverse=True)
    blocs = {d.bloc_id for d in visible if d.bloc_id}
    bloc_choices = list(
        Bloc.objects.filter(pk__in=blocs)
        .order_by("display_order", "name")
        .values_list("code", "name")
    )
    form = DocumentFilterForm(request.GET or None, kinds=kinds, years=years, blocs=bloc_choices)
    kind = year = period = bloc = None
    if form.is_bound:
        if form.is_valid():
            kind, year = form.cleaned_data["loai"], form.cleaned_data["nam"]
            period, bloc = form.cleaned_data["ky"], form.cleaned_data["khoi"]
        else:
            for errors in form.errors.values():
                messages.warning(request, " ".join(errors))
    bloc_id = Bloc.objects.filter(code=bloc).values_list("pk", flat=True).first() if bloc else None
    rows = [
        d
        for d in visible
        if (not kind or d.kind == kind)
        and (not year or d.year == year)
        and (not period or d.period_kind == period)
        and (not bloc or d.bloc_id == bloc_id)
    ]
    if request.GET.get("xuat") == "xlsx":
        return _list_xlsx(rows)
    page, query = paginate(request, rows, PAGE_SIZE)
    stale = newer_data(list(page))
    for document in page:
        document.has_newer_data = document.pk in stale
    return render(
        request,
        "documents/document_list.html",
        {
            "page": page,
            "form": form,
            "query": query,
            "filtered": bool(kind or year or period or bloc),
        },
    )


def _list_xlsx(rows: list[Document]) -> HttpResponse:
    """The download centre's list (with the filters applied) as a spreadsheet."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    stale = newer_data(rows)
    bloc_names = dict(
        Bloc.objects.filter(pk__in={d.bloc_id for d in rows if d.bloc_id}).values_list("pk", "name")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tai lieu"
    sheet.append(
        [
            str(_("Document")),
            str(_("Document kind")),
            str(_("Bloc")),
            str(_("Period")),
            str(_("Year")),
            str(_("Version")),
            str(_("Data as of")),
            str(_("Finished at")),
            str(_("Pages")),
            str(_("Newer data exists")),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for document in rows:
        sheet.append(
            [
                document.title,
                str(document.get_kind_label()),
                bloc_names.get(document.bloc_id, ""),
                document.period_kind,
                document.year,
                document.version,
                timezone.localtime(document.data_as_of).replace(tzinfo=None)
                if document.data_as_of
                else None,
                timezone.localtime(document.finished_at).replace(tzinfo=None)
                if document.finished_at
                else None,
                document.page_count,
                str(_("yes")) if document.pk in stale else "",
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=8):
        for cell in row:
            cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.column_dimensions["A"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="tai-lieu.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def document_detail(request, pk):
    document = get_document_for_user(request, pk)
    others = (
        Document.objects.filter(
            content_type_id=document.content_type_id,
            object_id=document.object_id,
            kind=document.kind,
        )
        .exclude(pk=document.pk)
        .defer("payload")
        .order_by("-version")
    )
    downloads = None
    if request.user.is_superuser or request.user.is_ministry_staff:
        downloads = list(
            DownloadLog.objects.filter(document__in=[document, *others])
            .select_related("user", "document")
            .order_by("-at")[:50]
        )
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "others": others,
            "has_newer_data": document.pk in newer_data([document]),
            "downloads": downloads,
        },
    )


@never_cache
@login_required
def document_progress(request, pk):
    """The status panel alone, polled by the document page while the PDF is being made."""
    document = get_document_for_user(request, pk)
    return render(request, "documents/_status.html", {"document": document})


@login_required
def document_download(request, pk):
    document = get_document_for_user(request, pk)
    if not document.is_ready or not document.file:
        raise Http404("the document is not ready")
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        logger.error("Document %s is ready but its file %s is missing", pk, document.file.name)
        raise Http404("the file is missing") from None
    DownloadLog.objects.create(document=document, user=request.user)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_filename(),
        content_type="application/pdf",
    )


@login_required
@require_POST
def document_refresh(request, pk):
    """A new version from the subject's current data (the same one if nothing changed)."""
    from documents.services import request_document

    document = get_document_for_user(request, pk)
    newer = request_document(document.kind, document.subject, request.user)
    if newer.pk == document.pk:
        messages.info(request, _("The data has not changed: this version is the current one."))
    return redirect(newer)
