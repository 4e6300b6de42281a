"""What speaks for or against one OCR field reading, as a few numbers a calibration maps to a
probability of being right (recognizers/fields/calibration.py).

Every feature is in [0, 1]. The same names serve every field kind; "shape" means the kind's own
validity check (ИНН checksum, КПП matching its ИНН, a date in range, a well-formed number or
organisation name, money confirmed by arithmetic), "agree" independent readings that say the
same, "words" how sure tesseract was of the words the value was read from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import mean

from recognizers.checks.checksums import figures_apart, inn_valid, kpp_valid
from recognizers.fields.crop_check import agreeing
from recognizers.fields.org_words import misread_name
from recognizers.fields.parties import Party, name_key
from recognizers.fields.person_names import known_person
from recognizers.page import Page, Word
from recognizers.textnorm import squash

FEATURES = ("wmin", "wmean", "verbatim", "line", "shape", "agree", "disagree", "page",
            "classified", "unlike", "present", "reread")
# Field kinds: what a reading is, which decides which checks apply.
KIND_OF = {"number": "number", "date": "date", "seller_name": "name", "buyer_name": "name",
           "seller_inn": "inn", "buyer_inn": "inn", "seller_kpp": "kpp", "buyer_kpp": "kpp",
           "total": "money", "vat": "money", "vat_rate": "rate"}
CONFIRMED_PRIOR = 0.99  # items_and_money marks arithmetic-confirmed money with this or more
YEARS = (2000, 2035)
FORM_SCORE = 4.0  # the classifier's score at which a form is recognised (classify.MIN_SCORE)


@dataclass
class Reading:
    """One field's reading as calibration sees it."""

    kind: str
    x: dict[str, float] = field(default_factory=dict)


@dataclass
class DocSignals:
    """Signals about the whole document, shared by its fields."""

    words: list[Word]
    page_conf: float  # mean tesseract confidence of the document's words: scan quality
    class_conf: float
    # How little of any primary form's markers the page shows (1: none): a document classified
    # "other" whose page still shows a form's markers may be that form with its title lost.
    unlike_forms: float
    keys: dict[str, list[float]]  # squashed word text -> confidences of its occurrences
    crops: list[str] = field(default_factory=list)  # crop readings of held values (crop_check)
    # Words of the lines read a second time (fields/reread.py): a value the page's own words
    # garbled ("ИНН 0790859, (846)") may stand whole there, read as printed.
    second: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def of(cls, pages: Sequence[Page], class_conf: float,
           class_scores: dict[str, float]) -> DocSignals:
        words = [w for p in pages for w in p.words if w.text.strip()]
        keys: dict[str, list[float]] = {}
        for word in words:
            keys.setdefault(squash(word.text), []).append(word.conf)
        page_conf = mean(w.conf for w in words) if words else 0.0
        form = max((s for k, s in class_scores.items() if k != "other"), default=0.0)
        unlike = 1.0 - max(0.0, min(1.0, form / FORM_SCORE))
        crops = [text for p in pages for text in p.crop_reads]
        second: dict[str, list[float]] = {}
        for word in (w for p in pages for line in getattr(p, "rereads", []) for w in line):
            second.setdefault(squash(word.text), []).append(word.conf)
        return cls(words, page_conf, class_conf, unlike, keys, crops, second)


_FORM_WORD = re.compile(r"^(?:ооо|оао|зао|пао|нао|ао)$")


def _token_conf(token: str, doc: DocSignals) -> float | None:
    """The best confidence of a word that holds this token (verbatim, after folding)."""
    key = squash(token)
    if not key:
        return None
    # A legal form's О printed as zeros ("000 «Гранит»") is the reader's "ООО", read as printed.
    for keys in (doc.keys, doc.second):
        found = _key_conf(key, keys)
        if found is not None:
            return found
    return None


def _key_conf(key: str, keys: dict[str, list[float]]) -> float | None:
    exact = keys.get(key) or (keys.get(key.replace("о", "0")) if _FORM_WORD.match(key)
                              else None)
    if exact:
        return max(exact)
    if len(key) < 4:
        return None
    inside = [max(confs) for word_key, confs in keys.items() if key in word_key]
    return max(inside) if inside else None


def word_signals(tokens: Sequence[str], doc: DocSignals) -> dict[str, float]:
    """wmin / wmean over the value's tokens, and the share of tokens found as printed words."""
    tokens = [t for t in tokens if squash(t)]
    if not tokens:
        return {"wmin": 0.0, "wmean": 0.0, "verbatim": 0.0}
    found = [_token_conf(t, doc) for t in tokens]
    confs = [c if c is not None else 0.0 for c in found]
    return {"wmin": min(confs), "wmean": mean(confs),
            "verbatim": sum(c is not None for c in found) / len(found)}


def _base(kind: str, tokens: Sequence[str], line_conf: float, doc: DocSignals) -> Reading:
    x = word_signals(tokens, doc)
    x.update(line=max(0.0, min(1.0, line_conf)), page=doc.page_conf, classified=doc.class_conf,
             unlike=doc.unlike_forms, present=1.0, shape=0.0, agree=0.0, disagree=0.0,
             reread=0.0)
    return Reading(kind, x)


def _crop_agreement(reading: Reading, value: str, doc: DocSignals) -> None:
    """Crop readings (one per scale) that read the value verbatim: a second look at the value's
    own pixels, taken only for values held for review."""
    if doc.crops:
        reading.x["reread"] = min(1.0, agreeing(value, doc.crops) / 2)


def absent(kind: str, doc: DocSignals, evidence: float = 0.0, shape: float | None = None
           ) -> Reading:
    """A null reading: ``evidence`` is the confidence of what makes null the right answer;
    ``shape`` by default how unlike a primary form the document is."""
    x = dict.fromkeys(FEATURES, 0.0)
    x.update(wmin=evidence, wmean=evidence, page=doc.page_conf, classified=doc.class_conf,
             unlike=doc.unlike_forms, shape=doc.unlike_forms if shape is None else shape)
    return Reading(kind, x)


_NUMBER = re.compile(r"^[0-9A-ZА-ЯЁ][0-9A-ZА-ЯЁ/\-.]{0,24}$")
# A letter OCR confuses with a digit, touching a digit: "СФЗ549-24" is СФ3549-24 misread.
_DIGIT_TWIN = re.compile(r"(?<=\d)[ЗОБВOISl]|[ЗОБВOISl](?=\d)")
# A prefix's letter read as a digit or two: "5П-002270" is БП-002270, "11Р2583-25" ПР2583-25
# (prefixes are letters).
_LETTER_AS_DIGIT = re.compile(r"^\d{1,2}[А-ЯЁA-Z]+[-/]?\d")
# ... or all of it: "5-64/24" is Б-64/24, "51-003478" БП-003478 (a prefix of one or two
# figures before a dash is a prefix's letters more often than figures; 1C's "00-" is kept).
_PREFIX_AS_DIGITS = re.compile(r"^(?!0+-)\d{1,2}-\d")
# A full stop inside a run of digits is a speck more often than a printed separator
# ("КА-001.636" for КА-001636, read at 0.77 by the Russian model).
_DOT_IN_DIGITS = re.compile(r"\d\.\d")


def _letter_made_zero(value: str, doc: DocSignals) -> bool:
    """A zero right after the prefix that OCR read as the letter O ("CO3581-24", made С03581-24
    by header.clean_number): that O may be a prefix's own О, or an Ф tesseract read as O
    (СФ3581-24), as likely as a zero."""
    if not re.search(r"[А-ЯЁ]0", value):
        return False
    return squash(re.sub(r"(?<=[А-ЯЁ])0", "о", value)) in doc.keys


def _year_lost(value: str, year: int | None) -> bool:
    """A number ending in figures and then the document's year without the slash before it:
    "3824/25" read "382425", "М-2/24" read "М-2124" (the slash taken for a 1 or lost). Not
    one of figures only from a zero (1С's "03724", "00000002844"): such a count is padded
    to its width, and no "N/YY" number starts with a zero."""
    if value.startswith("0") and value.isdigit():
        return False
    return year is not None and re.search(rf"\d{year % 100:02d}$", value) is not None


def number_reading(value: str, line_conf: float, doc: DocSignals, kind: str = "number",
                   year: int | None = None) -> Reading:
    """``kind`` "other_number": read on a document of no primary class, from its first lines
    (which, on a form whose title OCR lost, are not the form's number). ``year``: the
    document's date's, when read."""
    reading = _base(kind, [value], line_conf, doc)
    # Printed numbers carry Cyrillic prefixes (header.clean_number makes look-alikes Cyrillic):
    # a Latin letter left among them is a misread ("ТIР2605-24" for ПР2605-24).
    latin = re.search(r"[A-Z]", value) is not None
    cyrillic = re.search(r"[А-ЯЁ]", value) is not None
    shape = bool(_NUMBER.match(value)) and any(ch.isdigit() for ch in value) \
        and not value.endswith(("-", "/", ".")) and not (latin and cyrillic) \
        and not _DIGIT_TWIN.search(value) and not _LETTER_AS_DIGIT.match(value) \
        and not _PREFIX_AS_DIGITS.match(value) \
        and not _DOT_IN_DIGITS.search(value) and not _year_lost(value, year) \
        and set(value) != {"0"}
    reading.x["shape"] = float(shape and not _letter_made_zero(value, doc))
    repeats = len(doc.keys.get(squash(value), [])) - 1
    reading.x["agree"] = min(1.0, max(0, repeats) / 2)
    _crop_agreement(reading, value, doc)
    return reading


def date_reading(value: dt.date, line_conf: float, seen: int, doc: DocSignals,
                 kind: str = "date") -> Reading:
    printed = value.strftime("%d.%m.%Y")
    reading = _base(kind, [printed], line_conf, doc)
    words = word_signals([f"{value.day:02d}", str(value.year)], doc)
    if reading.x["verbatim"] == 0.0:
        # «05» марта 2025 г.: the day and year words stand for the value.
        reading.x.update(words)
    elif seen >= 1:
        # Printed twice ("17.01.2024" and «17» января 2024 г.), both read alike: the surer
        # of the two readings speaks for the value.
        reading.x["wmin"] = max(reading.x["wmin"], words["wmin"])
        reading.x["wmean"] = max(reading.x["wmean"], words["wmean"])
    reading.x["shape"] = float(YEARS[0] <= value.year <= YEARS[1])
    reading.x["agree"] = min(1.0, max(0, seen) / 2)
    return reading


_FORM = re.compile(r"^(?:ООО|АО|ПАО|ЗАО|ОАО|НАО|Общество с ограниченной ответственностью|"
                   r"(?:(?:Публичное|Непубличное|Закрытое|Открытое) )?[Аа]кционерное общество)"
                   r"\s+(?:«(?P<inner>[^«»\"]+)»|\"(?P<plain>[^«»\"]+)\")$")
_SURNAME = r"\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_PERSON = re.compile(r"^(?:ИП|Индивидуальный предприниматель)"
                     rf"(?P<name>(?:{_SURNAME}){{2,3}}|{_SURNAME}\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.)$")
_INNER_WORD = re.compile(r"^[А-ЯЁA-Z0-9][А-ЯЁа-яёA-Za-z0-9]*(?:-[А-ЯЁа-яёA-Za-z0-9]+)*$")


def name_shape(value: str) -> bool:
    """An organisation's name as printed: a legal form, then a quoted name of real words; or
    ИП and a full name. OCR debris ("ООО score Lowe", "WN Кудрявцев") fails this."""
    person = _PERSON.match(value)
    if person:
        # A full name whose given name or patronymic does not exist is a misread letter
        # ("ИП Захаров Миханл Николаевич"), however name-like it looks.
        parts = person.group("name").split()
        return len(parts) != 3 or known_person(parts[1], parts[2])
    match = _FORM.match(value)
    if not match:
        return False
    # Quotes in a pair, the name flush against them: 'АО «Сибирская "' is a name cut short.
    inner = match.group("inner") or match.group("plain")
    if _ghost_capital(inner):
        return False
    words = inner.split()
    # A common word one letter off ("Дельта Гоупп") is a misread, however name-like it looks.
    return (bool(words) and inner == inner.strip() and all(_INNER_WORD.match(w) for w in words)
            and not misread_name(inner))


def _ghost_capital(name: str) -> bool:
    """A capital inside a name with a lower-case twin right before it ("«ИнфотТех»" for
    ИнфоТех, tesseract's ghost of a glyph): as likely a misread as a name like «АвтоОптТорг»,
    so no name of that shape is sure."""
    return any(a.upper() == b for a, b in re.findall(r"(?<=[а-яё])([а-яё])([А-ЯЁ])", name))


def _votes(readings: Sequence[tuple[str, float]], value: str, key: bool) -> tuple[int, int]:
    """Readings that agree with the value and that do not. Two captions matching the same line
    ("Покупатель (Заказчик)" and "Заказчик") give one reading twice, with the same value and
    line confidence: such repeats are one reading, not a confirmation."""
    keyf = name_key if key else (lambda v: v)
    target = keyf(value)
    distinct = set(readings)
    same = sum(1 for v, _c in distinct if keyf(v) == target)
    return same, len(distinct) - same


def _agreement(reading: Reading, same: int, other: int) -> None:
    reading.x["agree"] = min(1.0, max(0, same - 1) / 2)
    reading.x["disagree"] = min(1.0, other / 2)


def _best_conf(readings: Sequence[tuple[str, float]], value: str, key: bool) -> float:
    keyf = name_key if key else (lambda v: v)
    return max((c for v, c in readings if keyf(v) == keyf(value)), default=0.0)


def name_reading(value: str, party: Party, doc: DocSignals) -> Reading:
    reading = _base("name", value.split(), _best_conf(party.names, value, True), doc)
    # A word of the name no OCR word holds was mended (party_names.tidy_name): no check
    # confirms a name's letters.
    reading.x["shape"] = float(name_shape(value) and reading.x["verbatim"] == 1.0)
    _agreement(reading, *_votes(party.names, value, True))
    _crop_agreement(reading, value, doc)
    return reading


def inn_reading(value: str, party: Party, doc: DocSignals) -> Reading:
    # A checksum-repaired reading carries half its line's confidence (party_rows.add_req).
    reading = _base("inn", [value], _best_conf(party.inns, value, False), doc)
    reading.x["shape"] = float(inn_valid(value))
    # A reading that fails the checksum one figure off a valid value, or of another length, is
    # that value misread, not a second opinion ("7203077696" beside a valid 7203077690). One
    # further off still disputes it: a misread of an ИНН may pass the checksum, and the value
    # may be one ("7203077650" for 7203077690 beside "0203077690").
    others = [(v, c) for v, c in party.inns
              if inn_valid(v) or (figures_apart(v, value) or 0) > 1] \
        if inn_valid(value) else party.inns
    _agreement(reading, *_votes(others, value, False))
    return reading


def kpp_reading(value: str, inn: str | None, party: Party, doc: DocSignals) -> Reading:
    reading = _base("kpp", [value], _best_conf(party.kpps, value, False), doc)
    # The КПП's first four digits are the tax office, which an organisation's ИНН also starts
    # with in nearly every case: an independent check of both readings.
    same_office = inn is not None and inn_valid(inn) and value[:4] == inn[:4]
    reading.x["shape"] = float(kpp_valid(value) and same_office)
    # A reading of another office than the ИНН's came from a misread row ("3555400367, КПП
    # 355543001" beside ИНН 3666400367, КПП 366643001): no second opinion of the КПП.
    others = [(v, c) for v, c in party.kpps if v[:4] == value[:4]] if same_office \
        else party.kpps
    _agreement(reading, *_votes(others, value, False))
    return reading


def money_tokens(value: str) -> list[str]:
    """"1234567.89" as printed: "1 234 567,89" (only the groups long enough to be telling)."""
    whole, _, cents = value.partition(".")
    groups = f"{int(whole):,}".split(",") if whole.lstrip("-").isdigit() else [whole]
    groups[-1] = f"{groups[-1]},{cents}" if cents else groups[-1]
    return [g for g in groups if len(g) >= 3] or groups[-1:]


def money_reading(value: str, prior: float, doc: DocSignals) -> Reading:
    """``prior``: the confidence items_and_money gave (arithmetic-confirmed at 0.99 or more)."""
    reading = _base("money", money_tokens(value), min(1.0, prior), doc)
    reading.x["shape"] = float(prior >= CONFIRMED_PRIOR)
    return reading


def rate_reading(value: str, prior: float, doc: DocSignals) -> Reading:
    reading = _base("rate", [], min(1.0, prior), doc)
    reading.x.update(wmin=prior, wmean=prior, verbatim=1.0, shape=float(prior >= CONFIRMED_PRIOR))
    return reading
