"""Handwritten signatures on rendered form blocks: found where the pen wrote, not on print,
and given the role of the printed caption of the blank they stand on."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ecm.evaluation.marks import iou
from recognizers.card import Card, Marks, Signature
from recognizers.marks import check_marks, find_page_marks
from recognizers.marks.colors import InkMaps, ink_maps
from recognizers.marks.sign_ink import rulings
from recognizers.marks.sign_seals import take_seals
from recognizers.marks.signatures import _stroke_score, find_scribbles
from recognizers.marks.stamps import Seal
from recognizers.page import Page, Word
from tests.samples import FONT

W, H = 2480, 3508  # A4 at 300 dpi
PEN = (140, 40, 25)  # BGR of a blue ballpoint
Box = tuple[float, float, float, float]


class Sheet:
    """A white page with Cyrillic print, blanks and pen strokes; ``words`` is what OCR would
    hand over for the print marked as read."""

    def __init__(self) -> None:
        self.pil = Image.new("RGB", (W, H), (250, 250, 250))
        self.draw = ImageDraw.Draw(self.pil)
        self.font = ImageFont.truetype(str(FONT), 34)
        self.words: list[Word] = []
        self._line = 0
        self.pens: list[np.ndarray] = []

    def text(self, x: float, y: float, text: str, read: bool = True) -> None:
        """One printed line; its words join ``words`` as one OCR line when ``read``."""
        for word in text.split():
            left, top, right, bottom = self.draw.textbbox((x, y), word, font=self.font)
            self.draw.text((x, y), word, font=self.font, fill=(15, 15, 15))
            if read:
                self.words.append(Word(word, left, top, right - left, bottom - top, 0.95,
                                       self._line))
            x = right + self.draw.textlength(" ", font=self.font)
        self._line += 1

    def blank(self, x0: float, x1: float, y: float) -> None:
        self.draw.line([(x0, y), (x1, y)], fill=(10, 10, 10), width=3)

    def pen(self, x: float, line_y: float, w: float, h: float, seed: int) -> Box:
        """A cursive scribble ``w`` wide and ``h`` tall whose line crosses its lower part, as
        people sign; returns the ink's box."""
        rng = np.random.default_rng(seed)
        t = np.linspace(0, 1, 600)
        loops = rng.uniform(4, 6)
        phase = t * loops * 2 * np.pi
        # Slanted loops of changing height, as a cursive hand leaves them.
        ys = np.sin(phase) * (0.55 + 0.45 * np.sin(t * 3 + rng.uniform(0, 3)))
        xs = t + 0.04 * np.cos(phase)
        ys = (ys - ys.min()) / np.ptp(ys)
        xs = (xs - xs.min()) / np.ptp(xs)
        # Slanted well off the vertical: straight runs of 10 mm near it count as table rules.
        pts = np.stack([x + xs * w + (1 - ys) * h * 0.45, line_y - h * 0.75 + ys * h],
                       1).astype(np.int32)
        self.pens.append(pts)
        return (float(pts[:, 0].min()), float(pts[:, 1].min()), float(np.ptp(pts[:, 0])),
                float(np.ptp(pts[:, 1])))

    def page(self) -> Page:
        img = cv2.cvtColor(np.asarray(self.pil), cv2.COLOR_RGB2BGR)
        for pts in self.pens:
            cv2.polylines(img, [pts], False, PEN, 4, cv2.LINE_AA)
        return Page(1, W, H, image=img, words=list(self.words), text_source="ocr")



def _body(sheet: Sheet) -> None:
    """Ordinary document text above the signature block."""
    for i in range(12):
        sheet.text(200, 300 + i * 60, "Поставка товара по договору № 17 от 01.02.2025 оплачена")


def scribble_boxes(sheet: Sheet) -> list[tuple[float, ...]]:
    """The signature search's boxes on the sheet, in its page pixels (OCR words as drawn)."""
    page = sheet.page()
    assert page.image is not None
    maps = ink_maps(page.image)
    k = maps.scale
    words = [(w.x * k, w.y * k, w.w * k, w.h * k) for w in sheet.words]
    return [tuple(v / k for v in s.box) for s in find_scribbles(maps, words, [], [])]


def test_stacked_torg12_signatures_are_two_with_their_rows_roles() -> None:
    sheet = Sheet()
    _body(sheet)
    rows = (("Отпуск груза разрешил", 1500), ("Главный (старший) бухгалтер", 1600),
            ("Отпуск груза произвел", 1700))
    for label, y in rows:
        sheet.text(200, y - 40, label)
        sheet.blank(750, 1150, y)
        sheet.blank(1200, 1600, y)
    # Tall signatures on two neighbouring rows: their ink touches between the lines.
    first = sheet.pen(1230, 1500, 300, 110, seed=1)
    second = sheet.pen(1220, 1600, 320, 110, seed=2)
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 2
    by_role = {s.role: s for s in sigs}
    assert iou(by_role["отпуск разрешил"].bbox, first) >= 0.3
    assert iou(by_role["главный бухгалтер"].bbox, second) >= 0.3


def test_two_labels_read_as_one_line_keep_their_own_blanks() -> None:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.text(1100, 1560, "Смирнова С.А. Бухгалтер")
    sheet.blank(480, 1080, 1600)
    sheet.blank(1600, 2100, 1600)
    boss = sheet.pen(560, 1600, 380, 120, seed=3)
    # OCR reads the ink as a word and so returns "Руководитель Ппм Смирнова С.А. Бухгалтер"
    # as one run of words on one line.
    line = sheet.words[-1].line
    sheet.words = [Word(w.text, w.x, w.y, w.w, w.h, w.conf, line) if w.y > 1500 else w
                   for w in sheet.words]
    sheet.words.append(Word("Ппм", boss[0], boss[1], boss[2], boss[3], 0.3, line))
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 1
    assert iou(sigs[0].bbox, boss) >= 0.3
    assert sigs[0].role == "руководитель"


def test_print_ocr_missed_is_not_part_of_a_signature() -> None:
    sheet = Sheet()
    _body(sheet)
    # The caption under the pen was not read (the ink crossed it): it stays print.
    sheet.text(200, 1480, "Товар (груз) передал / услуги, результаты работ, права сдал",
               read=False)
    sheet.text(200, 1560, "Директор")
    sheet.blank(520, 1000, 1600)
    sheet.blank(1050, 1500, 1600)
    ink = sheet.pen(1080, 1600, 300, 130, seed=4)
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 1
    assert iou(sigs[0].bbox, ink) >= 0.5
    assert sigs[0].bbox[0] > 1000  # the box does not stretch over the unread caption


def test_unread_print_alone_is_no_signature() -> None:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1500, "Руководитель")
    sheet.text(600, 1520, "Иванов И.И. Петров П.П. Сидоров С.С.", read=False)
    sheet.blank(560, 1500, 1560)
    assert find_page_marks(sheet.page()).signatures == []


def test_upd_signature_requirements() -> None:
    def card(*roles: str, status: Literal[1, 2] = 1) -> Card:
        sigs = [Signature(page=1, bbox=[0, 0, 1, 1], confidence=1, role=r) for r in roles]
        return Card(file="x.pdf", doc_type="upd", upd_status=status,
                    marks=Marks(signatures=sigs))

    def missing(c: Card) -> list[str]:
        return [i.message for i in check_marks(c) if i.code == "missing_signature"]

    sides = ("товар передал", "товар получил")
    # An entrepreneur signs alone; a company needs its head and its chief accountant.
    assert missing(card("индивидуальный предприниматель", *sides)) == []
    assert missing(card("руководитель", "главный бухгалтер", *sides)) == []
    only_head = missing(card("руководитель", *sides))
    assert len(only_head) == 1 and "главный бухгалтер" in only_head[0]
    # The buyer's receipt is required on both statuses (the transfer document part).
    assert missing(card("товар передал", status=2)) == [
        "Нет обязательной подписи: товар получил."]
    assert missing(card(*sides, status=2)) == []


def _torg12_footer(sheet: Sheet, read: tuple[bool, bool, bool]) -> list[int]:
    """ТОРГ-12's left signature column; ``read`` says which row labels OCR read. Returns the
    rows' blank heights."""
    sheet.text(200, 200, "ТОВАРНАЯ НАКЛАДНАЯ")
    _body(sheet)
    sheet.text(200, 1300, "Всего отпущено на сумму Сто двадцать рублей 00 копеек")
    rows = [1500, 1600, 1700]
    for label, y, seen in zip(("Отпуск груза разрешил", "Главный (старший) бухгалтер",
                               "Отпуск груза произвел"), rows, read, strict=True):
        sheet.text(200, y - 40, label, read=seen)
        sheet.blank(640, 860, y)
        sheet.blank(900, 1180, y)
        sheet.text(960, y + 8, "(подпись)")
    # The receiving side's column on the right half.
    sheet.text(1300, 1360, "По доверенности № 12 от 01.02.2025 выданной")
    for label, y in (("Груз принял", rows[0]), ("Груз получил грузополучатель", rows[1])):
        sheet.text(1300, y - 40, label)
        sheet.blank(1800, 2250, y)
    return rows


def test_torg12_row_without_its_label_takes_its_place_in_the_column() -> None:
    sheet = Sheet()
    # The first row's label is under a seal and unread; the accountant's, a row lower, is
    # the nearest label read, yet the signature is on the first row.
    rows = _torg12_footer(sheet, (False, True, True))
    ink = sheet.pen(900, rows[0], 260, 110, seed=6)
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 1
    assert iou(sigs[0].bbox, ink) >= 0.3
    assert sigs[0].role == "отпуск разрешил"


def test_vat_invoice_signature_with_no_label_read_gets_its_half() -> None:
    sheet = Sheet()
    sheet.text(200, 200, "СЧЕТ-ФАКТУРА № 17 от 01.02.2025")
    _body(sheet)
    sheet.text(200, 1200, "Всего к оплате (9) 1 200,00 200,00 1 200,00")
    # The labels blurred away; the signature stands on the right half's blank.
    sheet.text(200, 1520, "Руководитель организации", read=False)
    sheet.text(1300, 1520, "Главный бухгалтер", read=False)
    sheet.blank(700, 1100, 1600)
    sheet.blank(1800, 2200, 1600)
    ink = sheet.pen(1850, 1600, 300, 110, seed=7)
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 1
    assert iou(sigs[0].bbox, ink) >= 0.3
    assert sigs[0].role == "главный бухгалтер"


def _press_seal(img: np.ndarray, cx: int, cy: int, r: int, bgr: tuple[int, int, int]) -> None:
    """A round seal's rings, ring text and middle line pressed over ``img`` (its ink
    multiplies in, as a stamp pad's does)."""
    seal = np.full_like(img, 255)
    cv2.circle(seal, (cx, cy), r, bgr, 7)
    cv2.circle(seal, (cx, cy), int(r * 0.62), bgr, 3)
    for a in range(0, 360, 12):
        x = int(cx + r * 0.8 * np.cos(np.radians(a)))
        y = int(cy + r * 0.8 * np.sin(np.radians(a)))
        cv2.putText(seal, "O", (x - 10, y + 10), cv2.FONT_HERSHEY_SIMPLEX, 0.9, bgr, 2)
    cv2.putText(seal, "INN 7707083893", (cx - 150, cy + 10), cv2.FONT_HERSHEY_SIMPLEX, 1.0,
                bgr, 2)
    img[:] = (img.astype(np.uint16) * seal // 255).astype(np.uint8)


def test_blue_pen_wholly_under_a_seal_of_its_own_ink_is_found() -> None:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1300, 1600)
    ink = sheet.pen(720, 1600, 330, 120, seed=8)
    page = sheet.page()
    assert page.image is not None
    # The seal sits right on the signature, in a pad ink as dark and blue as the pen's: only
    # the strokes' shape tells them apart.
    _press_seal(page.image, 890, 1560, 260, PEN)
    marks = find_page_marks(page)
    assert len(marks.stamps) == 1
    assert any(iou(s.bbox, ink) >= 0.3 and s.role == "руководитель" for s in marks.signatures)


def test_small_signature_ocr_read_as_a_word_is_still_found() -> None:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1200, 1600)
    ink = sheet.pen(700, 1600, 150, 62, seed=9)
    # Tesseract boxed the whole small signature as one confident "word".
    sheet.words.append(Word("Шиф", ink[0] - 2, ink[1] - 2, ink[2] + 4, ink[3] + 4, 0.8, 99))
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 1
    assert iou(sigs[0].bbox, ink) >= 0.5
    assert sigs[0].role == "руководитель"


def test_torg12_row_placed_by_the_titles_typed_in_the_rows() -> None:
    sheet = Sheet()
    # No row label read; the должность typed on the first and third rows is.
    rows = _torg12_footer(sheet, (False, False, False))
    sheet.text(660, rows[0] - 40, "Директор")
    sheet.text(660, rows[2] - 40, "Кладовщик")
    ink = sheet.pen(900, rows[1], 260, 100, seed=10)
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 1
    assert iou(sigs[0].bbox, ink) >= 0.3
    assert sigs[0].role == "главный бухгалтер"


def test_entrepreneurs_upd_signature_with_no_label_read_is_the_ip_line() -> None:
    sheet = Sheet()
    sheet.text(200, 150, "Универсальный передаточный документ")
    sheet.text(200, 220, "Продавец: ИП Комаров Павел Александрович")
    _body(sheet)
    for i in range(4):  # the table's right columns reach across the sheet
        sheet.text(1700, 300 + i * 60, "600,00 без НДС 600,00")
    sheet.text(200, 1200, "Всего к оплате (9)")
    sheet.text(1700, 1200, "1 200,00 без НДС 1 200,00")
    sheet.blank(700, 1100, 1500)
    sheet.blank(700, 1100, 1600)
    sheet.text(1300, 1560, "ОГРНИП 316545414469647")
    ink = sheet.pen(750, 1600, 300, 110, seed=11)
    sheet.text(200, 1800, "Основание передачи (сдачи) / получения (приемки) Договор № 5")
    sigs = find_page_marks(sheet.page()).signatures
    assert len(sigs) == 1
    assert iou(sigs[0].bbox, ink) >= 0.3
    assert sigs[0].role == "индивидуальный предприниматель"


def test_act_known_by_its_number_sign() -> None:
    from recognizers.marks.roles_layout import page_form
    from recognizers.marks.roles_text import text_lines
    words = [Word("Акт", 100, 100, 60, 30, 0.9, 0), Word("№", 170, 100, 30, 30, 0.9, 0),
             Word("12", 210, 100, 30, 30, 0.9, 0)]
    assert page_form(text_lines(words)) == "act"


def test_torg12_label_row_follows_the_page_skew() -> None:
    """On a scan turned ~3 degrees the label half the page away sits a row off its blank
    unless compared along the text lines' slope."""
    from recognizers.marks.roles_layout import Blank
    from recognizers.marks.roles_text import Match, page_slope
    slope = -0.06
    words = [Word(f"w{i}", 100 + 150 * i, 1000 + slope * 150 * i, 120, 30, 0.9, 1)
             for i in range(6)]
    assert abs(page_slope(words, 6.0) - slope) < 1e-3
    label = Match(100, 400, 1015, 250)  # a line's box centre holds at its middle
    blank = Blank(850, 984, True, 6.0, slope=slope)
    assert abs(blank.rise(label)) < 15 < abs(blank.y - label.cy)


def test_signature_ocr_read_as_latin_words_is_not_erased_as_print() -> None:
    from recognizers.marks import _printed_words
    words = [Word("Anna", 800, 900, 100, 23, 0.1, 3), Word("Директор", 100, 900, 110, 22, 0.96, 3),
             Word("Иванов", 300, 900, 90, 22, 0.96, 3), Word("ООО", 500, 900, 50, 22, 0.9, 3)]
    assert len(_printed_words(words, 1.0, 6.0)) == 4
    assert [b[0] for b in _printed_words(words, 1.0, 6.0, latin=False)] == [100, 300, 500]




def _faint_seal_maps(pen_dark: float) -> tuple[InkMaps, np.ndarray, np.ndarray]:
    """Working-scale ink maps of a photographed blue seal (its ink 0.45 dark) with a pen
    line across its middle, tinted as the seal and ``pen_dark`` dark, broken into 3 mm
    dashes as a faint pen is on a photo; with the ink mask and the pen's own pixels."""
    mm = 6.0
    dark = np.zeros((400, 400), np.float32)
    cv2.circle(dark, (200, 200), 100, 0.45, 4)
    cv2.circle(dark, (200, 200), 62, 0.45, 2)
    for a in range(0, 360, 15):  # ring text: letter-sized blobs between the rings
        x, y = 200 + 81 * np.cos(np.radians(a)), 200 + 81 * np.sin(np.radians(a))
        cv2.rectangle(dark, (int(x) - 4, int(y) - 5), (int(x) + 4, int(y) + 5), 0.45, 1)
    pen = np.zeros_like(dark)
    for x0 in range(120, 280, int(4.5 * mm)):
        xs = np.arange(x0, x0 + int(3 * mm))
        ys = 200 + 12 * np.sin(xs / 9.0)
        cv2.polylines(pen, [np.stack([xs, ys], 1).astype(np.int32)], False, pen_dark, 2)
    dark = np.maximum(dark, pen)
    maps = InkMaps(1.0, mm, dark, dark * 0.45, True, np.full(dark.shape, 255, np.uint8))
    return maps, (dark > 0.2).astype(np.uint8) * 255, pen > 0


@pytest.mark.parametrize("pen_dark", [0.62, 0.75])
def test_faint_pen_under_a_faint_seal_of_its_tint_is_kept(pen_dark: float) -> None:
    maps, mask, pen_px = _faint_seal_maps(pen_dark)
    _cover, pen = take_seals(mask, [Seal(200, 200, 100, 1.0)], maps)
    # The pen's dashes (too short to tell by shape) are kept by their darkness ...
    assert np.count_nonzero(pen & pen_px) >= 0.8 * np.count_nonzero(pen_px)
    # ... and the seal's own ink is not taken for a pen.
    assert np.count_nonzero(pen & ~pen_px) <= 0.05 * np.count_nonzero(mask)


def test_thick_blurred_strokes_of_a_short_signature_still_score_as_a_pen() -> None:
    # A quick signature on a photo at the working scale (~6 px/mm, 18 x 7 mm): blur thickens
    # its loops until they fill over a third of its box, which print blobs fill too.
    comp = np.zeros((60, 110), np.uint8)
    t = np.linspace(0, 1, 300)
    phase = t * 4.5 * 2 * np.pi
    pts = np.stack([5 + 100 * t + 8 * np.cos(phase), 10 + 20 * (1 + np.sin(phase))], 1)
    cv2.polylines(comp, [pts.astype(np.int32)], False, 1, 3)
    ys, xs = np.nonzero(comp)
    tight = comp[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    assert 0.4 < tight.mean() < 0.45
    assert _stroke_score(tight, 5.93) > 0.5
    # A solid blob of print the same size is still no pen.
    assert _stroke_score(np.ones_like(tight), 5.93) == 0.0


def test_flat_wavy_signature_above_its_blank_is_not_taken_for_a_ruling() -> None:
    """The crests of a flat wavy signature, blurred thick, fill most of their rows, never
    a whole row as the blank's line under it does."""
    px_per_mm = 6.7
    mask = np.zeros((300, 600), np.uint8)
    xs = np.arange(100, 500)
    ys = 150 - 1.5 * px_per_mm * (0.5 + 0.5 * np.cos(2 * np.pi * (xs - 100) / (2 * px_per_mm)))
    cv2.polylines(mask, [np.stack([xs, ys], 1).astype(np.int32)], False, 255, 4)
    wave = mask > 0
    cv2.line(mask, (50, 175), (550, 175), 255, 3)
    line = (mask > 0) & ~wave
    ruled = rulings(mask, px_per_mm) > 0
    assert (ruled & line).sum() > 0.99 * line.sum()
    assert (ruled & wave).sum() < 0.4 * wave.sum()


def test_signature_flourish_read_as_a_short_latin_word_is_kept() -> None:
    """OCR reads a low loop of a black-pen signature as 'an' at 0.76 on poor scans; erased
    as print, the rest was left narrower than the signature and missed it."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Директор")
    sheet.blank(420, 1000, 1600)
    loop = sheet.pen(560, 1585, 70, 28, seed=5)
    rest = sheet.pen(loop[0] + loop[2] + 12, 1600, 90, 100, seed=6)
    sheet.words.append(Word("an", loop[0] - 2, loop[1] - 2, loop[2] + 4, loop[3] + 4, 0.76,
                            sheet.words[-1].line + 1))
    page = sheet.page()
    assert page.image is not None
    page.image = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)  # no blue to tell the pen by
    sigs = find_page_marks(page).signatures
    assert len(sigs) == 1
    whole = (loop[0], rest[1], rest[0] + rest[2] - loop[0], loop[1] + loop[3] - rest[1])
    assert iou(sigs[0].bbox, whole) >= 0.7
