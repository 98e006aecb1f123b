from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The history pages of pacts, reports, scores, nominations, meetings and decisions."""

    name = "audit"
    verbose_name = _("Change history")
