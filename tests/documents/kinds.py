"""A document kind for tests and benchmarks: the member roster of a bloc for this year.

Its subject is a blocs.Bloc; staff of the bloc's member units and the ministry may see it. The
template lives in tests/documents/templates/, added to the template directories by
`with_test_templates` (pytest fixture) or by tests/documents/worker_app.py (a real worker).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from blocs.access import can_see_all_blocs, current_year, roles_for
from blocs.models import BlocYear, SuperiorBody
from documents.registry import DocumentKind, ascii_slug

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
ROSTER = "test_roster"
BROKEN = "test_broken"


def roster_payload(bloc) -> dict:
    year = current_year()
    superior = SuperiorBody.for_year(year)
    leadership = (
        BlocYear.objects.filter(bloc=bloc, year=year).select_related("leader", "deputy").first()
    )
    members = [
        {
            "name": unit.name,
            "province": unit.province,
            "kind": unit.kind,
            "staff_count": unit.staff_count,
        }
        for unit in bloc.members_in(year)
    ]
    return {
        "year": year,
        "bloc": bloc.name,
        "superior_body": superior.name if superior else "Bộ Tài chính",
        "number": "01/DS-KTĐ",
        "place": leadership.leader.province if leadership else "",
        "date": None,
        "leader": leadership.leader.name if leadership else "",
        "deputy": leadership.deputy.name if leadership and leadership.deputy else "",
        "members": members,
        "staff_total": sum(m["staff_count"] or 0 for m in members),
    }


def can_view_roster(user, bloc) -> bool:
    if can_see_all_blocs(user):
        return True
    own = roles_for(user).bloc
    return own is not None and own.pk == bloc.pk


def roster_kind(kind: str = ROSTER, template: str = "documents_tests/roster.html") -> DocumentKind:
    return DocumentKind(
        kind=kind,
        template=template,
        build_payload=roster_payload,
        can_view=can_view_roster,
        title=lambda bloc: f"Danh sách thành viên năm {current_year()} — Khối {bloc.name}",
        filename=lambda bloc, version: (
            f"danh-sach-{current_year()}-{ascii_slug(bloc.name)}-v{version}.pdf"
        ),
    )


def template_settings() -> list[dict]:
    """settings.TEMPLATES with the test templates' folder added."""
    first, *rest = settings.TEMPLATES
    return [{**first, "DIRS": [*first["DIRS"], TEMPLATE_DIR]}, *rest]
