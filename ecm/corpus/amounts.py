"""Money arithmetic, VAT by date and sums in words, all in ``Decimal``."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

CENT = Decimal("0.01")
NO_VAT = "none"


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def general_rate(date: dt.date) -> str:
    """General VAT rate on a date: 20% through 2025, 22% from 2026-01-01 (425-ФЗ)."""
    return "22" if date >= dt.date(2026, 1, 1) else "20"


def vat_on_top(net: Decimal, rate: str) -> Decimal:
    if rate == NO_VAT:
        return Decimal("0.00")
    return money(net * Decimal(rate) / 100)


def vat_inside(gross: Decimal, rate: str) -> Decimal:
    """VAT contained in a price that already includes it (rate/(100+rate))."""
    if rate == NO_VAT:
        return Decimal("0.00")
    return money(gross * Decimal(rate) / (100 + Decimal(rate)))


def truth_money(value: Decimal) -> str:
    return f"{money(value):.2f}"


def truth_qty(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_money(value: Decimal, sep: str = "\u00a0", point: str = ",") -> str:
    """'12 345,60' as 1С prints it; ``sep`` '' gives '12345,60' (forms often print that)."""
    text = f"{money(value):,.2f}"
    return text.replace(",", "\x00").replace(".", point).replace("\x00", sep)


def fmt_qty(value: Decimal, decimals: int | None = None) -> str:
    if decimals is not None:
        return f"{value:.{decimals}f}".replace(".", ",")
    return truth_qty(value).replace(".", ",")


def _plural(n: int, forms: tuple[str, str, str]) -> str:
    if n % 100 in range(11, 20):
        return forms[2]
    if n % 10 == 1:
        return forms[0]
    if n % 10 in (2, 3, 4):
        return forms[1]
    return forms[2]


def rub_words(value: Decimal, capitalize: bool = True) -> str:
    """'Двенадцать тысяч триста рублей 50 копеек' — the form 1С prints under totals."""
    value = money(value)
    rubles = int(value)
    kop = int((value - rubles) * 100)
    words = num2words(rubles, lang="ru") if rubles else "ноль"
    text = (f"{words} {_plural(rubles, ('рубль', 'рубля', 'рублей'))} "
            f"{kop:02d} {_plural(kop, ('копейка', 'копейки', 'копеек'))}")
    return text[0].upper() + text[1:] if capitalize else text


def count_words(n: int) -> str:
    return num2words(n, lang="ru")
