"""Whether a group of leftover ink is print (letters, words run together) rather than a
pen's strokes, by the shapes of its pieces."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.components import components

# Height (mm) that some piece of pen ink reaches; body text letters stay under it.
PEN_MM = 3.0
# A blob whose tallest piece is under LOW_PEN_MM and whose ink fills DENSE_FILL of its box
# is print run together: on dev seed 7474's poor scans such blobs (fill 0.31-0.40, tallest
# 3.6-3.7 mm) were table headers and a sideways caption; signatures that low fill less
# (0.12-0.2 on poor scans and photos; a small bold one on a clean scan 0.29, lost at 0.28).
LOW_PEN_MM = 4.0
DENSE_FILL = 0.3
# A piece at least WAVE_W_MM long and WAVE_H_MM tall filling under WAVE_FILL of its box is a
# flat wavy pen stroke, however low (on the dev scans and photos the print pieces that long
# and tall filled 0.22 and more, a flat signature 0.16).
WAVE_W_MM = 8.0
WAVE_H_MM = 2.0
WAVE_FILL = 0.2
# Pen-coloured (blue) ink is print only where its pieces stay under this height (mm): forms
# are printed black, so blue ink left once seals and office stamps are taken away is a pen's,
# and a small quick signature on a photo, its foot cut off with its blank's line, leaves
# pieces only 2.9-3.2 mm tall (lost to PEN_MM and DENSE_FILL on dev seed 7490's photos).
# Blue print does reach the page (an office stamp the stamp search missed: rows of letters,
# 17 pieces a millimetre tall or more): the blue test holds for a few pieces only.
BLUE_PEN_MM = 2.5
BLUE_PIECES = 5


def looks_printed(comp: np.ndarray, px_per_mm: float, blue: bool = False) -> bool:
    """Leftover print (words OCR missed or boxed off target, digits in table cells, names on
    blanks): pieces of ink no taller than letters, even where blur runs letters together.
    A pen leaves at least one stroke or loop taller than body text (PEN_MM) above its line,
    or a long flat wave (_wave); print just past that height is dense.
    The tallest piece parted 111 signatures from 70 role-less leftovers of print on the dev
    corpus's poor scans and photos (3 mm kept 104 and 15)."""
    n, _labels, stats, _ = components(comp)
    if n <= 1:
        return True
    tallest = float(stats[1:, cv2.CC_STAT_HEIGHT].max()) / px_per_mm
    if blue and tallest >= BLUE_PEN_MM and \
            np.count_nonzero(stats[1:, cv2.CC_STAT_HEIGHT] >= px_per_mm) <= BLUE_PIECES:
        return False
    if tallest < PEN_MM:
        return not _wave(stats[1:], px_per_mm)
    # Barely taller than print and dense: print run together (two lines of a table's
    # header blurred into one piece, a word and the dash OCR read it as), not pen strokes,
    # which leave most of their box blank.
    return tallest < LOW_PEN_MM and bool(np.count_nonzero(comp) >= DENSE_FILL * comp.size)


def _wave(stats: np.ndarray, px_per_mm: float) -> bool:
    """Whether a piece is a flat wavy pen stroke: long, as tall as a line of print, yet
    leaving most of its box blank (a word run together fills a third of its box and more;
    a flat signature below another on a ТОРГ-12 was taken for print and lost)."""
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    fill = stats[:, cv2.CC_STAT_AREA] / np.maximum(w * h, 1)
    return bool(np.any((w >= WAVE_W_MM * px_per_mm) & (h >= WAVE_H_MM * px_per_mm) &
                       (fill < WAVE_FILL)))
