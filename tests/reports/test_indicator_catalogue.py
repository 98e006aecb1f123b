"""The default indicator catalogue and its page."""

import pytest
from django.urls import reverse

from reports.models import Indicator


def test_default_catalogue_is_loaded_by_migration(db):
    assert Indicator.objects.count() == 30
    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    assert (workers.unit_vi, workers.aggregation, workers.decimals) == ("người", "sum", 0)
    occupancy = Indicator.objects.get(code="LAND_OCCUPANCY_RATE")
    assert occupancy.aggregation == "average" and occupancy.max_value == 100


def test_currencies_are_separate_indicators(db):
    fdi = Indicator.objects.get(code="INV_FDI_CAPITAL_NEW")
    ddi = Indicator.objects.get(code="INV_DDI_CAPITAL_NEW")
    assert (fdi.currency, fdi.unit_vi) == ("USD", "triệu USD")
    assert (ddi.currency, ddi.unit_vi) == ("VND", "tỷ đồng")
    # Every money indicator states its currency, and one indicator has one unit.
    for indicator in Indicator.objects.filter(unit_vi__in=["triệu USD", "tỷ đồng"]):
        expected = "USD" if "USD" in indicator.unit_vi else "VND"
        assert indicator.currency == expected, indicator.code


def test_indicators_in_force_by_year(db):
    Indicator.objects.filter(code="FEES_INFRASTRUCTURE_VND").update(to_year=2024)
    Indicator.objects.create(
        code="NEW_2027",
        name_vi="Mới",
        name_en="New",
        group="labour",
        unit_vi="người",
        unit_en="people",
        from_year=2027,
    )
    codes_2025 = set(Indicator.objects.in_force(2025).values_list("code", flat=True))
    assert "FEES_INFRASTRUCTURE_VND" not in codes_2025 and "NEW_2027" not in codes_2025
    assert "NEW_2027" in set(Indicator.objects.in_force(2027).values_list("code", flat=True))


def test_catalogue_page_requires_sign_in(client, db):
    response = client.get(reverse("reports:indicator_catalogue"))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "last_year_leader", "ministry"])
def test_catalogue_page_lists_groups_in_vietnamese(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("reports:indicator_catalogue"), {"nam": 2026})
    content = response.content.decode()
    assert response.context["count"] == 30
    assert "Thu hút đầu tư" in content and "Vốn đăng ký FDI cấp mới" in content
    assert "0 – 100" in content


def test_catalogue_page_in_english(client, staff_a):
    client.force_login(staff_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("reports:indicator_catalogue")).content.decode()
    assert "Investment attraction" in content and "Newly registered FDI capital" in content


def test_catalogue_page_with_a_bad_year_says_so_and_keeps_the_input(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("reports:indicator_catalogue"), {"nam": "hai nghìn"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hãy nhập năm, ví dụ 2026." in content
    assert 'value="hai nghìn"' in content


def test_ministry_maintains_the_catalogue_in_the_administration(client, db, ministry, staff_a):
    from django.contrib.auth.models import Permission

    ministry.is_staff = True
    ministry.save()
    ministry.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_indicator", "change_indicator"])
    )
    client.force_login(ministry)
    url = reverse("admin:reports_indicator_changelist")
    assert client.get(url, {"q": "FDI"}).status_code == 200
    client.force_login(staff_a)
    assert client.get(url).status_code == 302


def test_admin_accepts_a_range_typed_the_vietnamese_way(client, admin_user):
    indicator = Indicator.objects.get(code="LAND_AREA")
    url = reverse("admin:reports_indicator_change", args=[indicator.pk])
    client.force_login(admin_user)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"min_value": "0", "max_value": "12.500,75"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert str(indicator.max_value.normalize()) == "12500.75"

    data["max_value"] = "12.50.75"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "nhóm ba chữ số" in response.content.decode()
    assert 'value="12.50.75"' in response.content.decode()
