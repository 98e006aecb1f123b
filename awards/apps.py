from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from awards import documents
        from documents.registry import DocumentKind, register

        register(
            DocumentKind(
                kind="minutes",
                template="awards/documents/minutes.html",
                build_payload=documents.build_minutes_payload,
                can_view=documents.can_view_minutes,
                title=documents.minutes_title,
                filename=documents.minutes_filename,
                template_version="1",
                bloc_of=documents.bloc_of,
                data_state_of=documents.minutes_data_state,
            )
        )
        register(
            DocumentKind(
                kind="dossier",
                template="awards/documents/dossier.html",
                build_payload=documents.build_dossier_payload,
                can_view=documents.can_view_dossier,
                title=documents.dossier_title,
                filename=documents.dossier_filename,
                template_version="1",
                bloc_of=documents.bloc_of,
            )
        )
