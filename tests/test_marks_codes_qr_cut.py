"""A payment QR whose top rows the image's top edge cut off (codes_qr_cut)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from recognizers.marks.codes_qr_cut import format_bits, format_cells, read_cut_qr
from recognizers.marks.codes_read import zbar_codes, zxing_codes
from recognizers.marks.codes_rescue import rescue
from tests.test_marks_codes_qr import _matrix

PX_PER_MM = 240 / 25.4
PAYMENT = ("ST00012|Name=ООО «Северный ветер»|PersonalAcc=40702810453859646716|"
           "BankName=Банк ВТБ (ПАО)|BIC=044525187|CorrespAcc=30101810700000000187|"
           "PayeeINN=7760809171|KPP=775182383|Sum=2362136|Purpose=Оплата по счету № 108 от "
           "15.04.2024, в т.ч. НДС 38099.00")


def _scan(bits: np.ndarray, rows_cut: int, module_px: float = 3.3) -> np.ndarray:
    """The symbol scanned a little askew at ``module_px`` a module, blurred, noisy and
    JPEG-compressed, the image's top edge through its ``rows_cut``-th row."""
    fine = 8
    sym = np.kron(np.where(bits, 25, 230).astype(np.uint8), np.ones((fine, fine), np.uint8))
    n = sym.shape[0]
    side = n * module_px / fine
    margin = 40
    out = int(side + 2 * margin)
    m = cv2.getRotationMatrix2D((0, 0), -0.6, module_px / fine)
    m[:, 2] = margin
    img = cv2.warpAffine(sym, m, (out, out), flags=cv2.INTER_AREA, borderValue=230)
    img = cv2.GaussianBlur(img.astype(np.float32), (0, 0), 0.8)
    img += np.random.default_rng(5).standard_normal(img.shape).astype(np.float32) * 3
    ok, buf = cv2.imencode(".jpg", np.clip(img, 0, 255).astype(np.uint8),
                           [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    scanned = np.asarray(cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE))
    return scanned[int(margin + rows_cut * module_px):]


def test_format_bits_are_the_standards() -> None:
    util = pytest.importorskip("qrcode.util")
    for level in range(4):
        for mask in range(8):
            assert format_bits(level, mask) == util.BCH_type_info((level << 3) | mask)


def test_format_cells_of_a_real_symbol() -> None:
    bits = _matrix(PAYMENT.encode())
    first, second = format_cells(bits.shape[0])
    words = [sum(int(bits[r, c]) << i for i, (r, c) in enumerate(copy))
             for copy in (first, second)]
    assert words[0] == words[1]
    assert words[0] in {format_bits(0, mask) for mask in range(8)}


@pytest.mark.parametrize("rows_cut", [3, 6, 9])
def test_a_payment_qr_cut_at_the_top_is_read(rows_cut: int) -> None:
    gray = _scan(_matrix(PAYMENT.encode()), rows_cut)
    # No decoder finds the symbol without its top finders.
    assert not zbar_codes(gray, 1.0, 0, 0) and not zxing_codes(gray, 1.0, 0, 0)
    read = read_cut_qr(gray, PX_PER_MM)
    assert read is not None
    assert read[0].decode() == PAYMENT
    found = rescue(gray, "matrix", PX_PER_MM, 0, 0)
    assert [c.data for c in found] == [PAYMENT]


def test_an_uncut_symbol_or_another_qr_is_not_taken() -> None:
    whole = _scan(_matrix(PAYMENT.encode()), -8)  # its margin above it: not cut
    assert read_cut_qr(whole, PX_PER_MM) is None
    other = "https://example.org/" + "x" * 260  # not a payment string: never taken
    assert read_cut_qr(_scan(_matrix(other.encode()), 4), PX_PER_MM) is None


def test_a_cut_block_below_the_top_is_not_tried() -> None:
    gray = _scan(_matrix(PAYMENT.encode()), 6)
    assert rescue(gray, "matrix", PX_PER_MM, 0, 120) == []


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_payment_qr_cut_at_another_edge_is_read(turns: int) -> None:
    """A sheet fed upside down or sideways: the cut at the image's bottom, left or right."""
    gray = np.ascontiguousarray(np.rot90(_scan(_matrix(PAYMENT.encode()), 6), turns))
    h, w = gray.shape
    # The crop lies on the page's edge that cut the symbol (one turn brings its top to the
    # left), and on no other.
    x0, y0 = (0 if turns == 1 else 300), 400
    page = (y0 + h + (0 if turns == 2 else 50), x0 + w + (0 if turns == 3 else 50))
    found = rescue(gray, "matrix", PX_PER_MM, x0, y0, page)
    assert [c.data for c in found] == [PAYMENT]
    bx, by, bw, bh = found[0].bbox
    assert x0 <= bx and bx + bw <= x0 + w + 1 and y0 <= by and by + bh <= y0 + h + 1
    assert bw * bh > 0.7 * h * w * 0.5
    # Away from the page's edges the same crop is not taken for a cut symbol.
    assert rescue(gray, "matrix", PX_PER_MM, 300, y0, (y0 + h + 50, 300 + w + 50)) == []
