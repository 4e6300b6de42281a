"""Scoring of one recognized document against its truth line; pure, no I/O.

``score_document`` takes the truth object (one line of ``truth.jsonl``) and the card as its JSON
dict (``Card.to_json_dict()``), or None when recognition failed: a failed document is scored as
an empty card, so failures lower the scores instead of silently leaving the denominator
(its fields are misses, except where the truth is null too: those count as correct, as they
would for any card that read nothing).
``aggregate`` (re-exported from ``ecm.evaluation.aggregate``) sums scores into a report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ecm.evaluation.aggregate import aggregate
from ecm.evaluation.marks import PlacedBox, make_rescaler, match_boxes, match_codes, page_sizes
from ecm.evaluation.models import FAILED_LABEL, Box, DocScore, FieldResult, MarkCounts, Outcome
from ecm.evaluation.normalize import (
    LINE_ITEM_KINDS,
    as_text,
    normalize,
    normalize_field,
    normalize_name,
)
from recognizers.card import FIELD_NAMES

__all__ = ["aggregate", "classification_label", "line_items_matched", "score_document"]

MarkKind = Literal["stamp", "signature"]
MARK_KINDS: tuple[tuple[str, MarkKind], ...] = (("stamps", "stamp"), ("signatures", "signature"))


def classification_label(doc_type: object, upd_status: object) -> str:
    """The confusion-matrix label: the doc type, with the status appended for УПД."""
    if doc_type == "upd":
        return f"upd/{upd_status if upd_status in (1, 2) else '?'}"
    return str(doc_type)


def _class_confidence(card: Mapping[str, Any]) -> float | None:
    confidence = card.get("confidence")
    return float(confidence) if isinstance(confidence, int | float) else None


def _class_sure(card: Mapping[str, Any], threshold: float) -> bool:
    confidence = _class_confidence(card)
    return confidence is None or confidence >= threshold


def score_document(
    truth: Mapping[str, Any],
    card: Mapping[str, Any] | None,
    threshold: float,
    *,
    seconds: float | None = None,
    error: str | None = None,
) -> DocScore:
    failed = card is None
    read: Mapping[str, Any] = card or {}
    truth_label = classification_label(truth.get("doc_type"), truth.get("upd_status"))
    read_label = (
        FAILED_LABEL
        if failed
        else classification_label(read.get("doc_type"), read.get("upd_status"))
    )
    fields = score_fields(truth.get("fields") or {}, read, threshold)
    doc = DocScore(
        file=str(truth.get("file", "")),
        profile=str(truth.get("profile", "")),
        failed=failed,
        error=error,
        truth_label=truth_label,
        read_label=read_label,
        read_confidence=_class_confidence(read),
        class_correct=truth_label == read_label,
        fields=fields,
        # As the pipeline decides (ecm/pipeline/process.py): an unsure class goes to review too.
        all_confident=not failed and _class_sure(read, threshold)
        and all(result.confident for result in fields.values()),
        pages=_pages(truth, read),
        seconds=None if failed else seconds,
    )
    _score_marks(doc, truth.get("marks"), read.get("marks") or {}, truth, read)
    _score_line_items(doc, truth.get("line_items"), read.get("line_items") or [])
    doc.badness = badness(doc)
    return doc


def field_outcome(field: str, truth_value: object, read_value: object) -> Outcome:
    expected = normalize_field(field, truth_value)
    got = normalize_field(field, read_value)
    if expected is None:
        return "correct" if got is None else "false_value"
    if got is None:
        return "miss"
    return "correct" if expected == got else "wrong"


def score_fields(
    truth_fields: Mapping[str, Any], card: Mapping[str, Any], threshold: float
) -> dict[str, FieldResult]:
    """One result per contract field; a confidence missing from the card counts as not confident.

    Not confident is the safe reading: the card did not claim the field, so a reviewer sees it.
    """
    read_fields = card.get("fields") or {}
    confidences = card.get("field_confidence") or {}
    results: dict[str, FieldResult] = {}
    for name in FIELD_NAMES:
        truth_value, read_value = truth_fields.get(name), read_fields.get(name)
        confidence = confidences.get(name)
        results[name] = FieldResult(
            truth=as_text(truth_value),
            read=as_text(read_value),
            outcome=field_outcome(name, truth_value, read_value),
            confidence=confidence,
            confident=confidence is not None and confidence >= threshold,
        )
    return results


def _pages(truth: Mapping[str, Any], card: Mapping[str, Any]) -> int | None:
    if card.get("pages"):
        return int(card["pages"])
    truth_pages = truth.get("pages")
    return len(truth_pages) if truth_pages else None


def _score_marks(
    doc: DocScore,
    truth_marks: Mapping[str, Any] | None,
    read_marks: Mapping[str, Any],
    truth: Mapping[str, Any],
    card: Mapping[str, Any],
) -> None:
    """Stamps, signatures (with roles) and codes; a kind absent from the truth is not scored."""
    rescaler = make_rescaler(page_sizes(truth.get("pages")), page_sizes(card.get("page_sizes")))
    doc.page_sizes = rescaler.reference
    if truth_marks is None:
        return
    for key, kind in MARK_KINDS:
        truth_items = truth_marks.get(key)
        if truth_items is None:
            continue
        read_items = read_marks.get(key) or []
        truth_boxes = [PlacedBox(int(m["page"]), _bbox(m["bbox"])) for m in truth_items]
        read_boxes = [rescaler.apply(int(m["page"]), m["bbox"]) for m in read_items]
        pairs = match_boxes(truth_boxes, read_boxes)
        counts = MarkCounts(
            tp=len(pairs), fp=len(read_boxes) - len(pairs), fn=len(truth_boxes) - len(pairs)
        )
        setattr(doc, key, counts)
        doc.boxes.extend(_draw_boxes(kind, truth_boxes, read_boxes, pairs))
        if key == "signatures":
            _score_roles(doc, truth_items, read_items, pairs)
    if rescaler.unscaled_pages:
        pages = ", ".join(str(p) for p in sorted(rescaler.unscaled_pages))
        doc.notes.append(f"no page size on both sides for page(s) {pages}: boxes compared unscaled")
    if truth_marks.get("codes") is not None:
        decoded, extra = match_codes(truth_marks["codes"], read_marks.get("codes") or [])
        doc.codes_truth, doc.codes_decoded, doc.codes_extra = (
            len(truth_marks["codes"]),
            decoded,
            extra,
        )


def _bbox(values: Sequence[float]) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in values[:4])
    return x, y, w, h


def _draw_boxes(
    kind: MarkKind,
    truth_boxes: Sequence[PlacedBox],
    read_boxes: Sequence[PlacedBox],
    pairs: Sequence[tuple[int, int]],
) -> list[Box]:
    matched_truth = {ti for ti, _ in pairs}
    matched_read = {ri for _, ri in pairs}
    boxes = [
        Box(page=b.page, kind=kind, source="truth", bbox=list(b.bbox), matched=i in matched_truth)
        for i, b in enumerate(truth_boxes)
    ]
    boxes += [
        Box(page=b.page, kind=kind, source="card", bbox=list(b.bbox), matched=i in matched_read)
        for i, b in enumerate(read_boxes)
    ]
    return boxes


def _score_roles(
    doc: DocScore,
    truth_items: Sequence[Mapping[str, Any]],
    read_items: Sequence[Mapping[str, Any]],
    pairs: Sequence[tuple[int, int]],
) -> None:
    """Role accuracy over detected signatures whose truth names a role.

    Undetected signatures are not role errors: recall already counts them.
    """
    for ti, ri in pairs:
        truth_role = as_text(truth_items[ti].get("role"))
        if truth_role is None:
            continue
        read_role = as_text(read_items[ri].get("role"))
        doc.roles_scored += 1
        if read_role is not None and normalize_name(read_role) == normalize_name(truth_role):
            doc.roles_correct += 1


def _row_key(row: Mapping[str, Any]) -> tuple[object, ...]:
    return tuple(normalize(kind, row.get(column)) for column, kind in LINE_ITEM_KINDS.items())


def line_items_matched(
    truth_rows: Sequence[Mapping[str, Any]], read_rows: Sequence[Mapping[str, Any]]
) -> int:
    """Truth rows matched exactly (name, qty, price, amount), aligned in order.

    Alignment is the longest common subsequence of rows: order is kept, but one missed or extra
    row does not shift and spoil all the rows after it, as a strict row-by-row zip would.
    """
    truth_keys = [_row_key(row) for row in truth_rows]
    read_keys = [_row_key(row) for row in read_rows]
    previous = [0] * (len(read_keys) + 1)
    for truth_key in truth_keys:
        current = [0]
        for j, read_key in enumerate(read_keys):
            if truth_key == read_key:
                current.append(previous[j] + 1)
            else:
                current.append(max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _score_line_items(
    doc: DocScore,
    truth_rows: Sequence[Mapping[str, Any]] | None,
    read_rows: Sequence[Mapping[str, Any]],
) -> None:
    if truth_rows is None:
        return
    doc.line_rows_truth = len(truth_rows)
    doc.line_rows_read = len(read_rows)
    doc.line_rows_matched = line_items_matched(truth_rows, read_rows)


_FIELD_WEIGHTS: dict[str, float] = {"false_value": 3.0, "wrong": 2.0, "miss": 1.0, "correct": 0.0}


def badness(doc: DocScore) -> float:
    """How bad a document went, to pick the worst cases for the report.

    Failures first; then what costs an accountant most: a wrong class, values invented or wrong
    (more so when confident, since nobody will review them), then misses, marks and rows.
    """
    if doc.failed:
        return 1000.0
    score = 0.0 if doc.class_correct else 10.0
    for result in doc.fields.values():
        score += _FIELD_WEIGHTS[result.outcome]
        if result.confident and result.outcome != "correct":
            score += 2.0
    for counts in (doc.stamps, doc.signatures):
        if counts is not None:
            score += counts.fp + counts.fn
    score += doc.roles_scored - doc.roles_correct
    if doc.codes_truth is not None:
        score += doc.codes_truth - doc.codes_decoded + doc.codes_extra
    if doc.line_rows_truth:
        score += 5.0 * (1 - doc.line_rows_matched / doc.line_rows_truth)
    return score
