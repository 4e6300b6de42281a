"""Pages fed sideways or upside down: the turn is found, the page is read upright, and every box
of the card stays in the pixels of the image as it was received."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ecm.corpus.codes import qr_image
from ecm.pipeline.recognize import RecognizeOptions, read_pages, recognize_document
from recognizers.orientation import box_to_received, garbled, measure, turn_order
from recognizers.page import Word
from tests import samples

DPI = 150
QR_AT = (900, 120)  # where the code sits on the upright page, in pixels at DPI
QR_DATA = "ARC-ORIENTATION-1"


BODY = ("{i}. Поставщик: ООО «Ромашка», ИНН 7707083893, КПП 773601001",
        "{i}. Бумага офисная А4, 500 листов — 12 пачек по 350,00 руб.",
        "{i}. Оплата данного счёта означает согласие с условиями поставки")


def _text_page(lines: int = 30, width: int = 1240, height: int = 1754) -> np.ndarray:
    """An A4 page at 150 dpi: a title, body lines and a ruled table, dark on white."""
    img = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(samples.FONT), 20)
    draw.text((120, 100), "СЧЁТ НА ОПЛАТУ № 137 от 15 марта 2026 г.", fill=20,
              font=ImageFont.truetype(str(samples.FONT), 30))
    for i in range(lines):
        draw.text((120, 180 + 34 * i), BODY[i % len(BODY)].format(i=i + 1), fill=30, font=font)
    for i in range(6):
        draw.line((100, 1300 + 50 * i, 1140, 1300 + 50 * i), fill=0, width=2)
    for x in (100, 400, 800, 1140):
        draw.line((x, 1300, x, 1550), fill=0, width=2)
    return np.asarray(img).copy()


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_the_axis_is_found_and_the_upright_turn_is_among_the_two_tried(turns: int) -> None:
    received = np.ascontiguousarray(np.rot90(_text_page(), turns))
    upright_turn = (4 - turns) % 4
    found = measure(received)
    assert found.vertical == (turns % 2 == 1)
    order = turn_order(received)
    assert upright_turn in order and (order[1] - order[0]) % 4 == 2


def test_an_upright_page_is_read_as_it_is_first() -> None:
    for page in (_text_page(), _text_page(lines=3), samples_page()):
        assert turn_order(page)[0] == 0


def samples_page() -> np.ndarray:
    image = Image.open(io.BytesIO(samples.scan(samples.PAYMENT_INVOICE, dpi=DPI)))
    return np.asarray(image.convert("L")).copy()


def test_a_blank_page_stays_as_it_is() -> None:
    assert turn_order(np.full((400, 300), 255, np.uint8))[0] == 0


def test_garbled_reading_is_told_from_a_legible_one() -> None:
    legible = [Word("Поставщик", 0, 0, 10, 10, 0.93), Word("Ромашка", 0, 0, 10, 10, 0.9)] * 4
    upside_down = [Word("ъыаихвтэоП", 0, 0, 10, 10, 0.31), Word("вшоЯ", 0, 0, 10, 10, 0.4)] * 4
    assert not garbled(legible)
    assert garbled(upside_down)
    assert garbled([])


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_box_on_the_turned_image_lands_on_the_same_pixels_received(turns: int) -> None:
    received = np.zeros((70, 110), np.uint8)
    upright = np.rot90(received, turns).copy()
    upright[10:30, 20:50] = 1  # x 20, y 10, w 30, h 20 on the upright page
    back = np.rot90(upright, -turns)
    ys, xs = np.nonzero(back)
    expected = [xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1]
    assert box_to_received([20, 10, 30, 20], turns, 110, 70) == expected


def _scan_with_code(turns: int) -> tuple[bytes, tuple[float, float, float, float]]:
    """The sample scan with a QR code, fed turned by ``turns`` counter-clockwise quarter turns;
    and the code's box in the received image, found from a turned mask of where it was put."""
    page = Image.open(io.BytesIO(samples.scan(samples.PAYMENT_INVOICE, dpi=DPI))).convert("L")
    code = qr_image(QR_DATA).convert("L").resize((150, 150), Image.Resampling.NEAREST)
    page.paste(code, QR_AT)
    mask = np.zeros((page.height, page.width), np.uint8)
    mask[QR_AT[1]:QR_AT[1] + 150, QR_AT[0]:QR_AT[0] + 150] = 1
    received = page.rotate(90 * turns, expand=True)
    ys, xs = np.nonzero(np.rot90(mask, turns))
    buf = io.BytesIO()
    received.save(buf, "PNG", dpi=(DPI, DPI))
    box = (float(xs.min()), float(ys.min()), float(np.ptp(xs) + 1), float(np.ptp(ys) + 1))
    return buf.getvalue(), box


def _iou(a: list[float], b: tuple[float, float, float, float]) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_turned_scan_reads_as_upright_with_boxes_in_the_received_frame(turns: int) -> None:
    data, code_box = _scan_with_code(turns)
    card = recognize_document(data, "turned.png", RecognizeOptions(dpi=DPI)).card
    assert (card.doc_type, card.fields.number, card.fields.date) == (
        "payment_invoice", "137", "2026-03-15")
    assert card.fields.seller_inn == "7707083893"
    width, height = Image.open(io.BytesIO(data)).size
    assert (card.page_sizes[0].width, card.page_sizes[0].height) == (width, height)
    codes = [c for c in card.marks.codes if c.data == QR_DATA]
    assert codes and codes[0].bbox is not None
    assert _iou(codes[0].bbox, code_box) > 0.7


def test_words_of_a_sideways_page_lie_on_its_ink_as_received() -> None:
    data, _box = _scan_with_code(1)
    pages, _marks = read_pages(data, RecognizeOptions(dpi=DPI, marks=False))
    ink = np.asarray(Image.open(io.BytesIO(data)).convert("L")) < 128
    inn = [w for w in pages[0].words if "7707083893" in w.text]
    assert inn
    for word in inn:
        # A number printed across the upright page runs down the page turned on its side.
        assert word.h > 3 * word.w
        x, y = int(word.x), int(word.y)
        assert ink[y:y + int(word.h), x:x + int(word.w)].mean() > 0.05
