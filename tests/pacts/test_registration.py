"""Registration: targets typed the Vietnamese way, closed once the pact is signed."""

from decimal import Decimal

from django.urls import reverse

from pacts.models import Pact, Registration
from reports.models import Indicator

S = Pact.Status


def _fields(**values):
    ids = {code: Indicator.objects.get(code=code).pk for code in values}
    return {f"target_{ids[code]}": value for code, value in values.items()}


def test_board_staff_registers_targets_and_titles(client, make_pact, staff_a, world):
    pact = make_pact(status=S.OPEN)
    client.force_login(staff_a)
    data = _fields(
        INV_FDI_CAPITAL_NEW="4.637,3", LABOUR_WORKERS="1.277", LAND_OCCUPANCY_RATE="87,5"
    )
    data["award_types"] = ["1"]
    data["note"] = "Phấn đấu đạt Cờ thi đua của Bộ."
    from awards.models import AwardType

    data["award_types"] = [AwardType.objects.get(code="co-thi-dua-bo").pk]
    response = client.post(reverse("pacts:registration", args=[pact.pk]), data)
    assert response.status_code == 302
    registration = Registration.objects.get(pact=pact, unit=world.unit_a)
    targets = {t.indicator.code: t.target for t in registration.targets.select_related("indicator")}
    assert targets == {
        "INV_FDI_CAPITAL_NEW": Decimal("4637.3"),
        "LABOUR_WORKERS": Decimal(1277),
        "LAND_OCCUPANCY_RATE": Decimal("87.5"),
    }
    assert [a.code for a in registration.award_types.all()] == ["co-thi-dua-bo"]
    page = client.get(reverse("pacts:registration", args=[pact.pk])).content.decode()
    assert 'value="4.637,30"' in page and 'value="1.277"' in page


def test_bad_targets_are_refused_and_what_was_typed_is_kept(client, make_pact, staff_a):
    pact = make_pact(status=S.OPEN)
    client.force_login(staff_a)
    data = _fields(INV_FDI_CAPITAL_NEW="12.34.5", LABOUR_WORKERS="", LAND_OCCUPANCY_RATE="120")
    response = client.post(reverse("pacts:registration", args=[pact.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="12.34.5"' in content and 'value="120"' in content
    assert "nhóm ba chữ số" in content
    assert "Trường này là bắt buộc" in content
    assert not Registration.objects.exists()


def test_registration_closes_when_the_pact_is_signed(client, make_pact, staff_a):
    pact = make_pact(status=S.SIGNED)
    client.force_login(staff_a)
    data = _fields(INV_FDI_CAPITAL_NEW="1", LABOUR_WORKERS="1", LAND_OCCUPANCY_RATE="1")
    response = client.post(reverse("pacts:registration", args=[pact.pk]), data)
    assert response.status_code == 200
    assert "Đã hết thời hạn đăng ký: giao ước đã được ký" in response.content.decode()
    assert not Registration.objects.exists()


def test_another_blocs_staff_cannot_register(client, make_pact, staff_b):
    pact = make_pact(status=S.OPEN)
    client.force_login(staff_b)
    assert client.get(reverse("pacts:registration", args=[pact.pk])).status_code == 403
    assert client.post(reverse("pacts:registration", args=[pact.pk]), {}).status_code == 403


def test_the_bloc_leader_sees_who_has_registered(client, make_pact, staff_a, bloc_leader):
    pact = make_pact(status=S.OPEN)
    client.force_login(staff_a)
    client.post(
        reverse("pacts:registration", args=[pact.pk]),
        _fields(INV_FDI_CAPITAL_NEW="1", LABOUR_WORKERS="2", LAND_OCCUPANCY_RATE="3"),
    )
    client.force_login(bloc_leader)
    response = client.get(reverse("pacts:detail", args=[pact.pk]))
    rows = {row["unit"].code: row["registration"] for row in response.context["member_rows"]}
    assert rows["dak-lak"] is not None
    assert rows["gia-lai"] is None
    assert "1/4 đơn vị đã đăng ký" in response.content.decode()
    client.force_login(staff_a)
    member_page = client.get(reverse("pacts:detail", args=[pact.pk])).content.decode()
    assert "đơn vị đã đăng ký" not in member_page
