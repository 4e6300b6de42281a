"""Field extraction: the card's eleven fields, line items and their checks, from page words.

Entry point ``extract_fields``; the pipeline calls it once per document after classification.
The same code reads a PDF's text layer and OCR words: both arrive as words with boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from recognizers.card import FIELD_LABELS, FIELD_NAMES, CardIssue, Fields, LineItem
from recognizers.checks.issues import date_issues, requisites_issues
from recognizers.classify import Classification, classify
from recognizers.fields import calibrated
from recognizers.fields import confidence as c
from recognizers.fields.evidence import DocSignals, Reading
from recognizers.fields.header import read_header
from recognizers.fields.items import items_and_money
from recognizers.fields.layout import document_lines
from recognizers.fields.other import contract_parties, parties_named
from recognizers.fields.parties import Party, read_parties
from recognizers.fields.resolve import resolve_inn, resolve_kpp, resolve_name
from recognizers.page import Page

PRIMARY = ("upd", "torg12", "vat_invoice", "act", "payment_invoice")


@dataclass
class FieldsResult:
    fields: Fields = field(default_factory=Fields)
    field_confidence: dict[str, float] = field(default_factory=dict)
    line_items: list[LineItem] = field(default_factory=list)
    issues: list[CardIssue] = field(default_factory=list)
    # OCR only: the evidence each field's confidence was calibrated from (bench/calibrate.py).
    readings: dict[str, Reading] = field(default_factory=dict)
    # Fields another reading in the document contradicts (a total against the amount in words,
    # net + VAT ≠ total), and fields the page shows but OCR could not read: never trusted as
    # plain readings (calibrated.py gives them their own kinds).
    disputed: set[str] = field(default_factory=set)
    unread: set[str] = field(default_factory=set)


def extract_fields(pages: Sequence[Page], doc_type: str, upd_status: int | None,
                   classification: Classification | None = None,
                   review_threshold: float = c.REVIEW_THRESHOLD) -> FieldsResult:
    """Read the fields of a classified document from its pages' words (images are gone).

    ``classification`` is the document's (recomputed from the pages when not given): how sure
    it was weighs in every OCR field's confidence. Fields under ``review_threshold`` carry an
    issue saying so."""
    lines = document_lines(pages)
    result = FieldsResult()
    if not lines:
        result.field_confidence = dict.fromkeys(FIELD_NAMES, c.MISSING)
        return result
    text_layer = all(p.text_source == "text_layer" for p in pages if p.words)
    conf = result.field_confidence
    header = read_header(lines, doc_type)
    result.fields.number = header.number
    result.fields.date = header.date.isoformat() if header.date else None
    conf["number"] = _header_conf(header.number, header.number_conf, 0, text_layer)
    conf["date"] = _header_conf(header.date, header.date_conf, header.date_seen, text_layer)
    parties: dict[str, Party] | None = None
    if doc_type in PRIMARY:
        parties = _parties(result, lines, doc_type, text_layer)
        items_and_money(result, lines, doc_type, header.date, text_layer)
    else:
        _other(result, lines, text_layer)
    if not text_layer:
        found = classification or _classify(pages)
        doc = DocSignals.of(pages, found.confidence, found.scores)
        result.readings = calibrated.collect_readings(result, header, parties, doc)
        calibrated.apply(result, result.readings)
    result.issues.extend(requisites_issues(result.fields))
    result.issues.extend(date_issues(header.date))
    for name in FIELD_NAMES:
        conf[name] = c.clamp(conf.get(name, c.MISSING))
    _low_confidence_issues(result, review_threshold)
    return result


def _header_conf(value: object, read_conf: float, seen: int, text_layer: bool) -> float:
    if value is None:
        return c.MISSING
    if text_layer:
        return c.TEXT_LAYER
    return c.CONFIRMED if seen >= 1 else c.ocr_single(read_conf)


def _classify(pages: Sequence[Page]) -> Classification:
    texts = [p.text for p in pages]
    return classify(texts[0] if texts else "", "\n".join(texts[1:]))


def _parties(result: FieldsResult, lines: Sequence, doc_type: str,
             text_layer: bool) -> dict[str, Party]:
    parties = read_parties(lines, doc_type)
    conf = result.field_confidence
    for role, party in parties.items():
        name, conf[f"{role}_name"] = resolve_name(party, text_layer)
        inn, conf[f"{role}_inn"] = resolve_inn(party, text_layer)
        kpp, conf[f"{role}_kpp"] = resolve_kpp(party, inn, text_layer)
        setattr(result.fields, f"{role}_name", name)
        setattr(result.fields, f"{role}_inn", inn)
        setattr(result.fields, f"{role}_kpp", kpp)
    if result.fields.seller_inn is not None and result.fields.seller_inn == result.fields.buyer_inn:
        # One ИНН on both sides is, on a scan, one side's requisites read into the other's
        # row (a merged line): neither side's are trusted.
        result.disputed |= {f"{role}_{what}" for role in ("seller", "buyer")
                            for what in ("inn", "kpp")}
    return parties


def _other(result: FieldsResult, lines: Sequence, text_layer: bool) -> None:
    names = contract_parties(lines)
    if parties_named(lines):
        result.unread |= {f"{role}_name" for role in ("seller", "buyer") if role not in names}
    conf = result.field_confidence
    # On a scan, "other" may be a primary document whose header OCR lost (fresh-corpus photos
    # did this 5 times in 7): its empty fields, party names included, are trusted only on a
    # text layer.
    absent = c.ABSENT_SURE if text_layer else c.ABSENT_UNSURE
    for role in ("seller", "buyer"):
        value = names.get(role)
        setattr(result.fields, f"{role}_name", value)
        conf[f"{role}_name"] = (absent if value is None
                                else c.TEXT_LAYER if text_layer else c.ocr_single(0.9))
    for name in ("seller_inn", "seller_kpp", "buyer_inn", "buyer_kpp", "total", "vat",
                 "vat_rate"):
        conf[name] = absent


def _low_confidence_issues(result: FieldsResult, threshold: float) -> None:
    for name in FIELD_NAMES:
        value = getattr(result.fields, name)
        score = result.field_confidence[name]
        if value is not None and score < threshold:
            result.issues.append(CardIssue(
                code="low_confidence", field=name,
                message=f"Поле «{FIELD_LABELS[name]}» прочитано неуверенно ({score:.2f}): "
                        "проверьте."))
