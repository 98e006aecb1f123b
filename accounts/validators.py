"""Password validators with their messages in the portal's own catalogue."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length (settings.PASSWORD_MIN_LENGTH), saying so in Vietnamese: Django's
    Vietnamese catalogue lacks the wording of this message that Django 5.2 uses."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
