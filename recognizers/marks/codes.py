"""Machine-readable codes: QR, DataMatrix, PDF417, Code128, EAN-13 and other linear codes.

Codes are looked for only in solid blocks of dense ink (``code_regions``), each decoded on a
full-resolution crop by a cascade whose cheap steps run everywhere and whose expensive ones
(upscaling, sharpening, deskewing) run only on a block that looks like a code and was not
read: zbar first (QR and linear codes), zxing-cpp second (PDF417 and DataMatrix, which zbar
lacks, and a second opinion on everything else), then the escalations in ``codes_rescue``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import cv2
import numpy as np

from recognizers.components import components
from recognizers.marks.codes_extent import REACH_MM, bars_extent
from recognizers.marks.codes_read import (
    ZXING_FORMATS,
    FoundCode,
    dmtx_codes,
    zbar_codes,
    zxing_codes,
)
from recognizers.marks.codes_rescue import bars_angle, code_shape, rescue_steps
from recognizers.marks.codes_vote import second_reading

MAX_REGIONS = 8
INK_DARKNESS = 0.45
FINE_PX_PER_MM = 10.0  # ~250 dpi
COARSE_INK_DARKNESS = 0.35
MAX_CODE_MM = 120
LONG_LINE_MM = 40
# A block this close to another of the same height is the other half of a linear code that
# the closing split at a wide space (or a scanner streak), and the two are read as one.
MERGE_GAP_MM = 3.0
# A block of bars within EDGE_MM of the image's edge, along it, may be as short as
# EDGE_MIN_MM across (their part left on the page) if it is EDGE_MIN_LENGTH_MM long; at
# most MAX_CUT_REGIONS of them are read, after the others.
EDGE_MM = 2.0
EDGE_MIN_MM = 1.0
EDGE_MIN_LENGTH_MM = 10.0
EDGE_MIN_DENSITY = 0.15
MAX_CUT_REGIONS = 2


def _gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


Box = tuple[int, int, int, int]


def code_regions(dark: np.ndarray, px_per_mm: float,
                 darkness: float = INK_DARKNESS) -> list[Box]:
    """Solid blocks of dense ink (working-scale boxes): where a code may be printed, the
    densest first, then blocks of bars that the image's edge cut short."""
    whole, cut = _blocks(dark, px_per_mm, darkness)
    return whole + cut


def _pooled(dark: np.ndarray) -> np.ndarray | None:
    """The darkest of each 2x2 pixels, for a map of even sides (else None): ink in any of
    them is this above the threshold, as the 2x area resize of the ink mask has it nonzero."""
    h, w = dark.shape
    if h % 2 or w % 2:
        return None
    out: np.ndarray = np.maximum(np.maximum(dark[0::2, 0::2], dark[0::2, 1::2]),
                                 np.maximum(dark[1::2, 0::2], dark[1::2, 1::2]))
    return out


def _density(dark: np.ndarray, darkness: float, box: Box) -> float:
    """Share of ink pixels (``dark`` over ``darkness``) in a box of the map."""
    x, y, w, h = box
    part = dark[y:y + h, x:x + w]
    return float(np.count_nonzero(part > darkness)) / part.size if part.size else float("nan")


def _blocks(dark: np.ndarray, px_per_mm: float, darkness: float,
            pooled: np.ndarray | None = None) -> tuple[list[Box], list[Box]]:
    """(whole blocks, blocks cut by the image's edge) of ``code_regions``.

    The blocks are found on a copy at half the working scale (about 3 px/mm, enough for
    blocks of 5 mm and up) where any ink in 2x2 pixels counts: it costs a quarter.
    ``pooled`` (``_pooled(dark)``) serves both thresholds of a page: the full-size ink mask
    and its resize cost ~5 ms a threshold, and ink shares are counted in the few boxes only."""
    f = 2 if px_per_mm >= 5 else 1
    if f == 2 and pooled is not None:
        coarse = (pooled > darkness).astype(np.uint8)
    else:
        ink = (dark > darkness).astype(np.uint8)
        coarse = ink if f == 1 else (cv2.resize(ink * 255, (ink.shape[1] // f,
                                                            ink.shape[0] // f),
                                                interpolation=cv2.INTER_AREA) > 0
                                     ).astype(np.uint8)
    mm = px_per_mm / f
    coarse = _without_large_structures(_without_long_lines(coarse, mm), mm)
    k = max(3, int(mm * 1.5))
    closed = cv2.morphologyEx(coarse, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    _n, _labels, stats, _ = components(closed)
    blocks, edge_blocks = [], []
    # Most pieces (print, a photo's background: 300-400 a page) are too small or too sparse:
    # they are dropped at once, not one by one in Python (~8 ms a photo page).
    s = stats[1:].astype(np.int64)
    keep = (np.maximum(s[:, 2], s[:, 3]) >= 4.5 * mm) & (s[:, 4] >= 0.5 * s[:, 2] * s[:, 3])
    for x, y, w, h, _area in s[keep].tolist():
        density = _density(dark, darkness, (x * f, y * f, w * f, h * f))
        if min(w, h) >= 2 * mm and density >= 0.22:
            blocks.append((x, y, w, h))
        elif (min(w, h) >= EDGE_MIN_MM * mm and density >= EDGE_MIN_DENSITY
              and _cut_by_edge((x, y, w, h), closed.shape, mm)):
            # Less ink is wanted: the bars' ends along a cut are ragged (the page askew).
            edge_blocks.append((x, y, w, h))
    found, cut = [], []
    for x, y, w, h in _merge_halves(blocks, MERGE_GAP_MM * mm):
        short, long = sorted((w, h))
        box = (x * f, y * f, w * f, h * f)
        density = _density(dark, darkness, box)
        if short < 4.5 * mm and _cut_by_edge((x, y, w, h), closed.shape, mm):
            edge_blocks.append((x, y, w, h))
            continue
        # A matrix code can be 5 mm square; a linear one is longer than it is tall.
        if short < 4.5 * mm or long > MAX_CODE_MM * mm or (long < 7 * mm and long > 1.4 * short):
            continue
        found.append((density, box))
    for x, y, w, h in _merge_halves(edge_blocks, MERGE_GAP_MM * mm):
        box = (x * f, y * f, w * f, h * f)
        if EDGE_MIN_LENGTH_MM * mm <= max(w, h) <= MAX_CODE_MM * mm and not any(
                _overlap(box, other) for _, other in found):
            cut.append((_density(dark, darkness, box), box))
    found.sort(reverse=True)
    cut.sort(reverse=True)
    return [box for _, box in found[:MAX_REGIONS]], [box for _, box in cut[:MAX_CUT_REGIONS]]


def _cut_by_edge(box: Box, shape: tuple[int, ...], mm: float) -> bool:
    """Whether a block lies along the image's edge with its long side: the bars of a linear
    code that the edge cut short (a poor scan fed askew keeps only the lower 2 mm of a
    sticker's bars at the top of the page), which a decoder still reads on one scanline."""
    x, y, w, h = box
    near = EDGE_MM * mm
    if w >= h:
        return y <= near or y + h >= shape[0] - near
    return x <= near or x + w >= shape[1] - near


def _without_long_lines(ink: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Ink less straight lines longer than any code: table rulings, underlines and scanner
    streaks (a thin grey line down the whole page), which cross codes and would otherwise
    carry the bars they touch away with them."""
    n = int(LONG_LINE_MM * px_per_mm)
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, n)))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1)))
    out: np.ndarray = cv2.subtract(ink, cv2.bitwise_or(vertical, horizontal))
    return out


def _without_large_structures(ink: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Ink less its connected pieces larger than any code: table grids, frames, and the
    table or background around a photographed sheet, which the closing would otherwise weld
    to a code printed next to them into one block too large to be a code."""
    _n, labels, stats, _ = components(ink)
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    big = longest > MAX_CODE_MM * px_per_mm
    big[0] = False
    if not big.any():
        return ink
    keep = (~big).astype(np.uint8)
    keep[0] = 0  # labels are 0 off the ink (values 0 and 1), so the lookup is the ink kept
    out: np.ndarray = np.take(keep, np.asarray(labels, np.int32))
    return out


def _merge_halves(blocks: list[tuple[int, int, int, int]],
                  gap: float) -> list[tuple[int, int, int, int]]:
    """Join side-by-side blocks of the same height (or stacked ones of the same width),
    the first joinable pair at a time, until none is left."""
    boxes = list(blocks)
    if len(boxes) < 2:
        return boxes
    b = np.array(boxes, np.float64)
    ok = _joinable(b, b, gap)
    np.fill_diagonal(ok, False)
    while True:
        pairs = np.argwhere(np.triu(ok, 1))
        if len(pairs) == 0:
            return boxes
        i, j = (int(v) for v in pairs[0])  # row-major: the first pair a double loop meets
        (ax, ay, aw, ah), (bx, by, bw, bh) = boxes[i], boxes[j]
        x0, y0 = min(ax, bx), min(ay, by)
        boxes[i] = (x0, y0, max(ax + aw, bx + bw) - x0, max(ay + ah, by + bh) - y0)
        del boxes[j]
        b = np.delete(b, j, axis=0)
        b[i] = boxes[i]
        ok = np.delete(np.delete(ok, j, axis=0), j, axis=1)
        ok[i] = ok[:, i] = _joinable(b[i:i + 1], b, gap)[0]
        ok[i, i] = False


def _joinable(a: np.ndarray, b: np.ndarray, gap: float) -> np.ndarray:
    """Which boxes of ``a`` and ``b`` (rows x, y, w, h) are two halves of one block:
    overlapping across by 90% of the shorter, of like size across, and at most ``gap``
    apart along. Pairs at once, and only the joined box's anew after a join: a photo's
    background leaves 100-160 blocks, which pair by pair in Python took 0.6 s a page."""
    out = np.zeros((len(a), len(b)), bool)
    for axis in (0, 1):  # 0: side by side (bars vertical), 1: stacked (bars horizontal)
        o = 1 - axis
        overlap = (np.minimum((a[:, o] + a[:, o + 2])[:, None], (b[:, o] + b[:, o + 2])[None])
                   - np.maximum(a[:, o][:, None], b[:, o][None]))
        short = np.minimum(a[:, o + 2][:, None], b[:, o + 2][None])
        long = np.maximum(a[:, o + 2][:, None], b[:, o + 2][None])
        space = (np.maximum(a[:, axis][:, None], b[:, axis][None])
                 - np.minimum((a[:, axis] + a[:, axis + 2])[:, None],
                              (b[:, axis] + b[:, axis + 2])[None]))
        out |= (overlap >= 0.9 * short) & (short >= 0.6 * long) & (space <= gap)
    return out


def _crop(image: np.ndarray, box: tuple[float, float, float, float],
          pad: float) -> tuple[np.ndarray, int, int]:
    h, w = image.shape[:2]
    x, y, bw, bh = box
    x0, y0 = max(0, int(x - pad)), max(0, int(y - pad))
    x1, y1 = min(w, int(x + bw + pad)), min(h, int(y + bh + pad))
    return image[y0:y1, x0:x1], x0, y0


def _read_region(image: np.ndarray, box: tuple[float, float, float, float],
                 px_per_mm: float) -> list[FoundCode]:
    """The codes of a block, each either read surely or read twice (``codes_vote``), from
    the first step of the cascade that gives one. A reading the vote rejects lets the
    cascade go on: zbar read a false UPC-A off half of a synthetic photo's EAN-13 by a few
    scanlines, and the fitting reader, which read the sticker, was never asked."""
    rejected: set[tuple[str, str]] = set()
    for found in _readings(image, box, px_per_mm):
        out = []
        for code in found:
            if not code.sure:
                if (code.type, code.data) in rejected:
                    continue
                sure = _second_reading(image, box, code, px_per_mm)
                if sure is None:
                    rejected.add((code.type, code.data))
                    continue
                code = sure
            out.append(code)
        if out:
            return out
    return []


def _second_reading(image: np.ndarray, box: tuple[float, float, float, float],
                    code: FoundCode, px_per_mm: float) -> FoundCode | None:
    x0, y0 = min(box[0], code.bbox[0]), min(box[1], code.bbox[1])
    x1 = max(box[0] + box[2], code.bbox[0] + code.bbox[2])
    y1 = max(box[1] + box[3], code.bbox[1] + code.bbox[3])
    crop, _, _ = _crop(image, (x0, y0, x1 - x0, y1 - y0), int(px_per_mm * 4))
    return second_reading(code, _gray(crop), px_per_mm)


def _readings(image: np.ndarray, box: tuple[float, float, float, float],
              px_per_mm: float) -> Iterator[list[FoundCode]]:
    """The readings of the cascade's steps, cheapest first."""
    pad = int(px_per_mm * 4)
    crop, x0, y0 = _crop(image, box, pad)
    if crop.size == 0:
        return
    # Only the crop is made grey: the whole page in grey cost 5-8 ms at 300 dpi.
    crop = _gray(crop)
    yield zbar_codes(crop, 1.0, x0, y0) or zxing_codes(crop, 1.0, x0, y0)
    shape = code_shape(crop, pad, px_per_mm)
    if shape is None:
        return
    if shape == "linear":
        # A block holding part of a code is read over the whole code first: the rescue
        # cannot read a part, and tries long on it (1.4 s on a seed 6464 poor scan).
        yield from _read_extended(image, box, abs(bars_angle(crop, pad)) > 45, px_per_mm)
    found = False
    for step in rescue_steps(crop, shape, px_per_mm, x0, y0, image.shape):
        found = found or bool(step)
        yield step
    if not found and shape == "matrix" and ZXING_FORMATS is None:
        yield dmtx_codes(crop, x0, y0)


def _read_extended(image: np.ndarray, box: tuple[float, float, float, float], across: bool,
                   px_per_mm: float) -> Iterator[list[FoundCode]]:
    """A linear code read over its whole length when its block held only part of it."""
    area, ax, ay = _crop(image, box, REACH_MM * px_per_mm + 1)
    gray = _gray(area)
    local = (box[0] - ax, box[1] - ay, box[2], box[3])
    wider = bars_extent(gray, local, across, px_per_mm)
    if wider is None:
        return
    pad = int(px_per_mm * 4)
    crop, x0, y0 = _crop(gray, wider, pad)

    def placed(found: list[FoundCode]) -> list[FoundCode]:
        return [replace(c, bbox=(c.bbox[0] + ax, c.bbox[1] + ay, c.bbox[2], c.bbox[3]))
                for c in found]

    yield placed(zbar_codes(crop, 1.0, x0, y0) or zxing_codes(crop, 1.0, x0, y0))
    # The area's shape as the page's: a crop at the area's edge may be at the image's.
    for step in rescue_steps(crop, "linear", px_per_mm, x0, y0, gray.shape):
        yield placed(step)


def find_codes(image: np.ndarray, dark: np.ndarray, scale: float,
               px_per_mm: float) -> list[FoundCode]:
    """Codes in the dense blocks of the working image, decoded on full-resolution crops."""
    found: list[FoundCode] = []
    pooled = _pooled(dark) if px_per_mm * scale >= 5 else None
    regions, cut = _blocks(dark, px_per_mm * scale, INK_DARKNESS, pooled)
    if px_per_mm < FINE_PX_PER_MM:
        # Under ~250 dpi a bar one or two modules wide blurs grey (a 200 dpi poor scan's
        # EAN-13 peaks at 0.4 darkness): lighter ink counts too, for blocks not found yet.
        light, light_cut = _blocks(dark, px_per_mm * scale, COARSE_INK_DARKNESS, pooled)
        regions += [r for r in light if not any(_overlap(r, seen) for seen in regions)]
        cut = [r for r in cut + light_cut if not any(_overlap(r, seen) for seen in regions)]
        cut = [r for i, r in enumerate(cut) if not any(_overlap(r, seen) for seen in cut[:i])]
    # Blocks cut by the edge come after the others and do not crowd them out.
    for x, y, w, h in regions[:MAX_REGIONS] + cut[:MAX_CUT_REGIONS]:
        found += _read_region(image, (x / scale, y / scale, w / scale, h / scale), px_per_mm)
    unique: dict[tuple[str, str], FoundCode] = {}
    for code in found:
        unique.setdefault((code.type, code.data), code)
    return list(unique.values())


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


__all__ = ["FoundCode", "code_regions", "find_codes"]
