"""Ruled tables: merged multi-row headers, wrapped body rows, page-spanning flow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ecm.corpus.layouts.sheet import Sheet

HeaderCell = tuple[int, int, int, int, str]  # first col, last col, first row, last row, text
PAD = 1.6


def cumulative(x0: float, widths: Sequence[float]) -> list[float]:
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def grid_header(sheet: Sheet, xs: list[float], top: float, heights: Sequence[float],
                cells: Sequence[HeaderCell], size: float, bold: bool = False) -> float:
    """Draw header cells spanning grid rows/columns with centred wrapped text."""
    tops = cumulative(top, heights)
    for c0, c1, r0, r1, text in cells:
        x, w = xs[c0], xs[c1 + 1] - xs[c0]
        t, h = tops[r0], tops[r1 + 1] - tops[r0]
        sheet.rect(x, t, w, h)
        lines = sheet.wrap(text, w - 2 * PAD, size, bold)
        lead = size * 1.12
        while len(lines) * lead > h - 1 and size > 4.5:
            size -= 0.5
            lead = size * 1.12
            lines = sheet.wrap(text, w - 2 * PAD, size, bold)
        first = t + (h - len(lines) * lead) / 2 + size * 0.85
        for i, line in enumerate(lines):
            sheet.text(x + w / 2, first + i * lead, line, size, bold, "c")
    return tops[-1] - top


def row_height(sheet: Sheet, xs: list[float], values: Sequence[str], size: float,
               bold: bool = False) -> float:
    n = 1
    for i, value in enumerate(values):
        n = max(n, len(sheet.wrap(value, xs[i + 1] - xs[i] - 2 * PAD, size, bold)))
    return n * size * 1.15 + 2 * PAD


def draw_row(sheet: Sheet, xs: list[float], top: float, values: Sequence[str],
             aligns: Sequence[str], size: float, bold: bool = False,
             ruled: Sequence[bool] | None = None) -> float:
    """Draw one ruled row; ``ruled`` False leaves a cell without a frame (totals rows)."""
    h = row_height(sheet, xs, values, size, bold)
    for i, value in enumerate(values):
        x0, x1 = xs[i], xs[i + 1]
        if ruled is None or ruled[i]:
            sheet.rect(x0, top, x1 - x0, h)
        lines = sheet.wrap(value, x1 - x0 - 2 * PAD, size, bold)
        for j, line in enumerate(lines):
            base = top + PAD + size * 0.9 + j * size * 1.15
            align = aligns[i]
            x = x1 - PAD if align == "r" else (x0 + x1) / 2 if align == "c" else x0 + PAD
            sheet.text(x, base, line, size, bold, align)
    return h


@dataclass
class Flow:
    """How a long table continues: ``header`` draws the column heads at a top and returns
    their height; ``page_break`` closes a page (subtotals) and returns the height it used;
    ``continuation`` starts a new page and returns where the table resumes."""

    xs: list[float]
    aligns: Sequence[str]
    size: float
    header: Callable[[Sheet, float], float]
    bottom: float
    page_break: Callable[[Sheet, float, list[int]], float] | None = None
    continuation: Callable[[Sheet], float] | None = None


def flow_rows(sheet: Sheet, flow: Flow, rows: Sequence[Sequence[str]], top: float,
              footer: float) -> tuple[float, list[list[int]]]:
    """Lay rows out over as many pages as needed, keeping ``footer`` points free after the
    last row. Returns the top after the last row and the row indexes of every page."""
    y = top + flow.header(sheet, top)
    pages: list[list[int]] = [[]]
    for i, values in enumerate(rows):
        h = row_height(sheet, flow.xs, values, flow.size)
        need = h + (footer if i == len(rows) - 1 else 0)
        if y + need > flow.bottom and pages[-1]:
            if flow.page_break is not None:
                flow.page_break(sheet, y, pages[-1])
            sheet.new_page()
            y = flow.continuation(sheet) if flow.continuation else 40.0
            y += flow.header(sheet, y)
            pages.append([])
        y += draw_row(sheet, flow.xs, y, values, flow.aligns, flow.size)
        pages[-1].append(i)
    return y, pages
