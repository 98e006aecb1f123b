"""Token authentication with the portal's sign-in rules: demo accounts only while DEBUG is on."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token


class PortalTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; the key is made on the account's API token page."""

    keyword = "Token"
    model = Token

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as “Authorization: Token <token>”, with one token.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(
                _("The token can only hold letters and digits.")
            ) from exc
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key):
        token = self.model.objects.select_related("user").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(
                _(
                    "This token is not valid: it may have been revoked or replaced. "
                    "Create a new one on your account's API token page."
                )
            )
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if user.is_demo and not settings.DEBUG:
            # The same rule as signing in (accounts.backends.PortalBackend).
            raise exceptions.AuthenticationFailed(
                _("Demo accounts can use the API only while the portal runs in DEBUG mode.")
            )
        return user, token
