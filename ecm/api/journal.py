"""Journal API: the nomenclature, registrations, annotations, field corrections, retention."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from archive import nomenclature, retention
from archive.journal import (
    AlreadyRegistered,
    DocumentMissing,
    JournalError,
    annotate,
    entry_view,
)
from archive.models import AuditEvent, JournalAnnotation, JournalEntry
from archive.nomenclature import NomenclatureError, UnknownCase
from archive.registration import correct_fields, register_document
from ecm.api.errors import ApiError
from ecm.api.requests import actor as _actor
from ecm.api.requests import app_context as _ctx
from ecm.api.requests import document_id as _uuid

router = APIRouter(prefix="/api/v1", tags=["journal"])


class RegistrationRequest(BaseModel):
    case_index: str | None = Field(default=None, max_length=16)


class AnnotationRequest(BaseModel):
    kind: str = Field(max_length=16, description="cancelled, restored, note")
    text: str | None = Field(default=None, max_length=2000)


class FieldsRequest(BaseModel):
    fields: dict[str, str | None]


def journal_error(exc: Exception) -> ApiError:
    """The HTTP form of an archive refusal; the Russian message goes to the client as is."""
    if isinstance(exc, DocumentMissing):
        return ApiError(404, "not_found", str(exc))
    if isinstance(exc, AlreadyRegistered):
        return ApiError(409, "already_registered", str(exc))
    if isinstance(exc, UnknownCase):
        return ApiError(422, "unknown_case", str(exc))
    return ApiError(422, "invalid_request", str(exc))


@router.get("/nomenclature")
def list_nomenclature(request: Request) -> dict[str, Any]:
    with _ctx(request).db.session() as session:
        return {"cases": [vars(c) for c in nomenclature.list_cases(session)]}


@router.post("/nomenclature", status_code=201)
def add_case(request: Request, body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    try:
        spec = nomenclature.CaseSpec.from_dict(body)
        with _ctx(request).db.session() as session:
            return vars(nomenclature.upsert_case(session, spec, create_only=True))
    except NomenclatureError as exc:
        raise journal_error(exc) from exc


@router.patch("/nomenclature/{index}")
def edit_case(request: Request, index: str, body: Annotated[dict[str, Any], Body()]) -> Any:
    try:
        with _ctx(request).db.session() as session:
            return vars(nomenclature.edit_case(session, index, body))
    except UnknownCase as exc:
        raise ApiError(404, "unknown_case", str(exc)) from exc
    except NomenclatureError as exc:
        raise journal_error(exc) from exc


@router.post("/documents/{doc_id}/registration", status_code=201)
async def register(
    request: Request, doc_id: str, body: RegistrationRequest | None = None
) -> dict[str, Any]:
    ctx = _ctx(request)
    try:
        return await run_in_threadpool(
            register_document,
            ctx.db,
            ctx.store,
            _uuid(doc_id),
            actor=_actor(request),
            case_index=body.case_index if body else None,
            org_inn=ctx.settings.org_inn,
        )
    except (JournalError, NomenclatureError) as exc:
        raise journal_error(exc) from exc


@router.get("/documents/{doc_id}/registration")
def registrations(request: Request, doc_id: str) -> dict[str, Any]:
    with _ctx(request).db.session() as session:
        entries = session.scalars(
            select(JournalEntry)
            .where(JournalEntry.document_id == _uuid(doc_id))
            .order_by(JournalEntry.id)
        ).all()
        result = []
        for entry in entries:
            view = entry_view(entry)
            notes = session.scalars(
                select(JournalAnnotation)
                .where(JournalAnnotation.entry_id == entry.id)
                .order_by(JournalAnnotation.id)
            )
            view["annotations"] = [
                {
                    "at": n.at.isoformat(),
                    "actor": n.actor,
                    "kind": n.kind,
                    "text": n.text,
                    "changes": n.changes,
                }
                for n in notes
            ]
            result.append(view)
        return {"registrations": result}


@router.post("/documents/{doc_id}/annotations", status_code=201)
def add_annotation(request: Request, doc_id: str, body: AnnotationRequest) -> dict[str, Any]:
    doc_id = _uuid(doc_id)
    if body.kind == "corrected":
        raise ApiError(422, "invalid_request", "Исправления полей: PATCH .../fields")
    try:
        with _ctx(request).db.session() as session:
            entry = _latest_entry(session, doc_id)
            annotate(session, entry, kind=body.kind, actor=_actor(request), text=body.text)
            return entry_view(entry)
    except JournalError as exc:
        raise journal_error(exc) from exc


def _latest_entry(session: Any, doc_id: str) -> JournalEntry:
    entry = session.scalars(
        select(JournalEntry)
        .where(JournalEntry.document_id == doc_id)
        .order_by(JournalEntry.id.desc())
        .limit(1)
        .with_for_update(key_share=True)  # annotations point at it by foreign key
    ).first()
    if entry is None:
        raise ApiError(404, "not_registered", "Документ не зарегистрирован в журнале.")
    return entry


@router.patch("/documents/{doc_id}/fields")
def correct(request: Request, doc_id: str, body: FieldsRequest) -> dict[str, Any]:
    ctx = _ctx(request)
    try:
        with ctx.db.session() as session:
            return correct_fields(
                session,
                _uuid(doc_id),
                body.fields,
                actor=_actor(request),
                org_inn=ctx.settings.org_inn,
            )
    except JournalError as exc:
        raise journal_error(exc) from exc


@router.get("/documents/{doc_id}/audit")
def audit_trail(request: Request, doc_id: str) -> dict[str, Any]:
    with _ctx(request).db.session() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.document_id == _uuid(doc_id))
            .order_by(AuditEvent.id)
        )
        return {
            "events": [
                {
                    "id": e.id,
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "details": e.details,
                    "row_hash": e.row_hash,
                }
                for e in events
            ]
        }


@router.get("/retention")
def retention_report(
    request: Request,
    year: Annotated[int | None, Query(ge=1900, le=3000)] = None,
) -> dict[str, Any]:
    with _ctx(request).db.session() as session:
        rows = retention.report(session, year)
    return {"summary": retention.summarize(rows), "documents": rows}
