"""Value normalisation for scoring, exactly as the contracts README says.

Every value becomes a canonical, comparable object before two values are compared: names fold
quotes, spaces and letter case; dates become ``datetime.date``; money and quantities become
``Decimal`` so that "12345.6" equals "12345.60". A value that does not parse as its kind falls
back to its folded text, so two identical unparseable strings still match, while a parsed value
never equals an unparsed one.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

Kind = Literal["name", "date", "money", "number", "text"]

FIELD_KINDS: dict[str, Kind] = {
    "number": "text",
    "date": "date",
    "seller_name": "name",
    "seller_inn": "text",
    "seller_kpp": "text",
    "buyer_name": "name",
    "buyer_inn": "text",
    "buyer_kpp": "text",
    "total": "money",
    "vat": "money",
    "vat_rate": "text",
}

LINE_ITEM_KINDS: dict[str, Kind] = {
    "name": "name",
    "qty": "number",
    "price": "money",
    "amount": "money",
}

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"'})
# Thousands separators a printed amount may carry; the contract forbids them in cards, but the
# truth is hand-typed and an eval should measure reading, not formatting.
_NUMBER_JUNK = str.maketrans({" ": None, "\u00a0": None, "\u202f": None, "\u2009": None})
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")

Canonical = str | date | Decimal


def fold_text(value: str) -> str:
    """Trim and fold runs of whitespace (any Unicode space, including NBSP) into one space."""
    return _SPACES.sub(" ", value).strip()


def as_text(value: object) -> str | None:
    """A raw JSON value as folded text; None and blank strings are both "no value"."""
    if value is None or isinstance(value, bool):
        return None
    text = fold_text(str(value))
    return text or None


def normalize_name(value: str) -> str:
    return fold_text(value.translate(_QUOTES)).casefold()


def parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_decimal(value: str) -> Decimal | None:
    cleaned = value.translate(_NUMBER_JUNK).replace(",", ".").replace("−", "-")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def normalize(kind: Kind, value: object) -> Canonical | None:
    """Canonical form of ``value`` for comparison; None when there is no value at all."""
    text = as_text(value)
    if text is None:
        return None
    if kind == "name":
        return normalize_name(text)
    if kind == "date":
        parsed_date = parse_date(text)
        return parsed_date if parsed_date is not None else text
    if kind in ("money", "number"):
        parsed_number = parse_decimal(text)
        return parsed_number if parsed_number is not None else text
    return text


def same_value(kind: Kind, truth: object, read: object) -> bool:
    """True when both normalise to the same canonical value (two absent values are equal)."""
    return normalize(kind, truth) == normalize(kind, read)


def normalize_field(field: str, value: object) -> Canonical | None:
    return normalize(FIELD_KINDS.get(field, "text"), value)


def normalize_code_type(value: str) -> str:
    """Barcode symbology names differ only in case and punctuation between decoders."""
    return re.sub(r"[^0-9A-Z]", "", value.upper())
