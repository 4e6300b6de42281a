"""Database tables of the archive: documents, audit events, the nomenclature and the journal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class DocumentStatus:
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"
    FINISHED = (DONE, NEEDS_REVIEW, FAILED)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    pages: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    uploaded_by: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), index=True)
    failure_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    failure_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    doc_type: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_document", "document_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("documents.id"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Hash chain (archive.chain): each event seals its content and the previous event's hash.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    row_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ChainHead(Base):
    """The newest link of one hash chain; its row lock serializes appends to the chain."""

    __tablename__ = "chain_heads"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_id: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    length: Mapped[int] = mapped_column(BigInteger, default=0)


class NomenclatureCase(Base):
    """A case (дело) of the номенклатура дел: where registrations go and how long they live."""

    __tablename__ = "nomenclature_cases"

    index: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    # None = хранить постоянно.
    retention_years: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Personnel documents created before 2003 are kept longer (75 instead of 50 years).
    retention_years_before_2003: Mapped[int | None] = mapped_column(Integer, nullable=True)
    retention_label: Mapped[str] = mapped_column(String(128))
    legal_basis: Mapped[str] = mapped_column(String(255))
    # ЭПК: destruction only after the expert commission has looked at the case.
    expert_review: Mapped[bool] = mapped_column(default=False)
    # "case" (from the end of the year the case is closed) or "document" (its own date).
    term_from: Mapped[str] = mapped_column(String(16), default="case")
    doc_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_fallback: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class JournalCounter(Base):
    """The last number given in a case in a year; locked FOR UPDATE to number without gaps."""

    __tablename__ = "journal_counters"

    case_index: Mapped[str] = mapped_column(
        String(16), ForeignKey("nomenclature_cases.index"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class EntryStatus:
    REGISTERED = "registered"
    CANCELLED = "cancelled"
    ALL = (REGISTERED, CANCELLED)


class JournalEntry(Base):
    """A registration in the journal. Never deleted; changed only through annotations.

    The requisites fixed at registration (number, date, document, hash of the original, the
    values as registered, retention) are sealed by the hash chain. The ``current`` columns
    (status and the fields) exist for filtering; ``ecm verify`` replays the annotations over
    the sealed values and flags any current column that differs.
    """

    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("case_index", "year", "seq", name="uq_journal_case_year_seq"),
        Index("ix_journal_reg_date", "reg_date"),
        Index("ix_journal_doc_date", "counterparty_date"),
        Index("ix_journal_case", "case_index", "year", "seq"),
        Index("ix_journal_inn", "counterparty_inn"),
        Index("ix_journal_total", "total"),
        Index("ix_journal_doc_type", "doc_type"),
        Index("ix_journal_destruction", "destruction_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(String(36), ForeignKey("documents.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    case_index: Mapped[str] = mapped_column(String(16), ForeignKey("nomenclature_cases.index"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    reg_number: Mapped[str] = mapped_column(String(40))
    reg_date: Mapped[date] = mapped_column(Date)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    registered_by: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(16))
    registered: Mapped[dict[str, Any]] = mapped_column(JSON)
    retention_label: Mapped[str] = mapped_column(String(128))
    legal_basis: Mapped[str] = mapped_column(String(255))
    expert_review: Mapped[bool] = mapped_column(default=False)
    destruction_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    retain_until: Mapped[date] = mapped_column(Date)
    # Current values (see the class docstring).
    status: Mapped[str] = mapped_column(String(16), index=True)
    doc_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    title: Mapped[str | None] = mapped_column(String(255), nullable=True)
    counterparty_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    counterparty_inn: Mapped[str | None] = mapped_column(String(12), nullable=True)
    counterparty_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    counterparty_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    total: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), nullable=True)
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Search text (recognized text + requisites), normalised; not sealed: it is rebuildable.
    search_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class JournalAnnotation(Base):
    """A mark on a registration: cancelled, restored, corrected fields, a note. Chained."""

    __tablename__ = "journal_annotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
