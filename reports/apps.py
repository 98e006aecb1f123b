from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and indicators")

    def ready(self) -> None:
        from documents.registry import DocumentKind, register
        from reports import bloc_reports, documents, summary

        register(
            DocumentKind(
                kind="unit_report",
                template="reports/documents/unit_report.html",
                build_payload=documents.build_payload,
                can_view=documents.can_view,
                title=documents.title,
                filename=documents.filename,
                template_version="2",
                bloc_of=documents.bloc_of,
            )
        )
        register(
            DocumentKind(
                kind="bloc_report",
                template="reports/documents/bloc_report.html",
                build_payload=bloc_reports.build_payload,
                can_view=bloc_reports.can_view,
                title=bloc_reports.title,
                filename=bloc_reports.filename,
                template_version="1",
                bloc_of=bloc_reports.bloc_of,
                data_state_of=bloc_reports.data_state_of,
            )
        )
        register(
            DocumentKind(
                kind="summary",
                template="reports/documents/summary.html",
                part_template="reports/documents/summary_section.html",
                build_payload=summary.build_payload,
                can_view=summary.can_view,
                title=summary.title,
                filename=summary.filename,
                template_version="1",
                data_state_of=summary.data_state_of,
            )
        )
