"""The FastAPI application: one process holds one read-only store and a pool of analysis workers.

Costly things are opened once: the store in the lifespan, the spaCy model and dictionaries in each
worker process (``accord.api.pool``). A DuckDB connection is not shared between threads safely, so
the store sits behind a lock; analyses never take it, so reads never wait for them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from accord.api.limits import BodyLimit
from accord.api.pool import Analyzer, Limits
from accord.api.security import HEADERS, JSON_CSP, LOCAL_HOSTS, Guard, page_csp
from accord.errors import StoreError
from accord.resources import Config, Resources

log = logging.getLogger("accord.api")
MAX_BODY = 1_000_000  # bytes; an article is rarely over 100 kB
# The dashboard loads nothing from elsewhere and runs no inline script: article text is data, never code.
DASHBOARD_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


@dataclass
class State:
    db_path: Path | None
    api_key: str | None
    analyzer: Analyzer
    open_reads: bool = False
    store: Any = None  # accord.store.Store, opened read-only in the lifespan
    store_problem: str | None = None  # the first read error of the store, once one has failed
    store_lock: threading.Lock = field(default_factory=threading.Lock)


def web_dir() -> Path:
    """The dashboard's static files, shipped in the package."""
    return Path(str(importlib_resources.files("accord") / "web"))


def create_app(db_path: str | Path | None = None, api_key: str | None = None, *,
               config: Config | None = None, resources: Resources | None = None,
               preload: bool = False, max_body: int = MAX_BODY, limits: Limits = Limits(),
               allowed_hosts: Iterable[str] = LOCAL_HOSTS, open_reads: bool = False) -> FastAPI:
    """The API and dashboard on the store at ``db_path`` (None: only ``POST /analyze`` works).

    ``api_key`` (when set) must come with every request but ``GET /health`` and the dashboard's
    static files, as ``X-API-Key`` or ``Authorization: Bearer``; ``open_reads`` spares GET requests.
    ``limits`` sizes the analysis pool (``limits.workers=0``: analyse in this process, on
    ``resources`` when given, which lets tests share loaded models; ``preload`` loads them at
    startup). Requests naming another Host than ``allowed_hosts`` ("*": any) are refused.
    """
    config = config or (resources.config if resources else Config())
    state = State(db_path=Path(db_path) if db_path else None, api_key=api_key or None,
                  analyzer=Analyzer(limits, config, resources), open_reads=open_reads)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.db_path is not None:
            from accord.store import Store

            state.store = Store(str(state.db_path), read_only=True)
        await state.analyzer.start(preload)
        try:
            yield
        finally:
            await state.analyzer.close()
            if state.store is not None:
                state.store.close()
                state.store = None

    app = FastAPI(title="accord", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="News reports to political event data: analyse an article, query stored events, "
                  "and follow each event back to its sentence. The dashboard is at /.")
    app.openapi_version = "3.0.3"  # the bundled Swagger UI (4.x) renders OpenAPI 3.0 documents
    app.state.accord = state
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)  # outermost: its headers go on the 413s too
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
        page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="accord API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")
        page.headers["Content-Security-Policy"] = page_csp(page.body)
        return page


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": _where(e.get("loc", ())), "message": e.get("msg", "invalid")} for e in exc.errors()]
        summary = "; ".join(f"{e['loc']}: {e['message']}" for e in errors)
        return JSONResponse(status_code=422, content={"detail": f"invalid request: {summary}", "errors": errors})

    @app.exception_handler(StoreError)
    async def unreadable(request: Request, exc: StoreError) -> JSONResponse:
        """The store failed a read (a damaged block, say): 503 with its coded message, and /health says so."""
        request.app.state.accord.store_problem = str(exc).splitlines()[0]
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(status_code=500, headers={**HEADERS, "Content-Security-Policy": JSON_CSP}, content={
            "detail": "internal error; the server log has the details. Please report it with the request."})


def need_store(request: Request) -> Any:
    """The open store, or 503 when the server was started without a database."""
    store = request.app.state.accord.store
    if store is None:
        raise HTTPException(503, "no event database is open: start the server with --db PATH "
                            "(build one with: accord ingest --db PATH ARTICLES)")
    return store
