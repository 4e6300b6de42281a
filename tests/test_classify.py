"""Classification on OCR-like text: status box frames, other-document titles, guessed status."""

from recognizers.classify import GUESSED_STATUS_CONF, classify
from recognizers.fields.header import _number_before_sign

UPD_TOP = (
    "Универсальный передаточный документ\n"
    "СЧЕТ-ФАКТУРА № 2745 от 16 июня 2026 г. (1)\n"
    "{status}\nПродавец: ИП Алексеев Михаил Игоревич (2)\n"
)


def test_status_read_through_box_frame() -> None:
    found = classify(UPD_TOP.format(status="Статус: [2] Продавец: ИП Алексеев (2)"))
    assert (found.doc_type, found.upd_status) == ("upd", 2)


def test_unreadable_status_is_a_low_confidence_guess() -> None:
    found = classify(UPD_TOP.format(status="Статус: ?"))
    assert found.doc_type == "upd"
    assert found.confidence <= GUESSED_STATUS_CONF < 0.9


def test_contract_mentioning_torg12_stays_other() -> None:
    text = ("ДОГОВОР ПОСТАВКИ № 1489/25\nг. Пермь «17» апреля 2025 г.\n"
            "накладной ТОРГ-12\nПоставщик обязуется передать товар\n")
    assert classify(text).doc_type == "other"


def test_number_left_of_sign() -> None:
    assert _number_before_sign("СЧЕТ-ФАКТУРА 3078 № ") == "3078"
    assert _number_before_sign("СЧЕТ-ФАКТУРА № ") is None


def test_legal_form_read_as_zeros() -> None:
    from recognizers.fields.parties import tidy_name

    assert tidy_name('000 "Норд Стар"') == 'ООО "Норд Стар"'
    assert tidy_name("1000 Мелочей") == "1000 Мелочей"
