"""Second readings of the few held values: a party's name or the number that the calibration
left under the review threshold is cut from the cleaned first page and read again.

Why: on scans such a value is usually held for one unsure word (curly quotes, a short word),
and is right more often than not; a fresh reading of its own crop, at the page's scale and
enlarged, reads it verbatim when it is right and rarely when it is not (a misread glyph reads
differently once its neighbours change). The crops of one document are stacked into one image
and read in one tesseract call, only for documents that have such a value. The readings go to
``Page.crop_reads``; evidence.crop_agreement counts those that read a value verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from recognizers.fields.layout import page_lines
from recognizers.fields.stacked import read_stacked
from recognizers.page import Page, Word
from recognizers.textnorm import squash

FIELDS = ("seller_name", "buyer_name", "number")
SCALES = (1.0, 1.5)
# A legal form's О printed as zeros ("000 «Гранит»") is the same name.
_FORM_ZEROS = {"000": "ооо", "0оо": "ооо", "о0о": "ооо", "оо0": "ооо"}


def tokens(text: str) -> list[str]:
    """A reading's words compared as the evidence compares them (case, look-alikes, punctuation
    folded); empty ones dropped."""
    out = []
    for raw in text.split():
        key = squash(raw)
        if key:
            out.append(_FORM_ZEROS.get(key, key))
    return out


def agreeing(value: str, readings: Sequence[str]) -> int:
    """How many readings hold the value's words in a row ("Е ООО “Спектр”" holds ООО "Спектр";
    "ПАО «Фаворит»" does not hold АО «Фаворит»)."""
    want = tokens(value)
    if not want:
        return 0
    count = 0
    for reading in readings:
        got = tokens(reading)
        count += any(got[i:i + len(want)] == want for i in range(len(got) - len(want) + 1))
    return count


def value_box(page: Page, value: str) -> tuple[int, int, int, int] | None:
    """The box of the line's words that hold the value's words (the line holding most of them);
    None when no line holds them all (a value the readers pieced together)."""
    want = set(tokens(value))
    best: list[Word] = []
    found: set[str] = set()
    for line in page_lines(page):
        hits = [(w, set(tokens(w.text)) & want) for w in line.words]
        hits = [(w, t) for w, t in hits if t]
        if len(hits) > len(best):
            best, found = [w for w, _t in hits], set().union(*(t for _w, t in hits))
    if not best or found != want:
        return None
    x0, y0 = min(w.x for w in best), min(w.y for w in best)
    x1, y1 = max(w.x + w.w for w in best), max(w.y + w.h for w in best)
    return int(x0), int(y0), int(x1), int(y1)


def read_crops(gray: np.ndarray, boxes: Sequence[tuple[int, int, int, int]],
               languages: str = "rus") -> list[list[str]]:
    """Each box read at every scale in SCALES: per box, one text per scale."""
    crops: list[np.ndarray] = []
    for x0, y0, x1, y1 in boxes:
        h = max(1, y1 - y0)
        # Tight above and below (a neighbouring line's edge turns the reading to debris),
        # roomy at the sides.
        cut = gray[max(0, y0 - max(2, h // 5)):y1 + max(2, h // 5), max(0, x0 - h):x1 + h]
        for scale in SCALES:
            crops.append(cut if scale == 1.0 else cv2.resize(
                cut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC))
    joined = [" ".join(w.text for w in sorted(words, key=lambda w: w.x))
              for words in read_stacked(crops, languages)]
    n = len(SCALES)
    return [joined[i:i + n] for i in range(0, len(joined), n)]


def held_values(values: dict[str, str | None], confidence: dict[str, float],
                below: float) -> list[str]:
    """The values of FIELDS under ``below``, each once."""
    out: list[str] = []
    for name in FIELDS:
        value = values.get(name)
        if value and confidence.get(name, 0.0) < below and value not in out:
            out.append(value)
    return out


def check_held(page: Page, gray: np.ndarray, held: Sequence[str],
               languages: str = "rus") -> list[str]:
    """The crop readings of the held values found on ``page`` (its words in ``gray``'s
    pixels), to be stored as ``page.crop_reads``."""
    boxes = [box for box in (value_box(page, v) for v in held) if box is not None]
    return [text for texts in read_crops(gray, boxes, languages) for text in texts]
