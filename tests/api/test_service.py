"""POST /analyze, the API key, body limits, the docs and the dashboard's files."""

from __future__ import annotations

import pytest

ARTICLE = {"text": "Iran condemned the air strikes on Yemen on Tuesday.", "date": "2015-03-31", "title": "Iran"}


@pytest.fixture(scope="module")
def keyed(res):
    from fastapi.testclient import TestClient

    from accord.api import create_app

    with TestClient(create_app(None, api_key="s3cret", resources=res, max_body=2000)) as c:
        yield c


def test_analyze_returns_the_analysis_document(client):
    response = client.post("/analyze", json=ARTICLE)
    assert response.status_code == 200
    doc = response.json()
    assert doc["text"] == ARTICLE["text"] and doc["date"] == "2015-03-31" and doc["title"] == "Iran"
    [event] = [e for e in doc["events"] if e["trigger"]["text"] == "condemned"]
    assert event["source"][0]["country"] == "IRN"


@pytest.mark.parametrize("body, says", [
    ({"title": "no text"}, "body.text: Field required"),
    ({"text": ""}, "body.text"),
    ({"text": "   \n"}, "A108"),
    ({"text": 42}, "body.text"),
    (["a list"], "body"),
    ({"text": "Iran condemned the strikes.", "date": "the day after"}, "date: cannot read"),
])
def test_analyze_refuses_a_bad_record(client, body, says):
    response = client.post("/analyze", json=body)
    assert response.status_code == 422
    assert says in response.json()["detail"]


def test_analyze_refuses_malformed_json(client):
    response = client.post("/analyze", content=b'{"text": "unterminated', headers={"content-type": "application/json"})
    assert response.status_code == 422 and "JSON" in response.json()["detail"]


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"X-API-Key": "wrong"}, 401), ({"Authorization": "Bearer wrong"}, 401),
    ({"X-API-Key": "s3cret"}, 200), ({"Authorization": "Bearer s3cret"}, 200),
])
def test_api_key_guards_analyze(keyed, headers, status):
    response = keyed.post("/analyze", json=ARTICLE, headers=headers)
    assert response.status_code == status
    if status == 401:
        assert "API key" in response.json()["detail"]


def test_reads_and_docs_need_no_key(keyed):
    assert keyed.get("/health").status_code == 200
    assert keyed.get("/docs").status_code == 200


def test_body_over_the_limit_is_413(keyed):
    big = {"text": "x" * 3000}
    response = keyed.post("/analyze", json=big, headers={"X-API-Key": "s3cret"})
    assert response.status_code == 413 and "2000 bytes" in response.json()["detail"]

    def chunks():  # no Content-Length: the limit is counted as the body streams in
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    response = keyed.post("/analyze", content=chunks(), headers={"X-API-Key": "s3cret",
                                                                  "content-type": "application/json"})
    assert response.status_code == 413


def test_docs_are_served_without_a_cdn(client):
    html = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/analyze", "/events", "/events/{event_id}", "/articles/{article_id}", "/actors",
            "/timeseries"} <= set(paths)


def test_dashboard_and_its_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "/assets/app.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("app.js", "style.css", "world.json"):
        assert client.get(f"/assets/{asset}").status_code == 200
    assert "http" not in client.get("/assets/app.js").text.replace("http://www.w3.org/2000/svg", "")
