"""Seller and buyer: name, ИНН and КПП found by the role captions each form prints.

seller = продавец / поставщик / исполнитель; buyer = покупатель / плательщик / заказчик.
Every place a form repeats a party (consignor, the составитель block, the bank box) is read
too: two independent readings that agree confirm a value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from recognizers.fields.layout import Line
from recognizers.fields.parties_order import buyer_after_seller, inn_anchored, seller_before_buyer
from recognizers.fields.party_names import checked_name, edit_distance, name_key, tidy_name
from recognizers.fields.party_rows import KPP_WORD, Party, add_name, add_req, caption_reads
from recognizers.fields.requisites import best_inn, best_kpp
from recognizers.textnorm import fold_keep

NEAR_EDITS = 2  # letters two readings of one name may differ by before they are two names
DAMAGED_SHARE = 0.2  # a damaged reading within this share of edits is the same name
CUT_SHARE = 0.5  # a damaged reading this much of a name's start is that name cut short
# A parenthesised second role, "Покупатель (Заказчик):", read as "(Заказчию:" and the like.
_ALSO = r"\s*(?:\(\s*[а-я]{6,12}\S?\s*\)?)?\s*[.:,]?"
# (role, caption regexes whose value is "name, ИНН x, КПП y", main ones first). A caption's
# last letter may be missing: a photo's OCR wraps it onto the next line ("Исполнител" + "ь:").
_CAPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "torg12": {"seller": (r"поставщик?[.:]?", r"грузоотправител[ьb]?[.:]?"),
               "buyer": (r"плател[а-яa-z]{1,4}[.:]?", r"грузополучател[ьb]?[.:]?")},
    "act": {"seller": (r"исполнител[ьb]?\s*:?",), "buyer": (r"заказчик?\s*:?",)},
    "payment_invoice": {
        "seller": (r"поставщик?" + _ALSO, r"исполнител[ьb]?\)?\s*:?"),
        "buyer": (r"покупател[ьb]?" + _ALSO, r"заказчик?\)?\s*:?")},
}
# A caption whose first letters OCR lost or misread ("юставщик", "юкупатель") still says whose
# row it is: the rest of the word is no other caption's.
_CAPTIONS_CUT = {
    "act": {"seller": r"[а-яa-z]{0,2}сполнител[ьb]?\s*:?", "buyer": r"[а-яa-z]{0,2}аказчик?\s*:?"},
    "torg12": {"seller": r"[а-яa-z]{0,2}ставщик?[.:]?",
               "buyer": r"[а-яa-z]{0,2}лательщик?[.:]?"},
    "payment_invoice": {"seller": r"[а-яa-z]{0,2}ставщик?" + _ALSO,
                        "buyer": r"[а-яa-z]{0,2}купател[ьb]?" + _ALSO},
}
# The colon may be lost to OCR ("Покупатель ПАО «…» (6)").
_SF_NAME = {"seller": r"(?<![а-я/])продавец(?![а-я])\s*[:;.]?\s*(?P<name>.+?)\s*"
                      r"(?:[\(\[{]\s*2\s*[\)\]}]|(?<=\s)2\s*[\)\]}]\s*$|$)",
            "buyer": r"(?<![а-я/])покупатель(?![а-я])\s*[:;.]?\s*(?P<name>.+?)\s*"
                     r"(?:[\(\[{]\s*6\s*[\)\]}]|(?<=\s)6\s*[\)\]}]\s*$|$)"}
# "ИНН/КПП" as OCR reads it on scans: ИННИКПП, ИННКПП., VUHH/KNN, ИННИПП, |MHH/KNN, ИННИКПИ.
_INN_KPP = r"(?:инн|[a-zа-я|]?[нh]{2})[/|\\иi1l]?\.?\s?(?:[кk][пиnлтнй]{1,3}|ипп)?\.?"
# Before "продавца"/"покупателя" the caption may be damaged further: ИННАКЛП, ИННКАП, ИННИГ П.
_SF_INN_KPP = r"(?:инн|[a-zа-я|]?[нh]{2})[^\s\d]{0,5}(?:\s[^\s\d]{1,2})?\.?"
# The caption may be lost whole, leaving "пожупателя 3662762704/366201001" (the value must
# still be a pair whose ИНН passes its check).
_SF_REQ = {"seller": r"(?:" + _SF_INN_KPP + r"\s*|^\W*)продавца\s*:?\s*(?P<v>.*)",
           "buyer": r"(?:" + _SF_INN_KPP + r"\s*|^\W*)по[кж]упателя\s*:?\s*(?P<v>.*)"}


def read_parties(lines: Sequence[Line], doc_type: str) -> dict[str, Party]:
    parties = {"seller": Party(), "buyer": Party()}
    if doc_type in ("upd", "vat_invoice"):
        _sf_parties(lines, parties)
    elif doc_type in _CAPTIONS:
        for role, captions in _CAPTIONS[doc_type].items():
            for caption in captions:
                caption_reads(lines, caption, parties[role])
            cut = _CAPTIONS_CUT.get(doc_type, {}).get(role)
            if cut and not (parties[role].names or parties[role].inns):
                caption_reads(lines, cut, parties[role])
        if doc_type == "payment_invoice":
            _bank_box(lines, parties["seller"])
        if doc_type != "torg12":  # its consignor and consignee rows stand between
            seller_before_buyer(lines, parties["seller"], _CAPTIONS[doc_type]["buyer"])
            buyer_after_seller(lines, parties)
        inn_anchored(lines, parties)
    return parties


def _sf_parties(lines: Sequence[Line], parties: dict[str, Party]) -> None:
    for role, party in parties.items():
        name_re, req_re = re.compile(_SF_NAME[role]), re.compile(_SF_REQ[role])
        for line in lines:
            folded = fold_keep(line.text)
            match = name_re.search(folded)
            if match and not party.names:
                add_name(party, line.text[match.start("name"):match.end("name")], line.conf,
                          line.ocr)
            match = req_re.search(folded)
            if match and not party.inns:
                _sf_requisites(line.text[match.start("v"):], party, line.conf)
        if not party.names:
            _tagged_name_row(lines, party, _SF_TAG[role])
    _signature_block(lines, parties)
    for role, caption in (("seller", _SHIPPER), ("buyer", _CONSIGNEE)):
        for line in lines:
            match = caption.search(fold_keep(line.text))
            if match:
                raw = line.text[match.start("name"):match.end("name")]
                _same_party_name(parties[role], checked_name(raw),
                                 span_conf(line, match.start("name"), match.end("name")))
                break
    for party in parties.values():
        _drop_outvoted(party)


# The row numbers the form prints after the seller's (2) and buyer's (6) names.
_SF_TAG = {"seller": re.compile(r"^(?P<name>.+?)\s*[\(\[{]\s*2\s*[\)\]}]\s*$"),
           "buyer": re.compile(r"^(?P<name>.+?)\s*[\(\[{]\s*[6б]\s*[\)\]}]\s*$")}


def _tagged_name_row(lines: Sequence[Line], party: Party, tag: re.Pattern[str]) -> None:
    """A name row whose caption OCR lost (": 000 «Зеленый Дом» (6)"): the row number after it
    says whose name it is; taken only when what precedes the number is a name."""
    for line in lines:
        match = tag.match(line.text)
        # A caption OCR garbled past matching ("Покупател›: OOO «Логос» (6)") ends in a colon.
        raw = re.sub(r"^[^:]{0,14}:", "", match.group("name")) if match else ""
        name = checked_name(raw) if match and line.ocr else None
        if name:
            party.names.append((name, line.conf))
            return


# The consignor (3) and consignee (4) rows: "NAME, address (3)"; "он же" is no reading.
# OCR may split the caption ("Грузополуча тель") and read the comma after the name as ".".
_NAME_THEN_ADDRESS = r"\s+и\s+его\s+адрес\s*:?\s*(?P<name>[^,]{3,120}?)\s*[,.](?:\s|$)"
_SHIPPER = re.compile(r"грузоотправ\s?итель" + _NAME_THEN_ADDRESS)
_CONSIGNEE = re.compile(r"грузополуча\s?тель" + _NAME_THEN_ADDRESS)


def span_conf(line: Line, start: int, end: int) -> float:
    """The least sure word among those of ``line.text[start:end]``: a name printed again
    in a row of other text is as sure as its own words, not as the row's worst word."""
    confs, at = [], 0
    for word in line.words:
        if at < end and at + len(word.text) > start:
            confs.append(word.conf)
        at += len(word.text) + 1
    return min(confs, default=line.conf)


def _drop_outvoted(party: Party) -> None:
    """Two readings that agree outvote a third a letter or two off: OCR damage in the third
    (two independent readings damaged alike are rare), not a doubt about the name."""
    keys = Counter(name_key(n) for n, _c in party.names)
    if len(keys) < 2:
        return
    (best, votes), (_second, runner_up) = keys.most_common(2)
    if votes >= 2 and votes > runner_up:
        party.names = [(n, c) for n, c in party.names if name_key(n) == best]


def _same_party_name(party: Party, name: str | None, conf: float) -> None:
    """A name printed again elsewhere (consignor, consignee, the signature block) may be another
    organisation's: it counts as a reading of this party's name only when it is nearly the
    same (OCR damage is a few letters): equal, it confirms; a letter or two apart, it disputes
    (neither is then sure). Where the party's own line was too damaged to pass as a name, a
    clean reading close to that damaged text stands for it."""
    if name is None:
        return
    key = name_key(name)
    if party.names:
        if any(edit_distance(name_key(n), key) <= NEAR_EDITS for n, _c in party.names):
            party.names.append((name, conf))
        return
    if any(edit_distance(name_key(d), key) <= DAMAGED_SHARE * len(key)
           or _same_words(d, name) or _cut_short(d, key) for d in party.damaged):
        party.names.append((name, conf))


def _cut_short(damaged: str, key: str) -> bool:
    """The party's own line lost the name's tail ("Индивидуальный предприниматель Голубев"
    for the full name printed in the consignor's row): most of the name, as its start."""
    own = name_key(damaged)
    return len(own) >= CUT_SHARE * len(key) and key.startswith(own)


def _same_words(damaged: str, name: str) -> bool:
    """The same words in another order ("«Меридиан» ПАО"): OCR put a word out of place."""
    return sorted(map(name_key, damaged.split())) == sorted(map(name_key, name.split()))


# The УПД's lower block repeats both parties: "NAME, ИНН/КПП x/y [14]" (the seller's side) and
# "NAME, ИНН/КПП x/y [19]" (the buyer's), often on one line.
_SIGNED_REQ = re.compile(r"[,.]\s*" + _INN_KPP + r"\s*(?P<v>\d[\d/ оolі|зб]{8,})"
                         r"(?P<tag>\S*\s*\S{0,4})")
_SIDE_TAG = re.compile(r"^[^\d]*1?\s*(?P<side>[49])\s*[\]\)}|]")
_GLUED_TAG = re.compile(r"\s[\[(|1]1(?P<side>[49])\s*[\]\)}|]")


def _signature_block(lines: Sequence[Line], parties: dict[str, Party]) -> None:
    for line in lines:
        folded = fold_keep(line.text)
        start = 0
        for match in _SIGNED_REQ.finditer(folded):
            name = line.text[start:match.start()]
            side = _SIDE_TAG.match(match.group("tag"))
            # The next name starts right after this tag ("[14] ПАО «Логос»"), not after the
            # few characters the tag group may take past it.
            start = match.start("tag") + side.end() if side else match.end()
            # "[14]" read as "114]" may end up in the value's digits: look at both.
            tag = side or _GLUED_TAG.search(match.group("v")[-5:] + match.group("tag"))
            if tag is not None:
                owner: Party | None = parties["seller" if tag.group("side") == "4" else "buyer"]
            else:
                owner = _owner(re.split(r"[\]\)}]", name)[-1], parties)
            if owner is not None:
                value = line.text[match.start("v"):match.end("v")]
                _sf_requisites(_tagged_pair(value) if tag is not None else value, owner,
                               line.conf)
                if tag is not None:
                    own_name = re.split(r"[\]\)}]", name)[-1]
                    conf = span_conf(line, match.start() - len(own_name), match.start())
                    if owner.names or owner.damaged:
                        _same_party_name(owner, checked_name(own_name), conf)
                    else:
                        # The party's own row gave nothing: the block its tag names is its.
                        add_name(owner, own_name, conf, line.ocr)


_PAIR = re.compile(r"[\dоolі|зб]{10,12}\s*/\s*[\dоolі|зб]{9}")


def _tagged_pair(value: str) -> str:
    """Of two ИНН/КПП pairs before one row tag, the tag's is the last: OCR merged the other
    side's row, whose tag it lost, into this one ("x/y 7825834659/782545002 [19]")."""
    pairs = _PAIR.findall(value)
    return pairs[-1] if len(pairs) > 1 else value


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


# "ИНН x | КПП y" with the box's frame read as [ or |, КПП as KnN / кли; an ИП has no КПП.
_BANK_REQ = re.compile(r"^[иu]нн\s*(?P<inn>[\d оolі|зб]{10,14}?)\s*[\[|(]?\s*"
                       + KPP_WORD + r"\s*(?P<kpp>[\dоolзб]{9})?(?!\d)")


def _bank_box(lines: Sequence[Line], party: Party) -> None:
    """The payment box prints "ИНН x  КПП y" on one line and the payee's name under it."""
    for index, line in enumerate(lines):
        match = _BANK_REQ.search(fold_keep(line.text))
        if match:
            kpp = line.text[match.start("kpp"):match.end("kpp")]
            add_req(party, None, match.group("inn"), kpp or None, line)
            if index + 1 < len(lines):
                below = lines[index + 1].cells()[0]
                add_name(party, " ".join(w.text for w in below), min(w.conf for w in below),
                          line.ocr)
            return


