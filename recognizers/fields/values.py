"""Parsing printed values: money, quantities, dates, numbers, with OCR's usual confusions."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
          "октябр", "ноябр", "декабр")
_MONTH_RE = re.compile(r"^(январ|феврал|марта?|апрел|ма[яй]|июн|июл|август|сентябр|октябр|"
                       r"ноябр|декабр)")
# OCR reads digits as look-alike letters inside numbers.
_DIGIT_FIX = str.maketrans({"O": "0", "О": "0", "o": "0", "о": "0", "З": "3", "l": "1",
                            "I": "1", "|": "1", "Б": "6", "S": "5", "B": "8", "В": "8"})
# The decimal comma may come out as ";" ("13 783;13"): its lower half is a comma.
MONEY_RE = re.compile(r"^-?\d+[,.;]\d{2}$")
QTY_RE = re.compile(r"^\d+(?:[,.]\d{1,3})?$")
_DATE_DIGITS = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
# After a month's name the year may carry a speck OCR read as a character: "января 20/24 г.".
# A day with a digit and a speck before it ("от 1.5 мая" for 15 мая) is no day of its own.
# After "«" and the day, a "»" OCR read as a comma or a full stop ("«05, июня 2026 г.").
_DATE_WORDS = re.compile(r"(?<!\d)(?<!\d[.,])(?:«\s*(\d{1,2})\s*[»\",.]?|\"?\s*(\d{1,2})\s*[»\"]?)"
                         r"\s+([а-яё]{3,9})\s+(\d{2}[/|'.,]?\d{2})(?!\d)", re.IGNORECASE)


def digits_fixed(text: str) -> str:
    return text.translate(_DIGIT_FIX)


def parse_money(text: str) -> Decimal | None:
    text = text.replace("\u00a0", "").replace(" ", "")
    if not MONEY_RE.match(text):
        return None
    try:
        return Decimal(text.replace(",", ".").replace(";", "."))
    except InvalidOperation:
        return None


def parse_qty(text: str) -> Decimal | None:
    text = text.replace("\u00a0", "").replace(" ", "")
    if not QTY_RE.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def money_str(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def qty_str(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _month(word: str) -> int | None:
    match = _MONTH_RE.match(word.lower().replace("ё", "е"))
    if not match:
        return None
    stem = match.group(1)
    for index, prefix in enumerate(MONTHS):
        if stem.startswith(prefix) and (prefix != "ма" or stem in ("мая", "май")):
            return index + 1
    return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every date in the text with its position: 05.03.2025, «05» марта 2025, 5 марта 2025."""
    found: list[tuple[int, dt.date]] = []
    for match in _DATE_DIGITS.finditer(text):
        _add(found, match.start(), int(match.group(3)), int(match.group(2)), int(match.group(1)))
    for match in _DATE_WORDS.finditer(text):
        month = _month(match.group(3))
        if month:
            year = re.sub(r"\D", "", match.group(4))
            _add(found, match.start(), int(year), month, int(match.group(1) or match.group(2)))
    return sorted(found, key=lambda item: item[0])


def _add(found: list[tuple[int, dt.date]], pos: int, year: int, month: int, day: int) -> None:
    with contextlib.suppress(ValueError):
        found.append((pos, dt.date(year, month, day)))


def first_date(text: str) -> dt.date | None:
    dates = find_dates(text)
    return dates[0][1] if dates else None
