"""The account page where a person creates, replaces and revokes their own API token."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

URL = "/api/ma-truy-cap/"


def _api_status(key: str) -> int:
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/blocs/").status_code


def test_the_page_needs_a_signed_in_person(client, db):
    assert reverse("api:token") == URL
    response = client.get(URL)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    assert client.post(URL, {"action": "issue"}).status_code == 302
    assert not Token.objects.exists()


def test_create_shows_the_key_once_and_it_works(client, staff_a):
    client.force_login(staff_a)
    page = client.get(URL).content.decode()
    assert 'value="issue"' in page and 'value="revoke"' not in page
    response = client.post(URL, {"action": "issue"}, follow=True)
    token = Token.objects.get(user=staff_a)
    page = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert f'value="{token.key}"' in page
    assert _api_status(token.key) == 200
    # Shown only once: the next visit names the beginning of the key, not the key.
    again = client.get(URL).content.decode()
    assert token.key not in again and token.key[:6] in again
    assert 'value="revoke"' in again


def test_replace_stops_the_old_key(client, staff_a):
    client.force_login(staff_a)
    client.post(URL, {"action": "issue"})
    old = Token.objects.get(user=staff_a).key
    client.post(URL, {"action": "issue"})
    new = Token.objects.get(user=staff_a).key
    assert new != old
    assert _api_status(old) == 401 and _api_status(new) == 200


def test_revoke_stops_the_key_and_touches_nobody_else(client, staff_a, staff_b):
    other = Token.objects.create(user=staff_b)
    client.force_login(staff_a)
    client.post(URL, {"action": "issue"})
    key = Token.objects.get(user=staff_a).key
    response = client.post(URL, {"action": "revoke"}, follow=True)
    assert not Token.objects.filter(user=staff_a).exists()
    assert _api_status(key) == 401
    assert Token.objects.filter(pk=other.pk).exists() and _api_status(other.key) == 200
    assert 'value="issue"' in response.content.decode()


def test_revoking_without_a_token_and_unknown_actions_change_nothing(client, staff_a, staff_b):
    other = Token.objects.create(user=staff_b)
    client.force_login(staff_a)
    assert client.post(URL, {"action": "revoke"}).status_code == 302
    assert client.post(URL, {"action": "steal", "user": staff_b.pk}).status_code == 302
    assert list(Token.objects.all()) == [other]


@pytest.mark.parametrize("persona", ["ministry", "staff_b", "last_year_leader"])
def test_every_signed_in_person_manages_only_their_own_token(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    client.post(URL, {"action": "issue"})
    assert list(Token.objects.values_list("user", flat=True)) == [user.pk]


def test_the_page_explains_how_to_use_the_token_and_links_the_docs(client, staff_a):
    client.force_login(staff_a)
    page = client.get(URL).content.decode()
    assert "Authorization: Token" in page
    assert "http://testserver/api/v1/values/" in page
    assert reverse("api:docs") in page and reverse("api:schema") in page
    assert 'name="viewport"' in page and "cdn" not in page.lower()


def test_the_account_page_and_menu_link_to_the_token_page(client, staff_a):
    client.force_login(staff_a)
    assert URL in client.get(reverse("accounts:profile")).content.decode()
    assert URL in client.get(reverse("home")).content.decode()


def test_the_page_is_not_cached(client, staff_a):
    client.force_login(staff_a)
    assert "no-cache" in client.get(URL)["Cache-Control"]
