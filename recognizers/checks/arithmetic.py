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


def sum_ok(parts: Iterable[Decimal | None], total: Decimal | None, per_part: bool = True,
           exact: bool = False) -> bool:
    """Σ parts = total, within a kopeck per part (rounding happens line by line), or to the
    kopeck (``exact``: printed amounts that the total adds up)."""
    values = list(parts)
    if total is None or not values or any(v is None for v in values):
        return False
    tolerance = Decimal(0) if exact else KOPECK * (len(values) if per_part else 1)
    return abs(sum(v for v in values if v is not None) - total) <= tolerance


MAX_PARTITION_ROWS = 16


def assign_rates(amounts: list[Decimal], rate_vats: dict[str, Decimal],
                 inside: bool) -> list[str] | None:
    """The rate of each line when a 1С invoice prints only a VAT total per rate: the one
    assignment whose per-rate VAT sums all match, or None when none or several do."""
    rates = sorted(rate_vats)
    if len(rates) != 2 or not amounts or len(amounts) > MAX_PARTITION_ROWS:
        return None
    vat = vat_inside if inside else vat_on_top
    per_rate = {r: [vat(amount, r) for amount in amounts] for r in rates}
    first_total = sum(per_rate[rates[0]], Decimal("0.00"))
    tolerance = KOPECK * len(amounts)
    found: list[str] | None = None
    for mask in range(1, 2 ** len(amounts) - 1):
        # Lines in the mask take the second rate; the rest keep the first.
        chosen = [rates[mask >> i & 1] for i in range(len(amounts))]
        second = sum((per_rate[rates[1]][i] for i in range(len(amounts)) if mask >> i & 1),
                     Decimal("0.00"))
        first = first_total - sum((per_rate[rates[0]][i] for i in range(len(amounts))
                                   if mask >> i & 1), Decimal("0.00"))
        if abs(first - rate_vats[rates[0]]) <= tolerance \
                and abs(second - rate_vats[rates[1]]) <= tolerance:
            if found is not None:
                return None
            found = chosen
    return found
