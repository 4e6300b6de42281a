"""Review queue API: what recognition was unsure of, and the reviewer's verdict."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from archive.journal import JournalError
from archive.review import NotAwaitingReview, Verdict, complete_review, review_queue
from ecm.api.errors import ApiError
from ecm.api.journal import journal_error
from ecm.api.requests import actor as _actor
from ecm.api.requests import app_context as _ctx
from ecm.api.requests import document_id as _uuid
from recognizers.card import DocType

router = APIRouter(prefix="/api/v1", tags=["review"])


class ReviewRequest(BaseModel):
    fields: dict[str, str | None] = Field(
        default_factory=dict, description="исправленные поля; остальные подтверждаются как есть"
    )
    doc_type: DocType | None = None
    upd_status: Literal[1, 2] | None = None
    comment: str | None = Field(default=None, max_length=2000)


@router.get("/review")
def queue(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    ctx = _ctx(request)
    with ctx.db.session() as session:
        return review_queue(
            session, threshold=ctx.settings.review_threshold, limit=limit, offset=offset
        )


@router.post("/documents/{doc_id}/review")
async def review(request: Request, doc_id: str, body: ReviewRequest) -> dict[str, Any]:
    ctx = _ctx(request)
    verdict = Verdict(fields=body.fields, doc_type=body.doc_type, upd_status=body.upd_status,
                      comment=body.comment)
    try:
        return await run_in_threadpool(
            complete_review, ctx.db, ctx.store, _uuid(doc_id), verdict,
            actor=_actor(request), org_inn=ctx.settings.org_inn,
        )
    except NotAwaitingReview as exc:
        raise ApiError(409, "not_awaiting_review", str(exc)) from exc
    except JournalError as exc:
        raise journal_error(exc) from exc
