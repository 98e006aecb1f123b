from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and indicators")

    def ready(self) -> None:
        from documents.registry import DocumentKind, register
        from reports import documents

        register(
            DocumentKind(
                kind="unit_report",
                template="reports/documents/unit_report.html",
                build_payload=documents.build_payload,
                can_view=documents.can_view,
                title=documents.title,
                filename=documents.filename,
                template_version="2",
            )
        )
