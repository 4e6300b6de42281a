"""Dense payment QR codes on phone photos, read module by module (codes_qr)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from recognizers.marks.codes_qr import function_modules, read_qr_grid
from recognizers.marks.codes_read import zbar_codes, zxing_codes
from recognizers.marks.codes_rescue import rescue

PX_PER_MM = 150 / 25.4
PAYMENT = ("ST00012|Name=Общество с ограниченной ответственностью «Сибирская строительная "
           "компания»|PersonalAcc=40702810400000012345|BankName=ПАО СБЕРБАНК г. Москва, "
           "Московский банк|BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=7707083893|"
           "KPP=770701001|Sum=2679799|Purpose=Оплата по счету № 1289 от 12.05.2024 за поставку "
           "строительных материалов по договору № 17/3, в т.ч. НДС 4466.33")


def _matrix(data: bytes) -> np.ndarray:
    qrcode = pytest.importorskip("qrcode")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return np.array(qr.get_matrix(), bool)


def _photo(bits: np.ndarray, module_px: float, blur: float, seed: int = 3) -> np.ndarray:
    """The symbol as a 150 dpi phone photo shows it: drawn finely, put in perspective at
    ``module_px`` a module, blurred, unevenly lit, noisy and JPEG-compressed."""
    fine = 8
    sym = np.kron(np.where(bits, 20, 235).astype(np.uint8),
                  np.ones((fine, fine), np.uint8)).astype(np.uint8)
    n = sym.shape[0]
    side = n * module_px / fine
    margin = 40
    out = int(side + 2 * margin)
    rng = np.random.default_rng(seed)
    corners = np.array([[0, 0], [n, 0], [n, n], [0, n]], np.float32)
    target = np.array([[margin, margin + 3], [margin + side, margin],
                       [margin + side - 4, margin + side + 2], [margin + 2, margin + side]],
                      np.float32) + rng.uniform(-2, 2, (4, 2)).astype(np.float32)
    m = cv2.getPerspectiveTransform(corners, target)
    # Rendered at 4x the output and shrunk by area, as a sensor integrates its pixels.
    big = cv2.warpPerspective(sym, np.diag([4, 4, 1]).astype(np.float64) @ m, (out * 4, out * 4),
                              flags=cv2.INTER_AREA, borderValue=235)
    img = cv2.resize(big, (out, out), interpolation=cv2.INTER_AREA).astype(np.float32)
    yy, xx = np.mgrid[0:out, 0:out].astype(np.float32) / out
    img = cv2.GaussianBlur(img, (0, 0), blur) * (1.05 - 0.25 * xx - 0.1 * yy)
    img += rng.standard_normal(img.shape).astype(np.float32) * 4
    ok, buf = cv2.imencode(".jpg", np.clip(img, 0, 255).astype(np.uint8),
                           [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    return np.asarray(cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE))


def test_function_patterns_match_a_real_symbol() -> None:
    bits = _matrix(PAYMENT.encode())
    version = (bits.shape[0] - 17) // 4
    known, dark = function_modules(version)
    assert known.sum() > 500
    assert np.array_equal(bits[known], dark[known])


@pytest.mark.parametrize(("module_px", "blur"), [(1.7, 1.0), (2.0, 1.3), (1.5, 0.8)])
def test_payment_qr_at_under_two_px_a_module_is_read(module_px: float, blur: float) -> None:
    bits = _matrix(PAYMENT.encode())
    assert bits.shape[0] >= 85  # a payment code of ~90 modules, as the corpus prints
    crop = _photo(bits, module_px, blur)
    # The decoders on their own miss it: this is the case the grid reader exists for.
    assert not any(c.data == PAYMENT for c in zbar_codes(crop) + zxing_codes(crop))
    found = rescue(crop, "matrix", PX_PER_MM, 100, 200)
    assert [(c.type, c.data) for c in found] == [("QRCODE", PAYMENT)]
    x, y, w, _ = found[0].bbox
    assert 100 + 30 < x < 100 + 50 and 200 + 30 < y < 200 + 50
    assert abs(w - bits.shape[0] * module_px) < 10


def test_grid_reader_invents_nothing_from_print_or_noise() -> None:
    rng = np.random.default_rng(5)
    noise = cv2.GaussianBlur(np.where(rng.random((60, 60)) < 0.5, 30, 230).astype(np.uint8),
                             (0, 0), 0.5)
    noise = cv2.copyMakeBorder(cv2.resize(noise, (110, 110)), 30, 30, 30, 30,
                               cv2.BORDER_CONSTANT, value=235)
    text = np.full((170, 170), 235, np.uint8)
    for i in range(8):
        cv2.putText(text, "INN 7707083893", (5, 25 + i * 18), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                    20, 1)
    for crop in (noise, text):
        assert read_qr_grid(crop, PX_PER_MM) is None


def _corpus_photo(seed: int) -> tuple[np.ndarray, str]:
    """A 93-module payment QR of 28-30 mm on a small sheet photographed as the corpus's
    photo profile does (150 dpi, perspective, lighting, blur, noise, JPEG): the code's
    crop and its text."""
    import random

    from PIL import Image

    from ecm.corpus import codes, degrade

    rng = random.Random(seed)
    data = PAYMENT.replace("2679799", str(rng.randint(10**5, 10**8)))
    qr = codes.qr_image(data)
    px = int(rng.uniform(28, 30) / 25.4 * 150)
    page = np.full((470, 650, 3), 255, np.uint8)
    sym = np.asarray(qr.resize((px * 4, px * 4), Image.Resampling.NEAREST))
    sym = cv2.resize(sym, (px, px), interpolation=cv2.INTER_AREA)
    y, x = (470 - px) // 2, (650 - px) // 2
    page[y:y + px, x:x + px] = sym[..., None]
    out, _ = degrade.photo(page, rng)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(70, 90)])
    assert ok
    gray = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    h, w = gray.shape
    return gray[h // 2 - 150:h // 2 + 150, w // 2 - 150:w // 2 + 150], data


def test_corpus_like_photos_of_payment_codes_are_read() -> None:
    pytest.importorskip("ecm.corpus.degrade")
    read = 0
    for seed in range(8):
        crop, data = _corpus_photo(seed)
        found = rescue(crop, "matrix", PX_PER_MM, 0, 0)
        assert all(c.data == data for c in found)  # nothing else, ever
        read += bool(found)
    assert read >= 7
