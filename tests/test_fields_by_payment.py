"""Card fields confirmed, or filled for review, by the document's payment QR code."""

from __future__ import annotations

from recognizers.card import Card, Code, Marks
from recognizers.fields.by_payment import code_fields, confirm_by_payment
from recognizers.fields.confidence import REVIEW_THRESHOLD
from recognizers.marks.payment import parse_payment

QR = ("ST00012|Name=ПАО «Медиана»|PersonalAcc=40702810396302030470|BankName=АО «Газпромбанк»|"
      "BIC=044525823|CorrespAcc=30101810200000000823|PayeeINN=7701067951|KPP=770101003|"
      "Sum=11395317|Purpose=Оплата по счету № Б-28/26 от 08.05.2026, в т.ч. НДС 20548.93")


def _card(**fields: str | None) -> Card:
    card = Card.model_validate({"file": "x.jpg", "doc_type": "payment_invoice",
                                "text_source": "ocr", "fields": fields})
    card.field_confidence = {name: 0.7 for name, value in fields.items() if value}
    card.marks = Marks(codes=[Code(type="QRCODE", data=QR, page=1, payment=parse_payment(QR))])
    return card


def test_the_code_states_the_sellers_requisites_the_total_and_in_its_purpose_the_number() -> None:
    assert code_fields(parse_payment(QR) or {}) == {
        "seller_name": "ПАО «Медиана»", "seller_inn": "7701067951", "seller_kpp": "770101003",
        "total": "113953.17", "number": "Б-28/26", "date": "2026-05-08", "vat": "20548.93"}


def test_fields_read_as_the_code_states_them_are_confirmed_others_stand_unsure() -> None:
    card = _card(number="Б-28/26", seller_name="ПАО \"Медиана\"", total="113953.17",
                 seller_inn="7701067957")  # one digit misread
    confirm_by_payment(card)
    assert all(card.field_confidence[f] >= REVIEW_THRESHOLD
               for f in ("number", "seller_name", "total"))
    assert card.fields.seller_inn == "7701067957"  # the reading stands; check_payment flags it
    assert card.field_confidence["seller_inn"] < REVIEW_THRESHOLD


def test_a_field_ocr_lost_is_taken_from_the_code_for_a_person_to_check() -> None:
    card = _card(number="Б-28/26")
    confirm_by_payment(card)
    assert card.fields.seller_kpp == "770101003"
    assert card.field_confidence["seller_kpp"] < REVIEW_THRESHOLD
    (issue,) = [i for i in card.issues if i.code == "from_payment_code" and i.field == "seller_kpp"]
    assert "«КПП продавца»" in issue.message  # the accountant's name for it


def test_a_text_layer_card_is_left_as_it_is() -> None:
    card = _card(number="Б-28/26")
    card.text_source = "text_layer"
    confirm_by_payment(card)
    assert card.fields.seller_kpp is None
