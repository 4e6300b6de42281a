"""The review queue: documents recognition was unsure of, and a person's verdict on each.

A verdict confirms the card as it stands or corrects it (fields through the same audited path
as any correction, the class by re-registering into the case its new type belongs to), then
ends the document as ``done``. The recognizer's own card stays in the object store untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.db import Database
from archive.documents import lock_document, record_event
from archive.journal import DocumentMissing, JournalError, active_entry, annotate
from archive.models import Document, DocumentStatus, utcnow
from archive.nomenclature import case_for_doc_type
from archive.objectstore import ObjectStore
from archive.registration import correct_fields, register_document
from recognizers.card import DOC_TYPES, FIELD_NAMES


class NotAwaitingReview(JournalError):
    """The document is not in the review queue (not recognized yet, done, or failed)."""


@dataclass(frozen=True)
class Verdict:
    fields: dict[str, Any]
    doc_type: str | None = None
    upd_status: int | None = None
    comment: str | None = None


def review_queue(
    session: Session, *, threshold: float, limit: int, offset: int
) -> dict[str, Any]:
    """Documents awaiting review, oldest first, each with what recognition was unsure of."""
    waiting = Document.status == DocumentStatus.NEEDS_REVIEW
    total = session.scalar(select(func.count()).select_from(Document).where(waiting)) or 0
    docs = session.scalars(
        select(Document).where(waiting).order_by(Document.created_at).limit(limit).offset(offset)
    )
    return {"total": total, "items": [queue_item(doc, threshold) for doc in docs]}


def queue_item(doc: Document, threshold: float) -> dict[str, Any]:
    card = doc.card or {}
    fields = card.get("fields") or {}
    confidence = card.get("field_confidence") or {}
    unsure = [
        {"field": name, "value": fields.get(name), "confidence": confidence.get(name, 0.0)}
        for name in FIELD_NAMES
        if float(confidence.get(name, 0.0)) < threshold
    ]
    return {
        "id": doc.id,
        "filename": doc.filename,
        "created_at": doc.created_at.isoformat(),
        "doc_type": card.get("doc_type"),
        "upd_status": card.get("upd_status"),
        "class_confidence": card.get("confidence"),
        "class_unsure": float(card.get("confidence") or 0.0) < threshold,
        "unsure_fields": unsure,
        "fields": fields,
        "issues": card.get("issues") or [],
    }


def complete_review(
    db: Database,
    store: ObjectStore,
    doc_id: str,
    verdict: Verdict,
    *,
    actor: str,
    org_inn: str | None = None,
) -> dict[str, Any]:
    """Apply a reviewer's verdict and finish the document; the whole verdict or nothing."""
    _check_verdict(verdict)
    with db.session() as session:
        doc = _waiting(session, doc_id)
        changed: dict[str, Any] = {}
        if verdict.fields:
            changed = correct_fields(
                session, doc_id, verdict.fields, actor=actor, org_inn=org_inn
            )["changed"]
        reclassified = _reclassify(session, doc, verdict, actor)
        entry = active_entry(session, doc_id) if reclassified else None
        moved = entry is not None and case_for_doc_type(
            session, doc.doc_type).index != entry.case_index
        if entry is not None and moved:
            annotate(session, entry, kind="cancelled", actor=actor,
                     text=f"Вид документа исправлен при проверке: {verdict.doc_type}")
        elif entry is not None and entry.doc_type != doc.doc_type:
            annotate(session, entry, kind="corrected", actor=actor,
                     changes={"doc_type": (entry.doc_type, doc.doc_type)})
        _finish(session, doc, actor, changed, reclassified, verdict.comment)
    registration = None
    if moved:
        # After the commit above: registering takes its own journal locks and extends the
        # original's retention lock for the new case's term.
        registration = register_document(db, store, doc_id, actor=actor, org_inn=org_inn)
    return {
        "document_id": doc_id,
        "status": DocumentStatus.DONE,
        "changed": changed,
        "reclassified": reclassified,
        "registration": registration,
    }


def _check_verdict(verdict: Verdict) -> None:
    if verdict.doc_type is not None and verdict.doc_type not in DOC_TYPES:
        raise JournalError(f"Неизвестный вид документа «{verdict.doc_type}»: "
                           f"{', '.join(DOC_TYPES)}")
    if verdict.upd_status is not None and (verdict.doc_type or "upd") != "upd":
        raise JournalError("Статус (1 или 2) бывает только у УПД")
    if verdict.upd_status not in (None, 1, 2):
        raise JournalError("Статус УПД: 1 или 2")


def _waiting(session: Session, doc_id: str) -> Document:
    doc = lock_document(session, doc_id)
    if doc is None:
        raise DocumentMissing(f"Документ {doc_id} не найден")
    if doc.status != DocumentStatus.NEEDS_REVIEW:
        raise NotAwaitingReview(
            f"Документ не ждёт проверки: его статус «{doc.status}»"
        )
    return doc


def _reclassify(session: Session, doc: Document, verdict: Verdict, actor: str) -> bool:
    card = dict(doc.card or {})
    new_type = verdict.doc_type or card.get("doc_type")
    new_status = verdict.upd_status if new_type == "upd" else None
    if new_type == "upd" and new_status is None:
        new_status = card.get("upd_status")
    if (new_type, new_status) == (card.get("doc_type"), card.get("upd_status")):
        return False
    record_event(session, doc.id, actor, "class_corrected", {
        "old": [card.get("doc_type"), card.get("upd_status")], "new": [new_type, new_status]})
    card["doc_type"], card["upd_status"] = new_type, new_status
    doc.card = card
    doc.doc_type = new_type
    return True


def _finish(
    session: Session,
    doc: Document,
    actor: str,
    changed: dict[str, Any],
    reclassified: bool,
    comment: str | None,
) -> None:
    card = dict(doc.card or {})
    card["review"] = {
        "by": actor,
        "at": utcnow().isoformat(),
        "corrected": sorted(changed),
        "reclassified": reclassified,
        "comment": comment,
    }
    doc.card = card
    doc.status = DocumentStatus.DONE
    doc.updated_at = utcnow()
    record_event(session, doc.id, actor, "reviewed", {
        "corrected": sorted(changed), "reclassified": reclassified, "comment": comment})
