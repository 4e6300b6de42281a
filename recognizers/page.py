"""What a recognizer sees of a page: its pixel size, words with boxes, the image if rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

TextSource = Literal["text_layer", "ocr"]


@dataclass(frozen=True)
class Word:
    """One word in page pixel coordinates; ``line`` groups words of one text line."""

    text: str
    x: float
    y: float
    w: float
    h: float
    conf: float
    line: int = 0


@dataclass
class Page:
    number: int
    width: int
    height: int
    image: np.ndarray | None = None  # BGR uint8, present for scanned pages
    words: list[Word] = field(default_factory=list)
    text_source: TextSource | None = None
    # Second OCR readings of a few lines whose first reading failed a check (fields/reread.py),
    # one word list per line; the page text above keeps the first reading only.
    rereads: list[list[Word]] = field(default_factory=list)
    # The УПД status digit read from its box on the page image (recognizers/status_box.py).
    status_box: int | None = None
    # Second readings of the values held for review, cut from this page (fields/crop_check.py).
    crop_reads: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The page text, one output line per text line, words in reading order."""
        lines: dict[int, list[Word]] = {}
        for word in self.words:
            lines.setdefault(word.line, []).append(word)
        ordered = sorted(
            lines.values(), key=lambda ws: (min(w.y for w in ws), min(w.x for w in ws))
        )
        return "\n".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.x)) for ws in ordered)
