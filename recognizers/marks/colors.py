"""Ink separation: the page is flattened against its own paper, then split into dark ink
(print, black pens) and blue/violet ink (seals, pens), on a downscaled working copy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from recognizers.components import components

# About 150 dpi on an A4 page: seal rings and pen strokes survive, work drops fourfold.
WORK_LONG_SIDE = 1760
A4_LONG_MM = 297.0


@dataclass(frozen=True)
class InkMaps:
    """Working-scale maps in [0, 1] plus the factor from page pixels to working pixels."""

    scale: float
    px_per_mm: float
    dark: np.ndarray  # 1 - brightness relative to the local paper
    blue: np.ndarray  # how much more the blue channel survives than red and green
    colour: bool  # False for grayscale scans: blue is then empty
    paper: np.ndarray  # uint8 mask of the sheet itself (photos and rotated scans have borders)
    # Seal ink for the seal search: blue, or violet's blue and red both above green. None
    # (maps built elsewhere, e.g. tests) means the seal search uses ``blue``.
    seal: np.ndarray | None = None

    @property
    def seal_ink(self) -> np.ndarray:
        return self.blue if self.seal is None else self.seal

    @cached_property
    def blue_floor(self) -> float:
        """``noise_floor`` of the blue map, which the office-stamp and oval searches both
        take (a percentile of a third of the page: ~2 ms each time)."""
        return noise_floor(np.asarray(self.blue, np.float32), self.paper)


def noise_floor(blue: np.ndarray, paper: np.ndarray) -> float:
    """The weakest blue that counts as ink. Faint photographed seals are only ~0.02-0.04
    above paper, while colour noise of poor scans reaches 0.03-0.05 on 5% of the page."""
    sample = blue[::3, ::3][paper[::3, ::3] > 0]
    if sample.size == 0:
        return 0.03
    return max(0.015, 1.5 * float(np.percentile(sample, 95)))


def _flatten(img: np.ndarray, k: int) -> np.ndarray:
    """Divide by the local paper colour: yellowing, shading and colour casts cancel out."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    bg = cv2.blur(cv2.dilate(img, kernel), (k, k))
    # The blurred maximum is never below the pixel, so where it is 0 the pixel is too, and
    # cv2.divide gives 0 there as the division would.
    flat: np.ndarray = cv2.divide(img, bg, scale=255)
    return flat


def _is_colour(small: np.ndarray, flat: np.ndarray) -> bool:
    # In 8 bits with OpenCV: |b - g| is exact there, and a negative b - max(g, r) saturates
    # to 0, under either threshold as before (int16 numpy took ~4 ms a page).
    b, g, r = cv2.split(every_other(small))
    spread = cv2.max(cv2.absdiff(b, g), cv2.absdiff(b, r))
    # A seal covers a fraction of a percent of the page: count strongly tinted pixels.
    if int(np.count_nonzero(spread > 30)) > 60:
        return True
    # Faint violet seals on photos are only ~20 levels off grey, under a paper cast that
    # tints the whole page more: against the flattened paper they still stand out as blue.
    fb, fg, fr = cv2.split(every_other(flat))
    blue = cv2.subtract(fb, cv2.max(fg, fr))
    return int(np.count_nonzero(blue > 10)) > 250


def every_other(image: np.ndarray) -> np.ndarray:
    """``image[::2, ::2]`` as a contiguous array: OpenCV's nearest resize by exactly one half
    picks the same pixels (an odd side is first padded by a pixel it never picks), ~1 ms
    where numpy's strided copy of a working colour page took ~4."""
    h, w = image.shape[:2]
    if h % 2 or w % 2:
        image = cv2.copyMakeBorder(image, 0, h % 2, 0, w % 2, cv2.BORDER_REPLICATE)
    out: np.ndarray = cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2),
                                 interpolation=cv2.INTER_NEAREST)
    return out


def _paper_mask(gray: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The sheet: the largest bright region, shrunk so its own edge is not taken for ink."""
    q = 0.25
    blur = cv2.GaussianBlur(cv2.resize(gray, None, fx=q, fy=q, interpolation=cv2.INTER_AREA),
                            (0, 0), 1)
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    n, labels, stats, _ = components(bright, connectivity=4)
    if n <= 1:
        return np.full(gray.shape, 255, np.uint8)
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    mask = (labels == biggest).astype(np.uint8) * 255
    if stats[biggest, cv2.CC_STAT_AREA] < 0.25 * mask.size:
        return np.full(gray.shape, 255, np.uint8)
    # Close the holes left by dark print and codes inside the sheet.
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    filled = np.zeros_like(mask)
    cv2.fillConvexPoly(filled, hull, 255)
    e = max(3, int(px_per_mm * q * 2.5))
    filled = cv2.erode(filled, cv2.getStructuringElement(cv2.MORPH_RECT, (e, e)))
    out: np.ndarray = cv2.resize(filled, (gray.shape[1], gray.shape[0]),
                                 interpolation=cv2.INTER_NEAREST)
    return out


def _downscale(image: np.ndarray) -> np.ndarray:
    """About WORK_LONG_SIDE pixels on the long side. INTER_AREA by a whole factor takes ~5 ms
    on a 300 dpi colour page, by a fractional one ~75 ms; the rest of the way (under 2x) is
    bilinear."""
    h, w = image.shape[:2]
    n = int(max(h, w) / WORK_LONG_SIDE + 0.1)  # 300 dpi A4 (3508 px) halves exactly
    if n >= 2:
        image = cv2.resize(image, (w // n, h // n), interpolation=cv2.INTER_AREA)
        h, w = image.shape[:2]
    ratio = max(h, w) / WORK_LONG_SIDE
    if ratio > 1.15:
        image = cv2.resize(image, (round(w / ratio), round(h / ratio)),
                           interpolation=cv2.INTER_LINEAR)
    return image


def ink_maps(image: np.ndarray) -> InkMaps:
    small = _downscale(image)
    scale = small.shape[0] / image.shape[0]
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    px_per_mm = max(small.shape[:2]) / A4_LONG_MM
    k = max(9, int(px_per_mm * 3) | 1)
    flat = _flatten(small, k)
    colour = _is_colour(small, flat)
    gray = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)
    dark = (255 - gray).astype(np.float32) * (1 / 255)
    paper = _paper_mask(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), px_per_mm)
    if colour:
        b, g, r = cv2.split(flat)
        blue8 = cv2.subtract(b, cv2.max(g, r))
        blue = blue8.astype(np.float32) * (1 / 255)
        seal = _seal_ink(b, g, r, blue8, paper)
    else:
        blue = seal = np.zeros(gray.shape, np.float32)
    return InkMaps(scale, px_per_mm, dark, blue, colour, paper, seal)


def _seal_ink(b: np.ndarray, g: np.ndarray, r: np.ndarray, blue8: np.ndarray,
              paper: np.ndarray) -> np.ndarray:
    """Blue ink, or violet ink's excess of blue and red over green, whichever is more. A
    violet seal's red is about as strong as its blue (magenta ones' stronger), so on faint
    photographed seals ``blue`` is near zero where this is 5-15 levels. Poor scans' colour
    noise is stronger in it, so its own 95th percentile on the sheet is taken off first
    (else the seal search's noise floor rose ~40% and faint blue seals were lost)."""
    vio = cv2.subtract(cv2.min(b, r), g)
    sample = np.ascontiguousarray(vio[::3, ::3])
    hist = cv2.calcHist([sample], [0], np.ascontiguousarray(paper[::3, ::3]), [256],
                        [0, 256]).ravel()
    cum = np.cumsum(hist)
    noise = int(np.searchsorted(cum, 0.95 * cum[-1])) if cum[-1] > 0 else 0
    # A scalar subtrahend (the stubs know only arrays): no page-sized array to fill.
    vio = cv2.subtract(vio, noise)  # type: ignore[call-overload]
    out: np.ndarray = np.multiply(cv2.max(blue8, vio), 1 / 255, dtype=np.float32)
    return out


def dark_on_paper(maps: InkMaps) -> np.ndarray:
    """A fresh float32 copy of the dark ink on the sheet, 0 off it (a masked copy: ~1 ms
    where np.where took ~5 on a working page)."""
    out: np.ndarray = cv2.copyTo(maps.dark, maps.paper, np.zeros_like(maps.dark))
    return out


def colour_name(image: np.ndarray, mask: np.ndarray) -> str:
    """'blue', 'violet' or 'black' from the mean ink of ``mask`` pixels of a BGR crop."""
    pix = image[mask > 0]
    if len(pix) < 20:
        return "black"
    b, g, r = (float(v) for v in np.median(pix.reshape(-1, 3), axis=0))
    if b - max(g, r) < 12:
        return "black"
    return "violet" if r > g + 10 else "blue"
