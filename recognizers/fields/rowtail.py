"""A goods row's amounts when OCR shifted them out of their columns (ПП 1137 and ТОРГ-12 order:
price, net, [rate], VAT or "без НДС", total).

Reading the amounts left to right puts every value one column off when OCR garbled or lost one
cell ("3 55252" for a price, "3537/3" for a net, "1157" for a VAT that lost its comma). The row's
own arithmetic says which reading is right: net + VAT = total, the VAT at a rate, qty × price =
net. Each way the read amounts could sit in the columns is tried, and one is taken only where
that arithmetic holds, so a repaired row is one whose checks pass; nothing here guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from recognizers.checks.arithmetic import KOPECK, line_amount_ok, line_vat_ok
from recognizers.checks.vat import money
from recognizers.fields.values import digits_fixed, parse_money, parse_qty

if TYPE_CHECKING:
    from recognizers.fields.table import Row

RATES = ("20", "22", "10", "0", "5", "7", "18")
_RATE = re.compile(r"^(\d{1,2})%?$")
_RUN = re.compile(r"^\d{3,}$")  # an amount whose comma OCR dropped ("1157" for 11,57)
_QTY3 = re.compile(r"^\d+,\d{3}$")  # a ТОРГ-12 quantity ("50,000")
_NO_VAT_WORD = re.compile(r"^[бБ6][еЕeE][зЗ3]$")  # "без" as OCR reads it ("6e3")


def realign(row: Row, texts: list[str]) -> None:
    """Put the row's amounts where its arithmetic says they belong, if it says so."""
    if row.vat_ok:
        return
    for cells in (_cells(texts, runs=False), _cells(texts, runs=True)):
        for net, vat, gross, rate, at in _placements(row, cells, texts):
            row.net, row.vat, row.gross, row.rate = net, vat, gross, rate
            _price(row, cells, texts, at)
            return


def _cells(texts: list[str], runs: bool) -> list[tuple[int, Decimal]]:
    """(position, amount) of the tail's amounts; ``runs``: digit runs read as kopecks too."""
    out = []
    for i, text in enumerate(texts):
        value = parse_money(text) if not re.fullmatch(r"\d+[,.]\d{3}", text) else None
        if value is None and runs and _RUN.match(text):
            value = Decimal(text) / 100
        if value is not None:
            out.append((i, value))
    return out


def _placements(row: Row, cells: list[tuple[int, Decimal]], texts: list[str]
                ) -> Iterator[tuple[Decimal, Decimal, Decimal, str | None, int]]:
    """(net, VAT, total, rate, position of the net) for each way the amounts can sit whose
    arithmetic holds, the likeliest first."""
    values = [v for _i, v in cells]
    where = [i for i, _v in cells]
    if len(values) >= 4:  # all four read, a lost comma aside
        yield from _checked(values[1], values[2], values[3], texts[where[1] + 1:where[2]],
                            where[1])
    if len(values) >= 3:  # the price lost or garbled: the last three are net, VAT, total
        yield from _checked(values[-3], values[-2], values[-1], texts[where[-3] + 1:where[-2]],
                            where[-3])
        # the net lost: qty × price stands for it
        if row.qty is not None and row.price is not None:
            yield from _checked(money(row.qty * row.price), values[-2], values[-1],
                                texts[where[0] + 1:where[-2]], where[0])
    if len(values) >= 2:  # the VAT lost: total - net, at the rate printed or a usual one
        net, gross = values[-2], values[-1]
        between = texts[where[-2] + 1:where[-1]]
        # "без" with a rate printed beside it is the excise column's "без акциза".
        if net == gross and any(_NO_VAT_WORD.match(t) for t in between) \
                and read_rate(between) is None:
            yield net, Decimal("0.00"), gross, "none", where[-2]
        yield from _checked(net, gross - net, gross, between, where[-2])


def _checked(net: Decimal, vat: Decimal, gross: Decimal, between: list[str], at: int
             ) -> Iterator[tuple[Decimal, Decimal, Decimal, str | None, int]]:
    if net <= 0 or vat < 0 or abs(net + vat - gross) > KOPECK:
        return
    printed = read_rate(between)
    if printed is None and vat == 0:
        # No VAT and no rate cell read: 0 % or "без НДС" alike; the document's rate settles it.
        yield net, vat, gross, None, at
        return
    rate = next((r for r in ([printed] if printed else RATES) if line_vat_ok(net, r, vat)), None)
    if rate is not None:
        yield net, vat, gross, rate, at


def _price(row: Row, cells: list[tuple[int, Decimal]], texts: list[str], at: int) -> None:
    """The price that makes qty × price = net: as read, the amount before the net, or net / a
    quantity printed with three decimals; none when nothing confirms one."""
    if line_amount_ok(row.qty, row.price, row.net):
        return
    before = [v for i, v in cells if i < at]
    if before and line_amount_ok(row.qty, before[-1], row.net):
        row.price = before[-1]
        return
    qty = next((parse_qty(t) for t in reversed(texts[:at]) if _QTY3.match(t)), None)
    derived = price_of(qty, row.net)
    if derived is not None:
        row.qty, row.price = qty, derived
    elif before:
        row.price = before[-1]


def price_of(qty: Decimal | None, net: Decimal | None) -> Decimal | None:
    """net / qty when it is a price in kopecks that gives the net exactly."""
    if qty is None or qty <= 0 or net is None:
        return None
    price = (net / qty).quantize(KOPECK)
    return price if (qty * price).quantize(KOPECK) == net else None


def read_rate(texts: list[str]) -> str | None:
    for text in texts:
        if "," in text or text in ("--", "-"):
            continue
        match = _RATE.match(digits_fixed(text))
        if match and match.group(1) in RATES:
            return match.group(1)
    return None
