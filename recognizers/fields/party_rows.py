"""A party's row as a form prints it after its caption: "name, ИНН x, КПП y", read through
OCR damage (the separator, the name or the ИНН's digits lost or garbled), into a ``Party``'s
readings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from recognizers.fields.layout import Line
from recognizers.fields.party_names import checked_name, tidy_name
from recognizers.fields.requisites import best_inn, best_kpp
from recognizers.textnorm import fold_keep

# КПП as OCR reads it on scans: КПИ, КИП, КП, КТИТ, KnN (its п's legs read as и, т, n, л).
KPP_WORD = r"к[пиnлтн]{1,3}"
# "ИНН x, КПП y" as OCR reads it: ИН/UHH for ИНН; and "name, ИНН x, КПП y" with "." for ",".
_INN_KPP_VALUES = (r"[иu]нн?\s*:?\s*(?P<inn>[\dоolі|зб ]{10,16})"
                   r"(?:\s*[,.]?\s*" + KPP_WORD + r"\s*:?\s*"
                   r"(?P<kpp>[\dоolі|зб a-z]{9,12}))?")
# The separator may be lost or read as a low quote ("«Агроторг-Юг” ‚ ИНН").
_REQ = r"(?P<name>[^,]{3,120}?)\s*[,.‚]?\s*(?<![а-яa-z])" + _INN_KPP_VALUES


@dataclass
class Party:
    names: list[tuple[str, float]] = field(default_factory=list)  # reading, its confidence
    inns: list[tuple[str, float]] = field(default_factory=list)
    kpps: list[tuple[str, float]] = field(default_factory=list)
    kpp_absent: bool = False  # the caption was read and carries no КПП
    # Readings of the name line that failed the name check (OCR damage), tidied.
    damaged: list[str] = field(default_factory=list)


def add_name(party: Party, raw: str, conf: float, ocr: bool, person: bool = False) -> None:
    """A name reading; from OCR only when it has a name's shape (see party_names.checked_name)."""
    name = checked_name(raw, person) if ocr else tidy_name(raw)
    if name:
        party.names.append((name, conf))
    elif tidy_name(raw):
        party.damaged.append(tidy_name(raw))


def add_req(party: Party, name: str | None, inn_raw: str | None, kpp_raw: str | None,
             line: Line) -> None:
    """A row's readings: its name, its ИНН (checksum-repaired at half the line's confidence)
    and its КПП, or that the row carries none."""
    conf = line.conf
    inn = best_inn(inn_raw) if inn_raw else None
    if name:
        add_name(party, name, conf, line.ocr, person=inn is not None and len(inn[0]) == 12)
    if inn:
        party.inns.append((inn[0], conf * (0.5 if inn[1] else 1.0)))
        kpp = best_kpp(kpp_raw) if kpp_raw else None
        if kpp:
            party.kpps.append((kpp, conf))
        elif not kpp_raw:
            party.kpp_absent = True


# The ИНН's digits OCR lost ("ИНН 1! КПП 166001001"), or its word and first figures
# ('ООО "Альфа-Трейд”. 03986598, КПП …'): the КПП after it is still this party's.
_KPP_ONLY = (r"(?P<name>[^,]{3,120}?)\s*[,.]\s*(?:[иu]нн?\s*\S{0,9}|\d{4,11}[,.]?)\s*[,.]?\s*"
             + KPP_WORD + r"\s*:?\s*(?P<kpp>[\dоolзб]{9})(?!\d)")


# The name OCR lost but for its legal form ("Поставщик 000 ИНН 6317163703, КПП …"): the
# requisites are still the party's.
_NAME_LOST = r"(?:[а-яa-z0-9]{1,4}\s*)?[,.]?\s*" + _INN_KPP_VALUES
# ... or the ИНН's value garbled ("ИП Ильин Михаил Владимирович. ИНН SOS743966430"): the name
# before the ИНН word is still the party's.
_NAME_ONLY = r"(?P<name>[^,]{3,120}?)\s*[,.‚]\s*[иu]нн?(?![а-яa-z])"
# ... or garbled past reading, a comma inside ("ИП К, нецова Exa:rcpnne Петровна, ИНН …"):
# the ИНН after it in the caption's row is still the party's.
_NAME_GARBLED = r"(?P<skip>.{0,120}?)[,.‚]?\s*(?<![а-яa-z])" + _INN_KPP_VALUES


# A "name" running into another party's caption or this row's own ИНН took in the next row:
# "Грузополучатель ИНН 7202; кпп 625 | … Поставщи по OKNO ИП Захаров …, ИНН 720288989606"
# (the consignee's row read in fragments) would give the buyer the seller's ИНН.
_OTHER_ROW = re.compile(r"(?<![а-яa-z])(?:[иu]нн(?![а-я])|грузоотправ|грузополуч|продав[еe]ц)"
                        r"|ставщик|лательщ|купател|сполнител|аказчик")  # first letters may be lost


_SECOND_ROLE = re.compile(r"^\s*\(\s*(?:исполнитель|заказчик)\s*\)\s*:?\s*", re.IGNORECASE)


def caption_reads(lines: Sequence[Line], caption: str, party: Party) -> None:
    """Every row after ``caption`` (a regex of the folded text) read into ``party``, through
    the ways OCR damages it (the separator, the name or the ИНН's digits lost or garbled)."""
    # The caption as a whole word, then its value.
    head = r"(?<![а-яa-z])" + caption + r"(?![а-яa-z])\s*"
    pattern, kpp_only, lost_name, garbled, name_only = (
        re.compile(head + value)
        for value in (_REQ, _KPP_ONLY, _NAME_LOST, _NAME_GARBLED, _NAME_ONLY))
    for index, line in enumerate(lines):
        # A party's requisites may wrap: read the line with the next one, less the second
        # role caption printed under the first ("ИНН" / "(Заказчик): 773634094907, …").
        after = lines[index + 1].text if index + 1 < len(lines) else ""
        text = line.text + " " + _SECOND_ROLE.sub("", after)
        folded = fold_keep(text)
        match = pattern.search(folded)
        if match and _OTHER_ROW.search(match.group("name")):
            match = None
        if match and match.start() < len(line.text):
            name = text[match.start("name"):match.end("name")]
            inn = match.group("inn")
            kpp = text[match.start("kpp"):match.end("kpp")] if match.group("kpp") else None
            add_req(party, name, inn, kpp, line)
            continue
        match = lost_name.search(folded)
        if match and match.start() < len(line.text):
            _requisites_only(match, text, party, line)
            continue
        match = kpp_only.search(folded)
        # As for a full row: a "name" that runs into another party's caption took in the
        # next row (a bare name line joined to the supplier's row).
        if match and match.start() < len(line.text) and not _OTHER_ROW.search(
                match.group("name")):
            add_name(party, text[match.start("name"):match.end("name")], line.conf, line.ocr)
            kpp = best_kpp(match.group("kpp"))
            if kpp:
                party.kpps.append((kpp, line.conf))
            continue
        match = garbled.search(folded)
        if match and match.start() < len(line.text) and not _OTHER_ROW.search(
                match.group("skip")):
            _requisites_only(match, text, party, line)
            continue
        match = name_only.search(folded)
        if match and match.start() < len(line.text):
            add_name(party, text[match.start("name"):match.end("name")], line.conf, line.ocr)


def _requisites_only(match: re.Match[str], text: str, party: Party, line: Line) -> None:
    """The ИНН and КПП a match found, without a name."""
    kpp = text[match.start("kpp"):match.end("kpp")] if match.group("kpp") else None
    add_req(party, None, match.group("inn"), kpp, line)
