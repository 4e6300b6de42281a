"""The totals row mended by the rows: figures OCR lost or misread in "Всего к оплате" (or a
1С invoice's totals lines) follow from the rows' own sums and from net + VAT = total, and are
taken only where those sums hold to the kopeck."""

from __future__ import annotations

from decimal import Decimal

from recognizers.checks.arithmetic import assign_rates, sum_ok
from recognizers.checks.vat import money, vat_inside, vat_on_top
from recognizers.fields.rowfix import one_digit_apart, without_one_digit
from recognizers.fields.table import Row
from recognizers.fields.totals import Totals


def repair_totals(rows: list[Row], totals: Totals, onec: bool) -> None:
    """Mend ``totals`` (and, on a 1С form, the rows' VAT and totals) in place."""
    if onec:
        _onec_gross(rows, totals)
        _rows_by_total(rows, totals)
    _third_figure(rows, totals)
    _third_figure_by_words(totals)
    _only_figure(rows, totals)
    _total_one_digit_off(rows, totals)
    _vat_from_rows(rows, totals)
    _net_from_rows(rows, totals)


def _onec_gross(rows: list[Row], totals: Totals) -> None:
    """The 1С table prints one amount: with VAT when the VAT is "в том числе", net otherwise."""
    named = set(totals.rates) | set(totals.rates_seen)
    rate = "none" if totals.no_vat else (next(iter(named)) if len(named) == 1 else None)
    rates: list[str | None] = [rate] * len(rows)
    nets = [row.net for row in rows]
    if rate is None and len(totals.rates) > 1 and all(n is not None for n in nets):
        # Several rates and only their VAT totals: the split of lines that sums to both.
        split = assign_rates([n for n in nets if n is not None], totals.rates,
                             bool(totals.vat_included))
        rates = list(split) if split is not None else rates
    for row, row_rate in zip(rows, rates, strict=True):
        row.rate = row_rate
        if row.net is None:
            continue
        if totals.no_vat or totals.vat_included:
            row.gross = row.net
            row.vat = None if row_rate is None else vat_inside(row.net, row_rate)
        elif row_rate is not None:
            row.vat = vat_on_top(row.net, row_rate)
            row.gross = row.net + row.vat


def _rows_by_total(rows: list[Row], totals: Totals) -> None:
    """The 1С rows whose amount is not their qty × price ("35,36" for 95,36), where taking
    qty × price instead makes the rows add up to the document's total. One such row within
    the kopecks a row may round by; several (each a chance misread) only to the kopeck."""
    if totals.total is None or sum_ok([r.gross for r in rows], totals.total):
        return
    broken = [r for r in rows if r.qty is not None and r.price is not None and not r.amount_ok]
    if not broken:
        return
    was = [r.net for r in broken]
    for row in broken:
        assert row.qty is not None and row.price is not None
        row.net = money(row.qty * row.price)
    _onec_gross(rows, totals)
    if not sum_ok([r.gross for r in rows], totals.total, exact=len(broken) > 1):
        for row, net in zip(broken, was, strict=True):
            row.net = net
        _onec_gross(rows, totals)


def _third_figure(rows: list[Row], totals: Totals) -> None:
    """A totals row read with one of its three figures lost ("Всего к оплате 1585324,93 x
    317064,99", the total's cell blank to OCR): the two read are the columns whose rows add up
    to each of them, and the lost one follows from net + VAT = total. Both sums must hold."""
    if len(totals.partial) != 2 or not rows:
        return
    first, second = totals.partial
    columns = {"net": [r.net for r in rows], "vat": [r.vat for r in rows],
               "gross": [r.gross for r in rows]}
    for a, b in (("net", "vat"), ("vat", "gross"), ("net", "gross")):
        if sum_ok(columns[a], first) and sum_ok(columns[b], second):
            read = {a: first, b: second}
            net = read["net"] if "net" in read else read["gross"] - read["vat"]
            vat = read["vat"] if "vat" in read else read["gross"] - net
            totals.net, totals.vat, totals.total = net, vat, net + vat
            return


def _only_figure(rows: list[Row], totals: Totals) -> None:
    """A totals row with one figure read ("Всего к оплате (9) | 230 21488 Е 291 842,11"): the
    total, when the rows' totals add up to it to the kopeck, and net and VAT the rows' sums
    when those add up to it too."""
    if totals.total is not None or len(totals.partial) != 1 or not rows:
        return
    (only,) = totals.partial
    if not sum_ok([r.gross for r in rows], only, exact=True):
        return
    totals.total = only
    nets, vats = [r.net for r in rows], [r.vat for r in rows]
    if all(v is not None for v in nets + vats):
        net = sum((v for v in nets if v is not None), Decimal(0))
        vat = sum((v for v in vats if v is not None), Decimal(0))
        if net + vat == only:
            totals.net, totals.vat = net, vat


def _third_figure_by_words(totals: Totals) -> None:
    """A totals row read with one figure lost, whose last figure the amount in words confirms
    ("Всего по накладной … 231 6290 … 33 567,53 | 265 197,43" and "Двести шестьдесят пять
    тысяч … 43 копейки"): that is the total; of the other, a figure under half the total is
    the VAT (no rate comes near 100%), else the net, and the lost one follows. That VAT or net
    was read once, with no check of its own."""
    if totals.total is not None or len(totals.partial) != 2 or totals.words_total is None:
        return
    first, total = totals.partial
    if total != totals.words_total or not 0 < first < total:
        return
    net = total - first if first < total / 2 else first
    totals.net, totals.vat, totals.total = net, total - net, total
    totals.vat_unchecked = True


def _total_one_digit_off(rows: list[Row], totals: Totals) -> None:
    """A total read with one digit wrong ("2008455,06" for 2 008 465,06): net + VAT, when the
    rows' own totals add up to exactly that (to the kopeck: a net a kopeck off must not move a
    right total)."""
    if totals.net is None or totals.vat is None or totals.total is None:
        return
    _digit_too_many(rows, totals)
    expected = totals.net + totals.vat
    if one_digit_apart(totals.total, expected) and sum_ok([r.gross for r in rows], expected,
                                                           exact=True):
        totals.total = expected


def _digit_too_many(rows: list[Row], totals: Totals) -> None:
    """A total with one digit too many (the cell's ruling read as "1": "17225,09" for
    7 225,09), which made the net total - VAT ("16 020,91" from the printed 6 020,91): the
    rows' totals, when they add up to the total without that digit and the rows' nets to that
    less the VAT, each to the kopeck."""
    assert totals.total is not None and totals.vat is not None
    if not rows or any(r.gross is None or r.net is None for r in rows):
        return
    gross = sum((r.gross for r in rows if r.gross is not None), Decimal(0))
    if gross in without_one_digit(totals.total) and sum_ok([r.net for r in rows],
                                                           gross - totals.vat, exact=True):
        totals.total, totals.net = gross, gross - totals.vat


def _vat_from_rows(rows: list[Row], totals: Totals) -> None:
    """A VAT total OCR misread ("6,00" for 0,00) where net + VAT ≠ total: total - net, when the
    rows' own VAT amounts add up to exactly that, or when it is nil."""
    if totals.net is None or totals.total is None or totals.vat is None \
            or totals_consistent(totals) or totals.vat_included:
        return
    vat = totals.total - totals.net
    # Net equal to the total to the kopeck: no VAT was charged, whatever its cell reads.
    if vat == 0 or (vat > 0 and sum_ok([r.vat for r in rows], vat)):
        totals.vat = vat


def _net_from_rows(rows: list[Row], totals: Totals) -> None:
    """A net total OCR lost or misread ("3033 271,3" for 3 033 271,36, its last figure cut)
    where net + VAT ≠ total: total - VAT (the total itself where the VAT is inside it or
    none), when the rows' own nets add up to exactly that. Three readings agree on it (the
    total, the VAT and the rows), as for ``_vat_from_rows``."""
    if totals.total is None or totals.vat is None or totals_consistent(totals):
        return
    inside = totals.vat_included or totals.no_vat
    net = totals.total if inside else totals.total - totals.vat
    if net > 0 and sum_ok([r.net for r in rows], net, exact=True):
        totals.net = net


def totals_consistent(totals: Totals) -> bool:
    if totals.total is None or totals.vat is None:
        return False
    if totals.net is None:
        return False
    if totals.no_vat:
        return totals.vat == 0 and totals.net == totals.total
    if totals.vat_included:
        return totals.net == totals.total
    return abs(totals.net + totals.vat - totals.total) <= Decimal("0.01")
