"""The histories of the awards: agreed scores, nominations, the ministry's decisions and
meetings (agenda, attendance, votes' settings, opening and closing), each with who made the
change, and each for the people who may see it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Nomination, Vote
from tests.audit.conftest import history_url, who

# Agreed scores -----------------------------------------------------------------------------


def test_agreed_scores_are_listed_with_the_bloc_leader_as_author(
    client, world, pact, bloc_leader, staff_a, history
):
    url = reverse("awards:score_unit", args=["khoi-x", world.year, world.unit_a.code])
    client.force_login(bloc_leader)
    data = {f"s_{pact.c1.pk}": "55", f"s_{pact.c2.pk}": "30"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {f"s_{pact.c1.pk}": "57,5"}).status_code == 302
    rows = history(staff_a, "cham-diem", pact.pk, **{"don-vi": world.unit_a.code})
    changed = next(r for r in rows if "Thu hút đầu tư" in r and "55 → 57,5" in r)
    assert who(bloc_leader) in changed
    assert world.unit_a.name in changed
    assert len([r for r in rows if "Cải cách hành chính" in r]) == 1  # unchanged: created only
    assert history(staff_a, "cham-diem", pact.pk, **{"don-vi": world.unit_deputy.code}) == []
    page = client.get(url).content.decode()
    assert history_url("cham-diem", pact.pk) in page


def test_who_reads_the_agreed_scores_history(client, pact, staff_a, ministry, staff_b):
    for user, status in ((staff_a, 200), (ministry, 200), (staff_b, 403)):
        client.force_login(user)
        assert client.get(history_url("cham-diem", pact.pk)).status_code == status


# Nominations and decisions --------------------------------------------------------------


def _nomination_data(award_type, unit, achievements):
    return {
        "award_type": award_type.pk,
        "unit": unit.pk,
        "nominee_name": "",
        "nominee_title": "",
        "achievements": achievements,
    }


def test_a_nominations_changes_and_attachments_are_listed(
    client, world, flag, staff_a, staff_deputy, history
):
    client.force_login(staff_a)
    create = reverse("awards:nomination_create", kwargs={"bloc_code": "khoi-x", "year": world.year})
    first = "Dẫn đầu Khối về thu hút vốn FDI."
    assert client.post(create, _nomination_data(flag, world.unit_a, first)).status_code == 302
    nomination = Nomination.objects.get()
    client.post(
        reverse("awards:nomination_edit", args=[nomination.pk]),
        _nomination_data(flag, world.unit_a, "Dẫn đầu Khối về thu hút vốn FDI và việc làm."),
    )
    client.post(
        reverse("awards:nomination_attach", args=[nomination.pk]),
        {"file": SimpleUploadedFile("bao-cao-thanh-tich.pdf", b"%PDF-1.7\n...")},
    )
    rows = history(staff_deputy, "de-nghi", nomination.pk)
    assert "bao-cao-thanh-tich.pdf" in rows[0] and who(staff_a) in rows[0]
    edited = next(r for r in rows if "→ Dẫn đầu Khối về thu hút vốn FDI và việc làm." in r)
    assert who(staff_a) in edited
    page = client.get(reverse("awards:nomination", args=[nomination.pk])).content.decode()
    assert history_url("de-nghi", nomination.pk) in page


@pytest.fixture
def decided(client, world, nominate, flag, ministry):
    nomination = nominate(flag, world.unit_a)
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.PASSED)
    client.force_login(ministry)
    response = client.post(
        reverse("awards:nomination_decision", args=[nomination.pk]),
        {"awarded": "1", "decision_number": "1234/QĐ-BTC", "decision_date": "15/03/2027"},
    )
    assert response.status_code == 302
    return nomination


def test_the_decision_is_listed_with_the_ministry_as_author(
    english, decided, ministry, staff_a, history
):
    rows = history(staff_a, "quyet-dinh", decided.pk)
    assert len(rows) == 1
    assert "1234/QĐ-BTC" in rows[0] and "15/03/2027" in rows[0]
    assert "Nguyễn Thị Minh" in rows[0] and "Ministry" in rows[0]
    assert "→ Awarded" in rows[0]
    page = english.get(reverse("awards:nomination", args=[decided.pk])).content.decode()
    assert history_url("quyet-dinh", decided.pk) in page


def test_the_nomination_history_leaves_the_decision_to_its_own_page(
    client, decided, staff_deputy, history
):
    rows = history(staff_deputy, "de-nghi", decided.pk)
    assert not any("1234/QĐ-BTC" in r or "Nguyễn Thị Minh" in r for r in rows)
    client.force_login(staff_deputy)
    page = client.get(reverse("awards:nomination", args=[decided.pk])).content.decode()
    assert history_url("quyet-dinh", decided.pk) not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("ministry", 200),
        ("admin_user", 200),
        ("staff_a", 200),  # the unit concerned
        ("leader_a", 200),  # its unit leader
        ("bloc_leader", 403),
        ("staff_deputy", 403),  # another member of the bloc
        ("last_year_leader", 403),
        ("staff_b", 403),  # another bloc
    ],
)
def test_who_reads_a_decisions_history(client, request, decided, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(history_url("quyet-dinh", decided.pk)).status_code == status


def test_who_reads_a_nominations_history(client, world, nominate, flag, staff_deputy, staff_b):
    nomination = nominate(flag, world.unit_a)
    client.force_login(staff_deputy)
    assert client.get(history_url("de-nghi", nomination.pk)).status_code == 200
    client.force_login(staff_b)
    assert client.get(history_url("de-nghi", nomination.pk)).status_code == 403
    client.logout()
    response = client.get(history_url("de-nghi", nomination.pk))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# Meetings ---------------------------------------------------------------------------------


def test_a_meetings_record_attendance_and_votes_are_listed(
    english, world, meeting, flag, nominate, bloc_leader, staff_a, history
):
    client = english
    client.force_login(bloc_leader)
    edit = reverse("awards:meeting_edit", args=[meeting.pk])
    data = {
        "kind": "year_end",
        "title": meeting.title,
        "number": meeting.number,
        "held_on": f"20/12/{world.year}",
        "starts_at": "08:00",
        "place": "Pleiku",
        "host": world.unit_leader.pk,
        "chair_name": meeting.chair_name,
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-order": "1",
        "agenda-0-title": "Bình xét, suy tôn danh hiệu",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
    }
    assert client.post(edit, data).status_code == 302
    for unit in (world.unit_a, world.unit_leader, world.unit_deputy):
        client.post(
            reverse("awards:attendance", args=[meeting.pk, unit.pk]),
            {
                f"u{unit.pk}-status": "present",
                f"u{unit.pk}-representative_name": f"Đại diện {unit.short_name}",
                f"u{unit.pk}-representative_title": "Phó Trưởng ban",
            },
        )
    nominations = [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)]
    create = reverse("awards:vote_create", args=[meeting.pk]) + "?loai=" + flag.code
    response = client.post(
        create,
        {
            "title": "Suy tôn Cờ thi đua",
            "seats": "1",
            "method": "approval",
            "secret": "on",
            "mode": "electronic",
            "threshold_percent": "80",
            "threshold_comparison": "at_least",
            "threshold_base": "members",
            "quorum_numerator": "2",
            "quorum_denominator": "3",
            "nominations": [n.pk for n in nominations],
        },
    )
    vote = Vote.objects.get()
    assert response.status_code == 302
    client.post(reverse("awards:vote_open", args=[vote.pk]))
    rows = history(staff_a, "hop", meeting.pk)
    # Every change made on the pages names the bloc leader; the meeting itself was made
    # outside a request, by the test.
    assert all(who(bloc_leader) in r for r in rows[:-1])
    assert "not recorded" in rows[-1] and "Created Meeting" in rows[-1]
    assert any("Quy Nhơn → Pleiku" in r for r in rows)
    assert any("Bình xét, suy tôn danh hiệu" in r and "Created" in r for r in rows)
    attendance = [r for r in rows if "Đại diện BQL" in r]
    assert len(attendance) == 3 and all("Present" in r for r in attendance)
    assert "Being prepared → Open" in rows[0] and "Suy tôn Cờ thi đua" in rows[0]
    candidates = [r for r in rows if "Candidate" in r and "Suy tôn Cờ thi đua" in r]
    assert len(candidates) == 2  # the list of candidates, prepared by the bloc leader
    page = client.get(reverse("awards:meeting", args=[meeting.pk])).content.decode()
    assert history_url("hop", meeting.pk) in page


def test_who_reads_a_meetings_history(client, meeting, staff_a, ministry, staff_b):
    for user, status in ((staff_a, 200), (ministry, 200), (staff_b, 403)):
        client.force_login(user)
        assert client.get(history_url("hop", meeting.pk)).status_code == status
    client.logout()
    assert client.get(history_url("hop", meeting.pk)).status_code == 302
