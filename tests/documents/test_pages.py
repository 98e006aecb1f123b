"""The document pages from outside: who sees what, downloads, progress, the download centre."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DownloadLog
from documents.services import request_document
from tests.documents.kinds import ROSTER
from tests.factories import BlocFactory, MembershipFactory, MemberUnitFactory


@pytest.fixture
def roster_x(ask, world, bloc_leader):
    """The ready roster of bloc X (members: units A, L, P, D)."""
    return ask(world.bloc_x, bloc_leader)


def _queued(roster, django_capture_on_commit_callbacks, subject, user):
    with django_capture_on_commit_callbacks(execute=False):
        return request_document(ROSTER, subject, user)


# Access from outside ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "progress", "download"])
def test_another_blocs_staff_gets_403(roster_x, client_for, staff_b, name):
    response = client_for(staff_b).get(reverse(f"documents:{name}", args=[roster_x.pk]))
    assert response.status_code == 403
    assert not DownloadLog.objects.exists()


@pytest.mark.parametrize("name", ["detail", "progress", "download"])
def test_anonymous_is_sent_to_sign_in(roster_x, client, name):
    url = reverse(f"documents:{name}", args=[roster_x.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_anonymous_is_sent_to_sign_in_from_the_download_centre(client):
    response = client.get(reverse("documents:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["staff_a", "bloc_leader", "last_year_leader", "ministry"])
def test_members_of_the_bloc_and_the_ministry_see_the_document(
    roster_x, client_for, request, persona
):
    response = client_for(request.getfixturevalue(persona)).get(roster_x.get_absolute_url())
    assert response.status_code == 200
    assert roster_x.title in response.text


def test_an_unknown_document_is_404(db, client_for, staff_a):
    assert client_for(staff_a).get(reverse("documents:detail", args=[999])).status_code == 404


# The document page and its progress ----------------------------------------------------------


def test_the_page_of_a_ready_document_offers_the_download(roster_x, client_for, staff_a):
    response = client_for(staff_a).get(roster_x.get_absolute_url())
    text = response.text
    assert "version 1" in text or "phiên bản 1" in text
    assert reverse("documents:download", args=[roster_x.pk]) in text
    assert 'aria-valuenow="100"' in text
    assert "hx-trigger" not in text  # finished: nothing to poll
    assert "vendor/htmx/htmx.min.js" in text


def test_the_page_of_a_queued_document_polls_its_progress(
    roster, django_capture_on_commit_callbacks, world, client_for, staff_a
):
    document = _queued(roster, django_capture_on_commit_callbacks, world.bloc_x, staff_a)
    text = client_for(staff_a).get(document.get_absolute_url()).text
    progress_url = reverse("documents:progress", args=[document.pk])
    assert f'hx-get="{progress_url}"' in text
    assert 'hx-trigger="every 1s"' in text
    assert '<meta http-equiv="refresh" content="3">' in text  # inside <noscript>
    assert reverse("documents:download", args=[document.pk]) not in text


def test_the_progress_partial_follows_the_render(
    roster, django_capture_on_commit_callbacks, world, client_for, staff_a
):
    document = _queued(roster, django_capture_on_commit_callbacks, world.bloc_x, staff_a)
    client = client_for(staff_a)
    url = reverse("documents:progress", args=[document.pk])

    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.RENDERING, progress=40, started_at=timezone.now()
    )
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.text  # the panel alone
    assert 'aria-valuenow="40"' in partial.text and 'data-progress="40"' in partial.text
    assert 'hx-trigger="every 1s"' in partial.text
    assert partial["Cache-Control"].startswith("max-age=0")

    from documents.tasks import render_document

    Document.objects.filter(pk=document.pk).update(status=Document.Status.QUEUED)
    render_document(document.pk)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.text
    assert reverse("documents:download", args=[document.pk]) in done.text


def test_a_failed_document_shows_the_reason(
    roster, django_capture_on_commit_callbacks, world, client_for, staff_a
):
    document = _queued(roster, django_capture_on_commit_callbacks, world.bloc_x, staff_a)
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, error="Mẫu tài liệu có lỗi ở dòng 3."
    )
    text = client_for(staff_a).get(reverse("documents:progress", args=[document.pk])).text
    assert "Mẫu tài liệu có lỗi ở dòng 3." in text
    assert "hx-trigger" not in text
    assert reverse("documents:download", args=[document.pk]) not in text


def test_the_page_lists_the_other_versions_each_downloadable(
    ask, world, bloc_leader, client_for, staff_a
):
    first = ask(world.bloc_x, bloc_leader)
    MembershipFactory(bloc=world.bloc_x, unit=MemberUnitFactory(), year=world.year)
    second = ask(world.bloc_x, bloc_leader)
    text = client_for(staff_a).get(second.get_absolute_url()).text
    assert first.get_absolute_url() in text
    assert reverse("documents:download", args=[first.pk]) in text


# Download ---------------------------------------------------------------------------------


def test_download_streams_the_pdf_with_the_kinds_file_name_and_logs_it(
    roster_x, client_for, staff_a
):
    response = client_for(staff_a).get(reverse("documents:download", args=[roster_x.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"danh-sach-{roster_x.year}-tay-nguyen-va-duyen-hai-mien-trung-v1.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF") and len(content) == roster_x.size
    log = DownloadLog.objects.get()
    assert (log.document, log.user) == (roster_x, staff_a)


def test_a_document_that_is_not_ready_cannot_be_downloaded(
    roster, django_capture_on_commit_callbacks, world, client_for, staff_a
):
    document = _queued(roster, django_capture_on_commit_callbacks, world.bloc_x, staff_a)
    response = client_for(staff_a).get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 404
    assert not DownloadLog.objects.exists()


def test_a_ready_document_whose_file_is_gone_is_404(roster_x, client_for, staff_a):
    roster_x.file.storage.delete(roster_x.file.name)
    response = client_for(staff_a).get(reverse("documents:download", args=[roster_x.pk]))
    assert response.status_code == 404


# The download centre ------------------------------------------------------------------------


def test_the_centre_lists_only_what_the_person_may_download(
    ask, world, bloc_leader, staff_b, client_for
):
    roster_x = ask(world.bloc_x, bloc_leader)
    roster_y = ask(world.bloc_y, staff_b)
    text = client_for(staff_b).get(reverse("documents:list")).text
    assert roster_y.title in text
    assert roster_x.title not in text


def test_the_centre_shows_the_newest_version_of_each_document(
    ask, world, bloc_leader, client_for, ministry
):
    first = ask(world.bloc_x, bloc_leader)
    MembershipFactory(bloc=world.bloc_x, unit=MemberUnitFactory(), year=world.year)
    second = ask(world.bloc_x, bloc_leader)
    text = client_for(ministry).get(reverse("documents:list")).text
    assert reverse("documents:download", args=[second.pk]) in text
    assert reverse("documents:download", args=[first.pk]) not in text


def test_the_centre_filters_by_kind_and_year(
    ask, world, bloc_leader, staff_b, client_for, ministry
):
    this_year = ask(world.bloc_x, bloc_leader)
    last_year = ask(world.bloc_y, staff_b)
    Document.objects.filter(pk=last_year.pk).update(year=world.year - 1)
    client = client_for(ministry)

    def listed(**query):
        response = client.get(reverse("documents:list"), query)
        return response, {
            d.pk for d in (this_year, last_year) if d.get_absolute_url() in response.text
        }

    assert listed(loai=ROSTER)[1] == {this_year.pk, last_year.pk}
    assert listed(nam=world.year)[1] == {this_year.pk}
    assert listed(nam=world.year - 1, loai=ROSTER)[1] == {last_year.pk}
    response, shown = listed(nam=1999)
    assert shown == {this_year.pk, last_year.pk}
    assert "1999" in response.text  # "You have no documents for the year 1999; …"


def _many_blocs_with_rosters(ask, ministry, count):
    for _number in range(count):
        bloc = BlocFactory()
        MembershipFactory(bloc=bloc, year=timezone.localdate().year)
        ask(bloc, ministry)


def test_the_centre_is_paginated(ask, ministry, client_for, monkeypatch):
    monkeypatch.setattr("documents.views.PAGE_SIZE", 2)
    _many_blocs_with_rosters(ask, ministry, 3)
    client = client_for(ministry)
    first_page = client.get(reverse("documents:list"))
    assert first_page.text.count("/tai-ve/") == 2
    assert "trang=2" in first_page.text
    assert client.get(reverse("documents:list"), {"trang": 2}).text.count("/tai-ve/") == 1


@pytest.mark.parametrize("persona", ["ministry", "staff_a"])
def test_the_centre_query_count_does_not_grow_with_documents(
    ask, world, ministry, client_for, django_assert_max_num_queries, request, persona
):
    user = request.getfixturevalue(persona)
    ask(world.bloc_x, ministry)
    client = client_for(user)
    # session, user, documents, subjects (one query per subject type), the person's roles (2),
    # and one spare for a cold ContentType cache.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("documents:list")).status_code == 200
    _many_blocs_with_rosters(ask, ministry, 12)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("documents:list")).status_code == 200


def test_the_document_page_query_count_is_bounded(
    ask, world, bloc_leader, client_for, staff_a, django_assert_max_num_queries
):
    for _number in range(5):
        MembershipFactory(bloc=world.bloc_x, unit=MemberUnitFactory(), year=world.year)
        document = ask(world.bloc_x, bloc_leader)
    client = client_for(staff_a)
    with django_assert_max_num_queries(8):
        assert client.get(document.get_absolute_url()).status_code == 200
