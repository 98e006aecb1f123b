"""Sign in, sign out, change and reset a password."""

import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD


def test_sign_in_with_the_right_password_goes_home(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": "canbo.a", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Xin chào, Trần Thị An" in response.content.decode()


def test_wrong_password_answers_in_vietnamese_and_keeps_the_user_name(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": "canbo.a", "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in content
    assert 'value="canbo.a"' in content


def test_empty_sign_in_form_names_the_missing_fields(client, db):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()


def test_sign_out_is_a_post_and_ends_the_session(client, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_home_page_requires_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Khoi-Thi-Dua-2027!",
            "new_password2": "Khoi-Thi-Dua-2027!",
        },
        follow=True,
    )
    assert "Mật khẩu của bạn đã được thay đổi" in response.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password("Khoi-Thi-Dua-2027!")


def test_password_change_with_mismatch_keeps_the_form(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Khoi-Thi-Dua-2027!",
            "new_password2": "khac-hoan-toan-2027",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


def test_password_reset_sends_a_working_link_through_the_task_queue(
    client, staff_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": staff_a.email}, follow=True
        )
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu Cổng thông tin Khối thi đua"
    assert "canbo.a" in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    link = re.search(r"https?://[^/]+(/tai-khoan/dat-lai-mat-khau/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Mat-Khau-Moi-2027",
            "new_password2": "Mat-Khau-Moi-2027",
        },
        follow=True,
    )
    assert "Mật khẩu mới của bạn đã sẵn sàng" in done.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password("Mat-Khau-Moi-2027")


def test_password_reset_for_an_unknown_address_sends_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "khongco@example.vn"})
    assert mail.outbox == []


def test_demo_accounts_sign_in_only_with_debug_on(client, staff_a):
    from django.conf import settings

    staff_a.is_demo = True
    staff_a.set_password(settings.DEMO_PASSWORD)
    staff_a.save()
    credentials = {"username": "canbo.a", "password": settings.DEMO_PASSWORD}
    with override_settings(DEBUG=False):
        refused = client.post(reverse("accounts:login"), credentials)
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    with override_settings(DEBUG=True):
        accepted = client.post(reverse("accounts:login"), credentials)
    assert accepted.status_code == 302


def test_profile_shows_derived_roles(client, world, bloc_leader):
    client.force_login(bloc_leader)
    content = client.get(reverse("accounts:profile")).content.decode()
    assert f"Khối trưởng năm {world.year}" in content
    assert world.bloc_x.name in content


def test_navigation_depends_on_role(client, world, staff_a, ministry, admin_user):
    client.force_login(staff_a)
    page = client.get(reverse("home")).content.decode()
    assert "Khối của tôi" in page and "Đơn vị của tôi" in page
    assert reverse("admin:index") not in page
    client.force_login(ministry)
    page = client.get(reverse("home")).content.decode()
    assert "Khối của tôi" not in page and "Tất cả các khối" in page
    client.force_login(admin_user)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_password_reset_with_a_malformed_address_explains_and_keeps_it(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "khong-phai-thu"})
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["form"].errors["email"]
    assert 'value="khong-phai-thu"' in content
    assert "Địa chỉ thư điện tử không hợp lệ" in content
