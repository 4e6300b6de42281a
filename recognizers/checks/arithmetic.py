"""Arithmetic an accountant checks: amount = qty × price, VAT = amount × rate, Σ lines."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from recognizers.checks.vat import NO_VAT, money, vat_inside, vat_on_top

KOPECK = Decimal("0.01")


def close(a: Decimal | None, b: Decimal | None, tolerance: Decimal = KOPECK) -> bool:
    return a is not None and b is not None and abs(a - b) <= tolerance


def line_amount_ok(qty: Decimal | None, price: Decimal | None, amount: Decimal | None) -> bool:
    if qty is None or price is None or amount is None:
        return False
    return close(money(qty * price), amount)


def line_vat_ok(base: Decimal | None, rate: str | None, vat: Decimal | None,
                inside: bool = False) -> bool:
    """VAT of one line within a kopeck, on top of the net amount or inside the gross one."""
    if base is None or rate is None or vat is None:
        return False
    if rate == NO_VAT:
        return vat == 0
    expected = vat_inside(base, rate) if inside else vat_on_top(base, rate)
    return close(expected, vat)


def sum_ok(parts: Iterable[Decimal | None], total: Decimal | None, per_part: bool = True) -> bool:
    """Σ parts = total, within a kopeck per part (rounding happens line by line)."""
    values = list(parts)
    if total is None or not values or any(v is None for v in values):
        return False
    tolerance = KOPECK * (len(values) if per_part else 1)
    return abs(sum(v for v in values if v is not None) - total) <= tolerance
