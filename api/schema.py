"""OpenAPI generation: every operation documents its error answers with the one error shape."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.filters import MAX_ID
from api.serializers import ErrorSerializer

_ERRORS = {
    "400": "A query parameter is unknown, repeated, empty or not valid.",
    "401": "No credentials, or a token that is not valid.",
    "403": "The object exists but is not among those you may read.",
    "404": "No object with this id.",
}
_LIST_ERRORS = {
    "400": _ERRORS["400"],
    "401": _ERRORS["401"],
    "404": "A page past the last one.",
}


class PortalAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if "{id}" in self.path:
            # The URL takes any text up to the slash so that a malformed id gets a JSON 404;
            # the schema says what a valid one is.
            parameters.append(
                OpenApiParameter(
                    "id",
                    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    OpenApiParameter.PATH,
                    description="The object's id.",
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response" or self.method != "GET":
            return responses
        errors = _LIST_ERRORS if self._is_list_view() else _ERRORS
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return responses
