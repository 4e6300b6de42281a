"""The УПД status digit read from its own box, for pages where the page OCR lost it.

The status is one digit in a small frame right of the caption «Статус:». Page OCR often reads
the frame and digit together as letters ("ea", "Е"); isolated from the frame, the digit is
plain print. One tesseract call on a tiny image, and only on pages that show the caption.
"""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.components import components
from recognizers.fuzzy import distance
from recognizers.ocr import ocr_words
from recognizers.page import Word
from recognizers.textnorm import fold

# The caption sits in the page's top part; the box within a few caption heights to its right.
TOP_SHARE = 0.35
BOX_REACH = 4.0
MIN_CONTRAST = 60  # grey levels between paper and the darkest pixel where print is
# Tesseract gives up on a lone digit at some sizes and reads it at others (a clear 26-pixel
# "1": nothing at 26 or 40 pixels, "1" at 24 or 32), and may misread it at one (a blurred
# "1": "2" at its own size, "1" at 16 to 32): each glyph is read at its size and these.
RETRY_HEIGHTS = (24, 32)
SURE_DIGIT = 0.5  # tesseract's confidence in a lone digit it reads
STEM_ONE = 0.85  # a "1": the inkiest column's share of the glyph's height
TWO_DRIFT = 0.25  # a bold "2": how far its middle drifts left, in widths


def read_status_box(gray: np.ndarray, words: list[Word]) -> int | None:
    """1 or 2 from the status box of a cleaned page image, None when there is none to read."""
    caption = _caption(words, gray.shape[0])
    placed = caption is None
    caption = caption or _caption_by_place(words, gray.shape[0])
    if caption is None:
        return None
    # Under a caption found by its place only a framed glyph is the status digit.
    glyph = _digit_crop(gray, caption, framed=placed)
    if glyph is None:
        return None
    return _glyph_digit(glyph, _page_digit(words, caption))


def _glyph_digit(glyph: np.ndarray, page_digit: int | None) -> int | None:
    """The digit of the box's glyph; ``page_digit``: the page OCR's reading of the box.

    Tesseract reads the glyph at its own size and at two others: on a small blurred glyph it
    may be sure of a different digit at each, so it is taken only where its sure readings and
    the glyph's shape do not contradict it. Told by shape alone, a digit needs a second
    witness: tesseract's unsure reading, or the page OCR's."""
    shape = _by_stem(glyph)
    first = _tesseract(glyph)
    if shape is not None and first[0] == str(shape) and first[1] >= SURE_DIGIT:
        return shape  # sure at its own size, and the shape agrees: the common clear case
    reads = [first, *(_tesseract(_rescaled(glyph, height)) for height in RETRY_HEIGHTS)]
    sure = {text for text, conf in reads if text and conf >= SURE_DIGIT}
    if sure:
        if len(sure) > 1 or (shape is not None and {str(shape)} != sure):
            return None
        digit = sure.pop()
        return int(digit) if digit in ("1", "2") else None
    unsure = next((text for text, _conf in reads if text), "")
    if shape is None:
        return None
    return shape if str(shape) == unsure or shape == page_digit else None


def _tesseract(image: np.ndarray) -> tuple[str, float]:
    read = ocr_words(image, languages="eng", config="--psm 10 -c tessedit_char_whitelist=12")
    return "".join(w.text for w in read), min((w.conf for w in read), default=0.0)


def _rescaled(glyph: np.ndarray, height: int) -> np.ndarray:
    """The glyph alone at ``height`` pixels with as much white around it."""
    ink = glyph < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(rows) == 0:
        return glyph
    tight = glyph[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scale = height / tight.shape[0]
    sized = cv2.resize(tight, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return cv2.copyMakeBorder(sized, height, height, height, height, cv2.BORDER_CONSTANT,
                              value=255)


def _page_digit(words: list[Word], caption: Word) -> int | None:
    """The digit the page OCR read right of the caption, frame marks aside ("[1", "1.")."""
    near = [w for w in words if caption.x + caption.w <= w.x <= caption.x + caption.w
            + BOX_REACH * caption.h and abs(w.y + w.h / 2 - caption.y - caption.h / 2)
            <= caption.h]
    digits = {d for w in near if len(d := w.text.strip("[]()|{}.,:;!lI")) == 1 and d in "12"}
    return int(digits.pop()) if len(digits) == 1 else None


def _by_stem(glyph: np.ndarray) -> int | None:
    """A blurred small digit tesseract gives up on, told by its shape: a "1" is one upright
    stem (a serif foot or flag besides): its middle rows are narrow and in one place. A "2"'s
    middle is a diagonal, and blurred it is a wide blob. Anything else: no answer."""
    ink = glyph < 128
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if len(rows) < 10 or len(cols) < 3:
        return None
    box = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    height, width = box.shape
    middle = box[int(0.25 * height):int(0.75 * height)]
    counts = middle.sum(axis=1)
    if (counts == 0).any():
        return None
    centres = (middle * np.arange(width)).sum(axis=1) / counts
    stem = float(box.mean(axis=0).max())
    # A "1"'s foot is centred on its stem; a blurred "2"'s middle leans right of its base.
    upright = float(centres.std()) <= 0.08 * width and 0.3 <= centres.mean() / width <= 0.6
    # Narrow in the middle, or narrow as a whole: a blurred "2" is a wide blob.
    slim = float(np.median(counts)) <= 0.55 * width or width <= 0.55 * height
    if stem >= STEM_ONE and upright and slim:
        return 1
    slope = float(np.polyfit(np.arange(len(centres)), centres, 1)[0])
    half = len(centres) // 2
    drift = float(centres[:half].max() - centres[half:].min())
    # The middle runs from upper right to lower left: thin, or (a bold blurred "2") a blob
    # whose middle drifts left by a good share of its width; a "1"'s stays put.
    if (slope < -0.3 and (counts <= 0.5 * width).mean() >= 0.9) or (
            slope < -0.2 and drift >= TWO_DRIFT * width):
        return 2
    return None


# Letters a blurred "т" is read as ("Crarye", "Сгагус"): the caption is matched through them.
_T_TWINS = str.maketrans("rгm", "ттт")


def is_status_caption(word: str, slack: int = 1) -> bool:
    """"Статус" as OCR reads it (``word`` folded, punctuation stripped), up to ``slack``
    letters off."""
    return 5 <= len(word) <= 7 and distance(word.translate(_T_TWINS)[:6], "статус") <= slack


_PUNCT = ":;.,„\"'`«»“”|!"


def _caption(words: list[Word], height: int) -> Word | None:
    for word in words:
        if word.y < TOP_SHARE * height and is_status_caption(fold(word.text).strip(_PUNCT)):
            return word
    return None


def _caption_by_place(words: list[Word], height: int) -> Word | None:
    """The caption OCR misread beyond recognition ("Grarye:"): the word right under the
    title's "документ", in its column, as long as "Статус:"."""
    for title in words:
        if title.y >= TOP_SHARE * height or distance(fold(title.text).strip(_PUNCT),
                                                     "документ") > 1:
            continue
        below = [w for w in words if 0 <= w.y - (title.y + title.h) <= 3 * title.h
                 and abs(w.x - title.x) <= title.h
                 and 5 <= len(fold(w.text).strip(_PUNCT)) <= 8]
        if below:
            return min(below, key=lambda w: w.y)
    return None


def _digit_crop(gray: np.ndarray, caption: Word, framed: bool = False) -> np.ndarray | None:
    """The digit's glyph on white with a margin: the blob inside the status frame right of the
    caption, or else (unless ``framed``) the largest glyph-sized one there."""
    h = caption.h
    x0, y0 = int(caption.x + caption.w), max(0, int(caption.y - h))
    crop = gray[y0:int(caption.y + 2 * h), x0:int(x0 + BOX_REACH * h)]
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < MIN_CONTRAST:
        return None  # blank paper: Otsu would make its grain into blobs
    ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    _n, labels, stats, _ = components(ink)
    best = _inside_frame(stats) or _between_rulings(stats) or (
        0 if framed else _glyph_sized(stats, h, ink.shape, (caption.y - y0, caption.y - y0 + h)))
    if not best:
        return None
    x, y, w, hh = (int(v) for v in stats[best][:4])
    pad = int(h)
    out = np.full((hh + 2 * pad, w + 2 * pad), 255, np.uint8)
    out[pad:pad + hh, pad:pad + w][labels[y:y + hh, x:x + w] == best] = 0
    return out


def _glyph_sized(stats: np.ndarray, h: float, shape: tuple[int, ...],
                 band: tuple[float, float]) -> int:
    """The largest blob of a digit's size for the caption's height, level with the caption
    (``band``: its top and bottom in the crop), that is not a frame line (frames are long and
    thin, or cut by the crop); 0 when there is none. Level, since a tall caption box's crop
    reaches the title's letters above."""
    best, best_area = 0, 0
    for i in range(1, len(stats)):
        x, y, w, hh, area = (int(v) for v in stats[i])
        level = band[0] <= y + hh / 2 <= band[1]
        glyph = level and 0.45 * h <= hh <= 1.6 * h and 0.15 * h <= w <= 1.2 * h
        thin = area > 0.8 * w * hh  # a frame's side, not a stroke
        cut = x == 0 or y == 0 or x + w >= shape[1] or y + hh >= shape[0]
        if glyph and not thin and not cut and area > best_area:
            best, best_area = i, area
    return best


def _inside_frame(stats: np.ndarray) -> int:
    """The biggest blob inside the status frame (a hollow square blob), 0 when no frame is
    found. The frame, not the caption, gives the digit's scale: tesseract's box of a blurred
    caption can come out half again as tall as its letters."""
    for x, y, w, hh, area in (tuple(int(v) for v in row) for row in stats[1:]):
        if not (0.6 <= w / max(hh, 1) <= 1.6 and area < 0.7 * w * hh and hh >= 10):
            continue
        inside = [j for j in range(1, len(stats))
                  if stats[j][0] > x and stats[j][1] > y
                  and stats[j][0] + stats[j][2] < x + w and stats[j][1] + stats[j][3] < y + hh
                  and stats[j][3] >= 0.3 * hh]
        if inside:
            return max(inside, key=lambda j: int(stats[j][4]))
    return 0


def _between_rulings(stats: np.ndarray) -> int:
    """The biggest blob with thin lines on three or four sides, or above and below it, each
    as long as the blob and near it: a frame whose sides a poor scan broke apart at the corners
    (a blurred photo's thin upright sides can vanish altogether). 0 when none."""
    best, best_area = 0, 0
    for j in range(1, len(stats)):
        w, h, area = (int(v) for v in stats[j][2:5])
        if h < 10 or area > 0.8 * w * h or area <= best_area:
            continue
        sides = {side for side in ("left", "right", "top", "bottom") if _ruled(stats, j, side)}
        if len(sides) >= 3 or {"top", "bottom"} <= sides:
            best, best_area = j, area
    return best


def _ruled(stats: np.ndarray, j: int, side: str) -> bool:
    x, y, w, h = (int(v) for v in stats[j][:4])
    for i in range(1, len(stats)):
        lx, ly, lw, lh = (int(v) for v in stats[i][:4])
        if side in ("left", "right"):
            line = lw <= max(3, 0.15 * lh) and ly <= y and ly + lh >= y + h
            gap = x - (lx + lw) if side == "left" else lx - (x + w)
        else:
            line = lh <= max(3, 0.15 * lw) and lx <= x and lx + lw >= x + w
            gap = y - (ly + lh) if side == "top" else ly - (y + h)
        if line and 0 <= gap <= 1.5 * h:
            return True
    return False
