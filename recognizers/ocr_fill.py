"""Text the page's OCR pass never returned, found as ink without words and read once more.

Tesseract's automatic page layout (--psm 3) drops whole regions of form pages: a stamp's
texture makes Leptonica's halftone finder mark a block around it as a picture (the buyer's
ИНН line and the table's left columns next to the stamp are then never read), and its column
finder leaves a table's right columns or a narrow row-number column out of every block. The
ink is there: line-sized runs of ink that no word box covers are cut out, stacked into one
small image and read in one tesseract call as a plain block of lines (--psm 6, no layout
analysis, so no picture finding), and the words go back to their place on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np

from recognizers.page import Word

GAP = 30  # white pixels between stacked crops
MIN_COVER = 0.25  # a run with less of its ink under word boxes counts as unread
MAX_CROPS = 80
# Run heights, in word heights, worth a reading: below, a form's fine print (column captions,
# footnotes); above, several lines run together or a stamp or signature.
MIN_H, MAX_H = 0.6, 1.6
SPLIT_H = 3.5  # taller runs are not lines run together (stamps, signatures, frames)


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int


def unread_runs(gray: np.ndarray, words: list[Word]) -> list[Box]:
    """Line-sized runs of ink (text height, a few letters wide) that no word box covers."""
    height = text_height(words)
    if height <= 0:
        return []
    _t, found = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink: np.ndarray = found.astype(np.uint8)
    covered = np.zeros_like(ink)
    pad = max(2, int(0.2 * height))
    for w in words:
        x0, y0, x1, y1 = core_box(w, height)
        covered[max(0, int(y0) - pad):int(y1) + pad, max(0, int(x0) - pad):int(x1) + pad] = 1
    # Letters of one word or number join; lines stay apart (the kernel is one pixel high).
    reach = max(3, int(0.6 * height))
    runs = cv2.dilate(ink, np.ones((1, reach), np.uint8))
    boxes = []
    for x, y, bw, bh in _component_boxes(runs):
        if bw < 0.5 * height:
            continue
        for top, tall in _split_lines(ink[y:y + bh, x:x + bw], y, height):
            if MIN_H * height <= tall <= MAX_H * height:
                boxes.extend(_unread(ink, covered, Box(x, top, bw, tall), height))
    return _merge_rows(boxes, height)[:MAX_CROPS]


def _component_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the 8-connected pieces of a 0/1 mask, top to bottom: the outer
    borders' boxes are the pieces' boxes (a piece inside another's hole has its own outer
    border). Tracing borders costs ~3 ms a page where labelling every pixel took ~70."""
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    boxes = [_rect(cv2.boundingRect(c)) for c, link in zip(contours, hierarchy[0], strict=True)
             if link[3] < 0]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def _rect(r: Sequence[int]) -> tuple[int, int, int, int]:
    x, y, w, h = (int(v) for v in r)
    return x, y, w, h


def _split_lines(cell: np.ndarray, top: int, height: float) -> list[tuple[int, int]]:
    """A run two or three lines tall (lines joined by an underline or descenders) cut at its
    emptiest row near the middle, until each part is about one line: read as one tall crop
    among single lines, it comes out as garbage."""
    h = cell.shape[0]
    if h <= MAX_H * height or h > SPLIT_H * height:
        return [(top, h)]
    rows = cell.sum(axis=1)
    lo, hi = int(0.3 * h), int(0.7 * h)
    cut = lo + int(np.argmin(rows[lo:hi]))
    return (_split_lines(cell[:cut], top, height)
            + _split_lines(cell[cut:], top + cut, height))


def _unread(ink: np.ndarray, covered: np.ndarray, box: Box, height: float) -> list[Box]:
    """The box when it holds enough ink for letters and too little of it under word boxes."""
    x, y, w, h = box.x, box.y, box.w, box.h
    cell = ink[y:y + h, x:x + w]
    total = int(cell.sum())
    # Specks and hairline fragments of removed rulings carry too little ink for a letter.
    if total < 0.6 * height * height * 0.15:
        return []
    if int(np.count_nonzero(cell & covered[y:y + h, x:x + w])) >= MIN_COVER * total:
        return []
    return [box]


def text_height(words: list[Word]) -> float:
    """The page's typical word height (0 when too few words to tell)."""
    sized = [w.h for w in words if w.text.strip() and w.h > 2]
    return float(median(sized)) if len(sized) >= 5 else 0.0


def core_box(word: Word, height: float) -> tuple[float, float, float, float]:
    """The part of a word's box its letters fill: tesseract sometimes stretches a line's words
    over the line below it (two lines taken as one, only one of them read), and that box would
    hide the unread line; a box much taller than the page's words keeps one line's height."""
    if word.h <= 1.5 * height:
        return word.x, word.y, word.x + word.w, word.y + word.h
    centre = word.y + word.h / 2
    return word.x, centre - height / 2, word.x + word.w, centre + height / 2


def _merge_rows(boxes: list[Box], height: float) -> list[Box]:
    """Runs on one text line close together become one crop (one line for tesseract)."""
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b.y + b.h / 2, b.x)):
        for i, prev in enumerate(out):
            same_line = abs((prev.y + prev.h / 2) - (box.y + box.h / 2)) < 0.5 * height
            near = box.x - (prev.x + prev.w) < 3 * height and prev.x - (box.x + box.w) < 3 * height
            if same_line and near:
                x0, y0 = min(prev.x, box.x), min(prev.y, box.y)
                x1, y1 = max(prev.x + prev.w, box.x + box.w), max(prev.y + prev.h, box.y + box.h)
                out[i] = Box(x0, y0, x1 - x0, y1 - y0)
                break
        else:
            out.append(box)
    return out


def stack_crops(gray: np.ndarray, boxes: list[Box], pad: int
                ) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The boxes cut out and stacked top to bottom with ``pad`` of paper around each; per crop
    its (top, bottom) on the canvas and its (x, y) origin on the page."""
    crops, origins = [], []
    paper = median_tone(gray)
    for box in boxes:
        # Only the run's own ink, on the page's own paper tone: a neighbouring line's edge in
        # the margin would be read as a line of its own, and on white a grey scan's paper falls
        # on the ink side of the threshold tesseract picks for the canvas.
        crop = np.full((box.h + 2 * pad, box.w + 2 * pad), paper, np.uint8)
        crop[pad:pad + box.h, pad:pad + box.w] = gray[box.y:box.y + box.h, box.x:box.x + box.w]
        crops.append(crop)
        origins.append((box.x - pad, box.y - pad))
    canvas, rows = stack(crops, paper, GAP)
    return canvas, [(s0, s1, x0, y0) for (s0, s1), (x0, y0) in zip(rows, origins, strict=True)]


def median_tone(gray: np.ndarray) -> int:
    """``int(np.median(gray))`` of a uint8 image from its histogram: the sort behind
    np.median took ~50 ms on a 300 dpi page, paid on every stacked call (~0.09 s a page)."""
    counts = np.zeros(256, np.int64)
    # calcHist counts in float32, exact to 2**24: a larger page is counted in bands.
    band = max(1, (1 << 23) // max(1, gray.shape[1]))
    for top in range(0, gray.shape[0], band):
        part = np.ascontiguousarray(gray[top:top + band])
        counts += cv2.calcHist([part], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    total = int(counts.sum())
    if total == 0:
        return 0
    cum = np.cumsum(counts)
    # The two middle values (the same one for an odd count), their mean floored as int() does.
    low = int(np.searchsorted(cum, (total - 1) // 2, side="right"))
    high = int(np.searchsorted(cum, total // 2, side="right"))
    return (low + high) // 2


def stack(crops: Sequence[np.ndarray], paper: int, gap: int
          ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Crops one under another on a ``paper``-toned canvas, ``gap`` pixels around each (one
    tesseract call reads them all); per crop its (top, bottom) rows on the canvas."""
    width = max(c.shape[1] for c in crops) + 2 * gap
    canvas = np.full((sum(c.shape[0] + gap for c in crops) + gap, width), paper, np.uint8)
    rows, top = [], gap
    for crop in crops:
        canvas[top:top + crop.shape[0], gap:gap + crop.shape[1]] = crop
        rows.append((top, top + crop.shape[0]))
        top += crop.shape[0] + gap
    return canvas, rows


def place_words(read: list[Word], slots: list[tuple[int, int, int, int]], first_line: int
                ) -> list[Word]:
    """Words read on the canvas moved back to the page, with line ids after ``first_line``
    (a crop may hold two lines run together by an underline: tesseract's own line ids)."""
    out = []
    for word in read:
        k = slot_of(word, [(s0, s1) for s0, s1, _x, _y in slots])
        if k is not None:
            s0, _s1, x0, y0 = slots[k]
            out.append(Word(word.text, word.x - GAP + x0, word.y - s0 + y0, word.w, word.h,
                            word.conf, first_line + word.line))
    return out


def slot_of(word: Word, rows: Sequence[tuple[int, int]]) -> int | None:
    """Which stacked crop (its (top, bottom) rows on the canvas) a word read on the canvas
    belongs to: the one its middle falls in."""
    centre = word.y + word.h / 2
    return next((k for k, (s0, s1) in enumerate(rows) if s0 <= centre < s1), None)
