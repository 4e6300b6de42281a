"""Repairs of one goods row by its own arithmetic: OCR drops short cells (a lone "2" before
"шт", a "20%"), glues a quantity to its unit ("4м"), or misreads one digit; the row's other
cells, bound by qty × price = amount and amount + VAT = total, say what the lost cell held.

A value is filled in or replaced only when the arithmetic pins it down, so a repaired row is
one whose checks hold; nothing here guesses.
"""

from __future__ import annotations

from decimal import Decimal

from recognizers.checks.arithmetic import close, line_amount_ok, line_vat_ok
from recognizers.checks.vat import money, vat_on_top
from recognizers.fields.table import Row
from recognizers.fuzzy import distance

_RATES = ("20", "22", "10", "0", "5", "7")


def qty_from(price: Decimal | None, net: Decimal | None) -> Decimal | None:
    """The quantity that makes qty × price = net: a whole number, or a unique one with three
    decimals when the price is large enough for that to be unlikely by chance."""
    if price is None or net is None or price <= 0 or net <= 0:
        return None
    whole = (net / price).quantize(Decimal(1))
    if whole > 0 and line_amount_ok(whole, price, net):
        return whole
    # Under 1, a fraction is more likely a misplaced column (VAT / amount is the rate).
    if price < 10 or net < price:
        return None
    fine = (net / price).quantize(Decimal("0.001"))
    hits = [q for q in (fine - Decimal("0.001"), fine, fine + Decimal("0.001"))
            if q > 0 and line_amount_ok(q, price, net)]
    return hits[0] if len(hits) == 1 else None


def complete_row(row: Row) -> None:
    """Fill the cells OCR lost from the ones the row's arithmetic ties them to."""
    _commas_lost(row)
    _one_digit_off(row)
    if not row.amount_ok:
        qty = qty_from(row.price, row.net)
        if qty is not None:
            row.qty = qty
    _one_of_a_price_garbled(row)
    if row.net is None and row.qty is not None and row.price is not None:
        row.net = money(row.qty * row.price)
    if row.net is None:
        return
    if row.vat is not None and row.vat > 0 and not line_vat_ok(row.net, row.rate, row.vat):
        # A rate cell lost or misread ("0" beside a VAT of 1 191,85): the rate the row's own
        # VAT and net give, where one does.
        row.rate = next((r for r in _RATES if r != "0" and line_vat_ok(row.net, r, row.vat)),
                        row.rate)
    _gross_one_digit_off(row)
    if row.vat is None and row.gross is not None and row.rate is not None:
        vat = row.gross - row.net
        row.vat = vat if line_vat_ok(row.net, row.rate, vat) else None
    if row.gross is None and row.vat is not None and line_vat_ok(row.net, row.rate, row.vat):
        row.gross = row.net + row.vat
    if row.gross is None and row.vat is None and row.rate is not None:
        row.vat = vat_on_top(row.net, row.rate)
        row.gross = row.net + row.vat
    if row.rate is None and row.gross is not None and row.vat is None:
        rate = next((r for r in _RATES if r != "0"
                     and close(row.net + vat_on_top(row.net, r), row.gross)), None)
        if rate is not None:
            row.rate, row.vat = rate, vat_on_top(row.net, rate)


def _one_of_a_price_garbled(row: Row) -> None:
    """A quantity cell OCR lost beside a price read with a digit or two wrong ("3387527.30"
    for 337 527,37, its net): a price two digit edits from the net, where any quantity but 1
    would put it digits away, is the net itself at a quantity of 1. The net must be confirmed
    by the row's VAT and total."""
    if row.qty is not None or row.price is None or row.net is None or not row.vat_ok:
        return
    price, net = f"{row.price:.2f}".replace(".", ""), f"{row.net:.2f}".replace(".", "")
    if row.price != row.net and abs(len(price) - len(net)) <= 1 and distance(price, net) <= 2:
        row.qty, row.price = Decimal(1), row.net


def _commas_lost(row: Row) -> None:
    """A run of digits is an amount whose comma OCR dropped ("4956800" for 49 568,00) only
    where qty × price or net + VAT says so."""
    for value in row.runs:
        if row.net is None and line_amount_ok(row.qty, row.price, value):
            row.net = value
        elif row.gross is None and row.net is not None and _is_gross(row, value):
            row.gross = value


def _is_gross(row: Row, value: Decimal) -> bool:
    if value == row.net and row.rate in (None, "none", "0"):
        return True
    return row.vat is not None and row.net is not None and value == row.net + row.vat


def _one_digit_off(row: Row) -> None:
    """OCR reads a thousands space as "1" (51577,21 for 5 577,21) or loses a leading group
    (486,92 for 1 648 486,92): the variant qty × price = amount confirms is taken."""
    if row.amount_ok or row.qty is None or row.price is None:
        return
    expected = money(row.qty * row.price)
    if row.net is not None and row.net < expected and _tail_of(expected, row.net):
        if row.gross is not None and row.vat is not None and _tail_of(expected + row.vat,
                                                                       row.gross):
            row.gross = expected + row.vat
        row.net = expected
        return
    if row.net is None:
        return
    for price in without_one_digit(row.price):
        if line_amount_ok(row.qty, price, row.net):
            row.price = price
            return
    # One digit of the price misread ("857,65" for 357,65): the one variant that gives the net
    # to the kopeck, where the row's VAT and total confirm that net.
    if row.vat_ok:
        fits = [p for p in _one_digit_changed(row.price) if line_amount_ok(row.qty, p, row.net)]
        if len(fits) == 1:
            row.price = fits[0]
            return
    # The amount's own thousands space read as "1" ("51221,32" for 5 221,32).
    if expected in without_one_digit(row.net):
        row.net = expected
        return
    # A digit of the price lost ("27.32" for 217,32): the price net / qty gives to the kopeck
    # that is the reading with one digit more. At a quantity of 1 that price is the net,
    # which only the row's VAT and total vouch for.
    if row.qty > 0 and (row.qty != 1 or row.vat_ok):
        whole = money(row.net / row.qty)
        if line_amount_ok(row.qty, whole, row.net) and row.price in without_one_digit(whole):
            row.price = whole


def _tail_of(whole: Decimal, part: Decimal) -> bool:
    return f"{whole:.2f}".endswith(f"{part:.2f}")


def without_one_digit(value: Decimal) -> list[Decimal]:
    digits = f"{value:.2f}".split(".")[0]
    cents = f"{value:.2f}".split(".")[1]
    return [Decimal(f"{digits[:i]}{digits[i + 1:]}.{cents}")
            for i in range(len(digits)) if len(digits) > 1]


def _one_digit_changed(value: Decimal) -> list[Decimal]:
    text = f"{value:.2f}"
    out = []
    for i, ch in enumerate(text):
        if not ch.isdigit():
            continue
        for digit in "0123456789":
            if digit != ch and not (i == 0 and digit == "0"):
                out.append(Decimal(text[:i] + digit + text[i + 1:]))
    return out


def _gross_one_digit_off(row: Row) -> None:
    """The total with VAT read with a thousands space as "1" (11801,20 for 1 801,20) or with
    one digit misread: the variant net + VAT gives, when the VAT itself matches the rate (and,
    for a misread digit, qty × price the net)."""
    if row.gross is None or row.net is None or row.vat is None:
        return
    expected = row.net + row.vat
    if row.gross == expected or not line_vat_ok(row.net, row.rate, row.vat):
        return
    # A digit misread or added, or (the net confirmed by qty × price) its leading groups lost
    # ("218,90" for 10 057 218,90).
    confirmed = row.amount_ok and (one_digit_apart(row.gross, expected)
                                   or (row.gross < expected and _tail_of(expected, row.gross)))
    if confirmed or expected in without_one_digit(row.gross):
        row.gross = expected


def one_digit_apart(read: Decimal, expected: Decimal) -> bool:
    """The same number of digits, one of them different ("1695913,57" for 1 695 943,57)."""
    a, b = f"{read:.2f}", f"{expected:.2f}"
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
