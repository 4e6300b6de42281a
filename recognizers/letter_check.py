"""Б or В, П or М at the head of a document number, told from the glyph itself.

Tesseract confuses each pair (and reads Б/В as Latin B) on clean scans too, with word
confidences near 1: "Б-59/24" comes out "В-59/24", "ПР2149-26" "МР2149-26", and a field
reader cannot tell. The glyphs differ where it shows: В has its upper bowl at the right, below
the top stroke, and Б is open there; П has a bar across its top and an empty middle, М an
open top between its stems and strokes meeting in the middle. A word whose first letter the
glyph contradicts gets that letter and a low confidence: the number is then right more often
and never trusted without a person's look.
"""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np

from recognizers.components import components
from recognizers.page import Word

# A number with a one- or two-letter prefix: "Б-59/24", "БП-002597", "B-60/24", "№Б-5/24",
# "ПР2149-26" (whose П tesseract also reads as М).
_PREFIXED = re.compile(r"^(?P<sign>№|N[oо°]?)?(?P<letter>[БВBПМM])(?=[А-ЯЁA-Z]?[-–]?\d)")
OPEN, BOWL = 0.2, 0.5  # ink share of the upper right: Б (open) below, В (bowl) above
UNSURE_CONF = 0.3


def settle_b_letters(gray: np.ndarray, words: list[Word]) -> list[Word]:
    """The words, with the first letter of Б/В- or П/М-prefixed numbers as its glyph shows it."""
    out = []
    for word in words:
        match = _PREFIXED.match(word.text)
        glyph = _first_glyph(gray, word, bool(match and match.group("sign"))) if match else None
        letter = None
        if match is not None and glyph is not None:
            judge = _p_or_m if match.group("letter") in "ПМM" else _b_or_v
            letter = judge(glyph)
        if match is None or letter is None or _agrees(match.group("letter"), letter):
            out.append(word)
            continue
        text = word.text[:match.start("letter")] + letter + word.text[match.end("letter"):]
        out.append(replace(word, text=text, conf=min(word.conf, UNSURE_CONF)))
    return out


def _agrees(read: str, glyph: str) -> bool:
    """OCR's letter against the glyph's; a Latin B or M that is a В or М is the reader's
    already (the number reader makes it Cyrillic)."""
    return read == glyph or (read, glyph) in (("B", "В"), ("M", "М"))


def _first_glyph(gray: np.ndarray, word: Word, signed: bool) -> np.ndarray | None:
    """The mask of the word's first glyph (after "№" when the word starts with it), None when
    it is no single clear letter."""
    x0, y0 = max(0, int(word.x) - 2), max(0, int(word.y) - 2)
    crop = gray[y0:int(word.y + word.h) + 2, x0:int(word.x + word.w) + 2]
    if crop.size == 0 or word.h < 8:
        return None
    ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    n, labels, stats, _ = components(ink)
    # Glyphs left to right (specks and the dash are lower than a third of the word): the letter
    # must be the first, not merely the first tall one ("9" of a Б-9/25 whose Б came out short).
    glyphs = sorted((int(stats[i, 0]), i) for i in range(1, n) if stats[i, 3] >= 0.3 * word.h)
    if len(glyphs) < 1 + signed or stats[glyphs[1 if signed else 0][1], 3] < 0.6 * word.h:
        return None
    index = glyphs[1 if signed else 0][1]
    x, y, w, h = (int(v) for v in stats[index, :4])
    if w < 4 or h < 8 or w > 1.2 * h:  # touching glyphs: no single letter to judge
        return None
    mask: np.ndarray = labels[y:y + h, x:x + w] == index
    return mask


def _b_or_v(glyph: np.ndarray) -> str | None:
    h, w = glyph.shape
    share = float(glyph[int(0.22 * h):int(0.42 * h), int(0.6 * w):].mean())
    # В has two counters, Б one: a blurred bold Б fills its upper right with ink and looks
    # like a В there, but still has one counter. Where the two cues disagree, the glyph says
    # nothing (dev photos, seeds 4848 and 4949: two Б turned into В by the ink share alone).
    holes = _counters(glyph)
    if share <= OPEN and holes <= 1:
        return "Б"
    if share >= BOWL and holes == 2:
        return "В"
    return None


def _p_or_m(glyph: np.ndarray) -> str | None:
    """П has a bar across its top and nothing in its middle; М's strokes meet in the middle
    and leave the top between its stems open."""
    h, w = glyph.shape
    top = float(glyph[:max(1, int(0.18 * h)), int(0.35 * w):int(0.65 * w)].mean())
    middle = float(glyph[int(0.4 * h):int(0.6 * h), int(0.35 * w):int(0.65 * w)].mean())
    if top >= 0.5 and middle <= 0.1:
        return "П"
    if top <= 0.25 and middle >= 0.15:
        return "М"
    return None


def _counters(glyph: np.ndarray) -> int:
    """Enclosed white regions of a glyph mask (the holes of В, Б, А, ...)."""
    mask = glyph.astype(np.uint8)
    contours, hierarchy = cv2.findContours(np.pad(mask, 1), cv2.RETR_CCOMP,
                                           cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return 0
    # Contours with a parent are the holes' outlines.
    return int(sum(1 for i in range(len(contours)) if hierarchy[0][i][3] >= 0))
