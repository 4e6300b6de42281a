"""Card fields against the document's own payment QR code (ГОСТ Р 56042-2014).

The code's bytes are a second reading of the seller's requisites, the total and, in its
purpose line, the number, date and VAT ("Оплата по счету № Б-28/26 от 08.05.2026, в т.ч. НДС
20548.93"): independent of the print OCR read, and checksummed. A field OCR read as the code
states it is confirmed; a field OCR lost is taken from the code but left for a person to check,
since a code may name another payee (a factor) than the document's seller. Where they differ,
check_payment (marks/payment.py) reports it and the OCR reading stands.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from recognizers.card import FIELD_LABELS, Card, CardIssue
from recognizers.fields.confidence import CONFIRMED
from recognizers.fields.party_names import name_key

FROM_CODE = 0.6  # a value only the code gives: under the review threshold
_NUMBER = re.compile(r"№\s*(?P<v>[^\s,]+)\s+от\s+(?P<d>\d{2}\.\d{2}\.\d{4})")
_VAT = re.compile(r"НДС\s+(?P<v>\d+[.,]\d{2})(?!\d)")


def code_fields(payment: dict[str, str]) -> dict[str, str]:
    """Card fields a payment code states, in the card's spelling."""
    out = {"seller_name": payment.get("Name", ""), "seller_inn": payment.get("PayeeINN", ""),
           "seller_kpp": payment.get("KPP", ""), "buyer_inn": payment.get("PayerINN", "")}
    total = payment.get("Sum", "")
    if total.isdigit():
        out["total"] = f"{Decimal(total) / 100:.2f}"
    purpose = payment.get("Purpose", "")
    match = _NUMBER.search(purpose)
    if match:
        out["number"] = match.group("v")
        with contextlib.suppress(ValueError):
            out["date"] = dt.datetime.strptime(match.group("d"), "%d.%m.%Y").date().isoformat()
    vat = _VAT.search(purpose)
    if vat:
        out["vat"] = vat.group("v").replace(",", ".")
    return {field: value.strip() for field, value in out.items() if value and value.strip()}


def _same(field: str, read: str, coded: str) -> bool:
    if field == "seller_name":
        return name_key(read) == name_key(coded)
    if field in ("total", "vat"):
        try:
            return Decimal(read) == Decimal(coded)
        except InvalidOperation:
            return False
    return read == coded


def confirm_by_payment(card: Card) -> None:
    """Confirm or fill the OCR card's fields from its payment codes (in place)."""
    if card.text_source == "text_layer" or card.doc_type == "other":
        return
    confirmed: set[str] = set()
    for code in card.marks.codes:
        for field, coded in code_fields(code.payment or {}).items():
            read = getattr(card.fields, field)
            if read is None:
                setattr(card.fields, field, coded)
                card.field_confidence[field] = FROM_CODE
                card.issues.append(CardIssue(
                    code="from_payment_code", field=field,
                    message=f"Поле «{FIELD_LABELS[field]}» не прочитано в тексте и взято "
                            f"из платёжного QR-кода ({coded}): проверьте."))
            elif _same(field, str(read), coded):
                card.field_confidence[field] = max(card.field_confidence.get(field, 0.0),
                                                   CONFIRMED)
                confirmed.add(field)
    card.issues = [i for i in card.issues
                   if not (i.code == "low_confidence" and i.field in confirmed)]
