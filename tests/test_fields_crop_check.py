"""Held values read again from their own crop: what counts as a second reading of a value."""

from __future__ import annotations

from dataclasses import replace

import pytest

from recognizers.fields.crop_check import agreeing, held_values
from recognizers.fields.evidence import DocSignals, number_reading
from tests import samples


@pytest.mark.parametrize(("value", "reading"), [
    ('ООО "Спектр"', "{Е ООО “Спектр”"),  # debris before, curly quotes
    ('ООО "Гранит"', '000 "Гранит", И'),  # the form's О read as zeros, the comma after
    ("СФ772-24", "|ю СФ772-24 о"),
    ("ТД-002339", "тД-002339"),
])
def test_a_crop_reading_that_holds_the_value_verbatim_confirms_it(value: str, reading: str
                                                                   ) -> None:
    assert agreeing(value, [reading, reading]) == 2


@pytest.mark.parametrize(("value", "reading"), [
    ('АО "Фаворит"', "ПАО «Фаворит»"),  # another legal form is another company
    ('ПАО "Фаворит"', "< ПАО `Фавосит”. 14"),  # a letter read otherwise
    ("ПР4662-24", "№ ПР46{"),
    ("ПР4662-24", "№ ПР4662-240"),
    ("", "ООО «Ромашка»"),
])
def test_a_crop_reading_that_differs_by_a_letter_or_a_word_does_not(value: str, reading: str
                                                                    ) -> None:
    assert agreeing(value, [reading]) == 0


def test_only_names_and_the_number_under_the_threshold_are_read_again() -> None:
    values = {"seller_name": 'ООО "Гранит"', "buyer_name": 'ООО "Гранит"', "number": "17",
              "date": "2024-01-01"}
    confidence = {"seller_name": 0.6, "buyer_name": 0.7, "number": 0.97, "date": 0.1}
    assert held_values(values, confidence, 0.85) == ['ООО "Гранит"']


def test_a_number_read_alike_from_its_crop_twice_is_no_longer_capped_by_its_unsure_word(
) -> None:
    from recognizers.fields.calibration import _word_bound

    doc = DocSignals([], 0.8, 0.99, 0.0, {"пр286224": [0.55]})
    kind = {"word_bins": [[0.0, 0.0], [0.5, 0.81], [0.9, 0.99]]}
    alone = number_reading("ПР2862-24", 0.9, doc)
    assert _word_bound(kind, alone) == 0.81
    checked = number_reading("ПР2862-24", 0.9, replace(doc, crops=["№ ПР2862-24 01",
                                                                   "№ ПР2862-24"]))
    assert checked.x["reread"] == 1.0
    assert _word_bound(kind, checked) == 1.0
    once = number_reading("ПР2862-24", 0.9, replace(doc, crops=["№ ПР2862-24", "№ ПР2882-24"]))
    assert _word_bound(kind, once) == 0.81


@pytest.mark.slow
def test_a_held_name_is_read_again_from_the_page_and_a_misread_is_not_confirmed() -> None:
    import cv2
    import numpy as np

    from recognizers.fields.crop_check import check_held
    from recognizers.ocr import ocr_words
    from recognizers.page import Page, Word

    data = samples.scan(["Счёт на оплату № 137 от 15 марта 2026 г.",
                         "Поставщик: ООО «Ромашка», ИНН 7707083893, КПП 773601001",
                         "Покупатель: АО «Лютик»"])
    gray = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    words = ocr_words(gray)
    page = Page(1, gray.shape[1], gray.shape[0], words=words, text_source="ocr")
    readings = check_held(page, gray, ['ООО "Ромашка"'])
    assert agreeing('ООО "Ромашка"', readings) == 2
    # The page pass misread a letter: the crop of those very words reads them as printed.
    misread = [Word(w.text.replace("Ромашка", "Ромашко"), w.x, w.y, w.w, w.h, w.conf, w.line)
               for w in words]
    page = Page(1, gray.shape[1], gray.shape[0], words=misread, text_source="ocr")
    readings = check_held(page, gray, ['ООО "Ромашко"'])
    assert len(readings) == 2
    assert agreeing('ООО "Ромашко"', readings) == 0


@pytest.mark.parametrize("value", ["382425", "2956125", "М-2124", "0"])
def test_a_number_whose_slash_before_the_year_was_lost_or_a_zero_is_no_number_shape(
        value: str) -> None:
    doc = DocSignals([], 0.8, 0.99, 0.0, {})
    assert number_reading(value, 0.9, doc, year=2025 if "25" in value else 2024).x["shape"] == 0
    # The same figures with their slash, or a document of another year, keep their shape.
    assert number_reading("3824/25", 0.9, doc, year=2025).x["shape"] == 1
    assert number_reading("382425", 0.9, doc, year=2023).x["shape"] == 1
    # 1С's count padded with zeros that happens to end in the year's figures is a number.
    assert number_reading("03724", 0.9, doc, year=2024).x["shape"] == 1


@pytest.mark.parametrize(("value", "shaped"), [("5-64/24", False), ("51-003478", False),
                                               ("00-000123", True), ("БП-003478", True),
                                               ("3824/25", True)])
def test_a_prefix_read_as_figures_before_a_dash_is_no_number_shape(value: str,
                                                                    shaped: bool) -> None:
    doc = DocSignals([], 0.8, 0.99, 0.0, {})
    assert number_reading(value, 0.9, doc).x["shape"] == float(shaped)
