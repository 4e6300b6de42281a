"""Rows and lines for the signature search: rows of print no OCR word covers (letters side by
side, erased), the blank lines a group of ink stands on, and signatures on blanks stacked one
above the other (ТОРГ-12, УПД), told apart by the line each piece stands on."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import cv2
import numpy as np

from recognizers.marks.sign_ink import components as _components
from recognizers.marks.sign_join import MIN_W_MM, Scribble

# A row of print on a page turned this much (dy/dx, ~2 degrees) is as much taller than its
# letters across its length: a long caption OCR could not read, its last words crossed by a
# signature, stood as a row too tall to be print on a skewed poor scan and joined the pen.
ROW_SKEW = 0.035
# A run of letter-sized pieces is erased as a row of print when it holds ROW_PIECES of them,
# or fewer as dense as print (its ink over ROW_DENSE of its length times the letter height:
# words blurred into one piece each). A signature broken into letter-sized scraps on a poor
# scan lines up a few sparse ones along its blank, and lost them (dev seed 7490, 120
# documents: 4 of 129 poor-scan signatures). 0.15 kept too few, 0.3 kept print on photos.
ROW_PIECES = 5
ROW_DENSE = 0.2
# Share of the taller one's height above which two parts split by rows overlap as one (of the
# shorter one's where that is narrower than a signature, MIN_W_MM: a loop of one). Of the
# shorter one's always, it joined stacked signatures on photos of ТОРГ-12: the lower row's
# signature, its top cut off with the upper row's, left a short part 4 mm tall lying within
# the taller one's height (dev seed 9137: 3 stacked signatures one box, IoU under 0.3); of
# the taller one's always, a signature's first loop standing above a row of print parted.
STACK_OVERLAP = 0.5


def erase_text_rows(mask: np.ndarray, letters: np.ndarray, body: float,
                     labels: np.ndarray | None = None) -> np.ndarray:
    """Print that OCR did not read (a line a signature crosses, text under a seal) is rows of
    letter-sized pieces standing side by side; pen strokes are longer or taller. Letters are
    joined along the row and, where a run holds several, erased."""
    joined = cv2.dilate(letters, np.ones((1, max(3, int(body * 0.9))), np.uint8))
    m, rl, rs = _components(joined)
    # A row of print: long for its height, holding several letters.
    width = rs[:, cv2.CC_STAT_WIDTH]
    is_row = (width >= 3.5 * body) & (rs[:, cv2.CC_STAT_HEIGHT] <= 1.8 * body + ROW_SKEW * width)
    is_row[0] = False
    if not is_row.any():
        return np.zeros(0, np.intp)
    idx = np.flatnonzero(letters > 0)  # letter pixels are a few percent of the page
    row_of = rl.ravel()[idx]
    counts = np.bincount(row_of, minlength=m)  # pixels, a cheap stand-in for letters
    is_row &= counts >= body * body * 0.6
    if labels is not None:  # ``labels`` tells the letters apart
        dense = counts >= ROW_DENSE * body * rs[:, cv2.CC_STAT_WIDTH]
        is_row &= dense | (pieces_per_row(row_of, labels.ravel()[idx], m) >= ROW_PIECES)
    gone: np.ndarray = idx[is_row[row_of]]
    mask.ravel()[gone] = 0
    return gone


def pieces_per_row(row_of: np.ndarray, label_of: np.ndarray, rows: int) -> np.ndarray:
    """How many pieces (``label_of`` each letter pixel) each row (``row_of``) holds."""
    # A piece is connected, so it lies in one row (rows are its dilation's components):
    # then counting each piece's row once needs no sort of the pixels.
    n = int(label_of.max(initial=0)) + 1
    row_of_label = np.zeros(n, np.int64)
    row_of_label[label_of] = row_of
    if np.array_equal(row_of_label[label_of], row_of):
        present = np.zeros(n, bool)
        present[label_of] = True
        counts: np.ndarray = np.bincount(row_of_label[present], minlength=rows)
        return counts
    base = int(label_of.max(initial=0)) + 1
    pairs = np.unique(row_of.astype(np.int64) * base + label_of)
    out: np.ndarray = np.bincount(pairs // base, minlength=rows)
    return out


def on_line(hor: np.ndarray, x: int, y: int, w: int, h: int, px_per_mm: float) -> bool:
    """Whether a ruling runs under or through an ink group (its lower two thirds)."""
    return ruled(hor[y + h // 3:min(hor.shape[0], y + h + int(px_per_mm * 4)), x:x + w])


def under_line(hor: np.ndarray, x: int, y: int, w: int, h: int, px_per_mm: float) -> bool:
    """Whether a ruling runs over the top of an ink group."""
    return ruled(hor[max(0, y - int(px_per_mm * 4)):y + h // 3 + 1, x:x + w])


def ruled(band: np.ndarray) -> bool:
    """Whether rulings in a band run across at least 30% of its width."""
    return band.size > 0 and bool(band.any(axis=0).mean() > 0.3)


def line_rows(hor: np.ndarray, x: int, y: int, w: int, h: int, px_per_mm: float) -> list[float]:
    """Heights of the blank lines running under or through an ink group (each across at
    least 30% of its width); lines closer than 3 mm are one."""
    y0, y1 = y + h // 5, min(hor.shape[0], y + h + int(px_per_mm * 4))
    cover = (hor[y0:y1, x:x + w] > 0).mean(axis=1) > 0.3 if y1 > y0 else np.zeros(0, bool)
    rows: list[list[int]] = []
    for i in np.flatnonzero(cover):
        if rows and i - rows[-1][-1] < 3 * px_per_mm:
            rows[-1].append(int(i))
        else:
            rows.append([int(i)])
    return [y0 + (r[0] + r[-1]) / 2 for r in rows]


def split_rows(comp: np.ndarray, x: int, y: int, hor: np.ndarray,
                px_per_mm: float) -> list[np.ndarray]:
    """Signatures on blanks one above the other (ТОРГ-12, УПД rows 8 mm apart) touch once
    joined. Each stroke piece goes to the line it stands on: a signature's ink sits mostly
    above its line and hangs at most about a third of the way to the next one."""
    rows = line_rows(hor, x, y, comp.shape[1], comp.shape[0], px_per_mm)
    if len(rows) < 2:
        return [comp]
    _n, labels, stats = _components(comp)
    cy = y + stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT] / 2
    limits = [a + (b - a) * 0.35 for a, b in itertools.pairwise(rows)]
    group = np.searchsorted(np.array(limits), cy)
    group[0] = -1
    parts = [(np.isin(labels, np.flatnonzero(group == g))).astype(np.uint8)
             for g in range(len(rows))]
    return [p for p in parts if p.any()]


def fold_failed(parts: list[np.ndarray], found: Sequence[Scribble | None]) -> list[np.ndarray]:
    """``parts`` (top to bottom) with each that judged as no signature joined to the part
    below it (the last to the one above): signatures stand above their lines, so ink left
    over a line is the top of the signature standing on the next line down."""
    out: list[np.ndarray] = []
    carry: np.ndarray | None = None
    for i, (part, f) in enumerate(zip(parts, found, strict=True)):
        merged = part if carry is None else part | carry
        carry = None
        if f is None and i + 1 < len(parts):
            carry = merged
        elif f is None and out:
            out[-1] = out[-1] | merged
        else:
            out.append(merged)
    return out


def interleaved(found: Sequence[Scribble | None], px_per_mm: float = 0.0) -> bool:
    """Whether parts split by rows overlap over most of the taller one's height (or of a
    narrow one's own, at ``px_per_mm``; none is narrow at 0): signatures of stacked rows stand
    one above the other, so parts sharing their height are one signature whose strokes dip
    across a second line (its caption's underline, a table's rule), which came out as two
    overlapping signatures."""
    boxes = [f.box for f in found if f is not None]
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(boxes, 2):
        dy = min(ay + ah, by + bh) - max(ay, by)
        dx = min(ax + aw, bx + bw) - max(ax, bx)
        narrow = min(aw, bw) < MIN_W_MM * px_per_mm
        if dx > 0 and dy > STACK_OVERLAP * (min(ah, bh) if narrow else max(ah, bh)):
            return True
    return False
