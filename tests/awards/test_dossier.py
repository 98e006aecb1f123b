"""The dossier to the ministry: the submission letter (tờ trình), the minutes of the year-end
meeting and the consolidated annual report, in one PDF; prepared by the bloc leader."""

import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import voting
from awards.documents import build_dossier_payload, can_view_dossier
from awards.models import Submission
from documents.models import Document
from reports.services import ensure_periods
from tests.factories import SuperiorBodyFactory


def _pages(document) -> list[str]:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [unicodedata.normalize("NFC", " ".join(p.extract_text().split())) for p in reader.pages]


@pytest.fixture
def voted(world, meeting, attend, certificate, nominate, make_vote, bloc_leader, unit_leaders):
    SuperiorBodyFactory(name="Bộ Tài chính", emulation_office="Vụ Thi đua - Khen thưởng")
    ensure_periods(world.bloc_x, world.year)
    attend(
        meeting,
        present=[world.unit_a, world.unit_leader, world.unit_deputy, world.unit_previous_leader],
    )
    vote = make_vote(certificate, [nominate(certificate, world.unit_a)], seats=1)
    voting.open_vote(vote, bloc_leader)
    for leader in unit_leaders.values():
        voting.cast_ballot(vote, leader, {vote.candidates.get().pk: True})
    voting.close_vote(vote, bloc_leader)
    return meeting


def test_the_leader_prepares_the_submission(client, world, voted, bloc_leader):
    client.force_login(bloc_leader)
    url = reverse("awards:submission", kwargs={"bloc_code": "khoi-x", "year": world.year})
    form = client.get(url).context["form"]
    assert form["meeting"].value() == voted.pk and form["place"].value() == "Quy Nhơn"
    bad = client.post(
        url,
        {"meeting": voted.pk, "number": "02/TTr-KTĐ", "place": "Quy Nhơn", "dated": "99/99/2026"},
    )
    assert bad.status_code == 400 and not Submission.objects.exists()
    response = client.post(
        url,
        {
            "meeting": voted.pk,
            "number": "02/TTr-KTĐ",
            "place": "Quy Nhơn",
            "dated": f"22/12/{world.year}",
            "signer_name": "Phạm Quốc Khánh",
        },
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.number, submission.meeting) == ("02/TTr-KTĐ", voted)


@pytest.mark.parametrize("persona", ["staff_a", "last_year_leader", "ministry", "staff_b"])
def test_only_the_leader_writes_the_submission(client, request, world, voted, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("awards:submission", kwargs={"bloc_code": "khoi-x", "year": world.year})
    response = client.post(
        url, {"meeting": voted.pk, "number": "x", "place": "y", "dated": f"01/12/{world.year}"}
    )
    assert response.status_code == 403 and not Submission.objects.exists()


@pytest.fixture
def submission(world, voted, bloc_leader):
    from datetime import date

    return Submission.objects.create(
        bloc=world.bloc_x,
        year=world.year,
        meeting=voted,
        number="02/TTr-KTĐ",
        place="Quy Nhơn",
        dated=date(world.year, 12, 22),
        signer_name="Phạm Quốc Khánh",
        created_by=bloc_leader,
    )


def test_the_payload_embeds_the_minutes_and_the_consolidated_report(submission, world):
    payload = build_dossier_payload(submission)
    assert [p["nominee"] for p in payload["proposals"]] == [world.unit_a.name]
    assert (payload["proposals"][0]["approvals"], payload["proposals"][0]["base"]) == (4, 4)
    assert payload["minutes"]["votes"][0]["elected"] == [world.unit_a.name]
    assert payload["bloc_report"]["year"] == world.year
    assert payload["bloc_report"]["bloc"] == world.bloc_x.name


def test_the_dossier_pdf_has_the_three_parts_on_their_own_pages(
    client, world, submission, staff_a, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:dossier_pdf", args=[submission.pk]))
    document = Document.objects.get(kind="dossier")
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.status == Document.Status.READY, document.error
    pages = _pages(document)
    starts = {
        "TỜ TRÌNH": next(i for i, p in enumerate(pages) if "TỜ TRÌNH" in p),
        "BIÊN BẢN": next(i for i, p in enumerate(pages) if "BIÊN BẢN" in p),
        "BÁO CÁO": next(
            i for i, p in enumerate(pages) if "BÁO CÁO" in p and "Tổng hợp kết quả" in p
        ),
    }
    assert starts["TỜ TRÌNH"] == 0 < starts["BIÊN BẢN"] < starts["BÁO CÁO"]
    first = pages[0]
    for expected in [
        "Số: 02/TTr-KTĐ",
        f"Quy Nhơn, ngày 22 tháng 12 năm {world.year}",
        "Kính gửi: Bộ trưởng Bộ Tài chính (qua Vụ Thi đua - Khen thưởng)",
        "Ban Quản lý các KCN tỉnh Đắk Lắk",
        "4/4",
    ]:
        assert expected in first, expected
    minutes = pages[starts["BIÊN BẢN"]]
    assert "Số: 01/BB-KTĐ" in minutes and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in minutes
    report = pages[starts["BÁO CÁO"]]
    assert "THÀNH PHẦN CỦA KHỐI" in report


@pytest.mark.parametrize(
    ("persona", "allowed"), [("staff_a", True), ("ministry", True), ("staff_b", False)]
)
def test_who_may_see_the_dossier(request, submission, persona, allowed):
    assert can_view_dossier(request.getfixturevalue(persona), submission) == allowed


def test_another_blocs_staff_cannot_ask_for_the_dossier(client, submission, staff_b):
    client.force_login(staff_b)
    assert client.post(reverse("awards:dossier_pdf", args=[submission.pk])).status_code == 403
    assert not Document.objects.exists()
