"""Whose line a signature stands on, from the printed caption nearest to it: the label to
the left of the blank or the block heading above it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from recognizers.page import Word

# (pattern over a caption line, role, distance weight): party headings lose to the label right
# next to the blank, "ИП" titles lose to act headings written above them.
CAPTIONS: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(p), role, weight) for p, role, weight in (
        (r"главн\w*\s*(\(старш\w*\)\s*)?бухгалт", "главный бухгалтер", 1.0),
        (r"(?<!главный )(?<!\) )\bбухгалтер\b", "бухгалтер", 1.2),
        (r"руководител", "руководитель", 1.0),
        (r"индивидуальн\w*\s+предпринимат|^предприниматель", "индивидуальный предприниматель",
         1.6),
        (r"отпуск\s+груза\s+разреш", "отпуск разрешил", 1.0),
        (r"отпуск\s+груза\s+произв", "отпуск произвел", 1.0),
        (r"груз\s+принял", "груз принял", 1.0),
        (r"груз\s+получил\s+грузополуч", "груз получил", 1.0),
        (r"товар\s*\(груз\)\s*передал|груз\)\s*передал", "товар передал", 1.0),
        (r"товар\s*\(груз\)\s*получил|груз\)\s*получил", "товар получил", 1.0),
        (r"ответственн\w*\s+за\s+правильн", "ответственный", 1.0),
        (r"\bисполнитель\b", "исполнитель", 0.8),
        (r"\bзаказчик\b", "заказчик", 0.8),
        (r"получившего\s+доверенность", "доверенное лицо", 1.0),
        (r"\bпоставщик\b", "поставщик", 1.0),
        (r"\bпокупатель\b", "покупатель", 1.0),
    )
)


# Party names caption signature blocks only as bare headings ("ПОСТАВЩИК", "Заказчик ____");
# a longer line with the name is the form's header, and ink near it is print, not a signature.
PARTY_ROLES = frozenset({"поставщик", "покупатель", "исполнитель", "заказчик"})
PARTY_CAPTION_WORDS = 3


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float


def _lines(words: Sequence[Word]) -> list[_Line]:
    """Runs of words on one text line, split where a wide gap separates two columns."""
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    out: list[_Line] = []
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


def _make(run: list[Word]) -> _Line:
    text = " ".join(w.text for w in run).lower().replace("ё", "е")
    return _Line(text, min(w.x for w in run), max(w.x + w.w for w in run),
                 min(w.y for w in run), max(w.y + w.h for w in run))


def signature_role(box: Sequence[float], words: Sequence[Word], px_per_mm: float) -> str | None:
    """The role whose caption is nearest above or left of the signature's line."""
    x, y, w, h = box
    anchor = y + h * 0.8  # the blank's line crosses the lower part of the ink
    best: tuple[float, str] | None = None
    for line in _lines(words):
        cy = (line.y0 + line.y1) / 2
        if cy > anchor + 4 * px_per_mm or cy < anchor - 40 * px_per_mm:
            continue
        if line.x0 > x + w * 0.6 or line.x1 < x - 110 * px_per_mm:
            continue
        dx = max(0.0, x - line.x1, line.x0 - x)
        dy = abs(anchor - cy)
        for pattern, role, weight in CAPTIONS:
            if pattern.search(line.text):
                if role in PARTY_ROLES and len(line.text.split()) > PARTY_CAPTION_WORDS:
                    break  # "Покупатель: ООО …, ИНН …" heads the form, no blank there
                d = (dy * 2.0 + dx) * weight
                if best is None or d < best[0]:
                    best = (d, role)
                break
    return best[1] if best else None
