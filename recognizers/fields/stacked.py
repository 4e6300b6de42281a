"""A few small crops read in one tesseract call: stacked into one white image, one per row
(loading the language model costs more than reading a few lines)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from recognizers.ocr import ocr_words
from recognizers.ocr_fill import slot_of, stack
from recognizers.page import Word

GAP = 40  # white pixels around and between stacked crops


def read_stacked(crops: Sequence[np.ndarray], languages: str = "rus") -> list[list[Word]]:
    """Each crop's words, in the crop's own pixels."""
    if not crops:
        return []
    canvas, slots = stack(crops, 255, GAP)
    out: list[list[Word]] = [[] for _ in crops]
    for word in ocr_words(canvas, languages=languages, config="--psm 6"):
        k = slot_of(word, slots)
        if k is not None:
            out[k].append(Word(word.text, word.x - GAP, word.y - slots[k][0], word.w, word.h,
                               word.conf, word.line))
    return out
