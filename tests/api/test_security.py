"""Security headers on every response, and the Host check that stops DNS rebinding."""

from __future__ import annotations

import pytest

from accord.api.security import JSON_CSP, host_name

SHARED = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


def crash(*args, **kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("GET", "/events", {}, 200), ("GET", "/health", {}, 200), ("GET", "/openapi.json", {}, 200),
    ("GET", "/assets/app.js", {}, 200), ("GET", "/nowhere", {}, 404), ("GET", "/events", {"params": {"limit": 0}}, 422),
    ("POST", "/analyze", {"content": b"x" * 2_000_000}, 413), ("POST", "/analyze", {"content": b"{"}, 422),
    ("GET", "/articles/sample-minsk-2015", {}, 500), ("GET", "/health", {"headers": {"host": "evil.example"}}, 400),
])
def test_every_json_response_has_the_security_headers(client, monkeypatch, method, path, kwargs, status):
    monkeypatch.setattr(client.app.state.accord.store, "article", crash)
    response = client.request(method, path, **kwargs)
    assert response.status_code == status
    assert SHARED.items() <= response.headers.items()
    if path != "/assets/app.js":
        assert response.headers["content-security-policy"] == JSON_CSP


@pytest.mark.parametrize("path, policy", [("/", "default-src 'self'"), ("/docs", "script-src 'self' 'sha256-")])
def test_pages_have_their_own_policy(client, path, policy):
    response = client.get(path)
    assert SHARED.items() <= response.headers.items()
    csp = response.headers["content-security-policy"]
    assert policy in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]


@pytest.mark.parametrize("host, allowed", [
    ("localhost", True), ("localhost:8000", True), ("127.0.0.1:8000", True), ("[::1]:8000", True),
    ("LocalHost.", True), ("evil.example", False), ("127.0.0.1.evil.example", False), ("localhost.evil", False),
    ("", False), ("[::1].evil:80", False), ("events.example.org", True), ("events.example.org:443", True),
])
def test_only_trusted_hosts_are_answered(res, connect, host, allowed):
    from accord.api import create_app
    from accord.api.cli import trusted_hosts

    hosts = trusted_hosts("127.0.0.1", ["events.example.org"])
    with connect(create_app(None, resources=res, allowed_hosts=hosts)) as c:
        response = c.get("/health", headers={"host": host})
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.json()["detail"].startswith(f"[A314] Host '{host}' is not a name this server answers to")


def test_a_star_turns_the_host_check_off(res, connect):
    from accord.api import create_app

    with connect(create_app(None, resources=res, allowed_hosts=["*"])) as c:
        assert c.get("/health", headers={"host": "anything.example"}).status_code == 200


@pytest.mark.parametrize("host, expected", [
    ("[::1]:8000", "::1"), ("::1", "::1"), ("Example.ORG:80", "example.org"), ("example.org.", "example.org"),
    ("10.0.0.1", "10.0.0.1"), ("[fe80::1%eth0]", "fe80::1%eth0"), ("", ""),
])
def test_host_name(host, expected):
    assert host_name(host) == expected


def test_serve_trusts_the_address_it_binds_to(cli, sample_db, monkeypatch):
    served = {}
    monkeypatch.setattr("accord.api.cli.serve", lambda app, host, port, on_ready=None: served.update(app=app))
    code, _, err = cli("serve", "--db", str(sample_db), "--host", "0.0.0.0", "--api-key", "k")
    assert code == 0 and "--allowed-hosts" in err
    code, _, err = cli("serve", "--db", str(sample_db), "--host", "10.1.2.3", "--api-key", "k",
                       "--allowed-hosts", "events.example.org", "--workers", "0")
    from fastapi.testclient import TestClient

    with TestClient(served["app"]) as c:
        for host, status in (("10.1.2.3:8000", 200), ("events.example.org", 200), ("localhost", 200),
                             ("evil.example", 400)):
            assert c.get("/health", headers={"host": host}).status_code == status, host
