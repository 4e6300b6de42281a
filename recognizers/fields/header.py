"""Document number and date from the form's title line ("СЧЕТ-ФАКТУРА № … от …")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from recognizers.fields.layout import Line
from recognizers.fields.values import find_dates
from recognizers.textnorm import fold_keep

# "№" as OCR reads it: №, N, No, Ne, N°, Nº, Хо.
# fold_keep makes a Latin "e" Cyrillic, so both stand after the "N".
NUMBER_SIGN = r"(?:№|n[eеoо°º2]?\b|n[eеoо°º](?![a-zа-яё])|хо|n[eе])"  # not "nom." (пом.)
# "СЧЁТ-ФАКТУРА" as OCR may cut it ("СЧЕТ-Ф А №") or read it in Latin ("CUET-®AKTYPA"): the
# hyphen and "ф" still tell it from "счёт на оплату"; the "№" and date that must follow keep
# other lines out.
_SF_TITLE = r"с[чu][её]т\s*[-–—]?\s*[ф®](?:актура|[а-я]{0,6}\s?[а-я]{0,6})"
_TITLES: dict[str, str] = {
    "upd": _SF_TITLE,
    "vat_invoice": _SF_TITLE,
    "act": r"(?:\bакт\b|^\W*кт\b)",  # its А may be lost to the margin ("—KT № 1559")
    "payment_invoice": r"с?ч[её]т\s+на\s+оплату",  # its С may be lost to the margin
    "other": r"(?:договор[а-я ]*|доверенность|исх\.?|^)",
}
_NUMBER_TOKEN = re.compile(r"[^\s,;]+")
# Latin look-alikes in a printed number are Cyrillic (1С prefixes), and O in a number is zero;
# tesseract reads the Ф of "СФ" as "®" (3 of 96 dev scans), a sign no number prints.
_NUMBER_FIX = str.maketrans({"®": "Ф", "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К",
                             "M": "М", "P": "Р", "T": "Т", "X": "Х", "Y": "У", "O": "0",
                             "О": "0", "—": "-", "–": "-"})
LOOKAHEAD_LINES = 3
_SPLIT_P = re.compile(r"^(?:[IІl|1]Т|Т[IІl|])(?=[А-ЯЁ]{0,2}-?\d)")
REPAIRED_CONF = 0.3


@dataclass
class Header:
    number: str | None = None
    date: dt.date | None = None
    number_conf: float = 0.0
    date_conf: float = 0.0
    date_seen: int = 0  # how many times the same date is printed elsewhere (a confirmation)


def clean_number(raw: str) -> str | None:
    value = raw.strip(".,:;()«»\"'").translate(_NUMBER_FIX)
    # "З" before a digit is a 3 OCR read as the letter ("СФЗ549-24"): prefixes end in letters
    # that are not З in practice, while 3/З is tesseract's commonest confusion in numbers.
    value = re.sub(r"З(?=\d)", "3", value)
    if not value or value.lower() in ("от", "ot") or value.startswith("-"):
        return None
    return value


def read_header(lines: Sequence[Line], doc_type: str) -> Header:
    first_page = [ln for ln in lines if ln.page == lines[0].page] if lines else []
    if doc_type == "torg12":
        found = _torg12_header(first_page)
    else:
        found = _title_header(first_page, _TITLES.get(doc_type, _TITLES["other"]))
    if found.number is not None and _SPLIT_P.match(found.number):
        # П whose left or right stem OCR split off as a stroke of its own: "IТР375-25" and
        # "ТIР600-25" are ПР375-25 and ПР600-25, a repair no check confirms.
        found.number = _SPLIT_P.sub("П", found.number)
        found.number_conf = min(found.number_conf, REPAIRED_CONF)
    if found.date is not None:
        text = " ".join(ln.text for ln in lines)
        found.date_seen = sum(1 for _pos, d in find_dates(text) if d == found.date) - 1
    return found


def _title_header(lines: Sequence[Line], title: str) -> Header:
    pattern = re.compile(title + r"[^№]{0,80}?" + NUMBER_SIGN + r"\s*(?P<rest>.*)")
    for index, line in enumerate(lines):
        match = pattern.search(fold_keep(line.text))
        if not match:
            continue
        rest = line.text[match.start("rest"):]
        token = _NUMBER_TOKEN.match(rest)
        number = clean_number(token.group(0)) if token else None
        if number is None:
            # The number box's underline can pull its word left of "№" ("ФАКТУРА 3078 № от").
            number = _number_before_sign(line.text[match.end(0) - len(match.group(0)):
                                                   match.start("rest")])
        if number is None:
            continue
        tail = " ".join([rest[token.end():] if token else rest]
                        + [ln.text for ln in lines[index + 1:index + 1 + LOOKAHEAD_LINES]])
        dates = find_dates(tail)
        return Header(number, dates[0][1] if dates else None, line.conf,
                      line.conf if dates else 0.0)
    return Header()


_BEFORE_SIGN = re.compile(r"^\S*?\s+(?P<num>[^\s№]*\d[^\s№]*)\s+(?:№|[nN][eеoо°º2]?)\s*$")


def _number_before_sign(span: str) -> str | None:
    """The number when it stands between the title and "№" (a single token with a digit)."""
    found = _BEFORE_SIGN.match(span)
    return clean_number(found.group("num")) if found else None


# The two boxes' values; specks or the frame after them read as stray marks or letters
# ("1323 19.02.2026 ?", "В-62/25 18.06.2025 Ц |").
_DATE_ONLY = re.compile(r"^\s*(?P<num>\S+)\s+(?P<date>\d{1,2}[./]\d{1,2}[./]\d{4})"
                        r"(?:\s+(?:[^\w\s]{1,2}|\S)){0,2}\s*$")
# The boxes' frame lines read as tokens or glued to the values: |, [, (, ’, =, —.
_FRAME = "|[](){}’‘'`\"=—–-_"
_BOX_DATE = re.compile(r"^(?P<d>\d{2})[./]?(?P<m>\d{2})[./]?(?P<y>\d{4})$")


def _torg12_header(lines: Sequence[Line]) -> Header:
    """The number and date sit in two boxes under "Номер документа | Дата составления"."""
    date_only = Header()
    for start in _title_lines(lines):
        found = _boxes_near(lines, start)
        if found.number is not None:
            return found
        if date_only.date is None:
            date_only = found
    return date_only


def _title_lines(lines: Sequence[Line]) -> list[int]:
    """Lines the boxes stand beside or under: the title, or the boxes' captions where OCR
    broke the title off them ("Номер документа Дата составления" over "ПАКЛАДНАЯ", "ТОВАРНАЯ
    Номер документа = Дата сос tamer" over "НАКЛАДНАЯ"); the form's closing "Товарная
    накладная имеет приложение" reads as a title too."""
    out = []
    for i, line in enumerate(lines):
        folded = fold_keep(line.text)
        if torg12_title(folded) or ("номер документа" in folded
                                    and re.search(r"составления|дата|товарная", folded)):
            out.append(i)
    return out


def _boxes_near(lines: Sequence[Line], start: int) -> Header:
    date_only = Header()
    for line in lines[max(0, start - 1):start + 4]:
        for cell_words in _cells_text(line):
            # The frame between the boxes read as a token of its own ("В-62/25 | 18.06.2025").
            cell_words = " ".join(t for t in cell_words.split() if t.strip(_FRAME))
            match = _DATE_ONLY.match(cell_words)
            dates = find_dates(match.group("date")) if match else []
            if match and dates:
                number = clean_number(match.group("num"))
                if number and _box_number_ok(match.group("num")) and re.search(r"\d", number):
                    return Header(number, dates[0][1], line.conf, line.conf)
                if date_only.date is None:
                    date_only = Header(None, dates[0][1], 0.0, line.conf)
        found = _framed_boxes(line)
        if found is not None:
            return Header(found[0], found[1], line.conf, line.conf)
    return date_only


def torg12_title(folded: str) -> bool:
    """"ТОВАРНАЯ НАКЛАДНАЯ … Номер документа", also with words broken by OCR ("т ОВ АРНАЯ",
    "НАКЛАД НАЯ"); the transport waybill's "Транспортная накладная" line has no "Номер
    документа"."""
    joined = folded.replace(" ", "")
    return "накладная" in joined and (
        "товарная" in joined or "арнаянакладная" in joined
        or ("номер" in folded and "документа" in folded))


def _box_number_ok(raw: str) -> bool:
    """A number glued to punctuation ("323:") lost a character to it: not shown as read; a
    frame line alone ("|") is no number."""
    core = raw.strip(_FRAME)
    return bool(re.search(r"\w", core)) and not re.search(r"[:;,]", core)


def _framed_boxes(line: Line) -> tuple[str, dt.date] | None:
    """"| M-17/24 || 18.12.2024 |", "СФ4922-24 = 21022024 —": the two boxes with their frame
    read as text; the date may lose its dots (only here, where the box holds nothing else)."""
    tokens = [t.strip(_FRAME) for t in line.text.split()]
    tokens = [t for t in tokens if t]
    if len(tokens) != 2 or not re.search(r"\d", tokens[0]) or not _box_number_ok(tokens[0]):
        return None
    match = _BOX_DATE.match(tokens[1])
    number = clean_number(tokens[0])
    if match is None or number is None:
        return None
    try:
        date = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None
    return number, date


def _cells_text(line: Line) -> list[str]:
    """The line, and the line without a leading title (the boxes stand right of it)."""
    texts = [line.text]
    words = line.words
    for cut in range(1, len(words) - 1):
        texts.append(" ".join(w.text for w in words[cut:]))
    return texts
