"""One JSON shape for every API error: {"detail": ..., "code": ..., "errors": {...}}.

`detail` is a sentence for a person (Vietnamese unless English is chosen), `code` a stable
word for a program, `errors` (400 only) the messages of each query parameter.
"""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class PageNotFound(exceptions.NotFound):
    default_code = "page_not_found"


def _default_messages() -> dict[type, str]:
    # DRF's own wording is only partly translated; these say what to do next.
    return {
        exceptions.NotAuthenticated: _(
            "Sign in, or send your API token in the header “Authorization: Token <token>”."
        ),
        exceptions.AuthenticationFailed: _("The credentials sent are not valid."),
        exceptions.PermissionDenied: _("You may not read this."),
        exceptions.NotFound: _("Nothing at this address: check the path and the id."),
        exceptions.MethodNotAllowed: _("The API is read-only: only GET is accepted."),
        exceptions.NotAcceptable: _("The API answers in JSON only (Accept: application/json)."),
        exceptions.UnsupportedMediaType: _("The API accepts no request body."),
        exceptions.Throttled: _("Too many requests; try again later."),
    }


# Their DRF messages carry request details (the method, the media type) in English.
_ALWAYS_OURS = (
    exceptions.MethodNotAllowed,
    exceptions.NotAcceptable,
    exceptions.UnsupportedMediaType,
    exceptions.Throttled,
)


def _default_message(exc: exceptions.APIException) -> str | None:
    for cls in type(exc).__mro__:
        message = _default_messages().get(cls)
        if message is not None:
            return message
    return None


def error_body(detail: str, code: str, errors: dict | None = None) -> dict:
    body = {"detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return body


def _as_lists(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(key): [str(item) for item in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    items = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(item) for item in items]}


def api_exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        # Anything else is a fault of ours: logged with its traceback, answered in JSON.
        logger.exception("API request failed", exc_info=exc)
        return Response(
            error_body(
                _("The server could not answer this request; the fault has been logged."),
                "server_error",
            ),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            _("Some query parameters are not valid; see “errors”."),
            "invalid",
            _as_lists(exc.detail),
        )
        return response
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        message = str(detail)
        if message == str(exc.default_detail) or isinstance(exc, _ALWAYS_OURS):
            message = _default_message(exc) or message
        response.data = error_body(message, str(code))
    else:  # Django's Http404 and PermissionDenied, converted by DRF
        code = "not_found" if response.status_code == 404 else "permission_denied"
        message = _default_messages()[
            exceptions.NotFound if code == "not_found" else exceptions.PermissionDenied
        ]
        response.data = error_body(message, code)
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no endpoint: a JSON 404, not the HTML page."""
    return JsonResponse(
        error_body(_default_messages()[exceptions.NotFound], "not_found"), status=404
    )
