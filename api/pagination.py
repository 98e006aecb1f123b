"""Page-number pagination with validated parameters and a capped page size."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.exceptions import PageNotFound

_WHOLE_NUMBER = re.compile(r"^[0-9]+$")
# Larger numbers are read as this one: past the last page, or a page size to be capped.
_HUGE = 10**18


def _positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not _WHOLE_NUMBER.match(raw) or not raw.strip("0"):
        raise exceptions.ValidationError(
            {name: [_("Give a whole number from 1 (got “%(value)s”).") % {"value": raw[:40]}]}
        )
    return int(raw) if len(raw) < 18 else _HUGE


class PortalPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 500
    page_query_param = "page"
    page_size_query_param = "page_size"
    django_paginator_class = Paginator

    def get_page_size(self, request) -> int:
        asked = _positive_int(request, self.page_size_query_param)
        return min(asked, self.max_page_size) if asked else self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        number = _positive_int(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, page_size)
        if number > paginator.num_pages:
            raise PageNotFound(
                _("Page %(page)s does not exist: there are %(pages)s pages of %(size)s.")
                % {"page": number, "pages": paginator.num_pages, "size": page_size}
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_next_link(self):
        if not self.page.has_next():
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page.next_page_number())

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        url = self.request.build_absolute_uri()
        number = self.page.previous_page_number()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "total_pages": self.page.paginator.num_pages,
                "page_size": self.page.paginator.per_page,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        url = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": [
                "count",
                "page",
                "total_pages",
                "page_size",
                "next",
                "previous",
                "results",
            ],
            "properties": {
                "count": {"type": "integer", "minimum": 0, "example": 123},
                "page": {"type": "integer", "minimum": 1, "example": 2},
                "total_pages": {"type": "integer", "minimum": 1, "example": 3},
                "page_size": {"type": "integer", "minimum": 1, "example": self.page_size},
                "next": {**url, "example": "https://portal.example.vn/api/v1/values/?page=3"},
                "previous": {**url, "example": "https://portal.example.vn/api/v1/values/?page=1"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1. A page past the last one answers 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Rows per page, {self.page_size} by default; "
                    f"more than {self.max_page_size} is cut to {self.max_page_size}."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
