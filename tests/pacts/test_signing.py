"""Signing: each unit leader signs for their own unit, and nobody else can."""

from django.urls import reverse

from pacts.models import Pact, PactEvent, Signature

S = Pact.Status


def test_unit_leader_signs_for_own_unit_with_name_title_and_time(
    client, make_pact, leader_a, world
):
    pact = make_pact(status=S.OPEN)
    client.force_login(leader_a)
    response = client.post(reverse("pacts:sign", args=[pact.pk]), follow=True)
    assert "Bạn đã ký giao ước thay mặt Ban Quản lý các KCN tỉnh Đắk Lắk" in (
        response.content.decode()
    )
    signature = Signature.objects.get(pact=pact)
    assert (signature.unit, signature.signed_by) == (world.unit_a, leader_a)
    assert (signature.signer_name, signature.signer_title) == ("Đặng Văn Lâm", "Trưởng ban")
    assert signature.signed_at is not None


def test_a_unit_cannot_sign_twice(client, make_pact, leader_a):
    pact = make_pact(status=S.OPEN)
    client.force_login(leader_a)
    client.post(reverse("pacts:sign", args=[pact.pk]))
    response = client.post(reverse("pacts:sign", args=[pact.pk]), follow=True)
    assert "đã ký giao ước" in response.content.decode()
    assert Signature.objects.filter(pact=pact).count() == 1


def test_board_staff_who_is_not_a_leader_cannot_sign(client, make_pact, staff_a):
    pact = make_pact(status=S.OPEN)
    client.force_login(staff_a)
    assert client.post(reverse("pacts:sign", args=[pact.pk])).status_code == 403
    assert not Signature.objects.exists()


def test_another_blocs_leader_cannot_sign_or_even_see_the_pact(client, make_pact, leader_b):
    pact = make_pact(status=S.OPEN)
    client.force_login(leader_b)
    assert client.post(reverse("pacts:sign", args=[pact.pk])).status_code == 403
    assert client.get(reverse("pacts:detail", args=[pact.pk])).status_code == 403
    assert not Signature.objects.exists()


def test_last_years_bloc_leader_cannot_close_the_signing(client, make_pact, last_year_leader):
    pact = make_pact(status=S.OPEN)
    client.force_login(last_year_leader)
    response = client.post(reverse("pacts:status", args=[pact.pk]), {"action": "close_signing"})
    assert response.status_code == 403
    assert Pact.objects.get(pk=pact.pk).status == S.OPEN


def test_anonymous_cannot_sign(client, make_pact):
    pact = make_pact(status=S.OPEN)
    response = client.post(reverse("pacts:sign", args=[pact.pk]))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_signing_a_draft_or_signed_pact_is_refused(client, make_pact, leader_a):
    client.force_login(leader_a)
    for status in (S.DRAFT, S.SIGNED):
        pact = make_pact(status=status, year=2030 if status == S.DRAFT else None)
        client.post(reverse("pacts:sign", args=[pact.pk]))
    assert not Signature.objects.exists()


def test_the_last_signature_makes_the_pact_signed_and_locked(client, make_pact, member_leaders):
    pact = make_pact(status=S.OPEN)
    for leader in member_leaders:
        client.force_login(leader)
        client.post(reverse("pacts:sign", args=[pact.pk]))
    pact.refresh_from_db()
    assert pact.status == S.SIGNED and pact.signed_at is not None
    assert pact.signatures.count() == 4


def test_bloc_leader_closes_signing_and_non_signers_are_listed(
    client, make_pact, bloc_leader, leader_a, world
):
    pact = make_pact(status=S.OPEN)
    client.force_login(leader_a)
    client.post(reverse("pacts:sign", args=[pact.pk]))
    client.force_login(bloc_leader)
    response = client.post(
        reverse("pacts:status", args=[pact.pk]), {"action": "close_signing"}, follow=True
    )
    pact.refresh_from_db()
    assert pact.status == S.SIGNED
    event = PactEvent.objects.get(pact=pact, to_status=S.SIGNED)
    for unit in (world.unit_leader, world.unit_previous_leader, world.unit_deputy):
        assert unit.name in event.reason
    assert world.unit_a.name not in event.reason
    assert "BQL Gia Lai" in response.content.decode()
