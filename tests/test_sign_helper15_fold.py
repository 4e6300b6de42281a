"""Parts of stacked signatures split by their lines: a part that is no signature alone (the
loops of an upper signature left over a line crossing them, dev seed 9602's ТОРГ-12 photo)
joins the part below it instead of making the split fall back to one box for both."""

from __future__ import annotations

import numpy as np

from recognizers.marks.sign_rows import fold_failed


def test_a_failed_part_joins_the_part_below() -> None:
    a, b, c = (np.zeros((9, 9), np.uint8) for _ in range(3))
    a[0, 0], b[4, 4], c[8, 8] = 1, 1, 1
    folded = fold_failed([a, b, c], [None, object(), object()])  # type: ignore[list-item]
    assert len(folded) == 2
    assert folded[0][0, 0] and folded[0][4, 4] and folded[1][8, 8]


def test_a_failed_last_part_joins_the_part_above() -> None:
    a, b, c = (np.zeros((9, 9), np.uint8) for _ in range(3))
    a[0, 0], b[4, 4], c[8, 8] = 1, 1, 1
    folded = fold_failed([a, b, c], [object(), object(), None])  # type: ignore[list-item]
    assert len(folded) == 2
    assert folded[1][4, 4] and folded[1][8, 8]
