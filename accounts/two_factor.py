"""The second factor: a TOTP device (django-otp) on the person's phone.

Ministry staff and administrators may turn it on (settings.OTP_REQUIRED_FOR makes it compulsory
for either group). Once a device is confirmed, every session of that person enters a code before
any page (accounts.middleware.SecondFactorMiddleware). API tokens are not affected: a program
reading the API with `Authorization: Token …` has no session and never meets the second step;
the token itself is made on a page that does require it.
"""

from __future__ import annotations

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

# The name a device gets in the administration (where an administrator can remove the device
# of someone who lost their phone).
DEVICE_NAME = "authenticator"


def is_eligible(user) -> bool:
    """Who may turn the second factor on: ministry staff and administrators."""
    return bool(
        user.is_authenticated and (user.is_ministry_staff or user.is_staff or user.is_superuser)
    )


def is_required(user) -> bool:
    """Whether settings.OTP_REQUIRED_FOR makes the second factor compulsory for this person."""
    groups = settings.OTP_REQUIRED_FOR
    if not groups or not user.is_authenticated:
        return False
    return ("ministry" in groups and user.is_ministry_staff) or (
        "admin" in groups and (user.is_staff or user.is_superuser)
    )


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


# Whether the signed-in person has a confirmed device, kept in the session so that pages do not
# each ask the database: worked out at sign-in, changed by the set-up and turn-off pages, and
# asked again after RECHECK_SECONDS (a device set up from another browser, or removed by an
# administrator, reaches this session within that time; a new sign-in sees it at once).
SESSION_KEY = "portal_two_factor"
RECHECK_SECONDS = 300


def remember(request, user, has_device: bool) -> None:
    request.session[SESSION_KEY] = {"user": user.pk, "device": has_device, "at": int(time.time())}


def _look_up(request, user) -> bool:
    """Ask the database whether the person has a confirmed device, and remember the answer."""
    found = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    remember(request, user, found)
    return found


def has_device(request) -> bool:
    user = request.user
    state = request.session.get(SESSION_KEY) or {}
    if state.get("user") != user.pk or time.time() - state.get("at", 0) > RECHECK_SECONDS:
        return _look_up(request, user)
    return bool(state.get("device"))


def on_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: every sign-in (portal, administration) looks the device up afresh."""
    if request is not None and hasattr(request, "session"):
        _look_up(request, user)


def pending_device(user) -> TOTPDevice:
    """The device being set up: kept until it is confirmed, so that reloading the set-up page
    does not change a key the person has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm(device: TOTPDevice) -> None:
    """Mark the device confirmed; any other device of the person is removed (one phone)."""
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def turn_off(user) -> None:
    """Remove every TOTP device of the person, confirmed or being set up."""
    TOTPDevice.objects.filter(user=user).delete()


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, title: str) -> SafeString:
    """The otpauth:// address as an inline SVG QR code, made here (segno): the key never leaves
    the portal. The SVG carries attributes only, no style, as the Content-Security-Policy
    wants."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=5, border=2, dark="#000", light="#fff", title=title)
    return mark_safe(svg)  # segno's own markup; the title is escaped by segno
