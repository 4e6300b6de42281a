"""Parties whose caption OCR lost, found by the order a form prints them in: an act or an
invoice prints the seller's row, then the buyer's; a name printed right before a party's ИНН
is that party's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from recognizers.checks.checksums import inn_valid
from recognizers.fields.layout import Line
from recognizers.fields.party_names import checked_name
from recognizers.fields.party_rows import Party, caption_reads
from recognizers.textnorm import fold_keep

# The seller row's caption as OCR may garble or lose it: a word or none before the name.
# A legal form or a split "грузо…" caption is no such word.
_ANY_CAPTION = (r"^\W{0,3}(?:(?!(?:ооо|ао|пао|зао|оао|нао|ип)(?![а-яa-z])|груз)"
                r"[а-яa-z]{1,12}[.:]?)?")
SELLER_ROW_LINES = 4  # lines a seller's row (name, requisites, address, bank) may take


def seller_before_buyer(lines: Sequence[Line], seller: Party, buyer: tuple[str, ...]) -> None:
    """An act or an invoice prints the seller's row (Исполнитель, Поставщик) right above the
    buyer's (Заказчик, Покупатель): with the seller's caption lost to OCR ("Испонятель 000
    «Норд Стар», ИНН …", "= - ООО Мегаполис”, ИНН …") the requisites read in the lines above
    the buyer's caption are the seller's."""
    if seller.names or seller.inns:
        return
    heads = [re.compile(r"(?<![а-яa-z])" + caption + r"(?![а-яa-z])") for caption in buyer]
    at = next((i for i, line in enumerate(lines)
               if any(h.match(fold_keep(line.text).lstrip(" -—=|")) for h in heads)), None)
    if at is not None:
        caption_reads(lines[max(0, at - SELLER_ROW_LINES):at], _ANY_CAPTION, seller)


def buyer_after_seller(lines: Sequence[Line], parties: dict[str, Party]) -> None:
    """The buyer's row follows the seller's: with its caption lost ("АО «Транзит», ИНН …"
    under the seller's address and bank lines), the first requisites read below the seller's
    ИНН that are not the seller's are the buyer's."""
    seller, buyer = parties["seller"], parties["buyer"]
    own = {v for v, _c in seller.inns if inn_valid(v)}
    if buyer.names or buyer.inns or not own:
        return
    at = next((i for i, line in enumerate(lines) if any(v in line.text for v in own)), None)
    if at is None:
        return
    found = Party()
    caption_reads(lines[at + 1:at + 1 + SELLER_ROW_LINES], _ANY_CAPTION, found)
    if found.inns and not {v for v, _c in found.inns} & own:
        parties["buyer"] = found


# A legal form and a quoted name (OCR reads a quote as ` or ‘ too), or ИП and a full name,
# inside a damaged row.
_NAME_INSIDE = re.compile(r"(?:ООО|000|ПАО|АО|ЗАО|ОАО|НАО)\s*[«\"“„`‘'][^«»\"“”„`‘']{2,60}[»\"”“’']"
                          r"|(?:ИП|Индивидуальный предприниматель)\s+[А-ЯЁ][а-яё]+"
                          r"(?:\s+[А-ЯЁ][а-яё.]+){1,2}")


def inn_anchored(lines: Sequence[Line], parties: dict[str, Party]) -> None:
    """A party whose ИНН was read but whose row's caption OCR lost ("Tocramagen (000 «Зеленый
    Дом», ИНН …"): the name printed right before that ИНН in any row is its reading (the ИНН,
    not the caption, says whose it is)."""
    for party in parties.values():
        valid = [v for v, _c in party.inns if inn_valid(v)]
        if party.names or not valid:
            continue
        inn = Counter(valid).most_common(1)[0][0]
        for line in lines:
            at = line.text.find(inn)
            found = list(_NAME_INSIDE.finditer(line.text[max(0, at - 130):at])) if at > 0 else []
            name = checked_name(found[-1].group(0), len(inn) == 12) if found else None
            if name:
                party.names.append((name, line.conf))
