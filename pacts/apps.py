from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PactsConfig(AppConfig):
    name = "pacts"
    verbose_name = _("Emulation pacts")

    def ready(self) -> None:
        from documents.registry import DocumentKind, register
        from pacts import documents

        register(
            DocumentKind(
                kind="pact",
                template="pacts/documents/pact.html",
                build_payload=documents.build_payload,
                can_view=documents.can_view,
                title=documents.title,
                filename=documents.filename,
                template_version="3",
                bloc_of=documents.bloc_of,
            )
        )
