"""EAN-13s read once by a decoder that is not sure of them want a second reading (codes_vote);
a photographed EAN-13's module grid is found from all its edges (codes_grid)."""

from __future__ import annotations

from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from PIL import Image

from ecm.corpus import codes as render
from recognizers.marks import codes_read
from recognizers.marks.codes_read import FoundCode, zbar_codes

DATA = "2984675179668"


def _sticker(data: str, module_px: float, blur: float) -> np.ndarray:
    """The corpus's EAN-13 sticker (0.3 mm modules at 300 dpi) at ``module_px`` a module."""
    img = render.ean13_image(data)
    k = module_px / (0.3 * 300 / 25.4)
    img = img.resize((round(img.width * k), round(img.height * k)), Image.Resampling.LANCZOS)
    gray = np.asarray(img).astype(np.float32)
    out: np.ndarray = np.clip(cv2.GaussianBlur(gray, (0, 0), blur) if blur else gray,
                              0, 255).astype(np.uint8)
    return out


def _symbol(kind: str, data: str, quality: int) -> SimpleNamespace:
    rect = SimpleNamespace(left=70, top=100, width=230, height=60)
    return SimpleNamespace(type=kind, data=data.encode(), quality=quality, rect=rect)


def test_two_texts_read_by_as_many_zbar_scanlines_are_neither_given(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A synthetic photo's EAN-13 upscaled: zbar read its text and a false UPC-A off the same
    # bars, 4 scanlines each.
    monkeypatch.setattr(codes_read.pyzbar, "decode", lambda *a, **k: [
        _symbol("UPCA", "028100004674", 4), _symbol("EAN13", DATA, 4)])
    assert zbar_codes(np.zeros((10, 10), np.uint8)) == []
    monkeypatch.setattr(codes_read.pyzbar, "decode", lambda *a, **k: [
        _symbol("UPCA", "028100004674", 4), _symbol("EAN13", DATA, 30)])
    assert [(c.type, c.data) for c in zbar_codes(np.zeros((10, 10), np.uint8))] == [
        ("EAN13", DATA)]


def test_an_ean13_read_by_few_zbar_scanlines_is_not_sure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codes_read.pyzbar, "decode", lambda *a, **k: [
        _symbol("EAN13", DATA, 4), _symbol("CODE128", "ARC123456789", 3)])
    sure = {c.type: c.sure for c in zbar_codes(np.zeros((10, 10), np.uint8))}
    assert sure == {"EAN13": False, "CODE128": True}


def test_a_code128_read_by_one_or_two_zbar_scanlines_is_not_sure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # zbar read 'AR"823630001717' off a synthetic photo's ARC823671001 sharpened, by 1 line.
    monkeypatch.setattr(codes_read.pyzbar, "decode", lambda *a, **k: [
        _symbol("CODE128", 'AR"823630001717', 1)])
    assert [c.sure for c in zbar_codes(np.zeros((10, 10), np.uint8))] == [False]


def test_a_second_reading_gives_the_text_two_decoders_agree_on() -> None:
    from recognizers.marks.codes_vote import second_reading

    crop = cv2.copyMakeBorder(_sticker(DATA, 2.4, 0.8), 20, 20, 20, 20, cv2.BORDER_CONSTANT,
                              value=255)
    misread = FoundCode("EAN13", "4448728089178", (0.0, 0.0, 10.0, 1.0), sure=False)
    sure = second_reading(misread, crop, 8.0)
    assert sure is not None and (sure.type, sure.data, sure.sure) == ("EAN13", DATA, True)


def test_a_second_reading_of_print_gives_nothing() -> None:
    from recognizers.marks.codes_vote import second_reading

    img = np.full((130, 420), 245, np.uint8)
    for i, y in enumerate((40, 75, 110)):
        cv2.putText(img, f"IIll1| 7707083893 {i}", (5, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 20, 2)
    unsure = FoundCode("EAN13", DATA, (0.0, 0.0, 10.0, 1.0), sure=False)
    assert second_reading(unsure, cv2.GaussianBlur(img, (0, 0), 1.0), 8.0) is None


@pytest.mark.parametrize("stretch", [-0.05, -0.02, 0.03])
def test_the_edges_give_a_photographed_ean13_its_grid(stretch: float) -> None:
    # A sticker seen in perspective: its modules grow along it (stretch: of the module, end
    # to end). The grid the edges fit is the one the symbol was drawn on.
    from recognizers.marks.codes_grid import edge_grid

    barcode = pytest.importorskip("barcode")
    bits = np.array([int(b) for b in barcode.get_barcode_class("ean13")(DATA[:12]).build()[0]],
                    np.float32)
    module, x0, n = 1.8, 30.0, len(bits)
    px = np.arange(int(x0 + 2 * module * n)) + 0.5
    m = np.linspace(0, n, 20001)
    at = np.interp(px, x0 + module * (m + stretch * (m * m / n - m)), m, left=-1, right=n + 1)
    fine = np.where((at >= 0) & (at < n), bits[np.clip(at.astype(int), 0, n - 1)], 0.0)
    ink = cv2.GaussianBlur(fine.reshape(1, -1).astype(np.float32), (0, 0), 1.0).ravel()
    x1 = x0 + module * n
    grid = edge_grid(ink, x0, x1)
    assert grid is not None
    start, size, found = grid
    # Up to a whole module (the guards decide that), the grid is the drawn one.
    offset = (start - x0) / module
    assert abs(offset - round(offset)) < 0.15
    assert abs(size - module) < 0.03 * module
    assert abs(found - stretch) <= 0.011


def test_the_first_reading_counts_once_for_its_own_decoder(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # zxing-cpp read a photo's EAN-13 on an upscaled copy the vote does not make; the fitting
    # reader read it too: two decoders. The fitting reader alone is one, however often.
    from recognizers.marks import codes_vote

    monkeypatch.setattr(codes_vote, "_readers", lambda crop, px_per_mm: iter([
        ("zbar_codes", list), ("edges", lambda: [("EAN13", "5248163546309")]),
        ("fit", lambda: [("EAN13", DATA)])]))
    crop = np.zeros((10, 10), np.uint8)
    by_zxing = FoundCode("EAN13", DATA, (0.0, 0.0, 1.0, 1.0), sure=False, by="zxing_codes")
    sure = codes_vote.second_reading(by_zxing, crop, 8.0)
    assert sure is not None and sure.data == DATA
    by_fit = FoundCode("EAN13", DATA, (0.0, 0.0, 1.0, 1.0), sure=False, by="fit")
    assert codes_vote.second_reading(by_fit, crop, 8.0) is None


def test_a_reading_the_vote_rejects_lets_the_cascade_go_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # zbar read a false UPC-A off half of a synthetic photo's EAN-13 by a few scanlines; the
    # vote rejected it, and the block was given up though the next steps read the sticker.
    from recognizers.marks import codes

    img = cv2.copyMakeBorder(_sticker(DATA, 2.4, 0.8), 60, 60, 60, 60, cv2.BORDER_CONSTANT,
                             value=255)
    page = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    h, w = img.shape
    false_upca = FoundCode("UPCA", "094388000080", (60.0, 60.0, 100.0, 20.0), sure=False,
                           by="zbar_codes")
    monkeypatch.setattr(codes, "zbar_codes", lambda *a, **k: [false_upca])
    monkeypatch.setattr(codes, "second_reading", lambda code, crop, px_per_mm: None)
    found = codes._read_region(page, (60.0, 60.0, w - 120.0, h - 120.0), 8.0)
    assert [(c.type, c.data) for c in found] == [("EAN13", DATA)]
