"""Registration and field corrections as whole operations over the journal and the store."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy.orm import Session

from archive.chain import ANNOTATIONS, lock_head
from archive.db import Database
from archive.documents import lock_document, record_event
from archive.journal import (
    AlreadyRegistered,
    DocumentMissing,
    JournalError,
    active_entry,
    annotate,
    entry_view,
    extend_retention,
    plan,
    record,
    requisites_from_card,
    search_text,
)
from archive.models import Document, JournalEntry
from archive.objectstore import ObjectStore
from archive.search_index import index_entry
from archive.textsearch import normalize
from recognizers.card import FIELD_NAMES
from recognizers.checks.checksums import inn_valid

_PATTERNS = {
    "date": (r"\d{4}-\d{2}-\d{2}", "дата в формате ГГГГ-ММ-ДД"),
    "seller_inn": (r"\d{10}|\d{12}", "ИНН из 10 или 12 цифр"),
    "buyer_inn": (r"\d{10}|\d{12}", "ИНН из 10 или 12 цифр"),
    "seller_kpp": (r"\d{4}[0-9A-Z]{2}\d{3}", "КПП из 9 знаков"),
    "buyer_kpp": (r"\d{4}[0-9A-Z]{2}\d{3}", "КПП из 9 знаков"),
    "total": (r"-?\d+\.\d{2}", "сумма вида 1234.50"),
    "vat": (r"-?\d+\.\d{2}", "сумма вида 1234.50"),
    "vat_rate": (r"22|20|10|7|5|0|none|mixed", "ставка: 22, 20, 10, 7, 5, 0, none, mixed"),
}


def register_document(
    db: Database,
    store: ObjectStore,
    doc_id: str,
    *,
    actor: str,
    case_index: str | None = None,
    org_inn: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Register a stored document (manually or by its type) and lock its original for the term."""
    with db.session() as session:
        existing = active_entry(session, doc_id)
        if existing is not None:
            # Checked again under lock in record(); this spares a needless store round trip.
            raise AlreadyRegistered(
                f"Документ уже зарегистрирован под номером {existing.reg_number}"
            )
        plan_ = plan(session, doc_id, case_index=case_index, org_inn=org_inn, today=today)
    extend_retention(store, plan_)
    with db.session() as session:
        entry = record(session, plan_, actor=actor)
        return entry_view(entry)


def _check_value(name: str, value: Any) -> Any:
    if name not in FIELD_NAMES:
        raise JournalError(f"Неизвестное поле «{name}»: допустимы {', '.join(FIELD_NAMES)}")
    if value is None:
        return None
    if not isinstance(value, str):
        raise JournalError(f"Поле «{name}»: ожидается строка или null")
    value = value.strip()
    pattern = _PATTERNS.get(name)
    if pattern and not re.fullmatch(pattern[0], value):
        raise JournalError(f"Поле «{name}»: некорректное значение {value!r} ({pattern[1]})")
    if name.endswith("_inn") and not inn_valid(value):
        raise JournalError(f"Поле «{name}»: ИНН {value} не проходит проверку контрольных цифр")
    if name == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise JournalError(f"Поле «date»: несуществующая дата {value!r}") from exc
    return value[:255]


def correct_fields(
    session: Session,
    doc_id: str,
    changes: dict[str, Any],
    *,
    actor: str,
    org_inn: str | None = None,
) -> dict[str, Any]:
    """Correct card fields: an audit record per field (old → new) and, if the document is
    registered, a "corrected" annotation that carries the new values into the journal."""
    if not changes:
        raise JournalError("Не передано ни одного поля для исправления")
    checked = {name: _check_value(name, value) for name, value in changes.items()}
    doc = lock_document(session, doc_id)
    if doc is None:
        raise DocumentMissing(f"Документ {doc_id} не найден")
    if not doc.card:
        raise JournalError("У документа ещё нет карточки: он не распознан")
    entry = active_entry(session, doc_id)
    if entry is not None:
        # Chain locks are always taken journal → annotations → audit: the annotation head
        # is taken before the audit records below, as annotate() itself does.
        lock_head(session, ANNOTATIONS)
    card = dict(doc.card)
    fields = dict(card.get("fields") or {})
    changed = {}
    for name, new in checked.items():
        old = fields.get(name)
        if old == new:
            continue
        fields[name] = new
        changed[name] = (old, new)
        record_event(
            session, doc_id, actor, "field_corrected", {"field": name, "old": old, "new": new}
        )
    card["fields"] = fields
    doc.card = card
    if entry is not None and changed:
        _carry_into_journal(session, entry, doc, card, actor, org_inn)
    return {"document_id": doc_id, "changed": {k: list(v) for k, v in changed.items()}}


def _carry_into_journal(
    session: Session,
    entry: JournalEntry,
    doc: Document,
    card: dict[str, Any],
    actor: str,
    org_inn: str | None,
) -> None:
    fresh = requisites_from_card(card, filename=doc.filename, pages=doc.pages, org_inn=org_inn)
    diff = {}
    for column in (
        "counterparty_name",
        "counterparty_inn",
        "counterparty_number",
        "counterparty_date",
        "total",
    ):
        old, new = getattr(entry, column), fresh[column]
        if old != new:
            diff[column] = (old, new)
    if not diff:
        return
    annotate(session, entry, kind="corrected", actor=actor, changes=diff)
    entry.search_text = normalize(entry.reg_number + "\n" + search_text(fresh, doc.text))
    session.flush()
    index_entry(session, entry)
