"""The history page of a record: every change to it and its parts, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from audit.changes import collect, fill_texts
from audit.kinds import kind_for
from khoi_thi_dua.paging import paginate

PAGE_SIZE = 25


@login_required
def history(request, kind, pk):
    """/lich-su/<kind>/<pk>/: for the people who may see the record (403 for others, 404 for
    what does not exist); ?trang=<n> pages through the changes."""
    what = kind_for(kind)
    obj = what.load(pk)
    sources = what.sources(obj, request.user, request.GET)
    if sources is None:
        raise PermissionDenied
    page, query = paginate(request, collect(sources), PAGE_SIZE)
    fill_texts(page.object_list)
    return render(
        request,
        "audit/history.html",
        {
            "kind": what,
            "object": obj,
            "title": what.title(obj),
            "back_url": what.url(obj),
            "page": page,
            "query": query,
        },
    )
