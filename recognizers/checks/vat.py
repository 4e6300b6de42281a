"""VAT rates by document date (425-ФЗ: general rate 22% from 2026-01-01, 20% before)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RATE_22_FROM = dt.date(2026, 1, 1)
SPECIAL_RATES_FROM = dt.date(2025, 1, 1)
NO_VAT = "none"


def general_rate(date: dt.date) -> str:
    return "22" if date >= RATE_22_FROM else "20"


def rate_valid_on(rate: str, date: dt.date | None) -> bool:
    """Whether a line's rate may appear on a document of that date."""
    if rate in ("10", "0", NO_VAT):
        return True
    if date is None:
        return rate in ("20", "22", "5", "7")
    if rate in ("20", "22"):
        return rate == general_rate(date)
    if rate in ("5", "7"):
        return date >= SPECIAL_RATES_FROM
    return False


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def vat_on_top(net: Decimal, rate: str) -> Decimal:
    if rate == NO_VAT:
        return Decimal("0.00")
    return money(net * Decimal(rate) / 100)


def vat_inside(gross: Decimal, rate: str) -> Decimal:
    if rate == NO_VAT:
        return Decimal("0.00")
    return money(gross * Decimal(rate) / (100 + Decimal(rate)))
