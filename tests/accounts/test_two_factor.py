"""The second factor (TOTP, django-otp): set up with a code of the device, the second step after
the password, and what an unverified session can reach."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD

SETUP = "accounts:two_factor_setup"
VERIFY = "accounts:two_factor_verify"


def code(device, steps_ahead=0) -> str:
    """The code the person's app shows (steps_ahead=1: the next one; django-otp accepts one
    step either side, and never the same step twice)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong(device) -> str:
    right = {code(device, n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


@pytest.fixture
def with_device(ministry):
    """Ministry staff with a confirmed device."""
    return TOTPDevice.objects.create(user=ministry, name="authenticator", confirmed=True)


def test_set_up_shows_the_key_and_turns_on_only_with_a_right_code(client, ministry):
    client.force_login(ministry)
    page = client.get(reverse(SETUP))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=ministry)
    assert device.confirmed is False
    text = page.text
    assert "<svg" in text and 'class="segno"' in text  # the QR code, made in the page
    secret = page.context["secret"].replace(" ", "")
    assert len(secret) == 32 and secret.isalnum()
    assert page.context["secret"] in text
    # Reloading keeps the same key (the person may already have scanned it).
    client.get(reverse(SETUP))
    assert TOTPDevice.objects.get(user=ministry).key == device.key

    refused = client.post(reverse(SETUP), {"code": wrong(device)})
    assert refused.status_code == 200
    assert "Mã không đúng hoặc đã được dùng" in refused.text
    device.refresh_from_db()
    assert device.confirmed is False

    # The throttle of django-otp makes the next try wait a second: let it pass.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    done = client.post(reverse(SETUP), {"code": code(device)}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:two_factor")
    assert "Đã bật xác thực hai bước" in done.text
    device.refresh_from_db()
    assert device.confirmed is True
    # This session proved it has the phone: it goes on without being asked again.
    assert client.get(reverse("home")).status_code == 200


def test_a_short_or_non_numeric_code_is_explained(client, ministry):
    client.force_login(ministry)
    client.get(reverse(SETUP))
    response = client.post(reverse(SETUP), {"code": "12ab"})
    assert "Hãy nhập 6 chữ số ứng dụng đang hiển thị" in response.text


@pytest.mark.parametrize("persona", ["staff_a", "unit_leader_a", "bloc_leader"])
def test_board_staff_and_unit_leaders_cannot_set_it_up(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(SETUP)).status_code == 403
    assert client.get(reverse("accounts:two_factor")).status_code == 403
    assert not TOTPDevice.objects.exists()
    page = client.get(reverse("accounts:profile")).text
    assert reverse("accounts:two_factor") not in page


def test_ministry_and_administrators_see_the_link(client, ministry, admin_user):
    for user in (ministry, admin_user):
        client.force_login(user)
        assert reverse("accounts:two_factor") in client.get(reverse("accounts:profile")).text
        assert client.get(reverse("accounts:two_factor")).status_code == 200


def test_sign_in_then_the_code_before_any_page(client, ministry, with_device):
    response = sign_in(client, ministry)
    assert response.status_code == 302
    # Every page sends to the code page, keeping the address asked for.
    page = client.get(reverse("dashboards:ministry"))
    assert page.status_code == 302
    assert page["Location"] == (
        reverse(VERIFY) + "?next=" + reverse("dashboards:ministry").replace("/", "%2F")
    )
    form = client.get(page["Location"])
    assert form.status_code == 200 and "Nhập mã xác thực" in form.text
    assert reverse("accounts:logout") in form.text
    assert reverse("dashboards:ministry") not in form.text.split('name="next"')[0]  # no menu

    refused = client.post(page["Location"], {"code": wrong(with_device)})
    assert refused.status_code == 200 and "Mã không đúng" in refused.text
    assert client.get(reverse("home")).status_code == 302

    TOTPDevice.objects.filter(pk=with_device.pk).update(throttling_failure_timestamp=None)
    key_before = client.session.session_key
    accepted = client.post(
        reverse(VERIFY), {"code": code(with_device), "next": reverse("dashboards:ministry")}
    )
    assert accepted.status_code == 302 and accepted["Location"] == reverse("dashboards:ministry")
    assert client.session.session_key != key_before  # a new session key after the second step
    assert client.get(reverse("dashboards:ministry")).status_code == 200
    # The same code cannot be used twice (someone who saw it over a shoulder).
    client.logout()
    sign_in(client, ministry)
    again = client.post(reverse(VERIFY), {"code": code(with_device)})
    assert again.status_code == 200


def test_a_code_from_another_site_is_not_followed(client, ministry, with_device):
    client.force_login(ministry)
    response = client.post(
        reverse(VERIFY), {"code": code(with_device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_an_unverified_session_reaches_only_the_code_page_and_sign_out(client, admin_user, world):
    TOTPDevice.objects.create(user=admin_user, name="authenticator", confirmed=True)
    client.force_login(admin_user)
    for url in (
        reverse("home"),
        reverse("blocs:bloc_detail", args=[world.bloc_x.code]),
        reverse("admin:index"),
        reverse("accounts:two_factor_disable"),
        reverse("api:token"),
        "/api/v1/blocs/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(VERIFY)), url
    assert client.get(reverse(VERIFY)).status_code == 200
    assert client.get("/static/js/portal.js").status_code != 302  # static files stay open
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_api_tokens_are_not_affected(client, ministry, with_device, world):
    token = Token.objects.create(user=ministry)
    response = client.get("/api/v1/blocs/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_a_person_without_a_device_is_not_asked(client, ministry, staff_a):
    for user in (ministry, staff_a):
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse(VERIFY)).status_code == 302  # nothing to verify


def test_turning_it_off_asks_for_a_code_or_the_password(client, ministry, with_device):
    client.force_login(ministry)
    client.post(reverse(VERIFY), {"code": code(with_device)})
    url = reverse("accounts:two_factor_disable")
    assert client.get(url).status_code == 200
    empty = client.post(url, {})
    assert "Hãy nhập mã của ứng dụng xác thực hoặc mật khẩu của bạn" in empty.text
    wrong_password = client.post(url, {"password": "khong-dung"})
    assert "Mật khẩu không đúng" in wrong_password.text
    assert TOTPDevice.objects.filter(user=ministry).exists()
    done = client.post(url, {"password": PASSWORD}, follow=True)
    assert "Đã tắt xác thực hai bước" in done.text
    assert not TOTPDevice.objects.filter(user=ministry).exists()
    # Without a device, a new sign-in asks for nothing more.
    client.logout()
    assert sign_in(client, ministry).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_turning_it_off_with_a_current_code(client, ministry, with_device):
    client.force_login(ministry)
    client.post(reverse(VERIFY), {"code": code(with_device)})
    response = client.post(
        reverse("accounts:two_factor_disable"), {"code": code(with_device, steps_ahead=1)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()


def test_compulsory_for_ministry_staff_when_configured(client, ministry, staff_a, settings):
    settings.OTP_REQUIRED_FOR = ["ministry"]
    client.force_login(ministry)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(SETUP))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Tài khoản của bạn bắt buộc dùng xác thực hai bước" in page.text
    device = TOTPDevice.objects.get(user=ministry)
    done = client.post(response["Location"], {"code": code(device)})
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    # Board staff are not concerned.
    client.force_login(staff_a)
    assert client.get(reverse("home")).status_code == 200


def test_a_device_set_up_in_another_browser_reaches_open_sessions(client, ministry):
    from accounts.two_factor import RECHECK_SECONDS, SESSION_KEY

    client.force_login(ministry)
    assert client.get(reverse("home")).status_code == 200
    TOTPDevice.objects.create(user=ministry, name="authenticator", confirmed=True)
    # This session asks again within RECHECK_SECONDS; until then it has not noticed.
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "at": int(time.time()) - RECHECK_SECONDS - 1}
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(VERIFY))


def test_a_device_removed_by_an_administrator_stops_the_questions(client, ministry, with_device):
    client.force_login(ministry)
    assert client.get(reverse("home"))["Location"].startswith(reverse(VERIFY))
    with_device.delete()
    assert client.get(reverse(VERIFY))["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
