"""Recognition of whole files into cards: text layer, OCR of scans, classification."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from ecm.pipeline.recognize import RecognizeOptions, recognize_document
from recognizers.classify import classify
from recognizers.errors import BadDocument
from tests import samples

OPTIONS = RecognizeOptions()

HEADERS = {
    "upd": (
        "Универсальный передаточный документ  Счёт-фактура № УТ-137 от 15.03.2026 (1)\n"
        "Статус: 1\n1 – счёт-фактура и передаточный документ (акт)\n"
        "2 – передаточный документ (акт)\nПродавец (2) ООО «Ромашка»",
        1,
    ),
    "torg12": (
        "Унифицированная форма № ТОРГ-12\nФорма по ОКУД 0330212\nГрузоотправитель ООО «Ромашка»\n"
        "ТОВАРНАЯ НАКЛАДНАЯ  Номер документа 137  Дата составления 15.03.2026",
        None,
    ),
    "vat_invoice": (
        "Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г."
        " № 1137\nСЧЁТ-ФАКТУРА № 137 от 15 марта 2026 г. (1)\nИСПРАВЛЕНИЕ № -- от -- (1а)\n"
        "Продавец (2) ООО «Ромашка»",
        None,
    ),
    "act": (
        "Акт № 17 от 15 марта 2026 г. об оказании услуг\nАкт выполненных работ\n"
        "Исполнитель: ООО «Ромашка»\nЗаказчик: АО «Лютик»\nОснование: Договор № 5",
        None,
    ),
    "payment_invoice": ("\n".join(samples.PAYMENT_INVOICE), None),
    "other": (
        "ДОГОВОР ПОСТАВКИ № 12\nг. Москва 1 марта 2026 г.\nПоставщик обязуется передать товар,"
        " а Покупатель — принять и оплатить его. Поставщик передаёт счёт-фактуру и товарную"
        " накладную по форме ТОРГ-12 в течение пяти дней. Покупатель оплачивает товар в течение"
        " десяти банковских дней с даты его получения. Качество товара должно соответствовать"
        " требованиям стандартов и технических условий изготовителя. Споры сторон разрешаются"
        " в арбитражном суде по месту нахождения ответчика.",
        None,
    ),
}


@pytest.mark.parametrize("doc_type", sorted(HEADERS))
def test_classifier_reads_the_forms_markers(doc_type: str) -> None:
    text, status = HEADERS[doc_type]
    found = classify(text)
    assert (found.doc_type, found.upd_status) == (doc_type, status)
    assert 0.5 <= found.confidence <= 1.0


def test_upd_status_two() -> None:
    text = HEADERS["upd"][0].replace("Статус: 1", "Статус: 2")
    assert classify(text).upd_status == 2


def test_letter_is_other_with_confidence() -> None:
    found = classify(
        "Уважаемый Иван Петрович!\nПросим сообщить сроки поставки оборудования по договору"
        " № 12 от 1 марта 2026 года. Отгрузка должна была состояться в феврале, однако до сих"
        " пор товар на склад не поступил. Также просим направить нам акт сверки взаимных"
        " расчётов за первый квартал и копии товарных накладных.\nС уважением, главный бухгалтер")
    assert found.doc_type == "other"
    assert found.confidence >= 0.5


def test_a_page_with_too_little_text_is_other_but_unsure() -> None:
    # Two lines may be a note, or all OCR kept of a damaged form: a person looks at it.
    found = classify("Уважаемый Иван Петрович!\nПросим сообщить сроки поставки.")
    assert found.doc_type == "other" and found.confidence < 0.9


def _valid(card: dict[str, Any], schema: dict[str, Any]) -> None:
    jsonschema.validate(card, schema)


def test_text_layer_pdf_uses_its_own_text(card_schema: dict[str, Any]) -> None:
    data = samples.text_pdf(samples.PAYMENT_INVOICE, pages=2)
    result = recognize_document(data, "счёт.pdf", OPTIONS)
    card = result.card.to_json_dict()
    _valid(card, card_schema)
    assert card["file"] == "счёт.pdf"
    assert card["doc_type"] == "payment_invoice"
    assert card["text_source"] == "text_layer"
    assert card["pages"] == 2
    assert [(p["width"], p["height"]) for p in card["page_sizes"]] == [(2480, 3508)] * 2
    assert "Счёт на оплату № 137" in result.page_texts[0]


@pytest.mark.slow
def test_scanned_page_is_read_by_ocr(card_schema: dict[str, Any]) -> None:
    data = samples.scan(samples.PAYMENT_INVOICE, fmt="JPEG")
    result = recognize_document(data, "scan.jpg", OPTIONS)
    card = result.card.to_json_dict()
    _valid(card, card_schema)
    assert card["text_source"] == "ocr"
    assert card["doc_type"] == "payment_invoice"
    assert "БИК 044525225" in result.text
    assert card["sha256"] and len(card["sha256"]) == 64


@pytest.mark.slow
def test_multipage_tiff_gives_every_page() -> None:
    result = recognize_document(
        samples.multipage_tiff(samples.PAYMENT_INVOICE, 2), "t.tif", OPTIONS
    )
    assert result.card.pages == 2
    assert all("Счёт на оплату" in text for text in result.page_texts)


def test_undecodable_image_fails_with_reason() -> None:
    # Passes the header check at upload, breaks only when its pixels are decoded.
    data = samples.png_header_only(2000, 2000, idat=b"not zlib at all")
    with pytest.raises(BadDocument) as caught:
        recognize_document(data, "broken.png", OPTIONS)
    assert caught.value.code == "corrupt_image"


@pytest.mark.parametrize("fill", [255, 0])
def test_the_smallest_image_the_upload_accepts_is_recognized_not_failed(fill: int) -> None:
    # 16x16 px is the upload's lower limit; taken as an A4 sheet it is under 2 dpi, where the
    # seal search's sizes rounded to zero and OpenCV raised, failing the document.
    import cv2
    import numpy as np

    ok, png = cv2.imencode(".png", np.full((16, 16, 3), fill, np.uint8))
    assert ok
    result = recognize_document(png.tobytes(), "icon.png", OPTIONS)
    assert result.card.pages == 1
    assert result.card.doc_type == "other"
    assert not result.card.marks.stamps and not result.card.marks.signatures


@pytest.mark.slow
def test_a_line_read_again_from_the_page_image_lands_where_it_was_printed() -> None:
    import cv2
    import numpy as np

    from recognizers.fields.layout import page_lines
    from recognizers.fields.reread import reread_lines
    from recognizers.ocr import ocr_words
    from recognizers.page import Page

    data = samples.scan(["Поставщик ООО «Ромашка», ИНН 7707083893, КПП 770701001",
                         "ТОВАРНАЯ НАКЛАДНАЯ", "М-17/24 18.12.2024"])
    gray = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    page = Page(1, gray.shape[1], gray.shape[0], words=ocr_words(gray), text_source="ocr")
    lines = [ln for ln in page_lines(page) if "7707083893" in ln.text or "18.12" in ln.text]
    again = reread_lines(gray, lines)
    assert len(again) == 2
    for line, words in zip(lines, again, strict=True):
        assert " ".join(w.text for w in words) == line.text
        assert abs(min(w.x for w in words) - min(w.x for w in line.words)) < 5
        assert abs(min(w.y for w in words) - line.top) < 5


@pytest.mark.slow
def test_ink_the_page_pass_returned_no_words_for_is_read_where_it_was_printed() -> None:
    import cv2
    import numpy as np

    from recognizers.ocr import fill_unread, ocr_words

    data = samples.scan(["Продавец: ООО «Ромашка»", "ИНН/КПП покупателя: 7707083893/770701001",
                         "Валюта: наименование, код Российский рубль, 643"])
    gray = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    words = ocr_words(gray)
    assert fill_unread(gray, words) == []  # all ink read: no second call, nothing added
    lost = [w for w in words if "7707083893" in w.text]
    assert lost
    # The page pass loses the ИНН value (as tesseract does beside a stamp it takes for a picture).
    kept = [w for w in words if w not in lost]
    found = fill_unread(gray, kept)
    assert [w.text for w in found if "7707083893" in w.text]
    value = next(w for w in found if "7707083893" in w.text)
    assert abs(value.x - lost[0].x) < 8 and abs(value.y - lost[0].y) < 8
    assert not any(w.line in {k.line for k in kept} for w in found)


@pytest.mark.slow
def test_a_coarse_page_is_read_enlarged_with_boxes_where_printed() -> None:
    import cv2
    import numpy as np

    from ecm.pipeline.recognize import read_image_page
    from recognizers.page import Page

    data = samples.scan(["Поставщик ООО «Ромашка»", "ИНН 7707083893, КПП 770701001"], dpi=150)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    page = Page(1, image.shape[1], image.shape[0], image=image)
    read, _marks, _turns = read_image_page(page, OPTIONS, 0)
    # OCR ran on the enlarged image; the page's words are in the received image's pixels.
    assert read.width > 1.5 * image.shape[1]
    inn = next(w for w in page.words if "7707083893" in w.text)
    px = 150 / 72  # the sample prints line 2 at x = 60 pt, baseline 842 - 758 pt from the top
    assert abs(inn.x - (60 + 30) * px) < 25
    assert abs(inn.y + inn.h - (842 - 758) * px) < 8
