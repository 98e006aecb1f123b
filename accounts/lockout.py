"""Sign-in throttling with django-axes: the client's address and the lockout page.

After settings.AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair
is refused for settings.AXES_COOLOFF_TIME; the page says until when, in the person's time zone.
"""

from __future__ import annotations

import math
from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The person's address: the connection's, or, behind settings.TRUSTED_PROXY_COUNT reverse
    proxies that append to X-Forwarded-For, the entry the outermost of them added. Entries
    further left are whatever the client sent, so they are never used."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def unlock_time(request, username: str | None) -> datetime:
    """When the user name may sign in again from this address: the cool-off counted from the
    last failure axes recorded (tries during the lockout are not recorded)."""
    cool_off = get_cool_off(request)
    last = (
        AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, 429 Too Many Requests with Retry-After."""
    username = get_client_username(request, credentials) or ""
    until = unlock_time(request, username)
    seconds = max(0, math.ceil((until - timezone.now()).total_seconds()))
    response = render(
        request,
        "accounts/locked_out.html",
        {
            "username": username,
            "until": timezone.localtime(until),
            "minutes": max(1, math.ceil(seconds / 60)),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
