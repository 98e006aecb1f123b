"""Account forms."""

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.core import validators
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.tasks import send_email
from documents.dispatch import dispatch


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Both are case-sensitive; check Caps Lock."
        ),
        "inactive": _("This account is locked. Contact the portal administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autofocus": True})
        # Django's sign-in form puts the user name's length limit on the widget only; a longer
        # name would reach the sign-in throttle (django-axes), which stores 255 characters.
        username = self.fields["username"]
        username.validators.append(validators.MaxLengthValidator(username.max_length))


class PortalUserCreationForm(AdminUserCreationForm):
    """The administration's "add user" form (with Django's "password-based authentication"
    choice, which PortalUserAdmin.add_fieldsets shows); the password validators apply."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "full_name", "email"]


class PortalUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail through the outbox once the request's transaction commits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = _(
            "This is not a valid e-mail address; write it like canbo@bqlkcn.gov.vn."
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        # Through the outbox: with the job queue down the e-mail waits and is sent once it is back.
        dispatch(send_email, subject=subject, body=body, to=[to_email], html_body=html_body)


class TOTPCodeForm(forms.Form):
    """A code of the person's authenticator app, checked against one device (django-otp counts
    wrong codes and makes the next try wait longer each time)."""

    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "font-monospace",
            }
        ),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == self.device.digits):
            raise forms.ValidationError(
                _("Enter the %(digits)d digits the app shows now."),
                params={"digits": self.device.digits},
            )
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_throttled_message(details))
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "This code is not correct or has already been used. Check that the phone's "
                    "clock is right and enter the code the app shows now."
                )
            )
        return code


class DisableTwoFactorForm(forms.Form):
    """Turning the second factor off asks again for a current code or the password."""

    code = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean(self):
        cleaned = super().clean()
        code = "".join((cleaned.get("code") or "").split())
        password = cleaned.get("password") or ""
        if not code and not password:
            raise forms.ValidationError(
                _("Enter a code from the authenticator app or your password.")
            )
        if password:
            if not self.user.check_password(password):
                self.add_error("password", _("The password is not correct."))
            return cleaned
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            self.add_error("code", _throttled_message(details))
        elif not (code.isdigit() and self.device.verify_token(code)):
            self.add_error("code", _("This code is not correct or has already been used."))
        return cleaned


def _throttled_message(details) -> str:
    """django-otp refuses to check a code for a while after wrong ones: say how long."""
    locked_until = (details or {}).get("locked_until")
    if locked_until is not None:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        return ngettext(
            "Too many wrong codes: wait %(seconds)d second before trying again.",
            "Too many wrong codes: wait %(seconds)d seconds before trying again.",
            seconds,
        ) % {"seconds": seconds}
    return _("Too many wrong codes: wait a moment before trying again.")
