"""The registration journal: numbers ``<case>/<n>`` without gaps, annotations, retention.

Registration runs in two steps. ``plan`` reads the document and its case and works out the
retention term; the caller then extends the original's lock in the object store (a longer
lock is harmless if the registration fails afterwards, a journal promising more than the
store holds is not). ``record`` writes the registration in one transaction, taking locks in
one fixed order: document row → (case, year) counter → journal chain → audit chain.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from archive.chain import ANNOTATIONS, JOURNAL, append, plain
from archive.documents import record_event
from archive.models import (
    Document,
    EntryStatus,
    JournalAnnotation,
    JournalCounter,
    JournalEntry,
    utcnow,
)
from archive.nomenclature import CaseSpec, case_for_doc_type, get_case, to_spec
from archive.objectstore import ObjectStore
from archive.retention import Term, compute_term
from archive.search_index import index_entry
from archive.textsearch import normalize

REQUISITES = (
    "doc_type",
    "title",
    "counterparty_name",
    "counterparty_inn",
    "counterparty_number",
    "counterparty_date",
    "total",
    "pages",
)
ANNOTATION_KINDS = ("cancelled", "restored", "note", "corrected")


class JournalError(ValueError):
    """A registration request that cannot be carried out; the message is for the user."""


class DocumentMissing(JournalError):
    pass


class AlreadyRegistered(JournalError):
    pass


class NotRegistered(JournalError):
    pass


@dataclass(frozen=True)
class Plan:
    document_id: str
    sha256: str
    content_type: str
    case: CaseSpec
    reg_date: dt.date
    term: Term
    source: str
    requisites: dict[str, Any]
    search_text: str


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _parse_money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        money = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
    return money if money.is_finite() and abs(money) < Decimal("1e16") else None


def requisites_from_card(
    card: dict[str, Any] | None, *, filename: str, pages: int | None, org_inn: str | None
) -> dict[str, Any]:
    """Journal requisites from a card; the counterparty is the side that is not us."""
    card = card or {}
    fields = card.get("fields") or {}
    side = "seller"
    if org_inn and fields.get("seller_inn") == org_inn:
        side = "buyer"
    inn = fields.get(f"{side}_inn")
    return {
        "doc_type": card.get("doc_type"),
        "title": filename[:255],
        "counterparty_name": (fields.get(f"{side}_name") or None),
        "counterparty_inn": inn
        if isinstance(inn, str) and re.fullmatch(r"\d{10}|\d{12}", inn)
        else None,
        "counterparty_number": (str(fields["number"])[:64] if fields.get("number") else None),
        "counterparty_date": _parse_date(fields.get("date")),
        "total": _parse_money(fields.get("total")),
        "pages": card.get("pages") or pages,
    }


def _source(content_type: str, card: dict[str, Any] | None) -> str:
    if "xml" in content_type:
        return "edo"
    if (card or {}).get("text_source") in ("ocr", "mixed") or content_type.startswith("image/"):
        return "scan"
    return "upload"


def search_text(requisites: dict[str, Any], text: str | None, reg_number: str = "") -> str:
    parts = [
        reg_number,
        requisites.get("counterparty_name") or "",
        requisites.get("counterparty_number") or "",
        requisites.get("title") or "",
        text or "",
    ]
    return normalize("\n".join(p for p in parts if p))


def plan(
    session: Session,
    doc_id: str,
    *,
    case_index: str | None,
    card: dict[str, Any] | None = None,
    text: str | None = None,
    org_inn: str | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Everything a registration needs, read without locks; ``card`` overrides the stored one."""
    doc = session.get(Document, doc_id)
    if doc is None:
        raise DocumentMissing(f"Документ {doc_id} не найден")
    card = card if card is not None else doc.card
    requisites = requisites_from_card(card, filename=doc.filename, pages=doc.pages, org_inn=org_inn)
    if case_index:
        case = to_spec(get_case(session, case_index))
    else:
        case = to_spec(case_for_doc_type(session, requisites["doc_type"]))
    reg_date = today or dt.date.today()
    return Plan(
        document_id=doc.id,
        sha256=doc.sha256,
        content_type=doc.content_type,
        case=case,
        reg_date=reg_date,
        term=compute_term(case, reg_date, requisites["counterparty_date"]),
        source=_source(doc.content_type, card),
        requisites=requisites,
        search_text=search_text(requisites, text if text is not None else doc.text),
    )


def extend_retention(store: ObjectStore, plan_: Plan, data: bytes | None = None) -> None:
    """Lock the original until the end of its term (stores only ever extend a lock)."""
    payload = data if data is not None else store.get_original(plan_.sha256)
    store.put_original(
        payload,
        sha256=plan_.sha256,
        content_type=plan_.content_type,
        retain_until=plan_.term.retain_until,
    )


def active_entry(session: Session, doc_id: str) -> JournalEntry | None:
    return session.scalars(
        select(JournalEntry)
        .where(JournalEntry.document_id == doc_id, JournalEntry.status == EntryStatus.REGISTERED)
        .order_by(JournalEntry.id.desc())
        .limit(1)
    ).first()


def _next_number(session: Session, case_index: str, year: int) -> int:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            pg_insert(JournalCounter)
            .values(case_index=case_index, year=year, last_number=0)
            .on_conflict_do_nothing()
        )
    counter = session.scalars(
        select(JournalCounter)
        .where(JournalCounter.case_index == case_index, JournalCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if counter is None:  # SQLite: the writer lock is ours already (BEGIN IMMEDIATE)
        counter = JournalCounter(case_index=case_index, year=year, last_number=0)
        session.add(counter)
    counter.last_number += 1
    session.flush()
    return counter.last_number


def record(session: Session, plan_: Plan, *, actor: str) -> JournalEntry:
    """Write the registration; AlreadyRegistered if the document has an active one."""
    session.scalars(
        select(Document.id).where(Document.id == plan_.document_id).with_for_update(key_share=True)
    ).one()
    existing = active_entry(session, plan_.document_id)
    if existing is not None:
        raise AlreadyRegistered(
            f"Документ уже зарегистрирован под номером {existing.reg_number} "
            f"от {existing.reg_date:%d.%m.%Y}"
        )
    year = plan_.reg_date.year
    seq = _next_number(session, plan_.case.index, year)
    reg_number = f"{plan_.case.index}/{seq}"
    req = plan_.requisites
    entry = JournalEntry(
        document_id=plan_.document_id,
        sha256=plan_.sha256,
        case_index=plan_.case.index,
        year=year,
        seq=seq,
        reg_number=reg_number,
        reg_date=plan_.reg_date,
        registered_at=utcnow(),
        registered_by=actor[:128],
        source=plan_.source,
        registered=plain(req),
        retention_label=plan_.case.retention_label,
        legal_basis=plan_.case.legal_basis,
        expert_review=plan_.case.expert_review,
        destruction_date=plan_.term.destruction_date,
        retain_until=plan_.term.retain_until,
        status=EntryStatus.REGISTERED,
        search_text=normalize(reg_number + "\n" + plan_.search_text),
        **req,
    )
    append(session, JOURNAL, entry)
    index_entry(session, entry)
    record_event(
        session,
        plan_.document_id,
        actor,
        "registered",
        {"reg_number": reg_number, "year": year, "case_index": plan_.case.index},
    )
    return entry


def annotate(
    session: Session,
    entry: JournalEntry,
    *,
    kind: str,
    actor: str,
    text: str | None = None,
    changes: dict[str, Any] | None = None,
) -> JournalAnnotation:
    """Mark a registration; the only way its status or fields ever change."""
    if kind not in ANNOTATION_KINDS:
        raise JournalError(f"Неизвестный вид отметки «{kind}»: {', '.join(ANNOTATION_KINDS)}")
    if kind == "cancelled" and entry.status == EntryStatus.CANCELLED:
        raise JournalError(f"Регистрация {entry.reg_number} уже аннулирована")
    if kind == "restored" and entry.status != EntryStatus.CANCELLED:
        raise JournalError(f"Регистрация {entry.reg_number} не аннулирована")
    if kind == "restored" and active_entry(session, entry.document_id) is not None:
        raise AlreadyRegistered("У документа уже есть действующая регистрация")
    if kind in ("cancelled", "note") and not (text or "").strip():
        raise JournalError("Укажите причину (text)")
    note = JournalAnnotation(
        entry_id=entry.id,
        at=utcnow(),
        actor=actor[:128],
        kind=kind,
        text=text,
        changes=plain(changes) if changes else None,
    )
    append(session, ANNOTATIONS, note)
    apply_annotation(entry, kind, note.changes)
    record_event(
        session,
        entry.document_id,
        actor,
        f"journal_{kind}",
        {"reg_number": entry.reg_number, "year": entry.year, "text": text},
    )
    return note


def apply_annotation(entry: JournalEntry, kind: str, changes: dict[str, Any] | None) -> None:
    """The effect of one annotation on the current columns (also replayed by ``verify``)."""
    if kind == "cancelled":
        entry.status = EntryStatus.CANCELLED
    elif kind == "restored":
        entry.status = EntryStatus.REGISTERED
    elif kind == "corrected":
        for column, (_old, new) in (changes or {}).items():
            if column == "counterparty_date":
                new = _parse_date(new)
            elif column == "total":
                new = _parse_money(new)
            setattr(entry, column, new)


def entry_view(entry: JournalEntry) -> dict[str, Any]:
    view = {
        key: plain(getattr(entry, key))
        for key in (
            "id",
            "reg_number",
            "year",
            "case_index",
            "seq",
            "reg_date",
            "registered_at",
            "registered_by",
            "source",
            "status",
            "document_id",
            "sha256",
            "retention_label",
            "legal_basis",
            "destruction_date",
            "retain_until",
            *REQUISITES,
        )
    }
    view["expert_review"] = bool(entry.expert_review)
    return view
