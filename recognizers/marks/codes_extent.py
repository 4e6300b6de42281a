"""The whole length of a linear code whose dense-ink block covers only part of it.

On a poor scan the toner fades unevenly: where a sticker's bars came out light, their ink
is under the block finder's darkness threshold or too sparse for a block, and the block
holds only the darker part of the code (a seed 6767 EAN-13: two blocks of 6 and 5 mm of a
29 mm code). No decoder reads a code cut short, but the bars' vertical edges still stand
out beside the block along its rows: the block is extended over them.
"""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.codes_1d import _extrema

# How far beyond the block bars are looked for, and the widest gap between two of them
# (EAN-13's widest space is 4 modules, 1.3 mm at the stickers' 0.33 mm; its quiet zone
# is wider than 2.5 mm).
REACH_MM = 40.0
MAX_GAP_MM = 2.0
# Bars taller or codes longer than any sticker or printed code the documents carry.
MAX_BARS_MM = 30.0
MAX_LENGTH_MM = 120.0
MIN_SAME = 0.7
MIN_COVER = 0.33


def _run(busy: np.ndarray, lo: int, hi: int, gap: int) -> tuple[int, int]:
    """[lo, hi) widened over busy columns, jumping gaps of up to ``gap`` columns."""
    idx = np.flatnonzero(busy)
    left, right = lo, hi
    for i in idx[idx < lo][::-1]:
        if left - i > gap:
            break
        left = int(i)
    for i in idx[idx >= hi]:
        if i - right > gap:
            break
        right = int(i) + 1
    return left, right


def bars_extent(gray: np.ndarray, box: tuple[float, float, float, float], across: bool,
                px_per_mm: float) -> tuple[float, float, float, float] | None:
    """``box`` (page px) widened along the code over bars beside it, or None when there are
    none. ``across``: the bars lie horizontally (the code reads down the page)."""
    if across:
        turned = bars_extent(gray.T, (box[1], box[0], box[3], box[2]), False, px_per_mm)
        return None if turned is None else (turned[1], turned[0], turned[3], turned[2])
    x, y, w, h = (round(v) for v in box)
    reach = int(REACH_MM * px_per_mm)
    x0, x1 = max(0, x - reach), min(gray.shape[1], x + w + reach)
    # The middle half of the block's rows: bars, not the digits under them.
    rows = gray[y + h // 4:y + 3 * h // 4, x0:x1].astype(np.float32)
    if rows.shape[0] < 2 or rows.shape[1] < 3:
        return None
    edges = np.abs(cv2.Sobel(rows, cv2.CV_32F, 1, 0, ksize=3))
    # Bars run the whole height: the weakest quarter of the rows still has the edge.
    energy = np.percentile(edges, 25, axis=0)
    inside = energy[x - x0:x - x0 + w]
    if inside.size == 0:
        return None
    busy = energy > 0.3 * float(np.median(inside))
    left, right = _run(busy, x - x0, x - x0 + w, int(MAX_GAP_MM * px_per_mm))
    if (x - x0 - left) + (right - (x - x0 + w)) < px_per_mm:
        return None
    # A code is longer than its bars are tall, and its bars are short: a column of print or
    # a ruled table that looked linear widens into nothing of the kind (and reading it cost
    # 0.8 s on a 90 mm tall block of a clean scan).
    length = right - left
    if length < 1.2 * h or h > MAX_BARS_MM * px_per_mm or length > MAX_LENGTH_MM * px_per_mm:
        return None
    # Bars are the same all the way down: the upper and lower halves of their rows show the
    # same profile, lines of text do not.
    half = rows.shape[0] // 2
    upper, lower = rows[:half, left:right].mean(axis=0), rows[half:, left:right].mean(axis=0)
    if min(upper.std(), lower.std()) < 1e-3 or np.corrcoef(upper, lower)[0, 1] < MIN_SAME:
        return None
    # And close together: a bar every 2.5 mm at least (a blurred Code 128 on a 200 dpi scan
    # shows one every 1.5 mm), where lines of text repeat every 4-5 mm.
    profile = (upper + lower) / 2
    contrast = float(np.percentile(profile, 95) - np.percentile(profile, 5))
    bars = sum(1 for _, low in _extrema(profile, 0.15 * contrast) if low)
    if bars < length / px_per_mm / 2.5:
        return None
    # And about half of a code's length is bar: a table's rulings and rows of figures cover
    # a fifth of a column (a poor scan's totals column, its rulings taken for bars lying
    # across, passed the tests above as an 85 mm "code" that took 0.4 s to fail to read;
    # dev stickers cover 0.48-0.49, table columns 0.16-0.22).
    paper = float(np.percentile(profile, 95))
    if float(np.clip((paper - profile) / max(contrast, 1e-3), 0, 1).mean()) < MIN_COVER:
        return None
    return float(x0 + left), float(y), float(length), float(h)
