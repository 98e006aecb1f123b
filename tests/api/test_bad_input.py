"""Bad input gets a 4xx with a clear JSON message: unknown or malformed parameters, malformed
ids, a page past the end, an unknown address. Never HTML, never a 500."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

LISTS = {
    "bloc": ["code", "year"],
    "unit": ["code", "bloc", "bloc_code", "year", "kind", "active"],
    "indicator": ["code", "group", "year"],
    "period": ["bloc", "bloc_code", "year", "kind"],
    "value": [
        "bloc",
        "bloc_code",
        "unit",
        "unit_code",
        "year",
        "period_kind",
        "period",
        "indicator",
        "indicator_code",
    ],
}


@pytest.fixture
def client(data, api_for, ministry, english):
    client = api_for(ministry)
    client.cookies.load(english)
    return client


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) <= {"detail", "code", "errors"} and body["detail"] and body["code"]
    return body


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_parameter_is_named_with_the_allowed_ones(client, name):
    body = _error(client.get(reverse(f"api:{name}-list"), {"nam": "2025"}), 400)
    assert body["code"] == "invalid"
    message = body["errors"]["nam"][0]
    assert message.startswith("Unknown parameter.")
    for allowed in [*LISTS[name], "page", "page_size"]:
        assert allowed in message


@pytest.mark.parametrize(
    ("name", "params", "bad"),
    [
        ("value", {"year": "abc"}, "year"),
        ("value", {"year": "1999"}, "year"),
        ("value", {"year": "2101"}, "year"),
        ("value", {"year": "2025.0"}, "year"),
        ("value", {"year": "-2025"}, "year"),
        ("value", {"bloc": "abc"}, "bloc"),
        ("value", {"bloc": "0"}, "bloc"),
        ("value", {"unit": "1e3"}, "unit"),
        ("value", {"indicator": "9" * 30}, "indicator"),
        ("value", {"period": str(2**63)}, "period"),
        ("value", {"bloc_code": "khối x"}, "bloc_code"),
        ("value", {"unit_code": "x" * 41}, "unit_code"),
        ("value", {"period_kind": "Q3"}, "period_kind"),
        ("unit", {"active": "yes"}, "active"),
        ("unit", {"kind": "ABC"}, "kind"),
        ("indicator", {"group": "weather"}, "group"),
        ("period", {"kind": "h1"}, "kind"),
        ("bloc", {"year": "năm nay"}, "year"),
    ],
)
def test_a_malformed_value_is_refused_with_the_parameters_message(client, name, params, bad):
    body = _error(client.get(reverse(f"api:{name}-list"), params), 400)
    assert list(body["errors"]) == [bad]
    assert body["errors"][bad][0]


def test_every_bad_parameter_is_reported_at_once(client):
    body = _error(client.get("/api/v1/values/", {"nam": "1", "year": "x", "bloc": "y"}), 400)
    assert set(body["errors"]) == {"nam", "year", "bloc"}
    assert body["errors"]["year"] == ["Give a whole number from 2000 to 2100."]


def test_repeated_and_empty_parameters_are_refused(client):
    body = _error(client.get("/api/v1/values/?year=2025&year=2026"), 400)
    assert body["errors"] == {"year": ["Give this parameter once."]}
    body = _error(client.get("/api/v1/values/?year="), 400)
    assert body["errors"] == {"year": ["Give a value, or leave the parameter out."]}


def test_a_page_past_the_end_is_a_404_that_says_how_many_pages_there_are(client, data):
    count = client.get("/api/v1/values/", {"page_size": 10}).json()["count"]
    pages = -(-count // 10)
    assert client.get("/api/v1/values/", {"page_size": 10, "page": pages}).status_code == 200
    body = _error(client.get("/api/v1/values/", {"page_size": 10, "page": pages + 1}), 404)
    assert body["code"] == "page_not_found"
    assert body["detail"] == f"Page {pages + 1} does not exist: there are {pages} pages of 10."
    assert _error(client.get("/api/v1/values/", {"page": "9" * 40}), 404)["code"] == (
        "page_not_found"
    )


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
@pytest.mark.parametrize("param", ["page", "page_size"])
def test_malformed_page_parameters_are_400(client, param, value):
    body = _error(client.get(f"/api/v1/values/?{param}={value}"), 400)
    assert param in body["errors"]


def test_page_size_is_capped(client, data):
    body = client.get("/api/v1/values/", {"page_size": 100000}).json()
    assert body["page_size"] == 500
    assert len(body["results"]) == min(body["count"], 500)
    assert client.get("/api/v1/values/").json()["page_size"] == 50


def test_pagination_links_walk_every_page(client, data):
    body = client.get("/api/v1/values/", {"page_size": 25}).json()
    seen, pages = [row["id"] for row in body["results"]], 1
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [row["id"] for row in body["results"]]
        pages += 1
        assert body["previous"] is not None
    assert len(seen) == len(set(seen)) == body["count"]
    assert pages == body["total_pages"] and body["page"] == pages


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "1.5", "9" * 30, "1e3", "%20"])
def test_a_malformed_id_in_the_path_is_a_json_404(client, world, raw):
    body = _error(client.get(f"/api/v1/blocs/{raw}/"), 404)
    assert body["code"] == "not_found"


def test_a_detail_takes_no_query_parameters(client, world):
    body = _error(client.get(f"/api/v1/blocs/{world.bloc_x.pk}/", {"year": "2025"}), 400)
    assert body["errors"]["year"][0].startswith("Unknown parameter.")


@pytest.mark.parametrize(
    "path", ["/api/v1/khoi/", "/api/v2/blocs/", "/api/v1/values/1/", "/api/v1/blocs/1/x/"]
)
def test_an_unknown_address_under_api_is_a_json_404(client, path):
    assert _error(client.get(path), 404)["code"] == "not_found"


def test_only_json_is_served(client):
    body = _error(client.get("/api/v1/blocs/", HTTP_ACCEPT="text/html"), 406)
    assert body["code"] == "not_acceptable"


def test_credentials_are_checked_before_parameters(world):
    response = APIClient().get("/api/v1/values/", {"nam": "x"})
    assert _error(response, 401)["code"] == "not_authenticated"


def test_messages_are_vietnamese_unless_english_is_chosen(data, api_for, ministry):
    client = api_for(ministry)
    response = client.get("/api/v1/values/", {"year": "x"})
    assert response.status_code == 400 and response["Content-Language"] == "vi"
    client.cookies.load({"django_language": "en"})
    response = client.get("/api/v1/values/", {"year": "x"})
    assert response["Content-Language"] == "en"
