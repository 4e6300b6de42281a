"""Page orientation: which quarter turn makes a scanned page upright. Pure: arrays in, ints out.

Accountants feed pages sideways or upside down. A turn count ``k`` here is always
``np.rot90``'s: ``np.rot90(image, k)`` (k counter-clockwise quarter turns) is the upright page.

- The axis (lines running across or down the image) comes from the ink of a small copy: text
  lines make the row profile sharp at the angle that levels them (as in cleanup.skew_angle) and
  the column profile flat; a page turned by 90° shows the opposite. It never failed on the dev
  corpus (every scanned page in all four turns) and costs a few tens of ms.
- Up or down cannot be told as cheaply for Russian print: the usual cue, ascenders above the
  x-height against descenders below the baseline, is weak (Cyrillic lower case has almost no
  ascenders, and р у д ц щ ф descend), and judged on profiles it was wrong on ~15% of pages.
  So the page is read the likely way first (upright when lines run across; for a page on its
  side, the side the profiles point to) and read the other way only when tesseract's words come
  out garbled: upside-down text reads at mean word confidence ~0.3 against ~0.9 upright. An
  upright page pays for the axis check alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.page import Word

# Working copy: the page halved while sqrt(width * height) stays at least this many pixels, the
# same scale whichever way the page is turned (an A4 page at 300 dpi comes out at a quarter of
# its size, ~3 px/mm: lines stay apart). Halving is a special case of INTER_AREA (~1 ms); other
# factors cost ~20 ms a page.
MIN_SIDE = 700
MAX_SKEW = 5.0
# Pixels (of the working copy) over which line profiles are smoothed when finding the axis.
SMOOTH = 5
# Up/down is guessed on the profiles of this many vertical strips: a form's columns of text sit
# at different heights, and one profile over the whole width blurs their edges.
STRIPS = 4
# OCR words: only those with this many letters or digits say anything about legibility.
MIN_WORD_CHARS = 3
# Fewer such words than this: nothing to judge by (a near-blank page reads the same either way).
MIN_WORDS = 5
# Mean confidence of such words below which a reading is garbled. First pages of the dev corpus's
# scans and photos read upright at 0.71-0.95 but for two bad photos (0.43, 0.56); read upside
# down, at 0.25-0.39. Below 0.5 an upright page's reading is near useless anyway.
GARBLED_CONF = 0.5


@dataclass(frozen=True)
class Orientation:
    vertical: bool  # text lines run down the image: the page lies on its side
    axis: float  # log ratio of row to column sharpness: > 0 when lines run across
    updown: float  # in [-1, 1], > 0 when line profiles fall more sharply than they rise

    @property
    def turns(self) -> int:
        """The likelier turn by geometry alone (up/down is only a hint, see the module doc)."""
        if self.vertical:
            return 1 if self.updown >= 0 else 3
        return 0 if self.updown >= 0 else 2


def working_ink(image: np.ndarray) -> np.ndarray:
    """Ink mask (uint8 0/1) of a small grey copy, with rulings and frames removed: a table's long
    lines are sharp both ways and would hide which way the text runs."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    small = gray
    while np.sqrt(small.shape[0] * small.shape[1]) >= 2 * MIN_SIDE:
        small = cv2.resize(small, (small.shape[1] // 2, small.shape[0] // 2),
                           interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                31, 15)
    span = 40
    lines = cv2.bitwise_or(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, span), np.uint8)),
                           cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((span, 1), np.uint8)))
    out: np.ndarray = cv2.bitwise_and(ink, 1 - cv2.dilate(lines, np.ones((3, 3), np.uint8)))
    return out


def _rows(xs: np.ndarray, ys: np.ndarray, angle: float, size: int) -> np.ndarray:
    rad = np.deg2rad(angle)
    return np.clip(np.floor(xs * -np.sin(rad) + ys * np.cos(rad) + size / 2), 0,
                   size - 1).astype(np.int64)


def _level(xs: np.ndarray, ys: np.ndarray, size: int) -> tuple[float, float]:
    """The angle that levels lines running along x, and the sharpness of the row profile there
    (energy of its steps over the squared ink count, comparable between the two axes).

    The profile is smoothed over a few pixels first: letters' stems standing one above the other
    (a table's rows, repeated lines) make the column profile spiky at the scale of a stroke,
    while text lines are wider than that. It doubled the smallest margin on the dev corpus."""
    best, best_score = 0.0, -1.0
    box = np.ones(SMOOTH) / SMOOTH
    for angle in np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, 1.0):
        profile = np.bincount(_rows(xs, ys, float(angle), size), minlength=size)
        score = float(np.square(np.diff(np.convolve(profile, box, mode="same"))).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return best, best_score / max(1, len(xs)) ** 2


def _updown(xs: np.ndarray, ys: np.ndarray, angle: float, size: int, width: float) -> float:
    strip = np.clip(((xs + width / 2) * STRIPS / width).astype(np.int64), 0, STRIPS - 1)
    profiles = np.bincount(strip * size + _rows(xs, ys, angle, size),
                           minlength=STRIPS * size).reshape(STRIPS, size)
    steps = np.diff(profiles.astype(np.float64), axis=1)
    falls = float(np.square(np.minimum(steps, 0)).sum())
    rises = float(np.square(np.maximum(steps, 0)).sum())
    return (falls - rises) / (falls + rises) if falls + rises > 0 else 0.0


def measure(image: np.ndarray) -> Orientation:
    return measure_ink(working_ink(image))


def measure_ink(ink: np.ndarray) -> Orientation:
    ys, xs = np.nonzero(ink)
    if len(xs) < 100:
        return Orientation(vertical=False, axis=0.0, updown=0.0)
    h, w = ink.shape
    size = 2 * (h + w)
    x = xs.astype(np.float64) - w / 2
    y = ys.astype(np.float64) - h / 2
    step = max(1, len(x) // 60_000)
    row_angle, row_score = _level(x[::step], y[::step], size)
    # The columns of the image are the rows of np.rot90(image, 1): x' = y, y' = -x.
    col_angle, col_score = _level(y[::step], -x[::step], size)
    axis = float(np.log((row_score + 1e-12) / (col_score + 1e-12)))
    if axis >= 0:
        return Orientation(vertical=False, axis=axis, updown=_updown(x, y, row_angle, size, w))
    return Orientation(vertical=True, axis=axis, updown=_updown(y, -x, col_angle, size, h))


def turn_order(image: np.ndarray, previous: int = 0) -> tuple[int, int]:
    """The turn to read the page at first, and the one to try when that reading is garbled.

    Lines across: as the document's previous page was read when that was across too (a stack
    fed upside down is upside down throughout), else upright: the common case costs nothing
    more. Lines down: the previous page's turn likewise, else the geometric guess."""
    found = measure(image)
    if found.vertical:
        first = previous if previous in (1, 3) else found.turns
    else:
        first = previous if previous in (0, 2) else 0
    return first, (first + 2) % 4


def legibility(words: Sequence[Word]) -> tuple[int, float]:
    """How many words of 3+ letters or digits the OCR returned, and their mean confidence."""
    confs = [w.conf for w in words if sum(c.isalnum() for c in w.text) >= MIN_WORD_CHARS]
    return len(confs), (float(np.mean(confs)) if confs else 0.0)


def garbled(words: Sequence[Word]) -> bool:
    """True when a reading looks like text read the wrong way up (or no text at all)."""
    count, conf = legibility(words)
    return count < MIN_WORDS or conf < GARBLED_CONF


def better(first: Sequence[Word], second: Sequence[Word]) -> bool:
    """True when ``second`` reads better than ``first``: more confident words of 3+ characters
    (a garbled reading has as many words, but few of them confident)."""
    def sure(words: Sequence[Word]) -> float:
        return sum(w.conf for w in words
                   if sum(c.isalnum() for c in w.text) >= MIN_WORD_CHARS and w.conf >= 0.5)
    return sure(second) > sure(first)


def box_to_received(box: Sequence[float], turns: int, width: float,
                    height: float) -> list[float]:
    """A box [x, y, w, h] on ``np.rot90(received, turns)`` in the received image's pixels
    (``width`` × ``height``); a quarter turn keeps boxes axis-aligned."""
    x, y, w, h = (float(v) for v in box)
    turns %= 4
    if turns == 1:
        return [width - y - h, x, h, w]
    if turns == 2:
        return [width - x - w, height - y - h, w, h]
    if turns == 3:
        return [y, height - x - w, h, w]
    return [x, y, w, h]
