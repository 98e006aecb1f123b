from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.two_factor import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="accounts.two_factor.on_sign_in")
