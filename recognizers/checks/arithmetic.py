"""Arithmetic an accountant checks: amount = qty × price, VAT = amount × rate, Σ lines."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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


# Lines split in two halves of up to 2^15 rate choices each (a 1С act prints up to 30 lines).
MAX_PARTITION_ROWS = 30


def assign_rates(amounts: list[Decimal], rate_vats: dict[str, Decimal],
                 inside: bool) -> list[str] | None:
    """The rate of each line when a 1С invoice prints only a VAT total per rate: the one
    assignment whose per-rate VAT sums all match, or None when none or several do."""
    rates = sorted(rate_vats)
    if len(rates) != 2 or not amounts or len(amounts) > MAX_PARTITION_ROWS:
        return None
    vat = vat_inside if inside else vat_on_top
    first = [_kopecks(vat(amount, rates[0])) for amount in amounts]
    second = [_kopecks(vat(amount, rates[1])) for amount in amounts]
    # Lines in a subset take the second rate, the rest the first: the subset's second-rate VAT
    # must make the second total, its first-rate VAT what the first total leaves over.
    want_second = _kopecks(rate_vats[rates[1]])
    want_first = sum(first) - _kopecks(rate_vats[rates[0]])
    tolerance = len(amounts)  # a kopeck of rounding per line
    half = len(amounts) // 2
    left = _subsets(first[:half], second[:half])
    right = sorted((s2, s1, mask << half) for s2, s1, mask in _subsets(first[half:], second[half:]))
    keys = [s2 for s2, _s1, _mask in right]
    found: int | None = None
    full = (1 << len(amounts)) - 1
    for s2, s1, mask in left:
        start = bisect_left(keys, want_second - s2 - tolerance)
        stop = bisect_right(keys, want_second - s2 + tolerance)
        for _r2, r1, rmask in right[start:stop]:
            both = mask | rmask
            if abs(s1 + r1 - want_first) > tolerance or both in (0, full):
                continue
            if found is not None:
                return None
            found = both
    if found is None:
        return None
    return [rates[found >> i & 1] for i in range(len(amounts))]


def _kopecks(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _subsets(first: list[int], second: list[int]) -> list[tuple[int, int, int]]:
    """(second-rate VAT, first-rate VAT, mask) of every subset of these lines."""
    out = [(0, 0, 0)]
    for i, (f, s) in enumerate(zip(first, second, strict=True)):
        out += [(s2 + s, s1 + f, mask | 1 << i) for s2, s1, mask in out]
    return out
