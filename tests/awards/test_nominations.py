"""Nominations: proposed by the bloc leader or a member for its own unit, the quota in sight,
attachments checked by type and size, withdrawal; from the outside."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import AwardQuota, Nomination, NominationAttachment
from awards.scoring import nominations_for


def create_url(world, **query):
    url = reverse("awards:nomination_create", kwargs={"bloc_code": "khoi-x", "year": world.year})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def data(award_type, unit, **extra):
    return {
        "award_type": award_type.pk,
        "unit": unit.pk,
        "nominee_name": "",
        "nominee_title": "",
        "achievements": "Dẫn đầu Khối về thu hút vốn FDI; 100% hồ sơ giải quyết đúng hạn.",
        **extra,
    }


def test_a_member_proposes_its_own_unit_and_sees_the_quota(client, world, staff_a, flag):
    client.force_login(staff_a)
    page = client.get(create_url(world, **{"loai": flag.code}))
    assert page.status_code == 200
    assert list(page.context["form"].fields["unit"].queryset) == [world.unit_a]
    quota = {row["award_type"].code: row for row in page.context["quota_rows"]}
    assert quota[flag.code]["quota"] == flag.default_quota and quota[flag.code]["proposed"] == 0
    response = client.post(create_url(world), data(flag, world.unit_a))
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == nomination.get_absolute_url()
    assert nomination.proposed_by == staff_a and nomination.status == Nomination.Status.PROPOSED
    page = client.get(create_url(world))
    quota = {row["award_type"].code: row for row in page.context["quota_rows"]}
    assert quota[flag.code]["proposed"] == 1


def test_a_member_cannot_propose_another_unit(client, world, staff_a, flag):
    client.force_login(staff_a)
    response = client.post(create_url(world), data(flag, world.unit_deputy))
    assert response.status_code == 400 and not Nomination.objects.exists()


def test_the_bloc_leader_proposes_any_member_and_the_ranking_prefills_the_unit(
    client, world, bloc_leader, certificate
):
    client.force_login(bloc_leader)
    page = client.get(create_url(world, **{"don-vi": world.unit_deputy.code}))
    assert page.context["form"]["unit"].value() == world.unit_deputy.pk
    assert len(page.context["form"].fields["unit"].queryset) == 4
    assert client.post(create_url(world), data(certificate, world.unit_deputy)).status_code == 302


def test_a_bloc_quota_of_its_own_replaces_the_default(client, world, bloc_leader, flag):
    AwardQuota.objects.create(bloc=world.bloc_x, year=world.year, award_type=flag, quota=2)
    client.force_login(bloc_leader)
    rows = {r["award_type"].code: r for r in client.get(create_url(world)).context["quota_rows"]}
    assert rows[flag.code]["quota"] == 2


@pytest.mark.parametrize(
    ("code", "name", "ok"),
    [
        ("co-thi-dua-bo", "", True),
        ("co-thi-dua-bo", "Phòng Quản lý đầu tư", False),  # a flag goes to the unit itself
        ("bang-khen-bo-truong-phong", "", False),  # a department must be named
        ("bang-khen-bo-truong-phong", "Phòng Quản lý đầu tư", True),
        ("bang-khen-bo-truong-ca-nhan", "", False),
        ("bang-khen-bo-truong-ca-nhan", "Nguyễn Văn Hùng", True),
    ],
)
def test_the_nominee_matches_who_the_award_is_for(client, world, bloc_leader, code, name, ok):
    from awards.models import AwardType

    client.force_login(bloc_leader)
    response = client.post(
        create_url(world),
        data(
            AwardType.objects.get(code=code),
            world.unit_a,
            nominee_name=name,
            nominee_title="Trưởng phòng" if name else "",
        ),
    )
    assert (response.status_code == 302) == ok
    assert Nomination.objects.exists() == ok


def test_the_same_nominee_twice_is_refused_but_again_after_withdrawal(
    client, world, bloc_leader, flag
):
    client.force_login(bloc_leader)
    assert client.post(create_url(world), data(flag, world.unit_a)).status_code == 302
    twice = client.post(create_url(world), data(flag, world.unit_a))
    assert twice.status_code == 400 and Nomination.objects.count() == 1
    first = Nomination.objects.get()
    assert client.post(reverse("awards:nomination_withdraw", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.status == Nomination.Status.WITHDRAWN
    assert client.post(create_url(world), data(flag, world.unit_a)).status_code == 302
    assert [n.status for n in nominations_for(world.bloc_x, world.year)] == ["proposed"]


@pytest.mark.parametrize(
    ("persona", "view", "propose"),
    [
        ("staff_a", 200, 200),
        ("unit_leader_a", 200, 200),
        ("last_year_leader", 200, 200),
        ("ministry", 200, 403),
        ("admin_user", 200, 403),
        ("staff_b", 403, 403),
    ],
)
def test_who_sees_and_proposes_nominations(
    client, request, world, nominate, flag, persona, view, propose
):
    nomination = nominate(flag, world.unit_deputy)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("awards:nomination", args=[nomination.pk])).status_code == view
    assert (
        client.get(
            reverse("awards:nominations", kwargs={"bloc_code": "khoi-x", "year": world.year})
        ).status_code
        == view
    )
    assert client.get(create_url(world)).status_code == propose


@pytest.mark.parametrize("persona", ["staff_a", "last_year_leader", "ministry", "staff_b"])
def test_only_the_proposer_side_edits_or_withdraws(client, request, world, nominate, flag, persona):
    nomination = nominate(flag, world.unit_deputy)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("awards:nomination_edit", args=[nomination.pk])).status_code == 403
    assert (
        client.post(reverse("awards:nomination_withdraw", args=[nomination.pk])).status_code == 403
    )
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PROPOSED


def test_a_nomination_in_an_open_vote_cannot_be_withdrawn(
    client, world, nominate, flag, make_vote, bloc_leader
):
    from awards.models import Vote

    nomination = nominate(flag, world.unit_a)
    make_vote(flag, [nomination], status=Vote.Status.OPEN)
    client.force_login(bloc_leader)
    client.post(reverse("awards:nomination_withdraw", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PROPOSED


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("thanh-tich.pdf", b"%PDF-1.7\n...", True),
        ("bao-cao.docx", _docx(), True),
        ("so-lieu.xlsx", b"PK\x03\x04", False),  # a report takes spreadsheets, a nomination not
        ("gia.pdf", b"MZ not a pdf", False),
        ("virus.exe", b"MZ", False),
    ],
)
def test_attachments_are_checked_by_type_and_content(
    client, world, nominate, flag, staff_a, name, content, accepted
):
    nomination = nominate(flag, world.unit_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("awards:nomination_attach", args=[nomination.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    assert NominationAttachment.objects.filter(nomination=nomination).exists() == accepted
    if accepted:
        item = NominationAttachment.objects.get()
        download = client.get(
            reverse("awards:nomination_attachment", args=[nomination.pk, item.pk])
        )
        assert b"".join(download.streaming_content) == content


def test_a_too_large_attachment_is_refused(client, world, nominate, flag, staff_a, settings):
    nomination = nominate(flag, world.unit_a)
    client.force_login(staff_a)
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1))
    client.post(reverse("awards:nomination_attach", args=[nomination.pk]), {"file": big})
    assert not NominationAttachment.objects.exists()


def test_another_blocs_staff_cannot_download_or_attach(
    client, world, nominate, flag, staff_a, staff_b
):
    nomination = nominate(flag, world.unit_a)
    client.force_login(staff_a)
    client.post(
        reverse("awards:nomination_attach", args=[nomination.pk]),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1")},
    )
    item = NominationAttachment.objects.get()
    client.force_login(staff_b)
    assert (
        client.get(
            reverse("awards:nomination_attachment", args=[nomination.pk, item.pk])
        ).status_code
        == 403
    )
    response = client.post(
        reverse("awards:nomination_attach", args=[nomination.pk]),
        {"file": SimpleUploadedFile("b.pdf", b"%PDF-1")},
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("awards:nomination_detach", args=[nomination.pk, item.pk])).status_code
        == 403
    )
    assert NominationAttachment.objects.count() == 1


def test_nominations_for_orders_by_award_then_outcome(world, nominate, flag, certificate):
    late = nominate(certificate, world.unit_a)
    passed = nominate(certificate, world.unit_deputy)
    Nomination.objects.filter(pk=passed.pk).update(status=Nomination.Status.PASSED)
    withdrawn = nominate(flag, world.unit_leader)
    Nomination.objects.filter(pk=withdrawn.pk).update(status=Nomination.Status.WITHDRAWN)
    flag_one = nominate(flag, world.unit_previous_leader)
    listed = nominations_for(world.bloc_x, world.year)
    assert [n.pk for n in listed] == [flag_one.pk, passed.pk, late.pk]
    assert listed[0].nominee_label == world.unit_previous_leader.name
