"""Document totals: the "Всего к оплате (9)" row, "Всего по накладной", or the 1С block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from recognizers.fields.amount_words import amount_in_words
from recognizers.fields.layout import Line
from recognizers.fields.values import parse_money
from recognizers.fields.wrapped import join_wrapped
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
    rates_seen: list[str] = field(default_factory=list)  # 1С: rates whose VAT figure was lost
    words_total: Decimal | None = None  # "на сумму 1 234,56 руб." (a second reading)
    from_runs: bool = False  # a figure was digits whose comma OCR lost (a weak reading)
    vat_unchecked: bool = False  # the VAT follows from the others, with no check of its own
    disputed: bool = False  # the figures and the amount in words disagree
    conf: float = 0.0
    # A row of three figures read with one lost: which two they are only the rows can say.
    partial: list[Decimal] = field(default_factory=list)


def money_words(words: Sequence[Word]) -> list[Decimal]:
    """Money values in a run of words, rejoining thousands groups split by spaces."""
    text = " ".join(w.text for w in words)
    # OCR merges a group with the next ("12 350 933,16" as "12350 933,16"): 5 digits lead too.
    found = re.findall(r"(?<![\d,])(\d{1,5}(?:[ \u00a0]\d{3})+[,.;]\d{2}|\d+[,.;]\d{2})(?![\d])",
                       text)
    values = [parse_money(v) for v in found]
    return [v for v in values if v is not None]


# "без НДС" as OCR reads it: "6e3 HAC", "бе3 НДС", and on photos "Ges HAC" (then only with
# the НДС word after it: "g", "s" alone are too common).
NO_VAT = re.compile(r"(?<![0-9a-zа-яё])(?:[б6][еe][з3](?![a-zа-яё])"
                    r"|[б6g][еe][з3s]\s*[нh][дa]?[сc](?![a-zа-яё]))", re.IGNORECASE)


# The totals rows' labels as OCR reads them: "Bcero no накладной" (Latin look-alikes, г as r),
# "Всего коплате", "Всего « оплате", "Всего оплате", "Всего к плате", "Всего к (9)" with the
# word lost; "Всего во накладной", "Всего по #4" лалнай" (no other ТОРГ-12 row says "всего
# по" but a page's "по странице").
_ALL = r"в[сеe][еe]\s?[гr][оo]"  # OCR may split it ("Bce го к оплате")
_TO_PAY = (_ALL + r"(?:\W{1,3}(?:[кkxх]\W{0,2})?о?пл\W?ат\W?е|\W{1,2}[кkxх]\s+\(\s*9\s*\)"
           r"|\W{1,3}\S{0,2}\s?\S{2,7}\s+\(\s*9\s*\))")  # "Всего « салате (9)": the row's tag
_WAYBILL_TOTAL = _ALL + r"\W{1,2}[пnв][оo]\s+(?!стр)\S"


def read_totals(lines: Sequence[Line], doc_type: str) -> Totals:
    if doc_type in ("upd", "vat_invoice"):
        return _row_totals(lines, _TO_PAY, 3)
    if doc_type == "torg12":
        out = _row_totals(lines, _WAYBILL_TOTAL, 3)
        out.words_total = _released_in_words(lines)
        return out
    if doc_type == "torg12_page":
        # A page's "Итого": the document's total only where the rows' sum confirms it.
        return _row_totals(lines, r"^\W*итого", 3)
    if doc_type in ("act", "payment_invoice"):
        return _onec_totals(lines)
    return Totals()


def _row_totals(lines: Sequence[Line], label: str, full: int) -> Totals:
    pattern = re.compile(label)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        folded = fold_keep(line.text)
        match = pattern.search(folded)
        if not match:
            continue
        after = [w for w in line.words if w.x > line.words[0].x + 1
                 and not re.search(label, fold_keep(w.text))]
        below = lines[index + 1] if index + 1 < len(lines) else None
        if below is not None and below.page == line.page:
            after = join_wrapped(after, below.words)
        tail = " ".join(w.text for w in after)
        # The ТОРГ-12 quantity total has three decimals: keep it out of the money.
        tail = re.sub(r"(?<![\d,])\d+[,.]\d{3}(?![\d])", " ", tail)
        values = money_words([Word(t, 0, 0, 0, 0, 1.0) for t in tail.split()])
        no_vat = NO_VAT.search(tail) is not None
        values = _comma_lost(values, tail, no_vat, full)
        if not values:
            # A label without figures is a scrap of another line ("Всего по нак," in the
            # signature block of a photo): the totals row is further up.
            continue
        out = Totals(conf=line.conf, no_vat=no_vat)
        if no_vat and len(values) >= 2:
            out.net, out.vat, out.total = values[-2], Decimal("0.00"), values[-1]
        elif no_vat and values:
            # The net figure was lost (its comma dropped into a run of digits): the row's last
            # figure is still the total, which only the rows' sum can confirm. Without VAT the
            # net prints the total's figure.
            out.net, out.vat, out.total = values[-1], Decimal("0.00"), values[-1]
        elif len(values) >= full:
            out.net, out.vat, out.total = values[-3], values[-2], values[-1]
            _net_lost_leading_groups(out)
        elif not no_vat and len(values) < full:
            out.partial = values
        return out
    return Totals()


def _comma_lost(values: list[Decimal], tail: str, no_vat: bool,
                full: int) -> list[Decimal]:
    """OCR drops a decimal comma ("11941929" for 119 419,29): a run of digits is taken as
    kopecks only where it makes net + VAT = total."""
    needed = 2 if no_vat else full
    if len(values) != needed - 1:
        return values
    # A run may keep the comma after it ("11941929,"): that is no decimal part.
    for run in re.finditer(r"(?<![\d,.])\d{3,}(?!\d|[,.]\d)", tail):
        candidate = Decimal(run.group(0)) / 100
        # It goes where it was printed: net + VAT = VAT + net, so any other place would
        # pass the sum with the figures swapped.
        at = len(money_words([Word(t, 0, 0, 0, 0, 1.0) for t in tail[:run.start()].split()]))
        trial = [*values[:at], candidate, *values[at:]]
        net, total = trial[-needed], trial[-1]
        vat = Decimal("0.00") if no_vat else trial[-2]
        if net + vat == total:
            return trial
    return values


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
        if not value:
            value = _comma_lost_runs(folded[label_at.end():])
            out.from_runs = out.from_runs or bool(value)
        label = label_at.group(0)
        seen = True
        out.conf = min(out.conf, line.conf)
        if label.startswith("без"):
            out.no_vat, out.vat = True, Decimal("0.00")
        elif not value:
            _rate_without_value(label, folded, out)
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
    elif out.net is None and out.total is not None and out.vat_included:
        out.net = out.total  # "Итого" lost: with the VAT inside, it prints the total's figure
    # Figures OCR lost on the right: the amount in words' line is the only reading left.
    if out.total is None and out.words_total is not None:
        out.total, out.words_total = out.words_total, None  # one reading confirms nothing
    _lost_leading_groups(out)
    if not out.vat_included and not out.no_vat:
        _net_lost_leading_groups(out)  # "Итого: 4 776,30" read as 776,30
    _words_over_runs(out)
    return out


def _words_over_runs(out: Totals) -> None:
    """A total rebuilt from comma-less digits that the amount in words contradicts: the words'
    line, read as a proper amount, is the likelier reading, and the two stay in dispute."""
    words, total = out.words_total, out.total
    if not out.from_runs or words is None or total is None or words == total:
        return
    if out.net == total:
        out.net = words
    out.total, out.words_total, out.disputed = words, None, True


def _rate_without_value(label: str, folded: str, out: Totals) -> None:
    """"В том числе НДС (20%):" whose figure OCR lost still says the rate and how VAT counts;
    at 0% it says the figure too ("НДС (0%): 0,0c—")."""
    if "ндс" in label and label.startswith(("в", "сумма")):
        out.vat_included = label.startswith("в")
        rate = _RATE_IN.search(folded)
        if rate and rate.group(1) == "0" and not out.rates:
            # Held: a "(20%)" whose 2 OCR lost reads the same, and the rows' VAT would follow
            # from this rate, so they cannot confirm it.
            out.rates["0"] = out.vat = Decimal("0.00")
            out.vat_unchecked = True
        elif rate and rate.group(1) not in out.rates_seen:
            out.rates_seen.append(rate.group(1))


def _lost_leading_groups(out: Totals) -> None:
    """OCR loses a leading thousands group ("933,16" for "12 350 933,16"); the amount in words'
    line ("на сумму 12 350 933,16") keeps it: take it where the figures are its tail."""
    words, total = out.words_total, out.total
    if words is None or total is None or words == total:
        return
    if not f"{words:.2f}".endswith(f"{total:.2f}"):
        return
    if out.net == total:
        out.net = words
    # Taken from the words' line, the total can no longer be confirmed by it.
    out.total, out.words_total = words, None


def _net_lost_leading_groups(out: Totals) -> None:
    """A net that lost its leading thousands groups ("761,85" for "2 711 761,85", the groups
    fallen into the quantity's column): where the read figures are the tail of total − VAT,
    that difference is the net. The total and VAT stay as read, to be checked as any are."""
    if out.net is None or out.vat is None or out.total is None:
        return
    net = out.total - out.vat
    if net > out.net and f"{net:.2f}".endswith(f"{out.net:.2f}"):
        out.net = net


def _comma_lost_runs(text: str) -> list[Decimal]:
    """A 1С total whose comma OCR dropped ("000" for 0,00): the digits as kopecks. Checked
    later against the other totals and the rows like any reading."""
    runs = re.findall(r"(?<![\d,.%(])\d{3,}(?![\d,.%])", text)
    return [Decimal(run) / 100 for run in runs[-1:]]


def _released_in_words(lines: Sequence[Line]) -> Decimal | None:
    """ТОРГ-12's "Всего отпущено на сумму <the amount in words>", which may wrap a line (its
    first letters as OCR reads them: "стпущено", "отпушено")."""
    for index, line in enumerate(lines):
        found = re.search(r"[оoсc]?т[пn]у[щш]ено\s+на\s+сумм[уy]", fold_keep(line.text))
        if found:
            rest = line.text[found.end():]
            after = lines[index + 1].text if index + 1 < len(lines) else ""
            return amount_in_words(rest) or amount_in_words(rest + " " + after)
    return None


def _words_total(folded: str, line: Line, out: Totals) -> None:
    # "Всего наименований 2, на сумму …", the middle words possibly garbled by OCR.
    if re.search(r"всего\s+(наименований|оказано)|всего\b.*\bна\s+сумму", folded) \
            and "сумму" in folded:
        values = money_words(line.words)
        if values:
            out.words_total = values[-1]
    elif out.words_total is None and "рубл" in folded:
        # 1С's line under "Всего наименований …": the amount in words.
        out.words_total = amount_in_words(line.text)
