"""A person's own API token: create (or replace) and revoke. One token per person."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def issue_token(user) -> Token:
    """A new token for the user; the one they had stops working at once."""
    # The user's row is the lock: two clicks at once cannot both create a token.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def revoke_token(user) -> bool:
    """Remove the user's token; False when they had none."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return bool(deleted)
