"""Account forms."""

from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
    UserCreationForm,
)
from django.db import transaction
from django.template import loader
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.tasks import send_email


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


class PortalUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "full_name", "email"]


class PortalUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail through the task queue once the request's transaction commits."""

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
        transaction.on_commit(
            lambda: send_email.delay(subject=subject, body=body, to=[to_email], html_body=html_body)
        )
