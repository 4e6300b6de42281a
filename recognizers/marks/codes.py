"""Machine-readable codes: zbar over the whole page (QR, Code128, EAN-13, PDF417 where zbar
has it), OpenCV's QR detector as a second opinion, libdmtx on square candidates only."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from pyzbar import pyzbar

from recognizers.marks.payment import decode_payload

# zbar needs ~2 px per bar; below this many pixels per mm a second pass runs upscaled.
UPSCALE_BELOW_PX_PER_MM = 7.0
DMTX_TIMEOUT_MS = 150
MAX_REGIONS = 8


@dataclass(frozen=True)
class FoundCode:
    type: str
    data: str
    bbox: tuple[float, float, float, float]  # page pixels


def _gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _zbar(gray: np.ndarray, k: float, ox: float = 0, oy: float = 0) -> list[FoundCode]:
    out = []
    for sym in pyzbar.decode(gray):
        r = sym.rect
        out.append(FoundCode(sym.type.replace("-", ""), decode_payload(sym.data),
                             (ox + r.left / k, oy + r.top / k, r.width / k, r.height / k)))
    return out


def _opencv_qr(gray: np.ndarray) -> list[FoundCode]:
    det = cv2.QRCodeDetector()
    try:
        ok, texts, points, _ = det.detectAndDecodeMulti(gray)
    except cv2.error:
        return []
    if not ok or points is None:
        return []
    out = []
    for text, pts in zip(texts, points, strict=False):
        if not text:
            continue
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        out.append(FoundCode("QRCODE", text, (float(x0), float(y0), float(x1 - x0),
                                              float(y1 - y0))))
    return out


def code_regions(dark: np.ndarray, px_per_mm: float) -> list[tuple[int, int, int, int]]:
    """Solid blocks of dense ink (working-scale boxes): where a code may be printed."""
    ink = (dark > 0.45).astype(np.uint8)
    k = max(3, int(px_per_mm * 1.5))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                              (k, k)))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    found = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < 7 * px_per_mm or h < 5 * px_per_mm or w > 120 * px_per_mm or h > 80 * px_per_mm:
            continue
        if area < 0.5 * w * h:
            continue
        density = float(ink[y:y + h, x:x + w].mean())
        if density < 0.22:
            continue
        found.append((density, (x, y, w, h)))
    found.sort(reverse=True)
    return [box for _, box in found[:MAX_REGIONS]]


def _datamatrix(gray: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[FoundCode]:
    try:
        from pylibdmtx import pylibdmtx
    except ImportError:  # libdmtx missing: zbar still reads everything else
        return []
    out = []
    h, w = gray.shape
    for x, y, bw, bh in boxes:
        pad = max(bw, bh) // 4
        x0, y0 = max(0, x - pad), max(0, y - pad)
        crop = gray[y0:min(h, y + bh + pad), x0:min(w, x + bw + pad)]
        for res in pylibdmtx.decode(crop, timeout=DMTX_TIMEOUT_MS, max_count=1):
            out.append(FoundCode("DATAMATRIX", decode_payload(res.data),
                                 (float(x0 + res.rect.left), float(y0), float(res.rect.width),
                                  float(res.rect.height))))
    return out


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _crop(gray: np.ndarray, box: tuple[float, float, float, float],
          pad: float) -> tuple[np.ndarray, int, int]:
    h, w = gray.shape
    x, y, bw, bh = box
    x0, y0 = max(0, int(x - pad)), max(0, int(y - pad))
    x1, y1 = min(w, int(x + bw + pad)), min(h, int(y + bh + pad))
    return gray[y0:y1, x0:x1], x0, y0


def _read_region(gray: np.ndarray, box: tuple[float, float, float, float],
                 px_per_mm: float) -> list[FoundCode]:
    crop, x0, y0 = _crop(gray, box, px_per_mm * 4)
    if crop.size == 0:
        return []
    found = _zbar(crop, 1.0, x0, y0)
    if not found and px_per_mm < UPSCALE_BELOW_PX_PER_MM:
        big = cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        found = _zbar(big, 2.0, x0, y0)
    if not found:
        found = [FoundCode(c.type, c.data, (c.bbox[0] + x0, c.bbox[1] + y0, c.bbox[2],
                                            c.bbox[3])) for c in _opencv_qr(crop)]
    if not found and 0.6 < box[2] / max(box[3], 1) < 1.6:
        found = _datamatrix(gray, [tuple(int(v) for v in box)])  # type: ignore[list-item]
    return found


def find_codes(image: np.ndarray, dark: np.ndarray, scale: float,
               px_per_mm: float) -> list[FoundCode]:
    """Codes in the dense blocks of the working image, decoded on full-resolution crops."""
    gray = _gray(image)
    found: list[FoundCode] = []
    for x, y, w, h in code_regions(dark, px_per_mm * scale):
        found += _read_region(gray, (x / scale, y / scale, w / scale, h / scale), px_per_mm)
    unique: dict[tuple[str, str], FoundCode] = {}
    for code in found:
        unique.setdefault((code.type, code.data), code)
    return list(unique.values())
