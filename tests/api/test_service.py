"""POST /analyze, the API key, body limits, the docs and the dashboard's files."""

from __future__ import annotations

import json

import pytest

ARTICLE = {"text": "Iran condemned the air strikes on Yemen on Tuesday.", "date": "2015-03-31", "title": "Iran"}


@pytest.fixture(scope="module")
def keyed(res, sample_db, connect):
    from accord.api import create_app

    with connect(create_app(sample_db, api_key="s3cret", resources=res, max_body=2000)) as c:
        yield c


def test_analyze_returns_the_analysis_document(client):
    response = client.post("/analyze", json=ARTICLE)
    assert response.status_code == 200
    doc = response.json()
    assert doc["text"] == ARTICLE["text"] and doc["date"] == "2015-03-31" and doc["title"] == "Iran"
    [event] = [e for e in doc["events"] if e["trigger"]["text"] == "condemned"]
    assert event["source"][0]["country"] == "IRN"


@pytest.mark.parametrize("body, says", [
    ({"title": "no text"}, "[A106] <request>: the JSON record has no text"),
    ({"text": ""}, "[A108]"),
    ({"text": "   \n"}, "[A108]"),
    ({"text": 42}, "[A106]"),
    (["a list"], "[A107] <request>: the JSON line is not an object but an array"),
    ("a string", "[A107]"),
    (None, "[A107]"),
    ({"text": "Iran condemned\u0000 the strikes."}, "[A103]"),
    ({"text": "Iran condemned the strikes.", "date": "the day after"}, "date: cannot read"),
])
def test_analyze_refuses_a_bad_record(client, body, says):
    response = client.post("/analyze", content=json.dumps(body), headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert says in response.json()["detail"]


@pytest.mark.parametrize("content", [b'{"text": "unterminated', b"\xff\xfe{}", b"", b"[" * 100_000])
def test_analyze_refuses_malformed_json(client, content):
    response = client.post("/analyze", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422 and "[A105] <request>: malformed JSON" in response.json()["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_analyze_takes_only_json(client, content_type):
    response = client.post("/analyze", content=b'{"text": "Iran condemned the strikes."}',
                           headers={"content-type": content_type})
    assert response.status_code == 415 and "application/json" in response.json()["detail"]


def test_analyze_and_the_cli_read_the_same_records(client, cli, tmp_path):
    """A numeric id is taken and a NUL refused, by POST /analyze as by a line of accord analyze input."""
    lines = [{"id": 7, "text": "Iran condemned the air strikes."}, {"id": 8, "text": "Iran\u0000 condemned them."}]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, _ = cli("analyze", str(feed))
    by_cli = [json.loads(line) for line in out.splitlines()]
    assert by_cli[0]["id"] == "7" and by_cli[1]["error"]["code"] == "A103"
    posted = [client.post("/analyze", json=line) for line in lines]
    assert posted[0].status_code == 200 and posted[0].json()["id"] == "7"
    assert posted[1].status_code == 422 and posted[1].json()["detail"].startswith("[A103]")


def test_text_over_max_chars_is_413(res, connect):
    from accord.api import create_app
    from accord.api.pool import Limits

    with connect(create_app(None, resources=res, limits=Limits(max_chars=100))) as c:
        assert c.post("/analyze", json={"text": "Iran condemned the strikes. " * 3}).status_code == 200
        response = c.post("/analyze", json={"body": "Iran condemned the strikes. " * 4})
    assert response.status_code == 413
    assert response.json()["detail"].startswith("[A310] The text is 112 characters, over this server's limit of 100")


ENDPOINTS = [("post", "/analyze"), ("get", "/events"), ("get", "/events/0000000000000000"),
             ("get", "/articles/sample-minsk-2015"), ("get", "/actors"), ("get", "/timeseries"),
             ("get", "/dyads"), ("get", "/places"), ("get", "/facets")]


@pytest.mark.parametrize("method, path", ENDPOINTS)
@pytest.mark.parametrize("headers, allowed", [
    ({}, False), ({"X-API-Key": "wrong"}, False), ({"Authorization": "Bearer wrong"}, False),
    ({"X-API-Key": "s3cret"}, True), ({"Authorization": "Bearer s3cret"}, True),
])
def test_api_key_guards_every_endpoint(keyed, method, path, headers, allowed):
    response = keyed.request(method.upper(), path, headers=headers, json=ARTICLE if method == "post" else None)
    if allowed:
        assert response.status_code in (200, 404)
    else:
        assert response.status_code == 401 and response.json()["detail"].startswith("[A315] Missing or wrong API key")


def test_health_and_the_pages_need_no_key(keyed):
    for path in ("/health", "/docs", "/", "/assets/app.js", "/openapi.json"):
        assert keyed.get(path).status_code == 200, path


def test_open_reads_leave_only_analyses_behind_the_key(res, sample_db, connect):
    from accord.api import create_app

    with connect(create_app(sample_db, api_key="s3cret", resources=res, open_reads=True)) as c:
        for method, path in ENDPOINTS:
            response = c.request(method.upper(), path, json=ARTICLE if method == "post" else None)
            assert response.status_code == (401 if method == "post" else 200 if "0000" not in path else 404), path


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
