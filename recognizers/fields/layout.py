"""Text lines from word boxes, the same for a PDF text layer and for OCR words.

Lines are rebuilt from geometry rather than taken from tesseract's line ids: tesseract puts a
form's label and its value into different blocks, while the reading that matters here is the
visual row ("Продавец:" … "ООО «Ромашка»" … "(2)").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from recognizers.page import Page, Word

# A gap wider than this many word heights splits a line into separate cells.
CELL_GAP = 1.1
# pdfplumber splits condensed text into letters; gaps under this share of the height rejoin.
GLUE_GAP = 0.08


@dataclass
class Line:
    page: int
    words: list[Word] = field(default_factory=list)
    ocr: bool = False  # read by OCR (not a text layer): values may carry OCR damage
    reread: bool = False  # a second reading of the line before it (fields/reread.py)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.y for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.y + w.h for w in self.words)

    @property
    def height(self) -> float:
        return median([w.h for w in self.words])

    @property
    def conf(self) -> float:
        return min((w.conf for w in self.words), default=0.0)

    def cells(self, gap: float = CELL_GAP) -> list[list[Word]]:
        """Runs of words separated by less than ``gap`` word heights."""
        out: list[list[Word]] = []
        for word in self.words:
            if out and word.x - (out[-1][-1].x + out[-1][-1].w) < gap * self.height:
                out[-1].append(word)
            else:
                out.append([word])
        return out


def _glue(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    for word in words:
        prev = out[-1] if out else None
        if prev is not None and word.x - (prev.x + prev.w) < GLUE_GAP * max(prev.h, word.h):
            x1 = max(prev.x + prev.w, word.x + word.w)
            y0, y1 = min(prev.y, word.y), max(prev.y + prev.h, word.y + word.h)
            out[-1] = Word(prev.text + word.text, prev.x, y0, x1 - prev.x, y1 - y0,
                           min(prev.conf, word.conf), prev.line)
        else:
            out.append(word)
    return out


def page_lines(page: Page) -> list[Line]:
    """Words grouped into visual lines (top to bottom), each sorted left to right."""
    words = [w for w in page.words if w.text.strip() and w.h > 0]
    if not words:
        return []
    typical = median([w.h for w in words])
    rows: list[tuple[float, list[Word]]] = []
    for word in sorted(words, key=lambda w: w.y + w.h / 2):
        centre = word.y + word.h / 2
        # Tall words (a big title) still belong to one row: compare centres with the usual height.
        if rows and abs(centre - rows[-1][0]) < 0.45 * min(max(word.h, typical), 2 * typical):
            anchor, members = rows[-1]
            members.append(word)
            rows[-1] = ((anchor * (len(members) - 1) + centre) / len(members), members)
        else:
            rows.append((centre, [word]))
    lines = []
    for _centre, members in rows:
        ordered = sorted(members, key=lambda w: w.x)
        text_layer = page.text_source == "text_layer"
        lines.append(Line(page.number, _glue(ordered) if text_layer else ordered,
                          ocr=not text_layer))
    return lines


def document_lines(pages: Sequence[Page]) -> list[Line]:
    out: list[Line] = []
    for page in pages:
        out.extend(_with_rereads(page_lines(page), page))
    return out


def _with_rereads(lines: list[Line], page: Page) -> list[Line]:
    """Each second reading right after the line it reads again: readers that look at a line's
    neighbours (the ТОРГ-12 boxes under the title) see it in its place."""
    # Pages pickled before rereads existed (dev caches) have no such attribute.
    rereads: list[list[Word]] = getattr(page, "rereads", None) or []
    if not rereads:
        return lines
    after: dict[int, list[Line]] = {}
    for words in rereads:
        rows: dict[int, list[Word]] = {}
        for word in words:  # a region read again holds several text lines
            rows.setdefault(word.line, []).append(word)
        for row in sorted(rows.values(), key=lambda ws: min(w.y for w in ws)):
            extra = Line(page.number, sorted(row, key=lambda w: w.x), ocr=True, reread=True)
            centre = (extra.top + extra.bottom) / 2
            index = min(range(len(lines)), key=lambda i: abs(
                (lines[i].top + lines[i].bottom) / 2 - centre), default=-1)
            after.setdefault(index, []).append(extra)
    out = after.get(-1, [])
    for index, line in enumerate(lines):
        out.append(line)
        out.extend(after.get(index, []))
    return out
