"""The second step of signing in, enforced on every page.

After OTPMiddleware (django-otp) has told whether this session entered a code of the person's
device, a person with a confirmed device who has not is sent to the code page, and, when
settings.OTP_REQUIRED_FOR covers them, a person without one is sent to set it up. The sign-out,
the code and set-up pages, the language switch, static files and the health check stay open.
The administration (/quan-tri/) is a page like any other here. Whether the person has a device
is kept in the session (accounts.two_factor.has_device), so most pages cost no extra query.

Requests to the API with `Authorization: Token …` carry no session, so their user is anonymous
here and they are not affected; nothing is let through on the strength of a header alone (an
API call on an unverified session would otherwise fall back to that session).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property

from accounts import two_factor


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._open(request):
            if two_factor.has_device(request):
                return self._to(request, "accounts:two_factor_verify")
            if two_factor.is_required(user) and not self._is(request, "two_factor_setup"):
                return self._to(request, "accounts:two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def _is(request, name: str) -> bool:
        return request.path_info == reverse(f"accounts:{name}")

    @cached_property
    def _open_paths(self) -> frozenset[str]:
        """Worked out at the first request (the URLconf is loaded by then), not on each one."""
        return frozenset(
            reverse(name) for name in ("healthz", "accounts:logout", "accounts:two_factor_verify")
        )

    def _open(self, request) -> bool:
        path = request.path_info
        return path.startswith((settings.STATIC_URL, "/i18n/")) or path in self._open_paths

    @staticmethod
    def _to(request, name: str) -> HttpResponseRedirect:
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(name)}?{query}")
