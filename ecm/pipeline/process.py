"""Processing of one stored document: fetch its original, recognize it, save the result.

Idempotent by document id. Errors split in two: the document's own (a corrupt page, a
timeout) end it as ``failed`` with a Russian reason; infrastructure errors (database,
object store, missing OCR install) propagate so the task is retried with backoff.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from archive.db import Database
from archive.documents import claim_for_processing, fail_document, finish_document
from archive.journal import JournalError, Plan, active_entry, extend_retention, plan, record
from archive.objectstore import ObjectStore
from ecm.pipeline.recognize import RecognizeOptions, recognize_document
from recognizers.errors import BadDocument

log = logging.getLogger(__name__)

INTERNAL_ERROR_REASON = (
    "Внутренняя ошибка распознавания; оригинал сохранён, документ можно обработать повторно."
)


@dataclass(frozen=True)
class Outcome:
    document_id: str
    status: str
    reason: str | None = None


def process_document(
    doc_id: str,
    *,
    db: Database,
    store: ObjectStore,
    options: RecognizeOptions,
    review_threshold: float,
    org_inn: str | None = None,
    register: bool = True,
) -> Outcome:
    with db.session() as session:
        doc = claim_for_processing(session, doc_id)
        if doc is None:
            return Outcome(doc_id, "skipped")
        sha256, filename = doc.sha256, doc.filename
    data = store.get_original(sha256)
    try:
        result = recognize_document(data, filename, options)
    except BadDocument as exc:
        return mark_failed(db, doc_id, exc.code, exc.message)
    card = result.card.to_json_dict()
    store.put_derived(f"derived/{sha256}/card.json", _json_bytes(card), "application/json")
    store.put_derived(f"derived/{sha256}/text.txt", result.text.encode(), "text/plain")
    needs_review = _needs_review(card, review_threshold)
    registration = _plan_registration(db, doc_id, card, result.text, org_inn) if register else None
    if registration is not None:
        # Lock the original for its whole term before the journal promises it.
        extend_retention(store, registration, data)
    with db.session() as session:
        # Registration first: it takes the journal locks before the audit chain's (fixed order).
        if registration is not None:
            _record_registration(session, registration)
        finish_document(session, doc_id, card=card, text=result.text, needs_review=needs_review)
    return Outcome(doc_id, "needs_review" if needs_review else "done")


def _plan_registration(
    db: Database, doc_id: str, card: dict[str, object], text: str, org_inn: str | None
) -> Plan | None:
    """Register into the case the nomenclature gives the document's type; fields may be null."""
    with db.session() as session:
        if active_entry(session, doc_id) is not None:
            return None  # registered by hand before recognition finished
        try:
            return plan(session, doc_id, case_index=None, card=card, text=text, org_inn=org_inn)
        except JournalError as exc:
            log.warning("document %s not registered: %s", doc_id, exc)
            return None


def _record_registration(session: Session, registration: Plan) -> None:
    try:
        with session.begin_nested():
            entry = record(session, registration, actor="worker")
        log.info("document %s registered as %s", registration.document_id, entry.reg_number)
    except JournalError as exc:
        log.warning("document %s not registered: %s", registration.document_id, exc)


def mark_failed(db: Database, doc_id: str, code: str, reason: str) -> Outcome:
    with db.session() as session:
        fail_document(session, doc_id, code=code, reason=reason)
    return Outcome(doc_id, "failed", reason)


def _needs_review(card: dict[str, object], threshold: float) -> bool:
    """A person looks at it when the class is unsure or any field read is below threshold."""
    confidence = card.get("confidence")
    if isinstance(confidence, int | float) and confidence < threshold:
        return True
    field_conf = card.get("field_confidence")
    if isinstance(field_conf, dict):
        return any(float(v) < threshold for v in field_conf.values())
    return False


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode()
