"""Line items and money fields, reconciled: rows against totals, VAT against rates and date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from recognizers.card import LineItem
from recognizers.checks.arithmetic import sum_ok
from recognizers.checks.issues import issue, rate_issues
from recognizers.checks.vat import vat_inside, vat_on_top
from recognizers.fields import confidence as c
from recognizers.fields.cells import mend_wrapped_numbers
from recognizers.fields.items_dict import mend_by_dictionary
from recognizers.fields.items_names import mend_name, mend_unit
from recognizers.fields.items_vocab import document_words, mend_by_document
from recognizers.fields.layout import Line
from recognizers.fields.names import clean_name
from recognizers.fields.rowfix import complete_row
from recognizers.fields.table import Row, read_rows
from recognizers.fields.totals import Totals, read_totals
from recognizers.fields.totals_repair import repair_totals, totals_consistent
from recognizers.fields.values import money_str, qty_str

if TYPE_CHECKING:
    from recognizers.fields import FieldsResult

ONEC = ("act", "payment_invoice")
_RATES = ("22", "20", "10", "7", "5")


def items_and_money(result: FieldsResult, lines: list[Line], doc_type: str,
                    date: dt.date | None, text_layer: bool) -> None:
    lines = mend_wrapped_numbers(lines)
    rows = read_rows(lines, doc_type)
    for row in rows:
        complete_row(row)
    totals = read_totals(lines, doc_type)
    # A one-page ТОРГ-12's "Итого" is its total (on more pages it is one page's sum).
    if doc_type == "torg12" and totals.total is None and len({ln.page for ln in lines}) == 1:
        page_totals = read_totals(lines, "torg12_page")
        if sum_ok([r.gross for r in rows], page_totals.total):
            totals = page_totals
    repair_totals(rows, totals, doc_type in ONEC)
    rates = _rates(rows, totals, doc_type)
    if not text_layer and doc_type not in ONEC:
        rates = _single_rate_by_totals(rates, rows, totals) or (
            set() if rows else _rate_of_totals(totals))
    _zero_vat_rows_take(rates, rows)
    seen = document_words(w.text for ln in lines for w in ln.words) if not text_layer else None
    result.line_items = [_item(row, seen) for row in rows]
    rows_ok = bool(rows) and all(r.amount_ok for r in rows)
    gross_sum_ok = sum_ok([r.gross for r in rows], totals.total)
    fields, conf = result.fields, result.field_confidence
    fields.total, fields.vat = money_str(totals.total), money_str(totals.vat)
    consistent = totals_consistent(totals)
    words_agree = totals.words_total is not None and totals.words_total == totals.total
    # Printed line totals add up to the printed total to the kopeck: a kopeck off is a misread.
    gross_sum_exact = sum_ok([r.gross for r in rows], totals.total, exact=True)
    confirmed = ((consistent and (gross_sum_exact or words_agree
                                  or _vat_at_a_rate(totals, len(rows))))
                 or (words_agree and totals.no_vat))
    if not text_layer and not confirmed:
        result.disputed |= _disputed(totals, consistent)
    for name, value, sure in (("total", totals.total, confirmed),
                              ("vat", totals.vat, confirmed and _vat_checked(
                                  totals, [] if doc_type in ONEC and totals.vat_unchecked
                                  else rows))):
        if value is None:
            conf[name] = c.MISSING
        elif text_layer and consistent:
            conf[name] = c.CONFIRMED if sure else c.TEXT_LAYER
        else:
            conf[name] = c.CONFIRMED if sure else c.ocr_single(totals.conf) * 0.9
    fields.vat_rate = _rate_label(rates)
    rate_confirmed = bool(rates) and (rows_ok or text_layer) and _vat_matches(rows, totals) \
        and (text_layer or not _rates_disagree(rows, rates)) \
        and (text_layer or len(rates) == 1 or _mixture_proven(rows, totals))
    rate_confirmed = rate_confirmed or (confirmed and (
        _rate_by_totals(rates, rows, totals)
        or (rates == set(totals.rates) and _rate_shares_fit(totals, len(rows)))))
    conf["vat_rate"] = (c.MISSING if fields.vat_rate is None else
                        c.CONFIRMED if rate_confirmed and confirmed else
                        c.TEXT_LAYER if text_layer else 0.7)
    result.issues.extend(rate_issues(rates, date))
    result.issues.extend(_arith_issues(rows, totals, gross_sum_ok))


def _zero_vat_rows_take(rates: set[str], rows: list[Row]) -> None:
    """A row without VAT whose rate cell went unread has the document's rate when that is
    0 % or "без НДС"; one whose VAT and amount cells went unread too (OCR garbled the cells
    between its net and total) has its net as its amount. Such an amount is only as good as
    the net: the rows' sum against the printed total checks both."""
    if len(rates) == 1 and rates <= {"0", "none"}:
        for row in rows:
            if row.rate is None and row.vat == 0:
                row.rate = next(iter(rates))
            elif row.rate is None and row.vat is None and row.gross is None \
                    and row.net is not None:
                row.rate, row.vat, row.gross = next(iter(rates)), Decimal(0), row.net


def _item(row: Row, seen: Counter[str] | None) -> LineItem:
    name = clean_name(row.name, row.ocr)
    if row.ocr:
        name = mend_name(name)
        name = mend_by_document(name, seen) if seen else name
        name = mend_by_dictionary(name)
    unit = mend_unit(row.unit) if row.ocr else row.unit
    return LineItem(name=name or None, qty=qty_str(row.qty), unit=unit,
                    price=money_str(row.price), amount=money_str(row.gross),
                    vat_rate=row.rate, vat=money_str(row.vat))


def _disputed(totals: Totals, consistent: bool) -> set[str]:
    """Money fields another reading of the document contradicts."""
    out = set()
    if totals.total is not None and (totals.disputed or (
            totals.words_total is not None and totals.words_total != totals.total)):
        out.add("total")
    if not consistent and totals.net is not None and totals.vat is not None \
            and totals.total is not None:
        out |= {"total", "vat"}
    return out


def _vat_at_a_rate(totals: Totals, n_rows: int) -> bool:
    """The totals row's VAT is its net at one of the rates, up to the kopecks lost in rounding
    each row: with net + VAT = total that is a second, independent check of the three figures
    (a misread digit breaks one of them). Not for "без НДС", whose net and total print the
    same digits and may be misread alike."""
    if totals.no_vat or totals.vat_included or totals.vat is None or totals.vat <= 0:
        return False
    return any(_vat_is_net_at(totals, rate, n_rows) for rate in _RATES)


def _vat_checked(totals: Totals, rows: list[Row]) -> bool:
    """Whether the VAT has a check of its own beyond those that confirm the total: a VAT printed
    "в том числе" takes no part in them (net = total there), nor one that followed from the
    other figures (``_third_figure_by_words``); a misread digit of either would pass. Such a
    VAT is checked by the rows' VAT cells adding up to it to the kopeck, or (printed "в том
    числе") by being the total's share at one of the rates, up to a kopeck a row. ``rows``:
    none for a 1С VAT that followed from its rate alone: the 1С rows' VAT follows from that
    rate too, so it confirms nothing."""
    if not (totals.vat_unchecked or totals.vat_included):
        return True
    if sum_ok([r.vat for r in rows], totals.vat, exact=True):
        return True
    return not totals.vat_unchecked and (
        any(_vat_is_share_at(totals, rate, len(rows)) for rate in _RATES)
        or _rate_shares_fit(totals, len(rows)))


def _rate_shares_fit(totals: Totals, n_rows: int) -> bool:
    """Several rates, each with its VAT line ("В том числе НДС (10%): 1 148,94", "(20%):
    51 124,23") adding up to the VAT: each is the VAT of a part of the total (or, on top, of
    the net) at its rate, and the parts add up to it, up to a rounded kopeck a row. A rate
    misread moves its part by several times its VAT, a misread digit by ten of them or more:
    a check of the rates and of the VAT figures by the same standard as one rate's share."""
    rates = {r: v for r, v in totals.rates.items() if r in _RATES and v > 0}
    base = totals.total if totals.vat_included else totals.net
    if len(rates) < 2 or base is None or totals.vat is None \
            or sum(rates.values()) != totals.vat:
        return False
    factors = {r: (100 + Decimal(r)) / Decimal(r) if totals.vat_included else 100 / Decimal(r)
               for r in rates}
    parts = sum(vat * factors[r] for r, vat in rates.items())
    slack = Decimal("0.005") * max(1, n_rows) * sum(factors.values())
    return abs(parts - base) <= slack


def _vat_is_net_at(totals: Totals, rate: str, n_rows: int) -> bool:
    """The totals row's VAT is its net at ``rate``, up to a kopeck of rounding per row."""
    net, vat = totals.net, totals.vat
    if net is None or vat is None:
        return False
    return abs(vat_on_top(net, rate) - vat) <= _slack(n_rows)


def _rate_of_totals(totals: Totals) -> set[str]:
    """No row's rate read (a photo's table lost): the one rate at which the totals row's VAT
    is its net (or, "в том числе", the total's share) to the kopeck."""
    fits = [r for r in _RATES if (totals.vat or 0) > 0 and (
        _vat_is_net_at(totals, r, 1) or (totals.vat_included and _vat_is_share_at(totals, r, 1)))]
    return set(fits) if len(fits) == 1 else set()


def _vat_is_share_at(totals: Totals, rate: str, n_rows: int) -> bool:
    """The totals row's VAT "в том числе" is the total's share at ``rate``, up to a kopeck of
    rounding per row."""
    total, vat = totals.total, totals.vat
    if total is None or vat is None:
        return False
    return abs(vat_inside(total, rate) - vat) <= _slack(n_rows)


def _slack(n_rows: int) -> Decimal:
    return Decimal("0.01") * max(1, n_rows)  # each row's VAT rounded to the kopeck


def _rate_by_totals(rates: set[str], rows: list[Row], totals: Totals) -> bool:
    """One rate the rows' cells all say, that the totals row says too: its VAT is the net at
    that rate (or, "в том числе", the total's share at it), or it reads "без НДС" where the
    rows do."""
    if len(rates) != 1 or _rates_disagree(rows, rates) or not rows:
        return False
    rate = next(iter(rates))
    if rate == "none":
        return totals.no_vat and totals.vat == 0
    if totals.vat_included and totals.total is not None and totals.vat is not None:
        return rate in totals.rates and _vat_is_share_at(totals, rate, len(rows))
    return _vat_is_net_at(totals, rate, len(rows))


def _rates(rows: list[Row], totals: Totals, doc_type: str) -> set[str]:
    if doc_type in ONEC:
        if totals.no_vat:
            return {"none"}
        return set(totals.rates) | set(totals.rates_seen)
    found = [r.rate for r in rows if r.rate is not None]
    if found and set(found) <= {"0", "none"} and totals.no_vat:
        # The totals row's "без НДС" (a 0% document prints 0,00 there) outweighs rate cells.
        return {"none"}
    if set(found) == {"0", "none"}:
        # Both mean no VAT: a rate cell misread one as the other (no real document mixes
        # them); most rows settle it.
        return {max(("none", "0"), key=found.count)}
    return set(found)


def _single_rate_by_totals(rates: set[str], rows: list[Row], totals: Totals) -> set[str]:
    """Rows of a scan that say two rates ("0" in a row whose VAT cells OCR lost) under a
    totals row whose VAT is its net at one of them: the document has that one rate unless
    every row's figures prove the mixture."""
    if len(rates) < 2 or _mixture_proven(rows, totals):
        return rates
    single = [r for r in rates if r not in ("0", "none") and _vat_is_net_at(totals, r, len(rows))]
    return {single[0]} if len(single) == 1 else rates


def _mixture_proven(rows: list[Row], totals: Totals) -> bool:
    """Every row read with its net and VAT, adding up to the totals row's net and VAT."""
    return bool(rows) and sum_ok([r.net for r in rows], totals.net) \
        and sum_ok([r.vat for r in rows], totals.vat)


def _rates_disagree(rows: list[Row], rates: set[str]) -> bool:
    """Some row's rate cell says other than the document's rate(s) as settled."""
    return any(r.rate is not None and r.rate not in rates for r in rows)


def _rate_label(rates: set[str]) -> str | None:
    if not rates:
        return None
    return next(iter(rates)) if len(rates) == 1 else "mixed"


def _vat_matches(rows: list[Row], totals: Totals) -> bool:
    if totals.no_vat:
        return totals.vat == 0
    vats = [r.vat for r in rows]
    if rows and all(v is not None for v in vats):
        return sum_ok(vats, totals.vat)
    return totals.vat is not None


def _arith_issues(rows: list[Row], totals: Totals, gross_sum_ok: bool) -> list:
    out = []
    for row in rows:
        if row.qty is not None and row.price is not None and row.net is not None \
                and not row.amount_ok:
            out.append(issue("line_amount_mismatch", None,
                             f"Строка {row.number}: количество × цена ≠ сумма."))
    if rows and totals.total is not None and not gross_sum_ok:
        out.append(issue("totals_mismatch", "total",
                         "Сумма строк не равна итогу документа."))
    if totals.net is not None and totals.vat is not None and totals.total is not None \
            and not totals_consistent(totals):
        out.append(issue("vat_mismatch", "vat", "Итог без НДС + НДС ≠ итог с НДС."))
    return out
