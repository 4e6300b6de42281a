"""Hash chains over append-only tables: audit events, journal entries, journal annotations.

Each row stores ``prev_hash`` (the previous row's ``row_hash``) and ``row_hash`` =
SHA-256(prev_hash + canonical JSON of its sealed content). A row changed, removed or
inserted afterwards breaks the chain at that point. Appends to one chain are serialized by
locking its ``chain_heads`` row (SELECT ... FOR UPDATE in PostgreSQL; SQLite transactions
are BEGIN IMMEDIATE, so writers already take turns), which also records the chain's length
and last hash so that cutting off the newest rows is detected too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import AuditEvent, Base, ChainHead, JournalAnnotation, JournalEntry

GENESIS = "0" * 64
AUDIT, JOURNAL, ANNOTATIONS = "audit", "journal", "annotations"
CHAINS = (AUDIT, JOURNAL, ANNOTATIONS)

Row = TypeVar("Row", bound=Base)


def plain(value: Any) -> Any:
    """JSON-ready form that survives a round trip through SQLite and PostgreSQL unchanged."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(plain(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def link_hash(prev_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(content)).encode("utf-8")).hexdigest()


def audit_content(row: AuditEvent) -> dict[str, Any]:
    return {
        "document_id": row.document_id,
        "at": row.at,
        "actor": row.actor,
        "action": row.action,
        "details": row.details,
    }


def entry_content(row: JournalEntry) -> dict[str, Any]:
    return {
        "document_id": row.document_id,
        "sha256": row.sha256,
        "case_index": row.case_index,
        "year": row.year,
        "seq": row.seq,
        "reg_number": row.reg_number,
        "reg_date": row.reg_date,
        "registered_at": row.registered_at,
        "registered_by": row.registered_by,
        "source": row.source,
        "registered": row.registered,
        "retention_label": row.retention_label,
        "legal_basis": row.legal_basis,
        "expert_review": bool(row.expert_review),
        "destruction_date": row.destruction_date,
        "retain_until": row.retain_until,
    }


def annotation_content(row: JournalAnnotation) -> dict[str, Any]:
    return {
        "entry_id": row.entry_id,
        "at": row.at,
        "actor": row.actor,
        "kind": row.kind,
        "text": row.text,
        "changes": row.changes,
    }


CONTENT: dict[str, tuple[type[Base], Callable[[Any], dict[str, Any]]]] = {
    AUDIT: (AuditEvent, audit_content),
    JOURNAL: (JournalEntry, entry_content),
    ANNOTATIONS: (JournalAnnotation, annotation_content),
}


def lock_head(session: Session, name: str) -> ChainHead:
    head = session.scalars(
        select(ChainHead)
        .where(ChainHead.name == name)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if head is None:
        raise RuntimeError(f"chain head {name!r} is missing: run `ecm migrate`")
    return head


def append(session: Session, name: str, row: Row) -> Row:
    """Seal ``row`` onto chain ``name`` and add it to the session (flushed, id assigned)."""
    _model, content = CONTENT[name]
    head = lock_head(session, name)
    row.prev_hash = head.last_hash  # type: ignore[attr-defined]
    row.row_hash = link_hash(head.last_hash, content(row))  # type: ignore[attr-defined]
    session.add(row)
    session.flush()
    head.last_id = row.id  # type: ignore[attr-defined]
    head.last_hash = row.row_hash  # type: ignore[attr-defined]
    head.length += 1
    session.flush()
    return row


@dataclass(frozen=True)
class ChainReport:
    name: str
    checked: int
    broken_at: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(session: Session, name: str, batch: int = 2000) -> ChainReport:
    """Walk the chain in id order; report the first broken link."""
    model: Any
    model, content = CONTENT[name]
    prev, count = GENESIS, 0
    last_id = 0
    while True:
        rows: list[Any] = list(
            session.scalars(select(model).where(model.id > last_id).order_by(model.id).limit(batch))
        )
        if not rows:
            break
        for row in rows:
            count += 1
            if row.prev_hash != prev:
                return ChainReport(name, count, row.id, "ссылка на предыдущую запись не совпадает")
            if link_hash(row.prev_hash, content(row)) != row.row_hash:
                return ChainReport(name, count, row.id, "содержимое записи изменено")
            prev = row.row_hash
        last_id = rows[-1].id
        session.expunge_all()
    head = session.get(ChainHead, name)
    if head is None or head.last_hash != prev or head.length != count:
        return ChainReport(
            name, count, None, "конец цепочки не совпадает с заголовком: записи удалены?"
        )
    return ChainReport(name, count)
