"""What guards every request: the Host it names, the API key, and the security headers of every response."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterable
from typing import Annotated

from fastapi import HTTPException, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers, MutableHeaders

from accord.api.limits import ASGIApp, Message, Receive, Scope, Send
from accord.errors import Errors

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# On every response; JSON gets the strictest policy, pages (the dashboard, /docs) set their own.
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
JSON_CSP = "default-src 'none'; frame-ancestors 'none'"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def host_name(value: str) -> str:
    """The host of a Host header: lower case, without its port, IPv6 brackets or a final dot."""
    value = value.strip().lower()
    if value.startswith("["):
        inside, _, port = value[1:].partition("]")
        value = inside if not port or port.startswith(":") else value
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def page_csp(html: bytes) -> str:
    """A policy for a page of our own: its inline scripts allowed by their hashes, nothing from elsewhere."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
                      for s in _INLINE_SCRIPT.findall(html))
    return (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class Guard:
    """400 for a Host header this server does not answer to, which stops DNS rebinding (a page elsewhere
    whose name was made to point at 127.0.0.1); security headers on every response that passes here."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = {host_name(h) for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in {**HEADERS, "Content-Security-Policy": JSON_CSP}.items():
                    headers.setdefault(name, value)
            await send(message)

        host = Headers(scope=scope).get("host", "")
        if "*" not in self.hosts and host_name(host) not in self.hosts:
            refused = JSONResponse({"detail": Errors.A314.format(host=host[:200])}, status_code=400)
            await refused(scope, receive, secured)
            return
        await self.app(scope, receive, secured)


API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, description="the server's --api-key")
BEARER = HTTPBearer(auto_error=False, description="the same key as a bearer token")


def require_key(request: Request, x_api_key: Annotated[str | None, Security(API_KEY)] = None,
                bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None) -> None:
    """When the server has an API key, the request must bring it (X-API-Key or Authorization: Bearer);
    with ``open_reads`` GET requests need none."""
    state = request.app.state.accord
    if state.api_key is None or (state.open_reads and request.method in ("GET", "HEAD")):
        return
    given = x_api_key or (bearer.credentials if bearer else "")
    if not given or not secrets.compare_digest(given.encode(), state.api_key.encode()):
        raise HTTPException(401, Errors.A315, headers={"WWW-Authenticate": "Bearer"})
