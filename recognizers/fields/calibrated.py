"""OCR field confidences from calibration: each field's reading is described by its evidence
and given the calibrated probability of being right (a text layer keeps its own confidences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recognizers.checks.checksums import inn_valid
from recognizers.fields import evidence as ev
from recognizers.fields.calibration import confidence
from recognizers.fields.header import Header
from recognizers.fields.parties import Party

if TYPE_CHECKING:
    from recognizers.fields import FieldsResult

PARTY_FIELDS = ("name", "inn", "kpp")


def collect_readings(result: FieldsResult, header: Header, parties: dict[str, Party] | None,
                     doc: ev.DocSignals) -> dict[str, ev.Reading]:
    """One reading per card field. ``parties`` is None for a document of no primary class,
    whose empty fields are right only if the class is."""
    fields, prior = result.fields, result.field_confidence
    out: dict[str, ev.Reading] = {}
    prefix = "other_" if parties is None else ""
    year = header.date.year if header.date is not None else None
    out["number"] = (ev.number_reading(fields.number, header.number_conf, doc,
                                       prefix + "number", year)
                     if fields.number is not None else ev.absent("missing", doc))
    out["date"] = (ev.date_reading(header.date, header.date_conf, header.date_seen, doc,
                                   prefix + "date")
                   if header.date is not None else ev.absent("missing", doc))
    for role in ("seller", "buyer"):
        party = (parties or {}).get(role, Party())
        for what in PARTY_FIELDS:
            name = f"{role}_{what}"
            out[name] = _party_reading(what, getattr(fields, name), party,
                                       getattr(fields, f"{role}_inn"), parties is None, doc)
    for name in ("total", "vat"):
        value = getattr(fields, name)
        out[name] = (ev.money_reading(value, prior.get(name, 0.0), doc) if value is not None
                     else _null(parties is None, doc))
    for name in result.disputed:
        # Contradicted by another reading: a kind of its own, untrusted until calibrated.
        out[name].kind = "disputed"
    for name in result.unread:
        out[name] = ev.absent("missing", doc)
    out["vat_rate"] = (ev.rate_reading(fields.vat_rate, prior.get("vat_rate", 0.0), doc)
                       if fields.vat_rate is not None else _null(parties is None, doc))
    return out


def _null(other_class: bool, doc: ev.DocSignals) -> ev.Reading:
    return ev.absent("other_absent" if other_class else "missing", doc)


def _party_reading(what: str, value: str | None, party: Party, inn: str | None,
                   other_class: bool, doc: ev.DocSignals) -> ev.Reading:
    if value is None:
        if what == "kpp" and inn is not None and len(inn) == 12:
            # An ИП has no КПП: the null is as right as the 12-digit ИНН that says so, and as
            # sure as the words that ИНН was read from.
            inn_words = ev.word_signals([inn], doc)["wmin"]
            return ev.absent("kpp_absent", doc, inn_words, float(inn_valid(inn)))
        return _null(other_class, doc)
    if what == "name":
        return ev.name_reading(value, party, doc)
    if what == "inn":
        return ev.inn_reading(value, party, doc)
    return ev.kpp_reading(value, inn, party, doc)


def apply(result: FieldsResult, readings: dict[str, ev.Reading]) -> None:
    for name, reading in readings.items():
        result.field_confidence[name] = confidence(reading)
