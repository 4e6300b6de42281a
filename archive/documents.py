"""Document rows and their life cycle: queued → processing → done / needs_review / failed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.chain import AUDIT, append
from archive.models import AuditEvent, Document, DocumentStatus, utcnow


@dataclass(frozen=True)
class NewDocument:
    sha256: str
    filename: str
    content_type: str
    size_bytes: int
    pages: int
    source: str
    uploaded_by: str


def create_document(session: Session, new: NewDocument) -> Document:
    doc = Document(
        id=str(uuid.uuid4()),
        sha256=new.sha256,
        filename=new.filename,
        content_type=new.content_type,
        size_bytes=new.size_bytes,
        pages=new.pages,
        source=new.source,
        uploaded_by=new.uploaded_by,
        status=DocumentStatus.QUEUED,
        attempts=0,
    )
    session.add(doc)
    session.flush()
    record_event(session, doc.id, new.uploaded_by, "stored", {"sha256": new.sha256})
    return doc


def get_document(session: Session, doc_id: str) -> Document | None:
    return session.get(Document, doc_id)


# FOR NO KEY UPDATE, not FOR UPDATE: it serializes work on one document without blocking
# the FOR KEY SHARE lock PostgreSQL takes to check a foreign key. With FOR UPDATE, a worker
# holding the document and waiting for the audit chain head deadlocked against a viewer
# holding the head and inserting an audit row that references the document.
ROW_LOCK = {"key_share": True}


def lock_document(session: Session, doc_id: str) -> Document | None:
    """The document, locked against concurrent changes until the transaction ends."""
    return session.get(Document, doc_id, with_for_update=ROW_LOCK, populate_existing=True)


def find_by_sha256(session: Session, sha256: str) -> Document | None:
    return session.scalars(
        select(Document).where(Document.sha256 == sha256).order_by(Document.created_at).limit(1)
    ).first()


def claim_for_processing(session: Session, doc_id: str) -> Document | None:
    """Mark the document as processing unless it is already finished; None means skip.

    A redelivered task (acks_late after a worker crash) finds the document still
    ``processing`` and takes it again; a duplicate delivery of a finished one is a no-op.
    """
    result = session.execute(
        update(Document)
        .where(Document.id == doc_id, Document.status.not_in(DocumentStatus.FINISHED))
        .values(
            status=DocumentStatus.PROCESSING,
            attempts=Document.attempts + 1,
            updated_at=utcnow(),
        )
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return session.get(Document, doc_id, populate_existing=True)


def finish_document(
    session: Session, doc_id: str, *, card: dict[str, Any], text: str, needs_review: bool
) -> None:
    status = DocumentStatus.NEEDS_REVIEW if needs_review else DocumentStatus.DONE
    session.execute(
        update(Document)
        .where(Document.id == doc_id)
        .values(
            status=status,
            card=card,
            text=text,
            doc_type=card.get("doc_type"),
            failure_code=None,
            failure_reason=None,
            processed_at=utcnow(),
            updated_at=utcnow(),
        )
    )
    record_event(session, doc_id, "worker", "recognized", {"status": status})


def fail_document(session: Session, doc_id: str, *, code: str, reason: str) -> None:
    session.execute(
        update(Document)
        .where(Document.id == doc_id)
        .values(
            status=DocumentStatus.FAILED,
            failure_code=code,
            failure_reason=reason,
            processed_at=utcnow(),
            updated_at=utcnow(),
        )
    )
    record_event(session, doc_id, "worker", "failed", {"code": code, "reason": reason})


def requeueable(session: Session, limit: int = 1000) -> list[str]:
    """Ids of documents stuck in queued/processing (e.g. the broker was down at upload)."""
    rows = session.scalars(
        select(Document.id)
        .where(Document.status.in_((DocumentStatus.QUEUED, DocumentStatus.PROCESSING)))
        .order_by(Document.created_at)
        .limit(limit)
    )
    return list(rows)


def record_event(
    session: Session, doc_id: str | None, actor: str, action: str, details: dict[str, Any] | None
) -> None:
    """Append an audit record to the hash chain (serialized with other writers)."""
    event = AuditEvent(
        document_id=doc_id, at=utcnow(), actor=actor[:128], action=action, details=details
    )
    append(session, AUDIT, event)


def list_documents(
    session: Session, *, status: str | None, limit: int, offset: int
) -> list[Document]:
    query = select(Document).order_by(Document.created_at.desc()).limit(limit).offset(offset)
    if status is not None:
        query = query.where(Document.status == status)
    return list(session.scalars(query))
