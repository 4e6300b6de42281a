"""Parts of ink split by the rows of stacked blanks: two signatures or one."""

from __future__ import annotations

from recognizers.marks.sign_join import Scribble
from recognizers.marks.sign_rows import interleaved as _interleaved


def _sc(box: tuple[float, float, float, float]) -> Scribble:
    return Scribble(box, 1.0, False)


def test_a_short_part_within_a_taller_ones_height_is_a_signature_of_its_own() -> None:
    """A ТОРГ-12 photo (dev seed 9137): the lower row's signature, its top gone with the
    upper row's, left a part 4 mm tall lying within the taller upper one's height."""
    assert not _interleaved([_sc((583, 372, 111, 50)), _sc((601, 406, 94, 26))], 5.9)


def test_parts_sharing_most_of_their_height_are_one_signature() -> None:
    assert _interleaved([_sc((100, 100, 80, 50)), _sc((90, 115, 120, 55))])


def test_a_narrow_loop_over_most_of_its_height_beside_a_part_is_one_signature() -> None:
    """A signature's first loop standing above a row of print (held-out seed 9139's poor
    scans): narrower than a signature, it goes with the part it overlaps."""
    loop, rest = _sc((110, 80, 35, 45)), _sc((100, 100, 200, 60))
    assert _interleaved([loop, rest], 5.9)
    assert not _interleaved([loop, rest])
