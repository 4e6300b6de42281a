"""The FastAPI application: wiring of routes, limits, error handlers and the task queue."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy import text

from ecm import __version__
from ecm.api import documents, journal, review, search, web
from ecm.api.errors import ApiError, install_error_handlers
from ecm.api.limits import BodySizeLimit
from ecm.context import AppContext
from ecm.pipeline.intake import Dispatch


def create_app(ctx: AppContext | None = None, dispatch: Dispatch | None = None) -> FastAPI:
    """Build the app; ``dispatch`` defaults to sending Celery tasks to the configured broker."""
    context = ctx or AppContext()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context.prepare()
        yield
        context.close()

    app = FastAPI(title="ecm", version=__version__, lifespan=lifespan)
    app.state.ctx = context
    app.state.dispatch = dispatch if dispatch is not None else celery_dispatch(context)
    app.add_middleware(
        BodySizeLimit,
        limit=context.settings.max_request_mb * 1024 * 1024,
    )
    install_error_handlers(app)
    app.include_router(documents.router)
    app.include_router(journal.router)
    app.include_router(search.router)
    app.include_router(review.router)
    app.include_router(web.router)

    @app.get("/api/v1/health", tags=["service"])
    def health(request: Request) -> dict[str, Any]:
        ctx: AppContext = request.app.state.ctx
        try:
            with ctx.db.session() as session:
                session.execute(text("SELECT 1"))
            ctx.store.ping()
        except Exception as exc:
            raise ApiError(503, "unhealthy", f"Сервис неработоспособен: {exc}") from exc
        return {"status": "ok", "version": __version__}

    return app


def celery_dispatch(ctx: AppContext) -> Dispatch:
    """Send documents to the broker of ``ctx.settings`` (connected on first use)."""
    from workers.celery_app import PROCESS_TASK, make_celery, time_limits

    celery = None

    def dispatch(doc_id: str, pages: int) -> None:
        nonlocal celery
        if celery is None:
            celery = make_celery(ctx.settings)
        soft, hard = time_limits(pages, ctx.settings)
        celery.send_task(PROCESS_TASK, args=[doc_id], soft_time_limit=soft, time_limit=hard)

    return dispatch
