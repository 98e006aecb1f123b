"""Vietnamese first: the catalogue is complete, English is a switch away; error pages."""

from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def _po_entries():
    """(msgid, msgstr, fuzzy) of the Vietnamese catalogue, read without extra libraries."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("vi")._catalog  # merged Django + portal catalogues
    return catalog


def test_every_portal_message_has_a_vietnamese_translation():
    text = (ROOT / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    blocks = text.split("\n\n")[1:]
    untranslated = [b for b in blocks if 'msgstr ""' in b and '\n"' not in b.split("msgstr")[1]]
    fuzzy = [b for b in blocks if "#, fuzzy" in b]
    assert untranslated == [] and fuzzy == []


def test_site_is_vietnamese_by_default_and_english_on_request(client, staff_a):
    client.force_login(staff_a)
    assert "Các khối" in client.get(reverse("blocs:bloc_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/khoi/"})
    english = client.get(reverse("blocs:bloc_list")).content.decode()
    assert "Emulation blocs" in english and 'lang="en"' in english


def test_dates_are_day_first():
    from datetime import date

    from django.utils.formats import date_format

    with translation.override("vi"):
        assert date_format(date(2020, 1, 6), "SHORT_DATE_FORMAT") == "06/01/2020"


def test_login_page_has_a_language_switch_and_phone_viewport(client, db):
    content = client.get(reverse("accounts:login")).content.decode()
    assert 'name="viewport"' in content
    assert "Tiếng Việt" in content and "English" in content
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in content
    assert "cdn" not in content.lower()


def test_static_assets_come_from_npm_packages():
    assert (ROOT / "node_modules/bootstrap/dist/css/bootstrap.min.css").exists()
    assert (ROOT / "node_modules/bootstrap-icons/font/bootstrap-icons.min.css").exists()


def test_403_page_is_vietnamese(rf, db):
    from khoi_thi_dua.views import permission_denied

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("vi"):
        response = permission_denied(request)
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_500_page_is_vietnamese_and_needs_no_database():
    from khoi_thi_dua.views import server_error

    with translation.override("vi"):
        response = server_error(None)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in response.content.decode()


@override_settings(DEBUG=False)
def test_unknown_address_gives_the_vietnamese_404(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_health_check(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "url", ["/", "/khoi/", "/chi-tieu/", "/tai-khoan/ho-so/", "/tai-khoan/doi-mat-khau/"]
)
def test_private_pages_send_anonymous_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("blocs:bloc_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Các khối" in page.content.decode() and 'lang="vi"' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/khoi/"})
    page = client.get(reverse("blocs:bloc_list"), HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in page.content.decode()


def test_every_message_in_the_code_has_a_vietnamese_translation(tmp_path):
    """Run makemessages on a copy of the code: nothing new may appear untranslated."""
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None:
        from tests.celery_worker import skip_or_fail

        skip_or_fail("GNU gettext (xgettext) is not installed")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "var", ".git", "__pycache__", "*.mo", ".pytest_cache"
        ),
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--ignore=tests/*",
            "--ignore=benchmarks/*",
            "-v",
            "0",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "khoi_thi_dua.settings.test",
            "VAR_DIR": str(tmp_path / "var"),
        },
    )
    assert result.returncode == 0, result.stderr
    blocks = (copy / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8").split("\n\n")
    missing = [
        block
        for block in blocks[1:]
        if not block.startswith("#~")
        and ("#, fuzzy" in block or block.rstrip().endswith(('msgstr ""', 'msgstr[0] ""')))
    ]
    assert missing == [], "untranslated or fuzzy:\n\n" + "\n\n".join(missing[:10])
