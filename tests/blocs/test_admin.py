"""Administration: invalid membership and leadership are refused with a reason."""

from django.urls import reverse

from blocs.models import BlocYear, Membership


def test_admin_refuses_a_unit_in_two_blocs_in_one_year_and_keeps_the_input(
    client, world, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:blocs_membership_add"),
        {"bloc": world.bloc_y.pk, "unit": world.unit_a.pk, "year": world.year},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "đã là thành viên của khối Tây Nguyên và Duyên hải Miền Trung" in content
    assert response.context["adminform"].form["year"].value() == str(world.year)
    assert not Membership.objects.filter(bloc=world.bloc_y, unit=world.unit_a).exists()


def test_admin_refuses_a_non_member_as_leader(client, world, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:blocs_blocyear_add"),
        {"bloc": world.bloc_y.pk, "year": world.year + 1, "leader": world.unit_a.pk},
    )
    assert response.status_code == 200
    assert "không phải thành viên của khối" in response.content.decode()
    assert not BlocYear.objects.filter(bloc=world.bloc_y, year=world.year + 1).exists()


def test_admin_carry_forward_action(client, world, admin_user):
    client.force_login(admin_user)
    ids = Membership.objects.filter(bloc=world.bloc_x, year=world.year).values_list("pk", flat=True)
    response = client.post(
        reverse("admin:blocs_membership_changelist"),
        {"action": "carry_forward", "_selected_action": list(ids)},
        follow=True,
    )
    assert "Đã thêm 4 thành viên cho năm sau" in response.content.decode()
    assert world.bloc_x.members_in(world.year + 1).count() == 4


def test_admin_lists_have_search_and_filters(client, world, admin_user):
    client.force_login(admin_user)
    for model in ["bloc", "memberunit", "membership", "blocyear", "superiorbody"]:
        response = client.get(reverse(f"admin:blocs_{model}_changelist"), {"q": "Bình"})
        assert response.status_code == 200
    response = client.get(reverse("admin:blocs_memberunit_changelist"), {"kind__exact": "KKT"})
    assert world.unit_leader.name in response.content.decode()


def test_board_staff_and_last_years_leader_cannot_enter_the_administration(
    client, staff_a, last_year_leader
):
    for user in (staff_a, last_year_leader):
        client.force_login(user)
        response = client.get(reverse("admin:blocs_membership_changelist"))
        assert response.status_code == 302
        assert "/quan-tri/login/" in response["Location"]
