"""Line items: rows of the goods table, continued across pages, checked by arithmetic.

A row starts on a line whose first word is the next row number and that carries money; lines
between rows continue the wrapped name. The numeric tail is read by kind (money has two
decimals, a ТОРГ-12 quantity three), so column geometry is only needed to tell the name cell
from its neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from statistics import median

from recognizers.checks.arithmetic import line_amount_ok, line_vat_ok
from recognizers.fields.cells import split_glued, unruled
from recognizers.fields.layout import Line
from recognizers.fields.rowtail import price_of, read_rate, realign
from recognizers.fields.values import digits_fixed, parse_money, parse_qty
from recognizers.page import Word
from recognizers.textnorm import fold_keep

_COLUMN_LABEL = re.compile(r"^(?:\d{1,2}[аб]?|[аa])$", re.IGNORECASE)
_STOP = re.compile(r"всего\s+к\s+оплате|всего\s+по\s+накладной|^\s*итого|всего\s+наименований|"
                   r"всего\s+оказано|^\s*всего")
# An article code OCR may misread ("АРТ-719", "APT-S13" for АРТ-513, "АрРТ-6724",
# "APT-5S653", "АРТ.3019": letters doubled or digits read as letters, two digits at least).
_CODE = re.compile(r"^(?:--|[-–—]+|\d{4,6}|[аa][рp]{1,2}[тt][-.]?(?:\d|\w\d)\d*|[аa][рp][тt]|х"
                   r"|[аa][рp]{1,2}[тt][-.]?(?=\w*\d\w*\d)\w{3,7})$", re.IGNORECASE)
# Words of a totals line, also as OCR garbles them ("Итоrо", "Mtoro", "в т.ч. НДС").
_TOTALS_WORD = re.compile(r"(?:^|\s)(?:[иmм]т[оo][гr][оo]|вс[еe]г[оo]|ндс|в\s*т\.?\s*ч)",
                          re.IGNORECASE)
_NAME_WORD = re.compile(r"^[«\"]?[A-Za-zА-Яа-яЁё]{3,}")
# "без НДС" as printed and as OCR reads it ("6e3 HAC", "безндс"); "без акциза" is not it.
# "без НДС" as OCR reads a rate cell: "6e3 HДC", "безНДС", "бе HAC", "Ges HAC" (НДС stands in
# a row's tail only there).
_NO_VAT_CELL = re.compile(r"[бБ6G][еЕeE][зЗ3sS]?\s*[нНhH][дДaA][сСcC]")
NAME_GAP = 0.9
FLAT = 0.3  # a "word" under this share of the line's height is a dash or a ruling's stub
WIDE_GAP = 2.5  # a gap inside a name OCR spaced widely; a column's is wider (a code, a unit)
TALL = 2.2  # a word this many typical word heights tall is not print


@dataclass
class Row:
    number: int
    name: list[str] = field(default_factory=list)
    qty: Decimal | None = None
    unit: str | None = None
    price: Decimal | None = None
    net: Decimal | None = None  # qty × price as printed (1С: the "Сумма" column)
    vat: Decimal | None = None
    gross: Decimal | None = None
    rate: str | None = None
    conf: float = 1.0
    ocr: bool = True  # read by OCR: the name may carry OCR's script and spacing slips
    tail_left: float = 1e9  # where the first cell after the name starts
    name_left: float = 0.0  # where the name cell starts
    bottom: float = 0.0  # the lowest line read into the row so far
    runs: list[Decimal] = field(default_factory=list)  # digit runs: money that lost its comma?
    page: int = 0

    @property
    def amount_ok(self) -> bool:
        return line_amount_ok(self.qty, self.price, self.net)

    @property
    def vat_ok(self) -> bool:
        if self.gross is None or self.net is None:
            return False
        sums = self.vat is not None and abs(self.net + self.vat - self.gross) <= Decimal("0.01")
        return sums and line_vat_ok(self.net, self.rate, self.vat)


def read_rows(lines: Sequence[Line], doc_type: str) -> list[Row]:
    rows = _read_rows(lines, doc_type, {})
    # Where the name column ends on each page, as most rows say: a row whose name OCR spaced
    # widely ("500 ммх   20 мкм") is read again with its name running up to that edge.
    edges = {page: median(r.tail_left for r in rows if r.page == page and r.tail_left < 1e9)
             for page in {r.page for r in rows if r.tail_left < 1e9}}
    return _read_rows(lines, doc_type, edges) if edges else rows


def _read_rows(lines: Sequence[Line], doc_type: str, edges: dict[int, float]) -> list[Row]:
    rows: list[Row] = []
    in_table = False
    name_left, tail_left = 0.0, 1e9
    # A second reading of a line would count its row twice: rows are read once.
    for line in _print_only(unruled([ln for ln in lines if not ln.reread])):
        folded = fold_keep(line.text)
        if _is_table_head(line, folded, doc_type):
            in_table = True
            continue
        if not in_table and not _numbered_row(line, len(rows) + 1):
            continue
        # A head OCR could not read (photos) does not hide rows numbered 1, 2, … with money.
        in_table = True
        start = _starts_row(line, len(rows) + 1, doc_type)
        if _STOP.search(folded) and start is None:
            in_table = False
            continue
        if start is not None:
            row = _parse_row(line, len(rows) + 1, doc_type, start, edges.get(line.page))
            if row is not None:
                rows.append(row)
                name_left = row.name_left
                tail_left = min(tail_left, row.tail_left)
                continue
        # A name wraps within its page, right under its row (on the next page the repeated
        # table head comes first; far below is the signature block of a table whose "Всего"
        # line OCR lost).
        if rows and rows[-1].page == line.page and line.top - rows[-1].bottom < 2 * line.height:
            lost = _lost_start(line, folded, name_left, tail_left)
            if lost is not None:
                # A name in the name column and figures in theirs: a row whose number OCR lost
                # (a ruling read over it) and a figure garbled, not its neighbour's name
                # running on.
                row = _parse_row(line, len(rows) + 1, doc_type, lost, edges.get(line.page))
                if row is not None:
                    rows.append(row)
                    continue
            extra = [w for w in line.words if name_left - line.height <= w.x < tail_left]
            if extra and not _STOP.search(folded):
                rows[-1].name.extend(w.text for w in extra)
                rows[-1].bottom = line.bottom
    return rows


def _lost_start(line: Line, folded: str, name_left: float, tail_left: float) -> int | None:
    """Where the name begins on a line that is a row whose number OCR lost: a name word at the
    name column's left edge, and two figures or more (a quantity and a price) in the figure
    columns. Totals ("Итого", "в т.ч. НДС" and their garbled readings, left of the figures: a
    row's own "без НДС" cell stands among them) are no row."""
    head = fold_keep(" ".join(w.text for w in line.words if w.x < tail_left))
    if tail_left >= 1e9 or _STOP.search(folded) or _TOTALS_WORD.search(head):
        return None
    start = next((i for i, w in enumerate(line.words)
                  if name_left - 2 * line.height < w.x < min(tail_left, name_left + 4 * line.height)
                  and _NAME_WORD.match(w.text.lstrip(_SPECKS + "‘'"))), None)
    figures = sum(1 for w in line.words if w.x >= tail_left
                  and (parse_money(w.text) is not None or parse_qty(w.text) is not None))
    return start if start is not None and figures >= 2 else None


def _print_only(lines: list[Line]) -> list[Line]:
    """Lines without "words" several times taller than the print: a stamp or a pen stroke over
    the row-number column that OCR read as "чого" or "юою" is no part of any row."""
    heights = [w.h for ln in lines for w in ln.words]
    if not heights:
        return lines
    limit = TALL * median(heights)
    out = []
    for line in lines:
        words = [w for w in line.words if w.h <= limit]
        if words:
            out.append(replace(line, words=words))
    return out


def _is_table_head(line: Line, folded: str, doc_type: str) -> bool:
    if doc_type in ("act", "payment_invoice"):
        return ("цена" in folded and ("сумма" in folded or "кол" in folded))
    if "наименование" in folded and ("товар" in folded or "количество" in folded):
        return True
    labels = [w for w in line.words if _COLUMN_LABEL.match(w.text)]
    return len(labels) >= 8 and len(labels) >= 0.8 * len(line.words)


def _starts_row(line: Line, expected: int, doc_type: str) -> int | None:
    """Where the row's words begin (1 after the row number, 0 when OCR lost or garbled it),
    or None when the line does not start a row."""
    monies = sum(1 for w in line.words if parse_money(w.text) is not None)
    # A speck or a ruling's stub read before the row number ("- 5 Проведение …").
    lead = int(len(line.words) > 2 and _is_junk(line.words[0].text)
               and _row_number(line.words[1].text).isdigit())
    first = _row_number(line.words[lead].text)
    if first == str(expected) and monies >= 1:
        return 1 + lead
    # The УПД's row number run into its goods code ("1116231": row 11, code 16231).
    if doc_type in ("upd", "vat_invoice") and monies >= 2 and first.isdigit() \
            and first.startswith(str(expected)) and 4 <= len(first) - len(str(expected)) <= 6:
        return 1 + lead
    # OCR lost a row or two: a later number with money still starts a row.
    if first.isdigit() and expected < int(first) <= expected + 2 and monies >= 2:
        return 1 + lead
    if _STOP.search(fold_keep(line.text)) or monies < 2:
        return None
    named = next((i for i, w in enumerate(line.words[:4]) if _NAME_WORD.match(w.text)), None)
    if named is None:
        return None
    before = line.words[:named]
    # A row number OCR misread ("4" for "1") may lead, then junk or an УПД code.
    if before and re.fullmatch(r"\d{1,2}\.?", before[0].text):
        before = before[1:]
    if any(not _is_junk(w.text) and not _CODE.match(w.text) for w in before):
        return None
    return named - len(before)


def _numbered_row(line: Line, expected: int) -> bool:
    first = _row_number(line.words[0].text)
    monies = sum(1 for w in line.words if parse_money(w.text) is not None)
    named = any(_NAME_WORD.match(w.text) for w in line.words[1:4])
    return first == str(expected) and monies >= 1 and named


_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_SPECKS = "`'‘’[](){}.,:;*•|_~^"  # rulings' stubs and specks OCR reads beside a row number


def _row_number(text: str) -> str:
    """The row-number cell as OCR reads it, without the ruling or speck beside it ("`10",
    "11]", "7)")."""
    return digits_fixed(text.strip(_SPECKS))


def _is_junk(text: str) -> bool:
    """A row number or ruling garbled by OCR ("т", "—", "[", "ak", "`3", "al,"): at most two
    characters, or two with the specks beside them when those are no Cyrillic word's ("Эл.",
    "ТО:", "Ст." begin names)."""
    bare = text.strip(_SPECKS)
    return (len(text) <= 2 and not text.isdigit()) or (
        len(bare) <= 2 and not bare.isdigit() and not _CYRILLIC.search(bare))


def _join_groups(words: Sequence[Word], height: float) -> list[Word]:
    """Money printed with thousands separators arrives as several words: "1", "234,56"."""
    out: list[Word] = []
    for raw in words:
        # A cell ruling OCR'd as "|" or "]" glued to the number is not part of it.
        word = Word(raw.text.strip("|][!"), raw.x, raw.y, raw.w, raw.h, raw.conf, raw.line)
        if not word.text:
            continue
        prev = out[-1] if out else None
        if (prev is not None and re.fullmatch(r"\d{1,4}(?:\s\d{3})*", prev.text)
                and re.fullmatch(r"\d{3}(?:[,.]\d{2,3})?", word.text)
                and word.x - (prev.x + prev.w) < 0.75 * height):
            out[-1] = Word(prev.text + " " + word.text, prev.x, prev.y,
                           word.x + word.w - prev.x, max(prev.h, word.h),
                           min(prev.conf, word.conf), prev.line)
        else:
            out.append(word)
    return out


def _split_name(words: Sequence[Word], height: float, doc_type: str,
                start: int = 1, edge: float | None = None) -> tuple[list[Word], list[Word]]:
    """Name words (after the row number and, on the УПД, the code) and the tail after them.
    ``edge``: where the next column starts, as the table's other rows say; words well left of
    it are the name's even after a gap wider than a space (not a column's gap)."""
    rest = list(words[start:])
    coded = doc_type in ("upd", "vat_invoice")
    while len(rest) > 1 and (_is_junk(rest[0].text)
                             or (coded and _CODE.match(rest[0].text) is not None)):
        rest = rest[1:]
    # A dash in the code column read as a word a few pixels tall ("3", "poe") is no name.
    while len(rest) > 1 and rest[0].h < FLAT * height:
        rest = rest[1:]
    name: list[Word] = []
    for word in rest:
        gap = word.x - (name[-1].x + name[-1].w) if name else 0.0
        inside = edge is not None and word.x + word.w < edge - height and gap < WIDE_GAP * height
        if name and gap > NAME_GAP * height and not inside:
            break
        name.append(word)
    tail = rest[len(name):]
    if doc_type == "torg12":
        # The ТОРГ-12 code column follows the name closely: a trailing article is its code.
        while len(name) > 1 and _CODE.match(name[-1].text):
            tail.insert(0, name.pop())
    return name, tail


def _parse_row(line: Line, number: int, doc_type: str, start: int,
               edge: float | None = None) -> Row | None:
    name, tail = _split_name(line.words, line.height, doc_type, start, edge)
    if not name:
        return None
    tail = split_glued(_join_groups(tail, line.height))
    row = Row(number, [w.text for w in name], conf=line.conf, ocr=line.ocr,
              tail_left=tail[0].x if tail else 1e9, name_left=name[0].x, page=line.page,
              bottom=line.bottom)
    texts = [w.text for w in tail]
    row.runs = [Decimal(t) / 100 for t in texts if re.fullmatch(r"\d{4,}", t)]
    money_idx = [i for i, t in enumerate(texts) if parse_money(t) is not None
                 and not re.fullmatch(r"\d+[,.]\d{3}", t)]
    if not money_idx:
        return row
    price_i = money_idx[0]
    row.qty = parse_qty(texts[price_i - 1]) if price_i > 0 else None
    if doc_type in ("act", "payment_invoice"):
        _onec_cells(row, texts, money_idx)
        return row
    row.unit = next((t for t in reversed(texts[:max(price_i - 1, 0)]) if t.isalpha()), None)
    _tail_amounts(row, texts, money_idx)
    _split_qty_from_price(row, texts[price_i])
    return row


def _onec_cells(row: Row, texts: list[str], money_idx: list[int]) -> None:
    """The 1С columns: quantity, unit, price, amount. A cell OCR garbled between the unit and
    the one amount read ("1 шт 2 ЗЭ25 2 739,25", "3 шт УЗ 2199,51") is the price, so that
    amount is the row's sum: the price is then sum / quantity where that gives it exactly."""
    price_i = money_idx[0]
    unit_i = next((i for i, t in enumerate(texts[:price_i]) if t.isalpha()), None)
    monies = [parse_money(texts[i]) for i in money_idx]
    between = texts[unit_i + 1:price_i] if unit_i is not None else []
    qty = parse_qty(texts[unit_i - 1]) if unit_i else None
    if unit_i is not None and len(monies) == 1 and qty is not None and between:
        price = price_of(qty, monies[0])
        if price is not None and (_not_a_quantity(between[-1], monies[0])
                                  or _ends_the_price(between, price)):
            row.qty, row.unit, row.price, row.net = qty, texts[unit_i], price, monies[0]
            return
    row.unit = texts[price_i - 1] if price_i > 0 and row.qty is None else None
    if price_i > 1 and row.qty is None:
        row.qty = parse_qty(texts[price_i - 2])
    row.unit = row.unit or next((t for t in texts[:price_i] if t.isalpha()), None)
    row.price, row.net = monies[0], monies[1] if len(monies) > 1 else None


def _ends_the_price(cells: list[str], price: Decimal) -> bool:
    """Garbled price cells whose last part is the price's kopecks ("ЗАЛ. 12" for 3 121,12):
    the number after the garble is no quantity but the end of the price."""
    tail = cells[-1]
    return len(cells) > 1 and len(tail) == 2 and tail.isdigit() \
        and f"{price:.2f}".endswith("." + tail)


def _not_a_quantity(text: str, amount: Decimal | None) -> bool:
    """A cell that cannot be the quantity beside this amount: no number, or a digit run larger
    than the amount ("2307313753" for the price 230 313,53 with its space and comma read as
    7s), which would price the row under a kopeck a unit."""
    qty = parse_qty(text)
    return qty is None or (amount is not None and qty > amount)


def _split_qty_from_price(row: Row, price_text: str) -> None:
    """OCR may glue the quantity to the price ("4 971,31"): take the split the arithmetic
    confirms, and only then."""
    if row.amount_ok or " " not in price_text:
        return
    head, _, rest = price_text.partition(" ")
    qty, price = parse_qty(head), parse_money(rest)
    if line_amount_ok(qty, price, row.net):
        row.qty, row.price = qty, price


def _tail_amounts(row: Row, texts: list[str], money_idx: list[int]) -> None:
    """Price, net, [rate], VAT or "без НДС", gross: the ПП 1137 and ТОРГ-12 column order."""
    monies = [parse_money(texts[i]) for i in money_idx]
    row.price = monies[0]
    row.net = monies[1] if len(monies) > 1 else None
    between = texts[money_idx[1] + 1:] if len(money_idx) > 1 else []
    no_vat = _NO_VAT_CELL.search(" ".join(between)) is not None
    if no_vat:
        row.rate, row.vat = "none", Decimal("0.00")
        row.gross = monies[2] if len(monies) > 2 else None
    else:
        # The rate cell stands before the VAT amount: a "5" further right is another column's.
        row.rate = read_rate(texts[money_idx[1] + 1:money_idx[2]] if len(money_idx) > 2
                             else between)
        row.vat = monies[2] if len(monies) > 2 else None
        row.gross = monies[3] if len(monies) > 3 else None
    realign(row, texts)
