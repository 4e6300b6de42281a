"""Documents: upload a batch, read a document's status and card, fetch its original."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from archive.documents import get_document, list_documents, record_event
from archive.models import Document, DocumentStatus
from ecm.api.errors import ApiError
from ecm.api.requests import actor as _actor
from ecm.api.requests import app_context as _ctx
from ecm.api.requests import document_id as _uuid
from ecm.pipeline.intake import BatchRejected, IncomingFile, accept_batch

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])


@router.post("", status_code=202)
async def upload(
    request: Request, files: Annotated[list[UploadFile], File(description="файлы документов")]
) -> JSONResponse:
    ctx = _ctx(request)
    if len(files) > ctx.settings.max_files_per_upload:
        raise ApiError(
            413, "too_many_files", f"Не более {ctx.settings.max_files_per_upload} файлов за раз."
        )
    incoming = [await _read(upload, ctx.settings.max_upload_bytes) for upload in files]
    try:
        accepted = await run_in_threadpool(
            accept_batch,
            incoming,
            settings=ctx.settings,
            store=ctx.store,
            db=ctx.db,
            dispatch=request.app.state.dispatch,
            source="upload",
            actor=_actor(request),
        )
    except BatchRejected as exc:
        status = _rejection_status({r.code for r in exc.rejections})
        problems = [
            {"file": r.filename, "code": r.code, "problem": r.message} for r in exc.rejections
        ]
        raise ApiError(
            status, "rejected", "Файлы не приняты: ничего не сохранено.", problems=problems
        ) from exc
    body = {"documents": [vars(doc) for doc in accepted]}
    return JSONResponse(body, status_code=202)


async def _read(upload: UploadFile, limit: int) -> IncomingFile:
    name = upload.filename or ""
    if upload.size is not None and upload.size > limit:
        # Read nothing: the batch check reports the size with the other problems.
        return IncomingFile(name, b"", oversize=True)
    data = await upload.read(limit + 1)
    return IncomingFile(name, b"" if len(data) > limit else data, oversize=len(data) > limit)


@router.get("")
def list_(
    request: Request,
    status: Annotated[str | None, Query(description="queued, processing, done, ...")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    if status is not None and status not in _STATUSES:
        raise ApiError(422, "bad_status", f"Неизвестный статус: {status}.")
    with _ctx(request).db.session() as session:
        docs = list_documents(session, status=status, limit=limit, offset=offset)
        return {"documents": [_summary(d) for d in docs]}


@router.get("/{doc_id}")
def show(request: Request, doc_id: str) -> dict[str, Any]:
    with _ctx(request).db.session() as session:
        doc = _found(get_document(session, _uuid(doc_id)))
        record_event(session, doc.id, _actor(request), "viewed", None)
        result = _summary(doc)
        if doc.status in (DocumentStatus.DONE, DocumentStatus.NEEDS_REVIEW):
            result["card"] = doc.card
        return result


@router.get("/{doc_id}/original")
def original(request: Request, doc_id: str) -> Response:
    ctx = _ctx(request)
    with ctx.db.session() as session:
        doc = _found(get_document(session, _uuid(doc_id)))
        record_event(session, doc.id, _actor(request), "downloaded", None)
        sha, name, content_type = doc.sha256, doc.filename, doc.content_type
    data = ctx.store.get_original(sha)
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    headers = {"Content-Disposition": disposition, "X-Content-SHA256": sha}
    return Response(data, media_type=content_type, headers=headers)


def _rejection_status(codes: set[str]) -> int:
    if codes == {"too_large"}:
        return 413
    if codes == {"unsupported_type"}:
        return 415
    return 422


_STATUSES = (
    DocumentStatus.QUEUED,
    DocumentStatus.PROCESSING,
    DocumentStatus.DONE,
    DocumentStatus.NEEDS_REVIEW,
    DocumentStatus.FAILED,
)


def _found(doc: Document | None) -> Document:
    if doc is None:
        raise ApiError(404, "not_found", "Документ не найден.")
    return doc


def _summary(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "filename": doc.filename,
        "sha256": doc.sha256,
        "content_type": doc.content_type,
        "size_bytes": doc.size_bytes,
        "pages": doc.pages,
        "source": doc.source,
        "status": doc.status,
        "reason": doc.failure_reason,
        "failure_code": doc.failure_code,
        "doc_type": doc.doc_type,
        "created_at": _iso(doc.created_at),
        "processed_at": _iso(doc.processed_at),
    }


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the zone: SQLite hands back naive datetimes, which are UTC here."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
