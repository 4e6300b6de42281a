"""Decoder wrappers: zbar, zxing-cpp and libdmtx, each returning codes in page pixels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from pyzbar import pyzbar

from recognizers.marks.payment import decode_payload

# The symbologies documents carry (those zxing-cpp is asked for too). zbar's others add only
# false codes: Interleaved 2 of 5 has no check character and read a photographed payment
# QR's modules as '901255' on seed 6767; DataBar and Codabar are as loose.
ZBAR_SYMBOLS = [pyzbar.ZBarSymbol.QRCODE, pyzbar.ZBarSymbol.CODE128, pyzbar.ZBarSymbol.EAN13,
                pyzbar.ZBarSymbol.EAN8, pyzbar.ZBarSymbol.UPCA, pyzbar.ZBarSymbol.CODE39]


# EAN-13 and UPC-A carry one check digit, which a misread digit passes one time in ten: zbar
# read by this few scanlines (a synthetic photo's false UPC-A: 4; true EAN-13s on photos:
# 4-11 on a few, 13-150 on most) or zxing-cpp (one scanline of 1 px read a false EAN-13 off a
# clean 2 px-a-module photo) is not sure of them and wants a second reading (``codes_vote``).
CHECK_DIGIT_ONLY = ("EAN13", "UPCA", "EAN8")
SURE_LINES = 12
# Code 128's checksum passes a misread one time in 103, yet zbar read false ones off a
# synthetic photo's sticker, upscaled or sharpened, by 1-2 scanlines (3 of 330 readings of
# 100 photos' crops and their copies; true ones by as few: 30): these want a second reading
# too.
SURE_C128_LINES = 3


def zbar_sure(kind: str, quality: int) -> bool:
    """Whether zbar's reading by ``quality`` scanlines stands without a second reading."""
    if kind in CHECK_DIGIT_ONLY:
        return quality >= SURE_LINES
    return kind != "CODE128" or quality >= SURE_C128_LINES


@dataclass(frozen=True)
class FoundCode:
    type: str
    data: str
    bbox: tuple[float, float, float, float]  # page pixels
    sure: bool = True  # False: read once, by a decoder that a misread passes too easily
    by: str = ""  # the decoder (as codes_vote names them): a second reading must be another's


def zbar_codes(gray: np.ndarray, k: float = 1.0, ox: float = 0, oy: float = 0) -> list[FoundCode]:
    """zbar's readings; of two different texts read from the same linear code (EAN-13 has one
    check digit, and a noisy scanline can pass it) only the one more scanlines agree on, and
    neither when as many scanlines read each (a synthetic photo's EAN-13 upscaled: its text
    and a false UPC-A, 4 scanlines each): the next variant or reader decides."""
    out: list[tuple[FoundCode, int]] = []
    tied: list[FoundCode] = []
    for sym in sorted(pyzbar.decode(gray, symbols=ZBAR_SYMBOLS), key=lambda s: -s.quality):
        if not sym.data:
            # A Code 128 of its start, checksum and stop alone, read off a photo's print
            # (seed 6464): nothing a document prints.
            continue
        r = sym.rect
        kind = sym.type.replace("-", "")
        code = FoundCode(kind, decode_payload(sym.data),
                         (ox + r.left / k, oy + r.top / k, r.width / k, r.height / k),
                         zbar_sure(kind, sym.quality), "zbar_codes")
        rivals = [(kept, q) for kept, q in out if _rival(code, kept)]
        tied += [kept for kept, q in rivals if q == sym.quality]
        if not rivals:
            out.append((code, sym.quality))
    return [code for code, _q in out if code not in tied]


# Symbologies that are one symbol read two ways: a UPC-A is an EAN-13 whose first digit is 0.
_FAMILY = {"UPCA": "EAN13"}


def _rival(a: FoundCode, b: FoundCode) -> bool:
    """Another reading of the same symbol: same type (or family), other text, overlapping
    along the bars' direction of reading and near each other across it."""
    if (_FAMILY.get(a.type, a.type) != _FAMILY.get(b.type, b.type) or a.data == b.data
            or a.type in ("QRCODE", "PDF417")):
        return False
    for along in (0, 1):  # bars upright (read along x) or turned (along y)
        across = 1 - along
        a0, a1 = a.bbox[along], a.bbox[along] + a.bbox[along + 2]
        b0, b1 = b.bbox[along], b.bbox[along] + b.bbox[along + 2]
        length = min(a.bbox[along + 2], b.bbox[along + 2])
        gap = max(a.bbox[across], b.bbox[across]) - min(a.bbox[across] + a.bbox[across + 2],
                                                        b.bbox[across] + b.bbox[across + 2])
        if min(a1, b1) - max(a0, b0) > 0.5 * length and gap < 0.1 * length:
            return True
    return False


def _zxing_formats() -> Any:
    try:
        import zxingcpp
    except ImportError:  # zxing-cpp missing: zbar, OpenCV and libdmtx still read the rest
        return None
    return zxingcpp.barcode_formats_from_str("QRCode,DataMatrix,PDF417,Code128,EAN13,EAN8,"
                                             "UPCA,Code39")


ZXING_FORMATS = _zxing_formats()


def zxing_codes(gray: np.ndarray, k: float = 1.0, ox: float = 0,
                oy: float = 0) -> list[FoundCode]:
    if ZXING_FORMATS is None:
        return []
    import zxingcpp

    out = []
    for res in zxingcpp.read_barcodes(gray, formats=ZXING_FORMATS, try_invert=False):
        if not res.bytes:
            continue
        pos = res.position
        xs = [p.x for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
        ys = [p.y for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
        kind = "".join(c for c in res.format.name.upper() if c.isalnum())
        out.append(FoundCode(kind, decode_payload(res.bytes),
                             (ox + min(xs) / k, oy + min(ys) / k, (max(xs) - min(xs)) / k,
                              (max(ys) - min(ys)) / k), kind not in CHECK_DIGIT_ONLY,
                             "zxing_codes"))
    return out


def dmtx_codes(crop: np.ndarray, x0: int, y0: int) -> list[FoundCode]:
    try:
        from pylibdmtx import pylibdmtx
    except ImportError:
        return []
    out = []
    for res in pylibdmtx.decode(crop, timeout=150, max_count=1):
        r = res.rect  # libdmtx counts rows from the bottom
        out.append(FoundCode("DATAMATRIX", decode_payload(res.data),
                             (float(x0 + r.left), float(y0 + crop.shape[0] - r.top - r.height),
                              float(r.width), float(r.height))))
    return out


