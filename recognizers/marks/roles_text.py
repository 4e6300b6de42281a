"""The page's words as text lines for finding captions: runs of words on one OCR line, with
the caption words OCR got one letter wrong put right, and where in a line a pattern matched."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from recognizers.page import Word

# Caption words OCR often gets one letter wrong on scans ("бухгалтор", "разрешпл"); a word
# one edit away from one of these is read as it before the patterns run.
KEYWORDS = ("руководитель", "бухгалтер", "главный", "разрешил", "произвел", "принял",
            "получил", "передал", "ответственный", "правильность", "предприниматель",
            "индивидуальный", "исполнитель", "заказчик", "получившего", "доверенность",
            "директор", "отпуск", "груза", "грузополучатель", "подпись", "должность",
            "оформления", "основание", "передачи", "отгрузки", "получения", "сведения",
            "наименование", "экономического", "составителя", "отпущено", "кладовщик")


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    spans: tuple[tuple[int, int, float, float], ...]  # per word: text start, end, x0, x1

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Match:
    """Where a pattern matched: the words it spans on the page."""

    x0: float
    x1: float
    cy: float
    # The x at which ``cy`` holds: the line's middle (a skewed line's box centre is there).
    at: float | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by at most one inserted, dropped or changed letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


# Latin letters OCR reads for handwriting-like Cyrillic print on photos ("byxrantep" for
# бухгалтер), each with the Cyrillic letters it stands for.
LATIN = {"a": "а", "b": "бвь", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "n": "лпи",
         "o": "о", "p": "р", "r": "г", "t": "т", "u": "и", "x": "х", "y": "у"}


def _latin_fix(core: str) -> str | None:
    """The caption keyword a word of Latin lookalikes spells letter for letter."""
    if not all(c in LATIN for c in core):
        return None
    for key in KEYWORDS:
        if len(key) == len(core) and all(k in LATIN[c] for c, k in zip(core, key, strict=True)):
            return key
    return None


def fix_word(word: str) -> str:
    core = word.strip(".,:;()[]{}«»\"'|_-")
    if len(core) < 5 or core in KEYWORDS:
        return word
    for key in KEYWORDS:
        if _one_edit(core, key):
            return word.replace(core, key)
    latin = _latin_fix(core)
    return word.replace(core, latin) if latin else word


def text_lines(words: Sequence[Word]) -> list[Line]:
    """Runs of words on one text line, split where a wide gap separates two columns."""
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    out: list[Line] = []
    for ws in by_line.values():
        ws.sort(key=lambda w: w.x)
        run: list[Word] = []
        for w in ws:
            if run and w.x - (run[-1].x + run[-1].w) > max(run[-1].h, w.h) * 4:
                out.append(_make(run))
                run = []
            run.append(w)
        if run:
            out.append(_make(run))
    return out


def _make(run: list[Word]) -> Line:
    spans = []
    pos = 0
    texts = [fix_word(w.text.lower().replace("ё", "е")) for w in run]
    for w, t in zip(run, texts, strict=True):
        spans.append((pos, pos + len(t), w.x, w.x + w.w))
        pos += len(t) + 1
    return Line(" ".join(texts), min(w.x for w in run), max(w.x + w.w for w in run),
                min(w.y for w in run), max(w.y + w.h for w in run), tuple(spans))


def span_of(line: Line, start: int, end: int) -> Match:
    """The page extent of the words holding text[start:end]."""
    xs = [(a, b) for s, e, a, b in line.spans if s < end and start < e]
    return Match(min(a for a, _ in xs), max(b for _, b in xs), line.cy,
                 (line.x0 + line.x1) / 2)


def find(lines: Sequence[Line], pattern: re.Pattern[str]) -> list[Match]:
    """Every match of ``pattern`` on the page."""
    return [span_of(line, m.start(), m.end()) for line in lines
            for m in pattern.finditer(line.text) if m.end() > m.start()]


def page_slope(words: Sequence[Word], px_per_mm: float) -> float:
    """The page's skew as the text lines show it (dy/dx): the median slope of the word
    centres along each OCR line of at least four words over 60 mm; 0 with none."""
    by_line: dict[int, list[Word]] = defaultdict(list)
    for w in words:
        by_line[w.line].append(w)
    slopes = []
    for line in by_line.values():
        if len(line) < 4:
            continue
        xs = np.array([w.x + w.w / 2 for w in line])
        ys = np.array([w.y + w.h / 2 for w in line])
        if xs.max() - xs.min() < 60 * px_per_mm:
            continue
        slopes.append(float(np.polyfit(xs, ys, 1)[0]))
    return float(np.median(slopes)) if slopes else 0.0
