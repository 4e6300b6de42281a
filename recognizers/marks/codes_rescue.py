"""Second chances for a block that looks like a code but was not read at first sight.

Blurred poor scans and photos leave 2–3 px per module, which zbar and zxing miss on the raw
crop; upscaling, sharpening and straightening the crop recover most of them. These variants
cost tens of milliseconds each, so they run only on blocks shaped like a code: linear codes
(and PDF417) by the strong single orientation of their edges, matrix codes by a square block
evenly filled with ink.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import cv2
import numpy as np

from recognizers.marks.codes_1d import read_linear
from recognizers.marks.codes_fit import fit_profiles
from recognizers.marks.codes_qr import read_qr_grid
from recognizers.marks.codes_qr_cut import read_cut_qr_at
from recognizers.marks.codes_read import CHECK_DIGIT_ONLY, FoundCode, zbar_codes, zxing_codes
from recognizers.marks.payment import decode_payload

# Edges of bars all point one way: coherence of the gradient field over the crop is ~0.5–0.8
# for a linear code (with the text around it), under 0.3 for print.
LINEAR_COHERENCE = 0.4
HALF_COHERENCE = 0.6  # bars in one half of a block; text alone stays well under it
Decoder = Callable[[np.ndarray, float], list[FoundCode]]


def orientation(gray: np.ndarray) -> tuple[float, float]:
    """(coherence in [0, 1], dominant gradient angle in degrees) of the structure tensor."""
    g = gray.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1)
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    coherence = float(np.hypot(jxx - jyy, 2 * jxy) / max(jxx + jyy, 1e-6))
    return coherence, float(np.degrees(0.5 * np.arctan2(2 * jxy, jxx - jyy)))


def bars_angle(crop: np.ndarray, pad: int) -> float:
    """The bars' gradient direction (degrees) in a crop with ``pad`` px of margin: of the
    crop, or where that is not coherent enough to be bars (``code_shape`` found them on the
    block alone), the block's. A sticker at a photographed sheet's top edge has the dark
    table above it and a ruling below in its margin: the whole crop's direction (coherence
    0.07) came out at -31 degrees, the block's (0.67) at -4."""
    outer = orientation(crop)
    inner = crop[pad:crop.shape[0] - pad, pad:crop.shape[1] - pad]
    if outer[0] >= LINEAR_COHERENCE or inner.size == 0:
        return outer[1]
    inside = orientation(inner)
    return (inside if inside[0] > outer[0] else outer)[1]


def _evenly_filled(inner: np.ndarray) -> bool:
    """A matrix code has ink in every part of its square; a block of text has empty lines."""
    _, ink = cv2.threshold(inner, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    h, w = ink.shape
    for i in range(3):
        for j in range(3):
            cell = ink[i * h // 3:(i + 1) * h // 3, j * w // 3:(j + 1) * w // 3]
            if cell.size == 0 or not 0.2 <= float(cell.mean()) <= 0.8:
                return False
    return True


def code_shape(crop: np.ndarray, pad: int, px_per_mm: float) -> str | None:
    """'linear', 'matrix' or None (not worth more work) for a crop with ``pad`` px of margin.
    The bars' direction is judged on the block alone too: a sticker near a photographed
    sheet's edge has the dark table and a ruling in its margin, whose edges outweigh it."""
    inner = crop[pad:crop.shape[0] - pad, pad:crop.shape[1] - pad]
    if inner.size == 0:
        return None
    if max(orientation(crop)[0], orientation(inner)[0]) >= LINEAR_COHERENCE:
        return "linear"
    h, w = inner.shape
    # A small code printed right over a title merges with it into one block (the EAN over
    # "СЧЕТ-ФАКТУРА №" on a landscape photo): its bars are coherent in one half.
    halves = (inner[:h // 2], inner[h // 2:], inner[:, :w // 2], inner[:, w // 2:])
    if any(part.size and orientation(part)[0] >= HALF_COHERENCE for part in halves):
        return "linear"
    if 0.6 <= w / h <= 1.7 and min(w, h) >= 5 * px_per_mm and _evenly_filled(inner):
        return "matrix"
    return None


def _sharpen(gray: np.ndarray, sigma: float) -> np.ndarray:
    blur = cv2.GaussianBlur(gray, (0, 0), sigma)
    out: np.ndarray = cv2.addWeighted(gray, 2.0, blur, -1.0, 0)
    return out


def _upscaled(gray: np.ndarray, f: float) -> np.ndarray:
    out: np.ndarray = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    return out


def _straightened(gray: np.ndarray) -> np.ndarray | None:
    """The crop rotated so that its bars stand upright (box of a code read on it: that of
    the rotated crop, near enough), or None when they already do: zbar scans rows and
    columns and copes with a tilt of a few degrees."""
    angle = orientation(gray)[1]  # gradient direction: across the bars
    tilt = (angle + 45) % 90 - 45
    if abs(tilt) < 2:
        return None
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0)
    rotated: np.ndarray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC,
                                         borderMode=cv2.BORDER_REPLICATE)
    return rotated


def _variants(crop: np.ndarray, shape: str,
              px_per_mm: float) -> Iterator[tuple[np.ndarray, float]]:
    """(image, scale vs the crop), cheapest and likeliest first."""
    f = 2.0 if px_per_mm >= 6 else 3.0
    big = _upscaled(crop, f)
    yield big, f
    yield _sharpen(big, f), f
    if shape == "linear":
        turned = _straightened(crop)
        if turned is not None:
            yield _upscaled(turned, f), f


def rescue(crop: np.ndarray, shape: str, px_per_mm: float, x0: int, y0: int,
           page: tuple[int, ...] | None = None) -> list[FoundCode]:
    """Codes read from enhanced copies of the crop (boxes in page pixels): the first step
    of ``rescue_steps`` that reads any."""
    return next((found for found in rescue_steps(crop, shape, px_per_mm, x0, y0, page)
                 if found), [])


def rescue_steps(crop: np.ndarray, shape: str, px_per_mm: float, x0: int, y0: int,
                 page: tuple[int, ...] | None = None) -> Iterator[list[FoundCode]]:
    """The readings of each step of the rescue in turn, for the caller to stop at the first
    it trusts (boxes in page pixels). ``page``: the image's shape, for a crop at its right or
    bottom edge (its top and left are known from x0, y0)."""
    if shape == "matrix":
        yield _grid_qr(crop, px_per_mm, x0, y0)
    for image, k in _variants(crop, shape, px_per_mm):
        for decode in (zbar_codes, zxing_codes):
            yield decode(image, k, x0, y0)
    if shape == "matrix":
        yield _opencv_qr(crop, x0, y0)
        # The block reaches the image's edge, which may have cut it.
        h, w = crop.shape
        cut = (y0 == 0, page is not None and x0 + w >= page[1],
               page is not None and y0 + h >= page[0], x0 == 0)
        if any(cut):
            yield _cut_qr(crop, px_per_mm, x0, y0, cut)
        return
    h, w = crop.shape
    box = (float(x0), float(y0), float(w), float(h))
    angle = bars_angle(crop, int(px_per_mm * 4))
    # The edge reader's EAN-13 is not sure: on a synthetic 200 dpi poor scan it matched the
    # left digits' blurred widths to wrong patterns that passed the check digit. The fitting
    # reader (which would have been asked had the edge reader failed) decides, or else a
    # second reading (``codes_vote``).
    edges = [FoundCode(kind, text, box, kind not in CHECK_DIGIT_ONLY, "edges")
             for kind, text in read_linear(crop, angle, px_per_mm)]
    if edges and all(code.sure for code in edges):
        yield edges
        return
    # Whether the image's edge cut the crop at either end of its bars.
    if abs(angle) > 45:
        clear = x0 > 0 and page is not None and x0 + w < page[1]
    else:
        clear = y0 > 0 and page is not None and y0 + h < page[0]
    yield [FoundCode(kind, text, box)
           for kind, text in fit_profiles(crop, angle, px_per_mm, clear)] or edges


def _grid_qr(gray: np.ndarray, px_per_mm: float, x0: int, y0: int) -> list[FoundCode]:
    """A dense QR read module by module (``codes_qr``): tried before the upscaled copies,
    which cost ~0.4 s on a payment QR at 1.5-2 px a module and rarely read it."""
    read = read_qr_grid(gray, px_per_mm)
    if read is None:
        return []
    data, corners = read
    (ax, ay), (bx, by) = corners.min(axis=0), corners.max(axis=0)
    return [FoundCode("QRCODE", decode_payload(data), (x0 + float(ax), y0 + float(ay),
                                                       float(bx - ax), float(by - ay)))]


def _cut_qr(gray: np.ndarray, px_per_mm: float, x0: int, y0: int,
            edges: tuple[bool, bool, bool, bool]) -> list[FoundCode]:
    """A payment QR whose outer rows the image's edge cut off (``codes_qr_cut``)."""
    read = read_cut_qr_at(gray, px_per_mm, edges)
    if read is None:
        return []
    data, corners = read
    (ax, ay), (bx, by) = corners.min(axis=0), corners.max(axis=0)
    h, w = gray.shape
    ax, ay, bx, by = max(float(ax), 0), max(float(ay), 0), min(float(bx), w), min(float(by), h)
    return [FoundCode("QRCODE", decode_payload(data), (x0 + ax, y0 + ay, bx - ax, by - ay))]


def _opencv_qr(gray: np.ndarray, x0: int, y0: int) -> list[FoundCode]:
    det = cv2.QRCodeDetector()
    try:
        text, points, _ = det.detectAndDecode(gray)
    except cv2.error:
        return []
    if not text or points is None:
        return []
    pts = points.reshape(-1, 2)
    (ax, ay), (bx, by) = pts.min(axis=0), pts.max(axis=0)
    return [FoundCode("QRCODE", text, (x0 + float(ax), y0 + float(ay), float(bx - ax),
                                       float(by - ay)))]
