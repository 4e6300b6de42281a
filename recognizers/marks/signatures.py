"""Handwritten signatures: ink left over once printed words, rulings, seals and codes are
taken away, grouped into pen-sized blobs and kept when their strokes look written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps
from recognizers.marks.stamps import Seal

Box = tuple[float, float, float, float]

# Signature ink spans (mm); printed words are under ~5 mm tall once words are joined.
MIN_W_MM, MAX_W_MM = 9.0, 75.0
MIN_H_MM, MAX_H_MM = 4.0, 35.0


@dataclass(frozen=True)
class Scribble:
    box: Box  # working-scale pixels
    confidence: float
    blue: bool


def ink_mask(maps: InkMaps, rel: float = 0.45) -> np.ndarray:
    """Pen-candidate ink: dark ink plus any blue ink, on the sheet only.

    The threshold follows the page's own darkest print, so faded toner on poor scans
    still counts as ink."""
    sample = maps.dark[::4, ::4][maps.paper[::4, ::4] > 0]
    top = float(np.percentile(sample, 99.7)) if sample.size else 1.0
    ink = maps.dark > max(0.15, min(0.35, rel * top))
    if maps.colour:
        ink |= maps.blue > 0.10
    mask = (ink & (maps.paper > 0)).astype(np.uint8) * 255
    return mask


def rulings(mask: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Long straight horizontal and vertical strokes: table rules, underlines, scan streaks.

    The mask is thickened across the line first, so lines of a page skewed by a few degrees
    still form long straight runs."""
    long_ = max(15, int(px_per_mm * 10))
    t = max(3, int(px_per_mm * 0.8)) | 1
    thick_h = cv2.dilate(mask, np.ones((t, 1), np.uint8))
    thick_v = cv2.dilate(mask, np.ones((1, t), np.uint8))
    hor = cv2.morphologyEx(thick_h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                             (long_, 1)))
    ver = cv2.morphologyEx(thick_v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                             (1, long_)))
    hor = cv2.bitwise_and(cv2.dilate(hor, np.ones((3, 3), np.uint8)), mask)
    ver = cv2.bitwise_and(cv2.dilate(ver, np.ones((3, 3), np.uint8)), mask)
    return cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((3, 3), np.uint8))


def _horizontal_rows(mask: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Only the horizontal rulings (underlines, table rules), skew-tolerant."""
    k = max(15, int(px_per_mm * 10))
    t = max(3, int(px_per_mm * 0.8)) | 1
    thick = cv2.dilate(mask, np.ones((t, 1), np.uint8))
    out: np.ndarray = cv2.morphologyEx(thick, cv2.MORPH_OPEN,
                                       cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    return out


def _erase_words(mask: np.ndarray, words: Sequence[Box], keep: np.ndarray | None) -> None:
    for x, y, w, h in words:
        x0, y0, x1, y1 = int(x), int(y), int(np.ceil(x + w)), int(np.ceil(y + h))
        if keep is None:
            mask[y0:y1, x0:x1] = 0
        else:
            mask[y0:y1, x0:x1] &= keep[y0:y1, x0:x1]


def _erase_seals(mask: np.ndarray, seals: Sequence[Seal], maps: InkMaps) -> None:
    """Inside a seal only pen ink stays: on colour pages ink that is not seal-coloured (a
    black pen) or clearly darker than the seal's own ink (a pen line pressed over by the
    seal); on grey pages only ink darker than the seal's."""
    for s in seals:
        r = s.r * 1.06
        x0, y0 = max(0, int(s.cx - r)), max(0, int(s.cy - r))
        x1, y1 = min(mask.shape[1], int(s.cx + r) + 1), min(mask.shape[0], int(s.cy + r) + 1)
        yy, xx = np.ogrid[y0:y1, x0:x1]
        inside = (xx - s.cx) ** 2 + (yy - s.cy) ** 2 <= r * r
        sub, dark = mask[y0:y1, x0:x1], maps.dark[y0:y1, x0:x1]
        ink = inside & (sub > 0)
        if not ink.any():
            continue
        if maps.colour:
            tinted = maps.blue[y0:y1, x0:x1] > 0.35 * dark
            seal_ink = ink & tinted
            level = float(np.median(dark[seal_ink])) if seal_ink.any() else 1.0
            pen = (~tinted & (dark > max(0.4, level))) | (dark > level + 0.2)
        else:
            pen = dark > max(float(np.percentile(dark[ink], 90)), 0.6)
        sub[inside & ~pen] = 0


def _stroke_score(comp: np.ndarray, px_per_mm: float) -> float:
    """Pen strokes are thin and long; blobs of print or noise are thick or tiny."""
    ink = int(np.count_nonzero(comp))
    if ink == 0:
        return 0.0
    skel_len = max(1, int(np.count_nonzero(cv2.erode(comp, np.ones((2, 2), np.uint8)))))
    h, w = comp.shape
    fill = ink / float(h * w)
    if fill > 0.35:
        return 0.0
    thickness = ink / max(skel_len, 1)
    return float(min(1.0, 0.4 + 0.6 * min(1.0, (h / px_per_mm) / 8.0)) * (1.0 if thickness < 6
                                                                          else 0.5))


def _looks_printed(comp: np.ndarray, px_per_mm: float) -> bool:
    """Leftover print (words OCR missed, table headings): letter-sized pieces of ink, none
    taller than ~1.3 mm once strokes are split. Pen strokes leave at
    least one tall loop or flourish. A stricter rule (median piece height, fill 0.18) helped
    one dev corpus and hurt the other, so only the clear cases are dropped."""
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(comp, connectivity=8)
    if n <= 1:
        return True
    heights = stats[1:, cv2.CC_STAT_HEIGHT] / px_per_mm
    return bool(heights.max() < 1.3)


def _drop_specks(mask: np.ndarray, min_area: int) -> np.ndarray:
    """Noise and dust go, thin pen lines stay: a 2x2 opening used here cut 0.3 mm strokes
    (1-2 px at the working scale) into dots, and most signatures fell apart."""
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= min_area
    keep[0] = False
    out: np.ndarray = np.where(keep[labels], mask, 0).astype(np.uint8)
    return out


def _on_line(hor: np.ndarray, x: int, y: int, w: int, h: int, px_per_mm: float) -> bool:
    y0 = y + h // 3
    y1 = min(hor.shape[0], y + h + int(px_per_mm * 4))
    band = hor[y0:y1, x:x + w]
    if band.size == 0:
        return False
    return bool(band.any(axis=0).mean() > 0.3)


def find_scribbles(maps: InkMaps, words: Sequence[Box], seals: Sequence[Seal],
                   codes: Sequence[Box]) -> list[Scribble]:
    mm = maps.px_per_mm
    mask = ink_mask(maps)
    hor = _horizontal_rows(ink_mask(maps, 0.3), mm)
    mask[rulings(mask, mm) > 0] = 0
    blue = (maps.blue > 0.10).astype(np.uint8) * 255 if maps.colour else None
    _erase_words(mask, words, blue)
    _erase_seals(mask, seals, maps)
    for x, y, w, h in codes:
        mask[int(y):int(y + h) + 1, int(x):int(x + w) + 1] = 0
    mask = _drop_specks(mask, max(4, int(mm * mm * 0.2)))
    join = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE,
                                                      (int(mm * 3) | 1, int(mm * 2) | 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(join, connectivity=8)
    out: list[Scribble] = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if not (MIN_W_MM * mm <= w <= MAX_W_MM * mm and MIN_H_MM * mm <= h <= MAX_H_MM * mm):
            continue
        comp = ((labels[y:y + h, x:x + w] == i) & (mask[y:y + h, x:x + w] > 0)).astype(np.uint8)
        ys, xs = np.nonzero(comp)
        if len(xs) < mm * 10:
            continue
        tight = comp[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        if tight.shape[0] < MIN_H_MM * mm * 0.8:
            continue
        score = _stroke_score(tight, mm)
        if score <= 0 or _looks_printed(tight, mm):
            continue
        bx, by = x + int(xs.min()), y + int(ys.min())
        bw, bh = tight.shape[1], tight.shape[0]
        # Signatures stand on a blank's line: a ruling must run under or through the ink.
        if not _on_line(hor, bx, by, bw, bh, mm):
            continue
        is_blue = blue is not None and np.count_nonzero(blue[y:y + h, x:x + w][comp > 0]) > \
            0.3 * len(xs)
        box = (float(x + xs.min()), float(y + ys.min()), float(xs.max() - xs.min() + 1),
               float(ys.max() - ys.min() + 1))
        out.append(Scribble(box, min(1.0, score + (0.15 if is_blue else 0.0)), bool(is_blue)))
    return out
