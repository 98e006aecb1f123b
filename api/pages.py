"""The account page where a signed-in person creates, replaces or revokes their API token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.models import Token

from api import services
from api.forms import TokenActionForm

# The new key is shown once, on the page the POST redirects to; it travels in the
# server-side session, never in a cookie or a URL.
NEW_KEY_SESSION = "api_new_token_key"


@never_cache
@login_required
def token_page(request):
    if request.method == "POST":
        form = TokenActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the buttons on this page."))
        elif form.cleaned_data["action"] == TokenActionForm.ISSUE:
            token = services.issue_token(request.user)
            request.session[NEW_KEY_SESSION] = token.key
            messages.success(
                request, _("Your new API token is ready. Copy it now: it is shown only once.")
            )
        elif services.revoke_token(request.user):
            request.session.pop(NEW_KEY_SESSION, None)
            messages.success(
                request, _("Your API token is revoked: programs using it are refused from now on.")
            )
        else:
            messages.info(request, _("You had no API token."))
        return redirect("api:token")
    token = Token.objects.filter(user=request.user).first()
    new_key = request.session.pop(NEW_KEY_SESSION, None)
    return render(
        request,
        "api/token.html",
        {
            "token": token,
            "new_key": new_key if token is not None and token.key == new_key else None,
            "values_url": request.build_absolute_uri(reverse("api:value-list")),
        },
    )
