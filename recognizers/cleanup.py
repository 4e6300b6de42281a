"""Image clean-up before OCR: page outline (photos), deskew, light, rulings, enlarging small
print. Pure: arrays in, arrays out.

Each step returns the 3×3 matrix from the original image to the cleaned one, so OCR boxes can be
mapped back: marks and the card's boxes stay in the coordinates of the image as received.
"""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.cleanup_outline import page_outline

MAX_SKEW = 5.0
SKEW_STEP = 0.2
WORK_WIDTH = 1000


def to_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def skew_angle(gray: np.ndarray) -> float:
    """Angle (degrees) that levels the text lines: the one whose row profile is sharpest.

    Rotating the whole image for each candidate (51 warps) cost ~0.6 s a page; projecting the
    ink pixels' coordinates instead gives the same profile for a few ms per angle, and a coarse
    pass on a sample of them followed by a fine pass near the best keeps it at ~0.05 s."""
    scale = WORK_WIDTH / gray.shape[1]
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                31, 15)
    ys, xs = np.nonzero(ink)
    if len(xs) < 100:
        return 0.0
    h, w = ink.shape
    xs = xs.astype(np.float64) - w / 2
    ys = ys.astype(np.float64) - h / 2
    # Rows running the width of a landscape form are sharp only within ~0.2° of level: a
    # coarser first pass (0.8°) stepped over them and settled on a side lobe.
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, 2 * SKEW_STEP)
    step = max(1, len(xs) // 60_000)
    best = _sharpest(xs[::step], ys[::step], coarse, h)
    fine = np.arange(best - 4 * SKEW_STEP, best + 4 * SKEW_STEP + 1e-6, SKEW_STEP)
    return _sharpest(xs, ys, fine[np.abs(fine) <= MAX_SKEW + 1e-6], h)


def _sharpest(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray, height: int) -> float:
    """The angle whose rotation (as cv2.getRotationMatrix2D turns it) gives the row profile
    with the largest sum of squared differences: text lines become sharp peaks."""
    best, best_score = 0.0, -1.0
    size = 2 * height + 2
    for angle in angles:
        rad = np.deg2rad(float(angle))
        rows = np.floor(xs * -np.sin(rad) + ys * np.cos(rad) + height).astype(np.int64)
        profile = np.bincount(np.clip(rows, 0, size - 1), minlength=size).astype(np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = round(float(angle), 3), score
    return best


def deskew(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    angle = skew_angle(gray)
    if abs(angle) < SKEW_STEP / 2:
        return gray, np.eye(3)
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)
    return out, np.vstack([m, [0, 0, 1]])


def dewarp(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flatten a photographed sheet to a rectangle; identity when no outline is found."""
    corners = page_outline(gray)
    if corners is None:
        return gray, np.eye(3)
    tl, tr, br, bl = corners
    w = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(corners, dst)
    # A corner the frame cut off comes out as the nearest edge pixels, not a black wedge that
    # OCR would read as letters.
    return cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE), m


def remove_rulings(gray: np.ndarray) -> np.ndarray:
    """Paint table rulings white: tesseract reads them as "|" glued to the cell text or drops
    the cell. Rulings are runs of ink much longer than any letter (morphological opening)."""
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                25, 12)
    # Spans relative to the page: on a 150-dpi photo a fixed 40 px is a few glued letters, and
    # the opening erased whole words of small print.
    span = max(40, gray.shape[1] // 20)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (span, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (1, max(40, gray.shape[0] // 40))))
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[lines > 0] = 255
    return out


# A background whose brightness varies more than this (0-255) across the sheet is flattened:
# tesseract's global Otsu threshold turns a shaded corner of a photo into a black block.
UNEVEN_LIGHT = 40


def flatten_light(gray: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness (ink closed away on a small copy)."""
    small = cv2.resize(gray, (max(1, gray.shape[1] // 8), max(1, gray.shape[0] // 8)),
                       interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    lo, hi = np.percentile(paper, [5, 95])
    if hi - lo < UNEVEN_LIGHT:
        return gray
    paper = cv2.resize(cv2.blur(paper, (9, 9)), (gray.shape[1], gray.shape[0]),
                       interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


# A sheet read at fewer dots per inch than this is enlarged to READ_DPI before OCR. Phone
# photos of an A4 page come at 140-220 dpi, where a form's 8-point print is 10-12 px tall and
# blurred: tesseract's layout pass drops whole blocks of it (a ТОРГ-12's parties, the totals).
# On 24 dev photos (seed 4848) enlarging to 250 dpi read 236 of 264 card fields against 214,
# with no confident wrong value; to 300 dpi 237, at a fifth more OCR time.
UPSCALE_BELOW = 230.0
READ_DPI = 250.0
A4_INCHES = (8.27, 11.69)
# Longer side over shorter one beyond which an image is no sheet (A4 is 1.41; a photo of one
# with some table around it stays under 1.7).
MAX_SHEET_ASPECT = 2.0


def sheet_dpi(gray: np.ndarray) -> float:
    """Resolution of a page image taken as an A4 sheet (primary documents are A4 as a rule; a
    photo whose sheet outline was not found also holds background and so looks finer: it is
    left as it is)."""
    return float(np.sqrt(gray.shape[0] * gray.shape[1] / (A4_INCHES[0] * A4_INCHES[1])))


def upscale_small(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page enlarged to READ_DPI when it is a coarse sheet. An image shaped like no sheet
    (a strip, a receipt) is left as it is: the A4 estimate means nothing for it, and a strip
    enlarged by it outgrew what tesseract reads (32767 px a side)."""
    dpi = sheet_dpi(gray)
    aspect = max(gray.shape) / max(1, min(gray.shape))
    if dpi >= UPSCALE_BELOW or aspect > MAX_SHEET_ASPECT:
        return gray, np.eye(3)
    k = READ_DPI / dpi
    out = cv2.resize(gray, None, fx=k, fy=k, interpolation=cv2.INTER_CUBIC)
    return out, np.diag([out.shape[1] / gray.shape[1], out.shape[0] / gray.shape[0], 1.0])


def prepare(image: np.ndarray, *, outline: bool = True, skew: bool = True,
            rulings: bool = True, upscale: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The grey image to OCR and the matrix from the original image to it."""
    gray = to_gray(image)
    matrix = np.eye(3)
    if outline:
        gray, m = dewarp(gray)
        matrix = m @ matrix
    if skew:
        gray, m = deskew(gray)
        matrix = m @ matrix
    gray = flatten_light(gray)
    if rulings:
        gray = remove_rulings(gray)
    if upscale:
        gray, m = upscale_small(gray)
        matrix = m @ matrix
    return gray, matrix
