"""Document totals: the "Всего к оплате (9)" row, "Всего по накладной", or the 1С block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from recognizers.fields.layout import Line
from recognizers.fields.values import parse_money
from recognizers.page import Word
from recognizers.textnorm import fold_keep


@dataclass
class Totals:
    net: Decimal | None = None
    vat: Decimal | None = None
    total: Decimal | None = None
    no_vat: bool = False
    vat_included: bool | None = None
    rates: dict[str, Decimal] = field(default_factory=dict)  # 1С: VAT per rate
    words_total: Decimal | None = None  # "на сумму 1 234,56 руб." (a second reading)
    conf: float = 0.0


def money_words(words: Sequence[Word]) -> list[Decimal]:
    """Money values in a run of words, rejoining thousands groups split by spaces."""
    text = " ".join(w.text for w in words)
    found = re.findall(r"(?<![\d,])(\d{1,4}(?:[ \u00a0]\d{3})+[,.]\d{2}|\d+[,.]\d{2})(?![\d])",
                       text)
    values = [parse_money(v) for v in found]
    return [v for v in values if v is not None]


def read_totals(lines: Sequence[Line], doc_type: str) -> Totals:
    if doc_type in ("upd", "vat_invoice"):
        return _row_totals(lines, r"всего\s+к\s+оплате", 3)
    if doc_type == "torg12":
        return _row_totals(lines, r"всего\s+по\s+накладной", 3)
    if doc_type in ("act", "payment_invoice"):
        return _onec_totals(lines)
    return Totals()


def _row_totals(lines: Sequence[Line], label: str, full: int) -> Totals:
    pattern = re.compile(label)
    for line in reversed(lines):
        folded = fold_keep(line.text)
        match = pattern.search(folded)
        if not match:
            continue
        after = [w for w in line.words if w.x > line.words[0].x + 1
                 and not re.search(label, fold_keep(w.text))]
        tail = " ".join(w.text for w in after)
        # The ТОРГ-12 quantity total has three decimals: keep it out of the money.
        tail = re.sub(r"(?<![\d,])\d+[,.]\d{3}(?![\d])", " ", tail)
        values = money_words([Word(t, 0, 0, 0, 0, 1.0) for t in tail.split()])
        no_vat = "без" in fold_keep(tail)
        out = Totals(conf=line.conf, no_vat=no_vat)
        if no_vat and len(values) >= 2:
            out.net, out.vat, out.total = values[-2], Decimal("0.00"), values[-1]
        elif len(values) >= full:
            out.net, out.vat, out.total = values[-3], values[-2], values[-1]
        return out
    return Totals()


_ONEC_LINE = re.compile(r"^(?P<label>итого|в\s+том\s+числе\s+ндс|сумма\s+ндс|без\s+налога|"
                        r"всего\s+к\s+оплате|всего\s*\(с\s+учетом\s+ндс\))[^:]*:?")
_RATE_IN = re.compile(r"\((\d{1,2})\s*%\)")


def _onec_totals(lines: Sequence[Line]) -> Totals:
    out = Totals(conf=1.0)
    seen = False
    for line in lines:
        folded = fold_keep(line.text)
        label_at = re.search(r"итого|в\s+том\s+числе\s+ндс|сумма\s+ндс|без\s+налога|"
                             r"всего\s+к\s+оплате|всего\s*\(\s*с\s+учетом", folded)
        if label_at is None:
            _words_total(folded, line, out)
            continue
        value = money_words(line.words)
        label = label_at.group(0)
        seen = True
        out.conf = min(out.conf, line.conf)
        if label.startswith("без"):
            out.no_vat, out.vat = True, Decimal("0.00")
        elif not value:
            continue
        elif label.startswith("итого"):
            out.net = value[-1]
        elif "ндс" in label and label.startswith(("в", "сумма")):
            out.vat_included = label.startswith("в")
            rate = _RATE_IN.search(folded)
            if rate:
                out.rates[rate.group(1)] = value[-1]
            out.vat = sum(out.rates.values(), Decimal("0.00")) if out.rates else value[-1]
        else:
            out.total = value[-1]
    if not seen:
        return Totals()
    if out.total is None and out.net is not None and (out.vat_included or out.no_vat):
        out.total = out.net
    return out


def _words_total(folded: str, line: Line, out: Totals) -> None:
    if re.search(r"всего\s+(наименований|оказано)", folded) and "сумму" in folded:
        values = money_words(line.words)
        if values:
            out.words_total = values[-1]
