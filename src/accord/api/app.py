"""The FastAPI application: one process holds one read-only store and, once loaded, one set of resources.

Costly things are opened once: the store in the lifespan, the spaCy model and dictionaries on first
use (or in a background thread at startup with ``preload``). DuckDB connections and spaCy pipelines
are not shared between threads safely, so each sits behind a lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any, Generic, TypeVar

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from accord.api.limits import BodyLimit
from accord.resources import Config, Resources

log = logging.getLogger("accord.api")
T = TypeVar("T")
MAX_BODY = 1_000_000  # bytes; an article is rarely over 100 kB
# The dashboard loads nothing from elsewhere and runs no inline script: article text is data, never code.
DASHBOARD_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


class Lazy(Generic[T]):
    """A value built once on first ``get``; other threads wait for it instead of building their own."""

    def __init__(self, build: Callable[[], T], value: T | None = None):
        self._build = build
        self._value = value
        self.lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._value is not None

    def get(self) -> T:
        with self.lock:
            if self._value is None:
                self._value = self._build()
            return self._value


@dataclass
class State:
    db_path: Path | None
    api_key: str | None
    resources: Lazy[Resources]
    store: Any = None  # accord.store.Store, opened read-only in the lifespan
    store_lock: threading.Lock = field(default_factory=threading.Lock)


def warmed(res: Resources) -> Resources:
    """``res`` after one short analysis: tables that layers build on first use are built now, not in a request."""
    from accord.ingest.readers import text_record
    from accord.pipeline import analyze_batch

    analyze_batch([text_record("PARIS, March 3 (Reuters) - France said on Monday it would send aid to Syria.")], res)
    return res


def web_dir() -> Path:
    """The dashboard's static files, shipped in the package."""
    return Path(str(importlib_resources.files("accord") / "web"))


def create_app(db_path: str | Path | None = None, api_key: str | None = None, *,
               config: Config | None = None, resources: Resources | None = None,
               preload: bool = False, max_body: int = MAX_BODY) -> FastAPI:
    """The API and dashboard on the store at ``db_path`` (None: only ``POST /analyze`` works).

    ``api_key`` (when set) must come with ``POST /analyze`` as ``X-API-Key`` or ``Authorization: Bearer``.
    ``resources`` lets tests share already loaded models; ``preload`` loads them at startup.
    """
    state = State(db_path=Path(db_path) if db_path else None, api_key=api_key or None,
                  resources=Lazy(lambda: warmed(Resources.load(config)), resources))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.db_path is not None:
            from accord.store import Store

            state.store = Store(str(state.db_path), read_only=True)
        if preload:
            threading.Thread(target=state.resources.get, name="accord-load", daemon=True).start()
        try:
            yield
        finally:
            if state.store is not None:
                state.store.close()
                state.store = None

    app = FastAPI(title="accord", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="News reports to political event data: analyse an article, query stored events, "
                  "and follow each event back to its sentence. The dashboard is at /.")
    app.openapi_version = "3.0.3"  # the bundled Swagger UI (4.x) renders OpenAPI 3.0 documents
    app.state.accord = state
    app.add_middleware(BodyLimit, max_bytes=max_body)
    _add_error_handlers(app)
    _add_docs(app)

    from accord.api.routes import data, router

    app.include_router(router)
    app.include_router(data)
    app.mount("/assets", StaticFiles(directory=web_dir()), name="assets")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(web_dir() / "index.html", headers={"Content-Security-Policy": DASHBOARD_CSP})

    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("accord")
    except PackageNotFoundError:
        return "0"


def _add_docs(app: FastAPI) -> None:
    """Swagger UI from the pinned swagger-ui-bundle package: /docs works without the internet."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="accord API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": _where(e.get("loc", ())), "message": e.get("msg", "invalid")} for e in exc.errors()]
        summary = "; ".join(f"{e['loc']}: {e['message']}" for e in errors)
        return JSONResponse(status_code=422, content={"detail": f"invalid request: {summary}", "errors": errors})

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(status_code=500, content={
            "detail": "internal error; the server log has the details. Please report it with the request."})


def need_store(request: Request) -> Any:
    """The open store, or 503 when the server was started without a database."""
    store = request.app.state.accord.store
    if store is None:
        raise HTTPException(503, "no event database is open: start the server with --db PATH "
                            "(build one with: accord ingest --db PATH ARTICLES)")
    return store
