"""Property tests of POST /analyze: any JSON value, any bytes, any Content-Type ends as an analysis
(200) or a 4xx with a JSON detail; never a 500, never an exception."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

PROPERTY = settings(max_examples=100, deadline=None)
VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)
FIELD = st.sampled_from(["id", "text", "body", "content", "title", "headline", "date", "published", "url",
                         "publisher"]) | st.text(max_size=4)
# Texts that read as news often enough to reach every layer, with the odd character thrown in.
WORDS = st.sampled_from(["Iran", "condemned", "the", "strikes", "on", "Tuesday", ".", "BEIRUT (Reuters) -", "\n\n",
                         "said", "Russia", "Obama", "met", "in", "Vienna", "“", "”", "\u0000", "\ud83d", "\r"])
TEXT = st.lists(WORDS | st.text(max_size=6), max_size=40).map(" ".join)
ARTICLE = st.fixed_dictionaries({"text": TEXT}, optional={"id": VALUE, "title": VALUE, "date": st.dates().map(str)
                                                         | st.text(max_size=12), "url": VALUE})
BODY = ARTICLE | st.dictionaries(FIELD, VALUE | TEXT, max_size=6) | VALUE
CONTENT_TYPE = st.none() | st.sampled_from(["application/json", "application/json; charset=utf-8",
                                            "application/ld+json", "text/plain", "APPLICATION/JSON"]) \
    | st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30)


def check(response) -> None:
    """An analysis document, or a client error that says what is wrong."""
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.text
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body["text"], str) and body["text"].strip() and isinstance(body["events"], list)
        for event in body["events"]:
            assert body["text"][event["trigger"]["start"]:event["trigger"]["end"]] == event["trigger"]["text"]
    else:
        assert isinstance(body["detail"], str) and body["detail"]


def post(client, content: bytes, content_type: str | None):
    return client.post("/analyze", content=content, headers={"content-type": content_type} if content_type else {})


@PROPERTY
@given(body=BODY)
def test_any_json_value(client, body) -> None:
    check(post(client, json.dumps(body).encode(), "application/json"))


@PROPERTY
@given(content=st.binary(max_size=300) | BODY.map(lambda b: json.dumps(b, ensure_ascii=False).encode("utf-8",
                                                                                                 "surrogatepass")),
       content_type=CONTENT_TYPE)
def test_any_bytes_with_any_content_type(client, content, content_type) -> None:
    check(post(client, content, content_type))
