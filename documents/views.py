"""The document pages: the download centre, one document with its progress, the download."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from documents.forms import DocumentFilterForm
from documents.models import Document, DownloadLog
from documents.services import documents_visible_to, get_document_for_user

logger = logging.getLogger(__name__)
PAGE_SIZE = 20


@login_required
def document_list(request):
    visible = documents_visible_to(request.user)
    kinds = sorted({(d.kind, d.get_kind_label()) for d in visible}, key=lambda k: k[1])
    years = sorted({d.year for d in visible}, reverse=True)
    form = DocumentFilterForm(request.GET or None, kinds=kinds, years=years)
    kind = year = None
    if form.is_bound:
        if form.is_valid():
            kind, year = form.cleaned_data["loai"], form.cleaned_data["nam"]
        else:
            for errors in form.errors.values():
                messages.warning(request, " ".join(errors))
    rows = [d for d in visible if (not kind or d.kind == kind) and (not year or d.year == year)]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "documents/document_list.html",
        {"page": page, "form": form, "query": query.urlencode(), "filtered": bool(kind or year)},
    )


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
    return render(
        request, "documents/document_detail.html", {"document": document, "others": others}
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
