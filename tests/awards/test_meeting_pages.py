"""Meeting and vote pages from the outside and end to end: who sees and runs what, the live
attendance and quorum (htmx), preparing, opening, casting, closing and reading a vote."""

import pytest
from django.urls import reverse

from awards.models import AgendaItem, Attendance, Ballot, Meeting, Vote, VoterRecord


def meeting_url(meeting, name="awards:meeting"):
    return reverse(name, args=[meeting.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("bloc_leader", 200),
        ("staff_a", 200),
        ("unit_leader_a", 200),
        ("last_year_leader", 200),
        ("ministry", 200),
        ("admin_user", 200),
        ("staff_b", 403),
    ],
)
def test_who_sees_a_meeting_and_its_votes(
    client, request, meeting, flag, nominate, make_vote, world, persona, status
):
    vote = make_vote(flag, [nominate(flag, world.unit_a)])
    client.force_login(request.getfixturevalue(persona))
    assert client.get(meeting_url(meeting)).status_code == status
    assert client.get(reverse("awards:vote", args=[vote.pk])).status_code == status
    assert client.get(meeting_url(meeting, "awards:meeting_quorum")).status_code == status


def test_anonymous_is_sent_to_sign_in(client, meeting):
    for url in (meeting_url(meeting), reverse("awards:index")):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_unknown_meeting_or_vote_is_404(client, bloc_leader):
    client.force_login(bloc_leader)
    assert client.get(reverse("awards:meeting", args=[999999])).status_code == 404
    assert client.get(reverse("awards:vote", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "persona", ["staff_a", "unit_leader_a", "last_year_leader", "ministry", "staff_b", "admin_user"]
)
def test_only_this_years_leader_creates_and_runs_meetings(client, request, world, meeting, persona):
    client.force_login(request.getfixturevalue(persona))
    create = reverse("awards:meeting_create", kwargs={"bloc_code": "khoi-x", "year": world.year})
    assert client.get(create).status_code == 403
    assert client.get(meeting_url(meeting, "awards:meeting_edit")).status_code == 403
    attendance = reverse("awards:attendance", args=[meeting.pk, world.unit_a.pk])
    assert client.post(attendance, {f"u{world.unit_a.pk}-status": "absent"}).status_code == 403
    assert not Attendance.objects.exists()
    election = reverse("awards:vote_create", args=[meeting.pk]) + "?loai=lanh-dao"
    assert client.get(election).status_code == 403


def test_leader_creates_a_meeting_with_its_agenda(client, world, bloc_leader):
    client.force_login(bloc_leader)
    create = reverse("awards:meeting_create", kwargs={"bloc_code": "khoi-x", "year": world.year})
    form = client.get(create).context["form"]
    assert form["kind"].value() == "year_end" and str(world.year) in form["title"].value()
    data = {
        "kind": "year_end",
        "title": "Hội nghị tổng kết năm",
        "number": "01/BB-KTĐ",
        "held_on": f"06/01/{world.year}",
        "starts_at": "08:00",
        "place": "Quy Nhơn",
        "host": world.unit_leader.pk,
        "chair_name": "Phạm Quốc Khánh",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-order": "1",
        "agenda-0-title": "Tổng kết công tác thi đua năm",
        "agenda-1-order": "2",
        "agenda-1-title": "Bình xét, suy tôn danh hiệu",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
    }
    bad = client.post(create, {**data, "held_on": "32/13/2026"})
    assert bad.status_code == 400 and not Meeting.objects.exists()
    assert "Hội nghị tổng kết năm" in bad.content.decode()  # nothing typed is lost
    response = client.post(create, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.held_on.day == 6 and meeting.held_on.month == 1
    assert list(AgendaItem.objects.values_list("title", flat=True)) == [
        "Tổng kết công tác thi đua năm",
        "Bình xét, suy tôn danh hiệu",
    ]


def test_attendance_recorded_with_htmx_updates_the_row_and_the_quorum(
    english, world, meeting, bloc_leader
):
    english.force_login(bloc_leader)
    page = english.get(meeting_url(meeting)).content.decode()
    assert 'data-quorum="not-met"' in page and "htmx" in page
    for unit in (world.unit_a, world.unit_leader, world.unit_deputy):
        response = english.post(
            reverse("awards:attendance", args=[meeting.pk, unit.pk]),
            {
                f"u{unit.pk}-status": "present",
                f"u{unit.pk}-representative_name": f"Đại diện {unit.short_name}",
                f"u{unit.pk}-representative_title": "Phó Trưởng ban",
            },
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert f'id="attendance-{unit.pk}"' in content and 'hx-swap-oob="true"' in content
    assert 'data-quorum="met"' in content  # three of four: 2/3 met
    missing_name = english.post(
        reverse("awards:attendance", args=[meeting.pk, world.unit_previous_leader.pk]),
        {f"u{world.unit_previous_leader.pk}-status": "present"},
        HTTP_HX_REQUEST="true",
    )
    assert missing_name.status_code == 400 and "representative" in missing_name.content.decode()
    assert Attendance.objects.count() == 3


def test_attendance_without_javascript_redirects_back(client, world, meeting, bloc_leader):
    client.force_login(bloc_leader)
    response = client.post(
        reverse("awards:attendance", args=[meeting.pk, world.unit_a.pk]),
        {
            f"u{world.unit_a.pk}-status": "absent",
            f"u{world.unit_a.pk}-written_opinion": "Nhất trí.",
        },
    )
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert Attendance.objects.get().written_opinion == "Nhất trí."


def test_leader_prepares_a_vote_with_the_award_types_rule(
    client, world, meeting, flag, nominate, bloc_leader
):
    a = nominate(flag, world.unit_a)
    d = nominate(flag, world.unit_deputy)
    client.force_login(bloc_leader)
    create = reverse("awards:vote_create", args=[meeting.pk]) + "?loai=" + flag.code
    form = client.get(create).context["form"]
    assert form["threshold_percent"].value() == "80,00"
    assert form["threshold_comparison"].value() == "at_least"
    assert form["seats"].value() == flag.default_quota
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
            "nominations": [a.pk, d.pk],
        },
    )
    vote = Vote.objects.get()
    assert response.status_code == 302 and response["Location"] == vote.get_absolute_url()
    assert vote.secret and vote.threshold_percent == 80 and vote.award_type == flag
    assert {c.nomination_id for c in vote.candidates.all()} == {a.pk, d.pk}
    bad = client.post(
        create,
        {
            "title": "x",
            "seats": "1",
            "method": "approval",
            "mode": "electronic",
            "threshold_percent": "80",
            "threshold_comparison": "at_least",
            "threshold_base": "members",
            "quorum_numerator": "4",
            "quorum_denominator": "3",
            "nominations": [a.pk],
        },
    )
    assert bad.status_code == 400 and Vote.objects.count() == 1


def test_leader_prepares_the_election_of_next_years_leadership(client, world, meeting, bloc_leader):
    client.force_login(bloc_leader)
    create = reverse("awards:vote_create", args=[meeting.pk]) + "?loai=lanh-dao"
    assert client.get(create).status_code == 200
    response = client.post(
        create,
        {
            "title": "Bầu Khối trưởng, Khối phó",
            "method": "choose",
            "secret": "on",
            "mode": "electronic",
            "threshold_percent": "50",
            "threshold_comparison": "more_than",
            "threshold_base": "members",
            "quorum_numerator": "2",
            "quorum_denominator": "3",
            "leaders": [world.unit_a.pk],
            "deputies": [world.unit_deputy.pk, world.unit_a.pk],
        },
    )
    assert response.status_code == 400  # A cannot stand for both
    response = client.post(
        create,
        {
            "title": "Bầu Khối trưởng, Khối phó",
            "method": "choose",
            "secret": "on",
            "mode": "electronic",
            "threshold_percent": "50",
            "threshold_comparison": "more_than",
            "threshold_base": "members",
            "quorum_numerator": "2",
            "quorum_denominator": "3",
            "leaders": [world.unit_a.pk],
            "deputies": [world.unit_deputy.pk],
        },
    )
    vote = Vote.objects.get()
    assert response.status_code == 302 and vote.kind == Vote.Kind.LEADERSHIP
    assert sorted(vote.candidates.values_list("role", "unit_id")) == sorted(
        [("leader", world.unit_a.pk), ("deputy", world.unit_deputy.pk)]
    )


def test_a_vote_end_to_end_in_the_browser(
    english,
    world,
    meeting,
    flag,
    nominate,
    make_vote,
    bloc_leader,
    everyone_present,
    unit_leaders,
    staff_a,
    leader_b,
    ministry,
):
    client = english
    vote = make_vote(flag, [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)])
    ca, cd = vote.candidates.all()
    vote_url = reverse("awards:vote", args=[vote.pk])
    client.force_login(bloc_leader)
    assert client.post(reverse("awards:vote_open", args=[vote.pk])).status_code == 302
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN

    receipts = {}
    for unit in everyone_present:
        client.force_login(unit_leaders[unit.pk])
        page = client.get(vote_url)
        assert page.context["can_cast"]
        response = client.post(
            reverse("awards:vote_cast", args=[vote.pk]),
            {f"c_{ca.pk}": "1", f"c_{cd.pk}": "1" if unit != world.unit_a else "0"},
        )
        assert response.status_code == 200
        receipts[unit.pk] = response.context["receipt"]
        assert receipts[unit.pk] in response.content.decode()
        again = client.post(
            reverse("awards:vote_cast", args=[vote.pk]), {f"c_{ca.pk}": "1", f"c_{cd.pk}": "1"}
        )
        assert again.status_code == 400 and "already voted" in again.content.decode()

    for outsider, status in ((staff_a, 400), (ministry, 400), (leader_b, 403)):
        client.force_login(outsider)
        response = client.post(
            reverse("awards:vote_cast", args=[vote.pk]), {f"c_{ca.pk}": "1", f"c_{cd.pk}": "1"}
        )
        assert response.status_code == status
    assert (
        Ballot.objects.filter(vote=vote).count()
        == 4
        == VoterRecord.objects.filter(vote=vote).count()
    )

    client.force_login(unit_leaders[world.unit_a.pk])
    assert client.post(reverse("awards:vote_close", args=[vote.pk])).status_code == 403
    client.force_login(bloc_leader)
    turnout = client.get(reverse("awards:vote_turnout", args=[vote.pk])).content.decode()
    assert "4 of 4 units have voted" in turnout
    assert client.post(reverse("awards:vote_close", args=[vote.pk])).status_code == 302
    page = client.get(vote_url)
    rows = {r["id"]: r for r in page.context["result_rows"]}
    assert (rows[ca.pk]["approvals"], rows[ca.pk]["elected"]) == (4, True)
    assert (rows[cd.pk]["approvals"], rows[cd.pk]["elected"]) == (3, False)  # 80 % of 4 needs 4
    assert "below the threshold" in rows[cd.pk]["reason_text"]

    client.force_login(unit_leaders[world.unit_deputy.pk])
    checked = client.post(
        reverse("awards:vote_receipt", args=[vote.pk]), {"receipt": receipts[world.unit_deputy.pk]}
    )
    assert (
        checked.context["receipt_found"] is True
        and 'data-receipt="found"' in checked.content.decode()
    )
    wrong = client.post(
        reverse("awards:vote_receipt", args=[vote.pk]), {"receipt": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}
    )
    assert wrong.context["receipt_found"] is False


def test_closing_without_quorum_on_the_page_asks_for_the_reason(
    client, world, meeting, flag, nominate, make_vote, bloc_leader, attend
):
    attend(meeting, present=[world.unit_a])
    vote = make_vote(flag, [nominate(flag, world.unit_a)], status=Vote.Status.OPEN)
    client.force_login(bloc_leader)
    close = reverse("awards:vote_close", args=[vote.pk])
    refused = client.post(close, {"no_quorum_reason": ""})
    assert refused.status_code == 400 and refused.context["close_form"].non_field_errors()
    assert (
        client.post(close, {"no_quorum_reason": "Mất điện, họp trực tuyến gián đoạn."}).status_code
        == 302
    )
    vote.refresh_from_db()
    assert (
        vote.is_closed and vote.result["no_quorum_reason"] == "Mất điện, họp trực tuyến gián đoạn."
    )


def test_a_tie_on_the_page_asks_for_the_chairs_order(
    client, world, certificate, nominate, make_vote, bloc_leader, everyone_present, unit_leaders
):
    from awards import voting

    vote = make_vote(
        certificate,
        [nominate(certificate, world.unit_a), nominate(certificate, world.unit_deputy)],
        seats=1,
    )
    voting.open_vote(vote, bloc_leader)
    for unit in everyone_present:
        voting.cast_ballot(vote, unit_leaders[unit.pk], {c.pk: True for c in vote.candidates.all()})
    client.force_login(bloc_leader)
    close = reverse("awards:vote_close", args=[vote.pk])
    asked = client.post(close, {})
    assert asked.status_code == 409
    tied = asked.context["close_form"].tied
    assert len(tied) == 2
    first, second = tied
    same_place = client.post(
        close,
        {
            "tied": [first.pk, second.pk],
            f"t_{first.pk}": "1",
            f"t_{second.pk}": "1",
            "tie_break_note": "x",
        },
    )
    assert same_place.status_code == 400
    done = client.post(
        close,
        {
            "tied": [first.pk, second.pk],
            f"t_{first.pk}": "2",
            f"t_{second.pk}": "1",
            "tie_break_note": "Chủ trì biểu quyết chọn.",
        },
    )
    assert done.status_code == 302
    vote.refresh_from_db()
    elected = [c["id"] for c in vote.result["groups"][0]["candidates"] if c["elected"]]
    assert elected == [second.pk]


def test_a_vote_that_has_opened_cannot_be_edited(
    client, world, flag, nominate, make_vote, bloc_leader
):
    vote = make_vote(flag, [nominate(flag, world.unit_a)], status=Vote.Status.OPEN)
    client.force_login(bloc_leader)
    assert client.get(reverse("awards:vote_edit", args=[vote.pk])).status_code == 302


def test_paper_counts_on_the_page(
    client, world, flag, nominate, make_vote, bloc_leader, everyone_present
):
    vote = make_vote(
        flag, [nominate(flag, world.unit_a)], status=Vote.Status.OPEN, mode=Vote.Mode.PAPER
    )
    candidate = vote.candidates.get()
    client.force_login(bloc_leader)
    paper = reverse("awards:vote_paper", args=[vote.pk])
    bad = client.post(
        paper, {"issued": "4", "valid": "3", "invalid": "0", f"c_{candidate.pk}": "4"}
    )
    assert bad.status_code == 400 and bad.context["paper_form"].non_field_errors()
    assert (
        client.post(
            paper, {"issued": "4", "valid": "4", "invalid": "0", f"c_{candidate.pk}": "4"}
        ).status_code
        == 302
    )
    assert client.post(reverse("awards:vote_close", args=[vote.pk])).status_code == 302
    vote.refresh_from_db()
    assert vote.result["groups"][0]["candidates"][0]["elected"]


def test_attendance_of_a_unit_outside_the_bloc_is_404(client, world, meeting, bloc_leader):
    client.force_login(bloc_leader)
    url = reverse("awards:attendance", args=[meeting.pk, world.unit_b.pk])
    data = {f"u{world.unit_b.pk}-status": "absent"}
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 404
    assert client.post(url, data).status_code == 404
    assert not Attendance.objects.exists()


def test_a_vote_with_a_withdrawn_nomination_does_not_open(
    client, world, flag, nominate, make_vote, bloc_leader
):
    from awards.models import Nomination

    nomination = nominate(flag, world.unit_a)
    vote = make_vote(flag, [nomination])
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.WITHDRAWN)
    client.force_login(bloc_leader)
    assert client.get(reverse("awards:vote", args=[vote.pk])).context["problems"]
    client.post(reverse("awards:vote_open", args=[vote.pk]))
    vote.refresh_from_db()
    assert vote.status == Vote.Status.DRAFT
