"""Sign-in throttling (django-axes): five wrong passwords for one user name from one address
pause that pair for fifteen minutes; nobody else is affected."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.lockout import client_ip
from tests.factories import PASSWORD

LOGIN = "accounts:login"


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, address="127.0.0.1"):
    return [sign_in(client, username, "sai-mat-khau", address) for _ in range(times)]


def test_five_wrong_passwords_pause_the_account_from_that_address(client, staff_a):
    assert settings.AXES_FAILURE_LIMIT == 5
    before = fail(client, staff_a.username, 4)
    assert [r.status_code for r in before] == [200, 200, 200, 200]
    # Two tries before the pause, the form says how many are left.
    assert "Nếu nhập sai mật khẩu thêm 2 lần nữa" in before[2].text
    assert "Nếu nhập sai mật khẩu thêm 1 lần nữa" in before[3].text

    fifth = fail(client, staff_a.username, 1)[0]
    assert fifth.status_code == 429

    # Now even the right password is refused, with the lockout page.
    refused = sign_in(client, staff_a.username, PASSWORD)
    assert refused.status_code == 429
    assert not refused.wsgi_request.user.is_authenticated
    text = refused.text
    assert "Tạm dừng đăng nhập" in text and "canbo.a" in text
    assert "5 lần liên tiếp" in text
    # It says until when: fifteen minutes after the fifth failure, in Vietnam's time.
    last = AccessAttempt.objects.get(username=staff_a.username).attempt_time
    until = timezone.localtime(last + timedelta(minutes=15))
    assert f"Bạn có thể thử lại sau {until:%H:%M} ngày {until:%d/%m/%Y}" in text
    assert "khoảng 15 phút nữa" in text
    assert 14 * 60 <= int(refused["Retry-After"]) <= 15 * 60
    # The lockout page keeps the portal's security headers.
    assert "script-src 'self'" in refused["Content-Security-Policy"]
    # Tries during the pause do not extend it.
    assert AccessAttempt.objects.get(username=staff_a.username).attempt_time == last
    assert client.get(reverse("home")).status_code == 302


def test_others_are_not_affected(client, staff_a, staff_b):
    fail(client, staff_a.username, 5)
    assert sign_in(client, staff_a.username, PASSWORD).status_code == 429
    # Another person from the same address.
    assert sign_in(client, staff_b.username, PASSWORD).status_code == 302
    client.logout()
    # The same person from another address.
    assert sign_in(client, staff_a.username, PASSWORD, address="10.20.30.40").status_code == 302


def test_after_the_cool_off_the_right_password_works_and_the_count_restarts(client, staff_a):
    fail(client, staff_a.username, 5)
    assert sign_in(client, staff_a.username, PASSWORD).status_code == 429
    # Sixteen minutes later.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = sign_in(client, staff_a.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not AccessAttempt.objects.filter(username=staff_a.username).exists()
    client.logout()
    # A fresh count: four new failures do not pause the account.
    assert [r.status_code for r in fail(client, staff_a.username, 4)] == [200] * 4
    assert sign_in(client, staff_a.username, PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, staff_a):
    fail(client, staff_a.username, 4)
    assert sign_in(client, staff_a.username, PASSWORD).status_code == 302
    client.logout()
    assert [r.status_code for r in fail(client, staff_a.username, 4)] == [200] * 4


def test_the_administration_sign_in_is_throttled_too(client, admin_user):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": admin_user.username, "password": "sai"}
        )
    assert response.status_code == 429
    assert "Tạm dừng đăng nhập" in response.text


def test_demo_accounts_still_sign_in_with_debug_on(client, staff_a, settings):
    settings.DEBUG = True
    staff_a.is_demo = True
    staff_a.set_password(settings.DEMO_PASSWORD)
    staff_a.save()
    assert sign_in(client, staff_a.username, settings.DEMO_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's own words
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # one proxy appended the client
        (2, "198.51.100.7, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not trusted
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_people_are_told_apart_by_their_own_address(client, staff_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        client.post(
            reverse(LOGIN),
            {"username": staff_a.username, "password": "sai"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    locked = client.post(
        reverse(LOGIN),
        {"username": staff_a.username, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert locked.status_code == 429
    other = client.post(
        reverse(LOGIN),
        {"username": staff_a.username, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302
