"""Processing of one stored document: fetch its original, recognize it, save the result.

Idempotent by document id. Errors split in two: the document's own (a corrupt page, a
timeout) end it as ``failed`` with a Russian reason; infrastructure errors (database,
object store, missing OCR install) propagate so the task is retried with backoff.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from archive.db import Database
from archive.documents import claim_for_processing, fail_document, finish_document
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
    with db.session() as session:
        finish_document(session, doc_id, card=card, text=result.text, needs_review=needs_review)
    return Outcome(doc_id, "needs_review" if needs_review else "done")


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
