"""Seller and buyer: name, ИНН and КПП found by the role captions each form prints.

seller = продавец / поставщик / исполнитель; buyer = покупатель / плательщик / заказчик.
Every place a form repeats a party (consignor, the составитель block, the bank box) is read
too: two independent readings that agree confirm a value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from recognizers.fields.layout import Line
from recognizers.fields.requisites import best_inn, best_kpp
from recognizers.textnorm import fold_keep

_REQ = (r"(?P<name>[^,]{3,120}?)\s*,\s*инн\s*:?\s*(?P<inn>[\dоolі|зб ]{10,16})"
        r"(?:\s*,?\s*кпп\s*:?\s*(?P<kpp>[\dоolі|зб a-z]{9,12}))?")
# (role, caption regexes whose value is "name, ИНН x, КПП y", main ones first)
_CAPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "torg12": {"seller": (r"поставщик", r"грузоотправитель"),
               "buyer": (r"плательщик", r"грузополучатель")},
    "act": {"seller": (r"исполнитель\s*:?",), "buyer": (r"заказчик\s*:?",)},
    "payment_invoice": {
        "seller": (r"поставщик\s*(?:\(\s*исполнитель\s*\))?\s*:?", r"исполнитель\)?\s*:?"),
        "buyer": (r"покупатель\s*(?:\(\s*заказчик\s*\))?\s*:?", r"заказчик\)?\s*:?")},
}
_SF_NAME = {"seller": r"(?<![а-я/])продавец\s*:\s*(?P<name>.+?)\s*(?:[\(\[{]\s*2\s*[\)\]}]|$)",
            "buyer": r"(?<![а-я/])покупатель\s*:\s*(?P<name>.+?)\s*(?:[\(\[{]\s*6\s*[\)\]}]|$)"}
_SF_REQ = {"seller": r"инн\s*/\s*кпп\s+продавца\s*:?\s*(?P<v>.*)",
           "buyer": r"инн\s*/\s*кпп\s+покупателя\s*:?\s*(?P<v>.*)"}


@dataclass
class Party:
    names: list[tuple[str, float]] = field(default_factory=list)  # reading, its confidence
    inns: list[tuple[str, float]] = field(default_factory=list)
    kpps: list[tuple[str, float]] = field(default_factory=list)
    kpp_absent: bool = False  # the caption was read and carries no КПП


def read_parties(lines: Sequence[Line], doc_type: str) -> dict[str, Party]:
    parties = {"seller": Party(), "buyer": Party()}
    if doc_type in ("upd", "vat_invoice"):
        _sf_parties(lines, parties)
    elif doc_type in _CAPTIONS:
        for role, captions in _CAPTIONS[doc_type].items():
            for caption in captions:
                _caption_reads(lines, caption, parties[role])
        if doc_type == "payment_invoice":
            _bank_box(lines, parties["seller"])
    return parties


def _add_req(party: Party, name: str | None, inn_raw: str | None, kpp_raw: str | None,
             conf: float) -> None:
    if name:
        party.names.append((tidy_name(name), conf))
    inn = best_inn(inn_raw) if inn_raw else None
    if inn:
        party.inns.append((inn[0], conf * (0.5 if inn[1] else 1.0)))
        kpp = best_kpp(kpp_raw) if kpp_raw else None
        if kpp:
            party.kpps.append((kpp, conf))
        elif not kpp_raw:
            party.kpp_absent = True


def _caption_reads(lines: Sequence[Line], caption: str, party: Party) -> None:
    pattern = re.compile(r"(?:^|\s)" + caption + r"\s*" + _REQ)
    for index, line in enumerate(lines):
        # A party's requisites may wrap: read the line with the next one.
        text = line.text + " " + (lines[index + 1].text if index + 1 < len(lines) else "")
        match = pattern.search(fold_keep(text))
        if match and match.start() < len(line.text):
            name = text[match.start("name"):match.end("name")]
            inn = match.group("inn")
            kpp = text[match.start("kpp"):match.end("kpp")] if match.group("kpp") else None
            _add_req(party, name, inn, kpp, line.conf)


def _sf_parties(lines: Sequence[Line], parties: dict[str, Party]) -> None:
    for role, party in parties.items():
        name_re, req_re = re.compile(_SF_NAME[role]), re.compile(_SF_REQ[role])
        for line in lines:
            folded = fold_keep(line.text)
            match = name_re.search(folded)
            if match and not party.names:
                party.names.append((tidy_name(line.text[match.start("name"):match.end("name")]),
                                    line.conf))
            match = req_re.search(folded)
            if match and not party.inns:
                _sf_requisites(line.text[match.start("v"):], party, line.conf)
    # The УПД repeats the seller (составитель) as "NAME, ИНН/КПП x/y" in the lower block.
    pattern = re.compile(r"(?P<name>[^,]{3,80}?)\s*,\s*инн\s*/\s*кпп\s*(?P<v>[\d/ оolі|зб]+)")
    for line in lines:
        match = pattern.search(fold_keep(line.text))
        if match:
            owner = _owner(line.text[match.start("name"):match.end("name")], parties)
            if owner is not None:
                _sf_requisites(line.text[match.start("v"):], owner, line.conf)


def _owner(name: str, parties: dict[str, Party]) -> Party | None:
    key = name_key(tidy_name(name))
    for party in parties.values():
        if any(name_key(n) == key for n, _c in party.names):
            return party
    return None


def _sf_requisites(value: str, party: Party, conf: float) -> None:
    value = re.sub(r"\s*[\(\[{]\s*\d+\s*[а-яб]?\s*[\)\]}]?\s*$", "", value)
    inn_raw, _, kpp_raw = value.partition("/")
    inn = best_inn(inn_raw)
    if inn:
        party.inns.append((inn[0], conf * (0.5 if inn[1] else 1.0)))
        kpp = best_kpp(kpp_raw) if kpp_raw.strip() else None
        if kpp:
            party.kpps.append((kpp, conf))
        elif not kpp_raw.strip():
            party.kpp_absent = True


def _bank_box(lines: Sequence[Line], party: Party) -> None:
    """The payment box prints "ИНН x  КПП y" on one line and the payee's name under it."""
    for index, line in enumerate(lines):
        match = re.search(r"^инн\s*(?P<inn>[\d оolі|зб]{10,14})\s+кпп\s*(?P<kpp>[\dа-яa-z]{0,9})",
                          fold_keep(line.text))
        if match:
            kpp = line.text[match.start("kpp"):match.end("kpp")]
            _add_req(party, None, match.group("inn"), kpp or None, line.conf)
            if index + 1 < len(lines):
                below = lines[index + 1].cells()[0]
                party.names.append((tidy_name(" ".join(w.text for w in below)),
                                    min(w.conf for w in below)))
            return


_QUOTES = str.maketrans({"“": "\"", "”": "\"", "„": "\""})
_LOOKALIKE = str.maketrans(dict(zip("AOPCEHKMTXBaopcexy", "АОРСЕНКМТХВаорсеху", strict=True)))
# A form's row tag after the value: (2), (6), read by OCR as (2а), (ба), [6) and the like.
_TAG = re.compile(r"\s*[\(\[{|]\s*[\dбзб]{1,2}\s*[а-яa-z]?\s*[\)\]}|]?\s*$")


def _cyrillic_word(word: str) -> str:
    """OCR writes the Cyrillic ООО, АО, ПАО with Latin look-alikes; organisation names here are
    Cyrillic, so a word of look-alikes or a word mixing both scripts becomes Cyrillic."""
    latin = re.findall(r"[A-Za-z]", word)
    if not latin:
        return word
    cyr = re.search(r"[А-Яа-яЁё]", word)
    if cyr or (all(ch in "AOPCEHKMTXBaopcexy" for ch in latin) and len(word) <= 4):
        return word.translate(_LOOKALIKE)
    return word


# A legal form whose О letters OCR read as zeros ("000 «Ромашка»"): no name starts with digits.
_FORMS = {"ооо": "ООО", "ао": "АО", "пао": "ПАО", "зао": "ЗАО", "оао": "ОАО"}


def _legal_form(word: str) -> str:
    return _FORMS.get(word.replace("0", "о").lower().translate(_LOOKALIKE).lower(), word)


def tidy_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,:;-_—|")
    name = _TAG.sub("", name)
    words = [_cyrillic_word(w) for w in name.split()]
    if words and "0" in words[0]:
        words[0] = _legal_form(words[0])
    name = " ".join(words)
    return name.translate(_QUOTES).strip(" ,:;-_—|")


def name_key(name: str) -> str:
    """Compare names as the scorer does: quotes alike, case and spaces ignored."""
    folded = fold_keep(name)
    return re.sub(r"[\s\"«»“”']", "", folded)
