"""Blocks where codes may be: halves of a code split by the closing are joined, fast."""

from __future__ import annotations

import time

from recognizers.marks.codes import _merge_halves


def test_halves_join_and_unlike_blocks_stay_apart() -> None:
    # Two halves of a linear code 2 px apart; a taller block and a far one stay apart.
    blocks = [(100, 50, 40, 30), (142, 50, 38, 30), (182, 40, 30, 80), (400, 50, 40, 30)]
    assert _merge_halves(blocks, 3.0) == [(100, 50, 80, 30), (182, 40, 30, 80),
                                          (400, 50, 40, 30)]
    # Stacked halves (bars lying across) join the same way.
    assert _merge_halves([(10, 10, 30, 40), (10, 52, 30, 40)], 3.0) == [(10, 10, 30, 82)]


def test_many_blocks_of_a_photo_background_are_merged_quickly() -> None:
    # A photo's textured table leaves 100-160 blocks; joined pair by pair in Python with a
    # restart after each join that took 0.6 s a page. Here: 400 blocks, 200 pairs to join.
    blocks = []
    for i in range(20):
        for j in range(10):
            x, y = 60 * j, 40 * i
            blocks += [(x, y, 20, 20), (x + 22, y, 20, 20)]
    t0 = time.process_time()
    merged = _merge_halves(blocks, 3.0)
    assert time.process_time() - t0 < 0.5  # was 7 s
    assert len(merged) == 200 and all(w == 42 and h == 20 for _, _, w, h in merged)
