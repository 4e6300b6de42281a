"""Machine-readable codes on rendered pages (tilted, turned, small, blurred, streaked) and
the ГОСТ Р 56042-2014 payment string: charsets, parsing, checks against the card."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
import pytest
from PIL import Image

from ecm.corpus import codes as render
from recognizers.card import Fields
from recognizers.marks import find_page_marks
from recognizers.marks.payment import account_key_ok, check_payment, parse_payment
from recognizers.page import Page

GOST = ("ST0001{c}|Name=ООО 'Ромашка'|PersonalAcc=40702810200000000001|BankName=ПАО Сбербанк|"
        "BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=7707083893|KPP=770701001|"
        "Sum=123450|Purpose=Оплата по счёту N 7 от 01.02.2026, НДС 22%")
CHARSETS = {"1": "cp1251", "2": "utf-8", "3": "koi8-r"}


def _page(dpi: int) -> np.ndarray:
    """A4 with body text, at ``dpi``."""
    k = dpi / 300
    img = np.full((int(3508 * k), int(2480 * k), 3), 250, np.uint8)
    for i in range(30):
        cv2.putText(img, "Printed line of the document text 12345 INN 7707083893",
                    (int(200 * k), int((900 + i * 80) * k)), cv2.FONT_HERSHEY_SIMPLEX,
                    1.3 * k, (25, 25, 25), max(1, round(3 * k)))
    return img


def _symbol(sym: np.ndarray, module_px: float, angle: float = 0.0) -> np.ndarray:
    """A black-on-white symbol (1 px per module) scaled and turned by ``angle`` degrees."""
    big = cv2.resize(sym, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    q = int(max(big.shape) * 0.3) + 10
    big = cv2.copyMakeBorder(big, q, q, q, q, cv2.BORDER_CONSTANT, value=255)
    h, w = big.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out: np.ndarray = cv2.warpAffine(big, m, (nw, nh), flags=cv2.INTER_AREA,
                                     borderValue=255)
    return out


def _place(page: np.ndarray, sym: np.ndarray, x: int, y: int) -> np.ndarray:
    h, w = sym.shape
    x, y = min(x, page.shape[1] - w), min(y, page.shape[0] - h)
    page[y:y + h, x:x + w] = np.minimum(page[y:y + h, x:x + w], sym[..., None])
    return page


def _worn(img: np.ndarray, blur: float, noise: float, seed: int = 1) -> np.ndarray:
    """Scanner blur, sensor noise and a JPEG round trip."""
    out = cv2.GaussianBlur(img, (0, 0), blur) if blur else img
    grain = np.random.default_rng(seed).standard_normal(out.shape[:2], np.float32) * noise
    out = np.clip(out + grain[..., None], 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(out).save(buf, "JPEG", quality=60)
    return np.asarray(Image.open(buf).convert("RGB")).copy()


def _codes(img: np.ndarray) -> set[tuple[str, str]]:
    h, w = img.shape[:2]
    return {(c.type, c.data) for c in find_page_marks(Page(1, w, h, image=img)).codes}


def _qr(data: bytes) -> np.ndarray:
    qrcode = pytest.importorskip("qrcode")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return np.asarray(qr.make_image().get_image().convert("L"))


def _sticker(kind: str, data: str, dpi: int) -> np.ndarray:
    """An archive sticker as the corpus draws it (0.3 mm modules at 300 dpi), at ``dpi``."""
    img = render.code128_image(data) if kind == "CODE128" else render.ean13_image(data)
    k = dpi / 300
    img = img.resize((round(img.width * k), round(img.height * k)), Image.Resampling.LANCZOS)
    return np.asarray(img)


@pytest.mark.parametrize("charset", ["1", "2", "3"])
def test_payment_qr_in_each_charset_is_read_and_parsed(charset: str) -> None:
    text = GOST.format(c=charset)
    img = _place(_page(300), _symbol(_qr(text.encode(CHARSETS[charset])), 5), 1750, 300)
    qrs = [d for t, d in _codes(img) if t == "QRCODE"]
    assert qrs == [text]
    payment = parse_payment(qrs[0])
    assert payment is not None
    assert payment["Name"] == "ООО 'Ромашка'" and payment["Sum"] == "123450"


def test_small_blurred_qr_on_a_200_dpi_scan() -> None:
    # 57 modules at 0.3 mm: a 17 mm code, 2.4 px per module, blurred.
    text = GOST.format(c="2")
    img = _place(_page(200), _symbol(_qr(text.encode()), 2.4, angle=3), 1150, 150)
    assert ("QRCODE", text) in _codes(_worn(img, 0.9, 6))


@pytest.mark.parametrize(("kind", "data", "angle"), [
    ("CODE128", "ARC491644311", 4.0), ("CODE128", "ARC130634488", 90.0),
    ("EAN13", "2923079787697", -3.0), ("EAN13", "2521608364199", 180.0)])
def test_archive_sticker_tilted_or_turned_on_a_poor_scan(kind: str, data: str,
                                                         angle: float) -> None:
    sym = _symbol(_sticker(kind, data, 240), 1, angle)
    img = _place(_page(240), sym, 900, 60)
    assert (kind, data) in _codes(_worn(img, 1.0, 7))


@pytest.mark.parametrize(("blur", "fade"), [(1.6, 60), (1.0, 90)])
def test_a_faded_ean13_whose_bars_blur_grey_on_a_200_dpi_scan(blur: float, fade: int) -> None:
    """Two-pixel modules of a faded print blur to grey, under the usual ink darkness."""
    sticker = _sticker("EAN13", "2606617636656", 200).astype(int)
    faded = (sticker * (255 - fade) // 255 + fade).astype(np.uint8)
    img = _place(_page(200), _symbol(faded, 1), 1020, 20)
    assert ("EAN13", "2606617636656") in _codes(_worn(img, blur, 6))


def test_code128_crossed_by_a_scanner_streak() -> None:
    img = _place(_page(200), _sticker("CODE128", "ARC382973592", 200), 700, 40)
    for x in (780, 812):  # grey lines the length of the page, over bars and spaces alike
        cv2.line(img, (x, 0), (x + 2, img.shape[0]), (190, 190, 190), 2)
    assert ("CODE128", "ARC382973592") in _codes(_worn(img, 1.1, 6))


def test_sticker_next_to_the_dark_table_of_a_photo() -> None:
    # A photographed sheet on a dark table, the sticker 1 mm from the sheet's edge: the
    # table must not swallow the sticker's block.
    page = _place(_page(200), _sticker("CODE128", "ARC167135122", 200), 600, 12)
    img = np.full((page.shape[0] + 200, page.shape[1] + 200, 3), 60, np.uint8)
    noise = np.random.default_rng(3).integers(0, 60, img.shape[:2], dtype=np.uint8)
    img = cv2.add(img, noise[..., None].repeat(3, axis=2))
    img[100:100 + page.shape[0], 100:100 + page.shape[1]] = page
    assert ("CODE128", "ARC167135122") in _codes(_worn(img, 0.8, 4))


@pytest.mark.parametrize(("module_px", "angle"), [(2.5, 0.0), (3.0, 90.0), (3.0, 17.0)])
def test_pdf417_small_or_rotated(module_px: float, angle: float) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    text = GOST.format(c="2")
    sym = np.asarray(zxingcpp.create_barcode(text.encode(), zxingcpp.BarcodeFormat.PDF417)
                     .to_image(scale=1))
    img = _place(_page(300), _symbol(sym, module_px, angle), 1300, 150)
    assert ("PDF417", text) in _codes(_worn(img, 0.6, 4))


@pytest.mark.parametrize(("module_px", "angle"), [(4.0, 0.0), (4.0, 30.0), (6.0, 90.0)])
def test_datamatrix_small_or_rotated(module_px: float, angle: float) -> None:
    dmtx = pytest.importorskip("pylibdmtx.pylibdmtx")
    enc = dmtx.encode(b"ARC-000123456", size="16x16")
    rgb = np.frombuffer(enc.pixels, np.uint8).reshape(enc.height, enc.width, 3)
    sym = cv2.resize(rgb[..., 0], None, fx=0.2, fy=0.2, interpolation=cv2.INTER_NEAREST)
    img = _place(_page(300), _symbol(sym, module_px, angle), 2000, 3150)
    assert ("DATAMATRIX", "ARC-000123456") in _codes(_worn(img, 0.6, 4))


def test_no_code_is_invented_on_a_page_of_print_and_rulings() -> None:
    img = _page(300)
    for y in range(700, 3300, 160):
        cv2.line(img, (150, y), (2330, y), (0, 0, 0), 3)
    for x in range(150, 2400, 540):
        cv2.line(img, (x, 700), (x, 3220), (0, 0, 0), 3)
    cv2.putText(img, "TOVARNAYA NAKLADNAYA", (400, 400), cv2.FONT_HERSHEY_DUPLEX, 4,
                (0, 0, 0), 14)
    assert _codes(_worn(img, 1.0, 6)) == set()


def test_symbologies_without_a_check_are_not_reported() -> None:
    # zbar's Interleaved 2 of 5 (no check character) read a photographed QR's modules as
    # '901255'; documents carry none, so a genuine one is not reported either.
    barcode = pytest.importorskip("barcode")
    from barcode.writer import ImageWriter

    buf = io.BytesIO()
    barcode.get_barcode_class("itf")("12345678901231", writer=ImageWriter()).write(
        buf, {"dpi": 300, "module_width": 0.3})
    sym = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
    img = _place(_page(300), sym, 1600, 200)
    assert _codes(img) == set()


def test_random_corpus_stickers_read_exactly() -> None:
    rng = random.Random(5)
    for _ in range(3):
        data = render.ean13_data(rng)
        img = _place(_page(200), _sticker("EAN13", data, 200), rng.randint(100, 1200), 30)
        assert ("EAN13", data) in _codes(_worn(img, 0.9, 6, seed=rng.randint(0, 99)))


# ГОСТ Р 56042-2014 strings


def _fields(**kw: str) -> Fields:
    base = {"seller_inn": "7707083893", "seller_kpp": "770701001", "total": "1234.50"}
    return Fields(**(base | kw))


def test_parser_takes_any_separator_and_any_key_case() -> None:
    payment = parse_payment("\ufeffST00012#name=ООО Ромашка#PERSONALACC=40702810200000000001#"
                            "BankName=ПАО Сбербанк#BIC=044525225#CorrespAcc=0#Purpose=a=b")
    assert payment is not None
    assert payment["Name"] == "ООО Ромашка"
    assert payment["PersonalAcc"] == "40702810200000000001"
    assert payment["Purpose"] == "a=b"
    assert parse_payment("ST00042|Name=x") is None and parse_payment("ARC123") is None


def test_consistent_payment_code_raises_nothing() -> None:
    payment = parse_payment(GOST.format(c="2"))
    assert payment is not None
    assert check_payment(payment, _fields()) == []


def test_missing_mandatory_keys_are_an_issue() -> None:
    payment = parse_payment("ST00012|Name=ООО Ромашка|Sum=123450")
    assert payment is not None
    issues = check_payment(payment, _fields())
    assert len(issues) == 1
    assert "PersonalAcc, BankName, BIC, CorrespAcc" in issues[0].message


def test_sum_in_kopecks_is_compared_with_the_total() -> None:
    payment = parse_payment(GOST.format(c="2"))
    assert payment is not None
    assert check_payment(payment, _fields(total="1 234,50")) == []
    wrong = check_payment(payment, _fields(total="12345.00"))
    assert [i.field for i in wrong] == ["total"] and "1234.50" in wrong[0].message
    rubles = check_payment(payment | {"Sum": "1234.50"}, _fields())
    assert [i.field for i in rubles] == ["total"] and "копейках" in rubles[0].message


def test_inn_kpp_and_payer_mismatches_name_the_field() -> None:
    payment = parse_payment(GOST.format(c="2") + "|PayerINN=5406940477")
    assert payment is not None
    issues = check_payment(payment, _fields(seller_inn="5406940477", seller_kpp="540601001",
                                            buyer_inn="7707083893"))
    assert {i.field for i in issues} == {"seller_inn", "seller_kpp", "buyer_inn"}


def test_account_keys_with_the_bic() -> None:
    assert account_key_ok("40702810200000000001", "044525225", correspondent=False)
    assert not account_key_ok("40702810300000000001", "044525225", correspondent=False)
    # A client account in a РКЦ is keyed like a correspondent one (ЦБ № 515, example 2).
    assert account_key_ok("40102810100000010001", "040305000", correspondent=False)
    payment = parse_payment(GOST.format(c="2").replace("40702810200000000001",
                                                       "40702810300000000001"))
    assert payment is not None
    issues = check_payment(payment, _fields())
    assert len(issues) == 1 and "проверку ключа" in issues[0].message


def test_budget_payment_accounts_are_not_flagged() -> None:
    payment = parse_payment("ST00012|Name=УФК по г. Москве|PersonalAcc=03100643000000018500|"
                            "BankName=ГУ Банка России по ЦФО|BIC=004525988|"
                            "CorrespAcc=40102810545370000003|PayeeINN=7707083893|"
                            "KPP=770701001|Sum=123450")
    assert payment is not None
    assert check_payment(payment, _fields()) == []


# The last-resort reader of linear codes, on crops zbar is not given a chance on.


def _bars_crop(kind: str, data: str, module_px: float, blur: float,
               streak_at: float | None) -> np.ndarray:
    """Bars 8 mm tall at ``module_px`` per module with white paper above and below; a grey
    scanner streak drawn across everything at ``streak_at`` (a fraction of the width)."""
    barcode = pytest.importorskip("barcode")
    modules = barcode.get_barcode_class(kind.lower())(data).build()[0]
    fine = np.repeat(np.array([0 if m == "1" else 255 for m in "0" * 12 + modules + "0" * 12],
                              np.uint8), 20)
    row = cv2.resize(fine.reshape(1, -1), (round(len(fine) / 20 * module_px), 1),
                     interpolation=cv2.INTER_AREA)
    img = np.full((130, row.shape[1]), 245, np.uint8)
    img[30:100] = row
    if streak_at is not None:
        x = int(streak_at * row.shape[1])
        img[:, x:x + 2] = 190
    img = cv2.GaussianBlur(img, (0, 0), blur)
    noise = np.random.default_rng(7).normal(0, 4, img.shape)
    out: np.ndarray = np.clip(img + noise, 0, 255).astype(np.uint8)
    return out


@pytest.mark.parametrize("streak_at", [None, 0.3, 0.7])
def test_own_reader_gives_up_rather_than_misread(streak_at: float | None) -> None:
    # 2 px per module under a blur of 1.5 px is past reading; merged elements of this
    # Code 128 once passed for an EAN-13 with a valid check digit.
    from recognizers.marks.codes_1d import read_linear

    crop = _bars_crop("CODE128", "ARC491644311", 2.0, 1.5, streak_at)
    assert read_linear(crop, 0.0, 8.0) in ([], [("CODE128", "ARC491644311")])


@pytest.mark.parametrize(("kind", "data"), [("CODE128", "ARC130634488"),
                                            ("EAN13", "2521608364199")])
def test_own_reader_reads_streaked_and_turned_bars(kind: str, data: str) -> None:
    from recognizers.marks.codes_1d import read_linear

    crop = _bars_crop(kind, data[:12] if kind == "EAN13" else data, 2.4, 1.2, 0.31)
    assert read_linear(crop, 0.0, 8.0) == [(kind, data)]
    turned = cv2.rotate(crop, cv2.ROTATE_90_CLOCKWISE)
    assert read_linear(turned, 90.0, 8.0) == [(kind, data)]
    assert read_linear(cv2.rotate(crop, cv2.ROTATE_180), 0.0, 8.0) == [(kind, data)]


def test_own_reader_invents_nothing_from_print() -> None:
    from recognizers.marks.codes_1d import read_linear

    img = np.full((130, 420), 245, np.uint8)
    for i, y in enumerate((40, 75, 110)):
        cv2.putText(img, f"IIll1| 7707083893 {i}", (5, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 20, 2)
    assert read_linear(cv2.GaussianBlur(img, (0, 0), 1.0), 0.0, 8.0) == []


# Bars too blurred for their edges, read by fitting each character's blurred patterns.


@pytest.mark.parametrize(("kind", "data", "module_px", "blur"), [
    ("CODE128", "ARC491644311", 1.9, 1.2), ("CODE128", "ARC130634488", 2.2, 1.6),
    ("EAN13", "2923079787697", 1.8, 1.0), ("EAN13", "2521608364199", 2.0, 1.5)])
def test_fitted_reader_reads_bars_the_edge_reader_cannot(kind: str, data: str,
                                                         module_px: float,
                                                         blur: float) -> None:
    from recognizers.marks.codes_1d import read_linear
    from recognizers.marks.codes_fit import fit_profiles

    crop = _bars_crop(kind, data[:12] if kind == "EAN13" else data, module_px, blur, None)
    assert read_linear(crop, 0.0, 8.0) == []
    assert fit_profiles(crop, 0.0, 8.0) == [(kind, data)]
    assert fit_profiles(cv2.rotate(crop, cv2.ROTATE_180), 0.0, 8.0) == [(kind, data)]


def test_fitted_reader_invents_nothing_from_print() -> None:
    from recognizers.marks.codes_fit import fit_profiles

    img = np.full((130, 420), 245, np.uint8)
    for i, y in enumerate((40, 75, 110)):
        cv2.putText(img, f"IIll1| 7707083893 {i}", (5, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 20, 2)
    assert fit_profiles(cv2.GaussianBlur(img, (0, 0), 1.0), 0.0, 8.0) == []



def test_bars_next_to_a_dark_table_and_a_ruling_still_look_linear() -> None:
    # A sticker 1 mm below a photographed sheet's edge: the crop's margin takes in the dark
    # table above and a ruling below, whose edges outweigh the bars' single direction over
    # the whole crop; the block itself is all bars.
    from recognizers.marks.codes_rescue import code_shape

    pad = 24
    crop = cv2.copyMakeBorder(_bars_crop("EAN13", "292307978769", 1.9, 1.0, None),
                              pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=245)
    crop[:22] = 50
    crop[-8:-4] = 40
    assert code_shape(crop, pad, 6.0) == "linear"
