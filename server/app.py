"""The FastAPI application: ``create_app(db)`` for a SQLite path or a ``postgresql://`` URL.

The store is opened in the lifespan (not at import); the graph is built in
memory for a small SQLite store and rebuilt when the store changes (checked at
most once a second), or answered from the database (PostgreSQL, large stores).  Every error, from
a route or from FastAPI itself, has one JSON shape::

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": {...}}}
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph import config
from graph.errors import (
    ActorGraphError,
    DocumentError,
    InputError,
    ModelError,
    NotFoundError,
    StoreError,
    TooLargeError,
)
from graph.registry import Registry, default_registry
from server.access import WriteAccess, WriteRefused
from server.routers import actors, curation, documents, exports, pages, relations, verdicts
from server.state import GraphState

PROJECT = Path(__file__).resolve().parent.parent
STATIC_DIR = PROJECT / "static"


def error_response(status: int, code: str, message: str, details: dict | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message, "details": details or {}}},
        status_code=status,
    )


def create_app(
    db: str | Path, registry: Registry | None = None, host: str = "127.0.0.1", write_token: str | None = None
) -> FastAPI:
    """The app over the store ``db``; ``host`` (the interface it will listen on) and ``write_token``
    (default: ACTORGRAPH_WRITE_TOKEN) decide who may write (server/access.py)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.graph = GraphState(db, registry or default_registry())
        try:
            yield
        finally:
            app.state.graph.close()

    app = FastAPI(
        title="actorgraph",
        summary="Who does what to whom in Arabic news: actors, stated relations and their evidence.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served below from static/, not from a CDN
        redoc_url=None,
    )
    token = config.get("ACTORGRAPH_WRITE_TOKEN") if write_token is None else write_token
    app.state.access = WriteAccess.for_host(host, token or None)

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title="actorgraph API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.exception_handler(WriteRefused)
    async def write_refused(request: Request, error: WriteRefused):
        return error_response(error.status, error.code, error.message)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, error: NotFoundError):
        return error_response(404, "not_found", str(error), {"suggestions": error.suggestions})

    @app.exception_handler(TooLargeError)
    async def too_large(request: Request, error: TooLargeError):
        return error_response(413, "bad_document", str(error))

    @app.exception_handler(DocumentError)
    async def bad_document(request: Request, error: DocumentError):
        return error_response(422, "bad_document", str(error))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError):
        return error_response(422, "invalid_input", str(error))

    @app.exception_handler(ModelError)
    async def model_error(request: Request, error: ModelError):
        return error_response(503, "model_unavailable", str(error))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError):
        return error_response(503, "store_unavailable", str(error))

    @app.exception_handler(ActorGraphError)
    async def other_error(request: Request, error: ActorGraphError):
        return error_response(400, "error", str(error))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError):
        problems = [
            {
                "location": ".".join(str(p) for p in e["loc"]),
                "message": e["msg"],
                "input": _jsonable(e.get("input")),
            }
            for e in error.errors()
        ]
        message = "; ".join(f"{p['location']}: {p['message']}" for p in problems)
        return error_response(422, "invalid_request", message, {"errors": problems})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        detail = error.detail if isinstance(error.detail, str) else "request failed"
        return error_response(error.status_code, codes.get(error.status_code, "http_error"), detail)

    app.include_router(curation.router)
    app.include_router(actors.router)
    app.include_router(verdicts.router)
    app.include_router(relations.router)
    app.include_router(documents.router)
    app.include_router(exports.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
