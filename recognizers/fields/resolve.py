"""Choosing one value per field from several readings, with its confidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from recognizers.checks.checksums import inn_valid, kpp_valid
from recognizers.fields import confidence as c
from recognizers.fields.parties import Party, name_key


def _vote(readings: Sequence[tuple[str, float]], key: object = None) -> tuple[str | None, int,
                                                                                 float]:
    """The most frequent reading, how many readings agree with it, and its best confidence."""
    if not readings:
        return None, 0, 0.0
    keyf = name_key if key == "name" else (lambda v: v)
    counts = Counter(keyf(v) for v, _c in readings)
    sure = {k: max(conf for v, conf in readings if keyf(v) == k) for k in counts}
    # Equally many readings each: the one read from surer words.
    best_key = max(counts, key=lambda k: (counts[k], sure[k]))
    agree = counts[best_key]
    best = [(v, conf) for v, conf in readings if keyf(v) == best_key]
    value, conf = max(best, key=lambda item: item[1])
    return value, agree, conf


def resolve_name(party: Party, text_layer: bool) -> tuple[str | None, float]:
    value, agree, conf = _vote(party.names, "name")
    if value is None:
        return None, c.MISSING
    if text_layer:
        return value, c.TEXT_LAYER
    return value, c.CONFIRMED if agree >= 2 else c.ocr_single(conf)


def resolve_inn(party: Party, text_layer: bool) -> tuple[str | None, float]:
    value, agree, conf = _vote(party.inns)
    if value is None:
        return None, c.MISSING
    if not inn_valid(value):
        return value, 0.2
    if text_layer:
        return value, c.CONFIRMED
    if agree >= 2:
        return value, c.CONFIRMED
    # A repaired reading carries half its confidence; only a checksum pass on an unrepaired
    # reading with a sure OCR is trusted.
    return value, c.CHECKSUM if conf >= 0.6 else c.ocr_single(conf)


def resolve_kpp(party: Party, inn: str | None, text_layer: bool) -> tuple[str | None, float]:
    if inn is not None and len(inn) == 12:
        # An ИП has no КПП: a null is the right reading.
        return None, c.ABSENT_SURE if inn_valid(inn) else c.ABSENT_UNSURE
    value, agree, conf = _vote(party.kpps)
    if value is None:
        return None, c.ABSENT_UNSURE if party.kpp_absent else c.MISSING
    if not kpp_valid(value):
        return value, 0.2
    if text_layer:
        return value, c.CONFIRMED
    same_office = inn is not None and value[:2] == inn[:2]
    if agree >= 2 and same_office:
        return value, c.CONFIRMED
    if same_office and value[:4] == (inn or "")[:4] and conf >= 0.8:
        return value, 0.92
    return value, c.ocr_single(conf)
