"""What every route reads off a request: the process context, the user, a document id."""

from __future__ import annotations

import uuid

from fastapi import Request

from ecm.api.errors import ApiError
from ecm.context import AppContext


def app_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def actor(request: Request) -> str:
    """Who acts, for the audit trail: the X-ECM-User header (no authentication yet)."""
    return request.headers.get("x-ecm-user", "anonymous")[:128]


def document_id(raw: str) -> str:
    """A well-formed document id, or 404: a malformed id names no document."""
    try:
        return str(uuid.UUID(raw))
    except ValueError as exc:
        raise ApiError(404, "not_found", "Документ не найден.") from exc
