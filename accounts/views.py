"""Sign-in, the second factor and the person's own account page; the rest is Django's auth
views."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import two_factor
from accounts.forms import DisableTwoFactorForm, LoginForm, TOTPCodeForm
from blocs.access import roles_for


class PortalLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        # django-axes counted this failure (its handler runs inside authenticate()): say how many
        # tries are left before the pause, once there are few.
        failures = getattr(self.request, "axes_failures_since_start", None)
        if failures:
            left = settings.AXES_FAILURE_LIMIT - failures
            if 0 < left <= 2:
                response.context_data["tries_left"] = left
                response.context_data["cooloff_minutes"] = int(
                    settings.AXES_COOLOFF_TIME.total_seconds() // 60
                )
        return response


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles_for(request.user),
            "two_factor_eligible": two_factor.is_eligible(request.user),
            "two_factor_device": two_factor.confirmed_device(request.user),
        },
    )


def _posted(request):
    """The form's data on a POST (even an empty one, which must show its errors), else None."""
    return request.POST if request.method == "POST" else None


def _next_url(request, default: str) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _may_manage(request):
    """The second factor's pages: for those who may turn it on, and for anyone who has one
    (so that a person who left the ministry can still turn theirs off)."""
    device = two_factor.confirmed_device(request.user)
    if device is None and not two_factor.is_eligible(request.user):
        raise PermissionDenied(_("The second factor is for ministry staff and administrators."))
    return device


@login_required
def two_factor_status(request):
    device = _may_manage(request)
    return render(
        request,
        "accounts/two_factor.html",
        {"device": device, "required": two_factor.is_required(request.user)},
    )


@never_cache
@login_required
def two_factor_setup(request):
    """Show a new key (QR code and text) and turn it on once the app's code matches."""
    if not two_factor.is_eligible(request.user):
        raise PermissionDenied(_("The second factor is for ministry staff and administrators."))
    if two_factor.confirmed_device(request.user) is not None:
        messages.info(request, _("The second factor is already on."))
        return redirect("accounts:two_factor")
    device = two_factor.pending_device(request.user)
    form = TOTPCodeForm(device, _posted(request))
    if form.is_valid():
        two_factor.confirm(device)
        # This session has just proved it holds the phone.
        django_otp.login(request, device)
        two_factor.remember(request, request.user, True)
        request.session.cycle_key()
        messages.success(
            request,
            _(
                "The second factor is on. From now on, after your password, enter the code "
                "the app shows."
            ),
        )
        return redirect(_next_url(request, reverse("accounts:two_factor")))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_text(device),
            "qr_code": two_factor.qr_code_svg(device, _("QR code of the key")),
            "issuer": settings.OTP_TOTP_ISSUER,
            "required": two_factor.is_required(request.user),
            "next": _next_url(request, ""),
        },
    )


@never_cache
@sensitive_post_parameters("password")
@login_required
def two_factor_disable(request):
    device = _may_manage(request)
    if device is None:
        return redirect("accounts:two_factor")
    form = DisableTwoFactorForm(request.user, device, _posted(request))
    if form.is_valid():
        two_factor.turn_off(request.user)
        two_factor.remember(request, request.user, False)
        messages.success(request, _("The second factor is off."))
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_disable.html", {"form": form})


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in: a code of the person's device."""
    home = reverse(settings.LOGIN_REDIRECT_URL)
    device = two_factor.confirmed_device(request.user)
    if device is None or request.user.is_verified():
        # Removed meanwhile (by an administrator): this session stops asking for a code.
        two_factor.remember(request, request.user, device is not None)
        return redirect(_next_url(request, home))
    form = TOTPCodeForm(device, _posted(request))
    if form.is_valid():
        django_otp.login(request, device)
        # A new session key for the session that now has both factors.
        request.session.cycle_key()
        return redirect(_next_url(request, home))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
    )
