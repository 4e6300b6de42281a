"""Figures wrapped inside their cells: a sum too wide for its column ("4 106 254,44" in the
VAT cell of a счёт-фактура) is printed as "4 106" with "254,44" on the line below. The row's
label line then holds bare thousands groups and the next line only the tails; each tail is
put back after the groups standing over it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from recognizers.page import Word

_TAIL = re.compile(r"^\d{3}[,.]\d{2}$")
_GROUP = re.compile(r"^\d{1,3}$")
# A space inside a figure is about a third of the digits' height; cells are further apart.
MAX_INNER_GAP = 0.8


def _runs(words: Sequence[Word]) -> list[list[Word]]:
    """Words split where the gap between them is wider than a space inside a figure."""
    runs: list[list[Word]] = []
    for word in words:
        if runs:
            last = runs[-1][-1]
            if word.x - (last.x + last.w) <= MAX_INNER_GAP * max(last.h, word.h):
                runs[-1].append(word)
                continue
        runs.append([word])
    return runs


def _overlaps(run: Sequence[Word], tail: Word) -> bool:
    left, right = run[0].x, run[-1].x + run[-1].w
    return min(right, tail.x + tail.w) - max(left, tail.x) > 0


def join_wrapped(words: Sequence[Word], below: Sequence[Word]) -> list[Word]:
    """``words`` (a totals row after its label) with the tails on the line ``below`` joined to
    the bare groups over them; unchanged unless every word below is such a tail and each one
    stands under exactly one run of bare groups."""
    if not below or not all(_TAIL.match(w.text) for w in below):
        return list(words)
    runs = _runs(words)
    bare = [i for i, run in enumerate(runs) if all(_GROUP.match(w.text) for w in run)]
    placed: dict[int, Word] = {}
    for tail in below:
        over = [i for i in bare if _overlaps(runs[i], tail)]
        if len(over) != 1 or over[0] in placed:
            return list(words)
        placed[over[0]] = tail
    out: list[Word] = []
    for i, run in enumerate(runs):
        out.extend(run)
        if i in placed:
            out.append(placed[i])
    return out
