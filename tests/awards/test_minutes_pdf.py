"""The minutes (biên bản) of a meeting as a PDF: requested from the meeting page, rendered
through the document pipeline, readable in Vietnamese with the full vote count and the rule;
and who may see it."""

import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import voting
from awards.documents import build_minutes_payload, can_view_minutes
from documents.models import Document
from tests.factories import SuperiorBodyFactory


def _text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


@pytest.fixture
def held_meeting(
    world, meeting, attend, flag, certificate, nominate, make_vote, bloc_leader, unit_leaders
):
    """The year-end meeting held: three present, one absent with a written opinion, a flag vote
    and a certificate vote, both closed."""
    from awards.models import AgendaItem, Decision

    SuperiorBodyFactory(name="Bộ Tài chính", from_year=2025)
    AgendaItem.objects.create(meeting=meeting, order=1, title="Tổng kết công tác thi đua năm")
    AgendaItem.objects.create(meeting=meeting, order=2, title="Bình xét, suy tôn các danh hiệu")
    Decision.objects.create(meeting=meeting, order=1, text="Thống nhất đề nghị Bộ tặng Cờ thi đua.")
    attend(
        meeting,
        present=[world.unit_a, world.unit_leader, world.unit_deputy],
        absent={world.unit_previous_leader: "Nhất trí với đề xuất của Khối trưởng."},
    )
    flag_vote = make_vote(flag, [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)])
    cert_vote = make_vote(
        certificate,
        [nominate(certificate, world.unit_leader), nominate(certificate, world.unit_deputy)],
        seats=2,
        allow_written_opinions=True,
    )
    for vote in (flag_vote, cert_vote):
        voting.open_vote(vote, bloc_leader)
    fa, fd = flag_vote.candidates.all()
    for unit in (world.unit_a, world.unit_leader, world.unit_deputy):
        voting.cast_ballot(
            flag_vote, unit_leaders[unit.pk], {fa.pk: True, fd.pk: unit == world.unit_a}
        )
    cl, cd = cert_vote.candidates.all()
    for unit in (world.unit_a, world.unit_leader, world.unit_deputy):
        voting.cast_ballot(
            cert_vote, unit_leaders[unit.pk], {cl.pk: True, cd.pk: unit != world.unit_leader}
        )
    voting.enter_written_opinion(
        cert_vote, world.unit_previous_leader, bloc_leader, {cl.pk: True, cd.pk: True}
    )
    voting.close_vote(flag_vote, bloc_leader)
    voting.close_vote(cert_vote, bloc_leader)
    return meeting


def test_the_payload_holds_attendance_counts_and_the_rule(held_meeting, world):
    payload = build_minutes_payload(held_meeting)
    assert (payload["members_count"], payload["present_count"], payload["absent_count"]) == (
        4,
        3,
        1,
    )
    flag_vote, cert_vote = payload["votes"]
    # The flag: at least 80 % of 4 members needs 4; three were present, so nobody reaches it.
    assert (flag_vote["votes_needed"], flag_vote["base"], flag_vote["elected"]) == (4, 4, [])
    assert flag_vote["ballots"] == {"issued": 3, "received": 3, "valid": 3, "invalid": 0}
    # The certificates: more than 50 % of 4 needs 3; the written opinion counts.
    counts = {
        c["label"]: (c["approvals"], c["elected"]) for c in cert_vote["groups"][0]["candidates"]
    }
    assert counts == {world.unit_leader.name: (4, True), world.unit_deputy.name: (3, True)}
    assert cert_vote["written_opinions"] == 1
    assert [c["share"] for c in cert_vote["groups"][0]["candidates"]] == ["100", "75"]


def test_the_minutes_pdf_reads_back_in_vietnamese(
    client, held_meeting, world, staff_a, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:minutes_pdf", args=[held_meeting.pk]))
    document = Document.objects.get(kind="minutes")
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.status == Document.Status.READY, document.error
    text = _text(document)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BỘ TÀI CHÍNH",
        "KHỐI THI ĐUA TÂY NGUYÊN VÀ DUYÊN HẢI MIỀN TRUNG",
        "Số: 01/BB-KTĐ",
        f"Quy Nhơn, ngày 20 tháng 12 năm {world.year}",
        "BIÊN BẢN",
        "THÀNH PHẦN THAM DỰ",
        "Ban Quản lý các KCN tỉnh Đắk Lắk",
        "Đại diện BQL Đắk Lắk",
        "Ý kiến bằng văn bản: Nhất trí với đề xuất của Khối trưởng.",
        "Bình xét, suy tôn các danh hiệu",
        "Số phiếu phát ra: 3; thu về: 3; hợp lệ: 3; không hợp lệ: 0",
        "đạt từ 80% tổng số đơn vị thành viên của Khối, tức tối thiểu 4/4 phiếu",
        "trên 50% tổng số đơn vị thành viên",
        "ý kiến bằng văn bản được tính: 1",
        "100,00%",
        "75,00%",
        "chưa đủ 4 phiếu",
        "Thống nhất đề nghị Bộ tặng Cờ thi đua.",
        "TM. KHỐI THI ĐUA",
        "KHỐI TRƯỞNG",
        "Phạm Quốc Khánh",
        "THƯ KÝ",
        "Lê Thu Hà",
        "Nơi nhận:",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("staff_a", True),
        ("last_year_leader", True),
        ("ministry", True),
        ("admin_user", True),
        ("staff_b", False),
    ],
)
def test_who_may_see_the_minutes(request, meeting, persona, allowed):
    assert can_view_minutes(request.getfixturevalue(persona), meeting) == allowed


def test_another_blocs_staff_cannot_ask_for_the_minutes(client, meeting, staff_b):
    client.force_login(staff_b)
    assert client.post(reverse("awards:minutes_pdf", args=[meeting.pk])).status_code == 403
    assert not Document.objects.exists()


def test_an_open_vote_is_not_in_the_minutes(
    world, meeting, flag, nominate, make_vote, bloc_leader, everyone_present
):
    vote = make_vote(flag, [nominate(flag, world.unit_a)])
    voting.open_vote(vote, bloc_leader)
    assert build_minutes_payload(meeting)["votes"] == []


def test_the_minutes_fingerprint_changes_with_the_meetings_data(
    world, meeting, attend, django_assert_num_queries
):
    from awards.documents import minutes_data_state

    with django_assert_num_queries(2):
        before = minutes_data_state([meeting])[meeting.pk]
    attend(meeting, absent={world.unit_a: ""})
    after = minutes_data_state([meeting])[meeting.pk]
    assert before != after
    assert minutes_data_state([meeting])[meeting.pk] == after
