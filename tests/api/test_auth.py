"""Who gets in: a token or a session; nobody anonymous, no revoked token, no demo account
outside DEBUG. The schema and its documentation are public and load nothing from a CDN."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.models import Indicator
from tests.factories import UserFactory

ENDPOINTS = ["bloc", "unit", "indicator", "period", "value"]
DETAILS = ["bloc", "unit", "indicator", "period"]


def _urls(world):
    some_indicator = Indicator.objects.first()
    urls = [reverse(f"api:{name}-list") for name in ENDPOINTS]
    urls += [
        reverse("api:bloc-detail", args=[world.bloc_x.pk]),
        reverse("api:unit-detail", args=[world.unit_a.pk]),
        reverse("api:indicator-detail", args=[some_indicator.pk]),
        reverse("api:api-root"),
    ]
    return urls


def test_anonymous_gets_401_in_json_everywhere(world):
    client = APIClient()
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/json"
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "not_authenticated"


def test_a_token_lets_its_owner_in(world, ministry):
    token = Token.objects.create(user=ministry)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("api:bloc-list"))
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {"khoi-x", "khoi-y"}


def test_a_signed_in_session_works_too(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("api:bloc-list"))
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize(
    "header",
    [
        "Token 0123456789abcdef0123456789abcdef01234567",
        "Token",
        "Token two words",
        "token " + "x" * 500,
    ],
)
def test_a_wrong_token_is_refused_with_a_message(world, english, header):
    client = APIClient(HTTP_AUTHORIZATION=header)
    client.cookies.load(english)
    response = client.get(reverse("api:bloc-list"))
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "authentication_failed"
    assert "token" in body["detail"].lower()


def test_a_revoked_token_stops_working(world, staff_a, api_for):
    client = api_for(staff_a)
    assert client.get(reverse("api:bloc-list")).status_code == 200
    Token.objects.filter(user=staff_a).delete()
    assert client.get(reverse("api:bloc-list")).status_code == 401


def test_a_disabled_account_is_refused(world, staff_a, api_for, english):
    client = api_for(staff_a)
    staff_a.is_active = False
    staff_a.save()
    client.cookies.load(english)
    response = client.get(reverse("api:bloc-list"))
    assert response.status_code == 401 and "disabled" in response.json()["detail"]


def test_demo_accounts_use_the_api_only_in_debug(world, api_for, settings, english):
    demo = UserFactory(username="canbo.demo", unit=world.unit_a, is_board_staff=True, is_demo=True)
    client = api_for(demo)
    client.cookies.load(english)
    settings.DEBUG = False
    response = client.get(reverse("api:bloc-list"))
    assert response.status_code == 401 and "DEBUG" in response.json()["detail"]
    settings.DEBUG = True
    assert client.get(reverse("api:bloc-list")).status_code == 200


def test_writing_is_refused(world, ministry, api_for):
    client = api_for(ministry)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            reverse("api:bloc-detail", args=[world.bloc_x.pk]), {}, format="json"
        )
        assert response.status_code == 405, method
        assert response.json()["code"] == "method_not_allowed"
        assert response["Allow"] == "GET, HEAD"


def test_schema_is_public_openapi_3(client, db):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/blocs/",
        "/api/v1/blocs/{id}/",
        "/api/v1/units/",
        "/api/v1/units/{id}/",
        "/api/v1/indicators/",
        "/api/v1/indicators/{id}/",
        "/api/v1/periods/",
        "/api/v1/periods/{id}/",
        "/api/v1/values/",
    } <= set(schema["paths"])
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_docs_load_swagger_ui_from_local_static_files(client, db):
    page = client.get(reverse("api:docs")).content.decode()
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        path = f"drf_spectacular_sidecar/swagger-ui-dist/{asset}"
        assert f"/static/{path}" in page
        assert finders.find(path), path
    # The start-up script is a file of its own (no inline script, for the CSP); it names the schema.
    assert "<script>" not in page and "?script=" in page
    script = client.get(reverse("api:docs"), {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()


def test_api_index_points_to_version_schema_and_docs(client, db):
    body = client.get("/api/").json()
    assert body["v1"].endswith("/api/v1/") and body["docs"].endswith("/api/docs/")
