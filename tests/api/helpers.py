"""Small helpers of the API tests."""


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def all_pages(client, url, **params) -> list[dict]:
    rows, page = [], 1
    while True:
        response = client.get(url, {**params, "page": page, "page_size": 500})
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if body["next"] is None:
            return rows
        page += 1
