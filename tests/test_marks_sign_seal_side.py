"""Ring text down a seal's side kept as a pen's is no signature: a group taller than wide
lying within a seal goes; a wide one there (a signature under the seal) stays."""

from recognizers.marks.sign_join import Scribble
from recognizers.marks.signatures import _seal_text
from recognizers.marks.stamps import Seal

SEAL = Seal(500.0, 500.0, 120.0, 1.0)


def _sc(box: tuple[float, float, float, float]) -> Scribble:
    return Scribble(box, 1.0, True)


def test_tall_group_within_a_seal_is_its_text() -> None:
    # dev seed 9501, torg12_0000 clean scan: ~45 x 82 px along the seal's right side
    assert _seal_text(_sc((550, 440, 45, 82)), [SEAL])


def test_wide_group_within_a_seal_is_kept() -> None:
    assert not _seal_text(_sc((440, 480, 110, 40)), [SEAL])


def test_tall_group_away_from_seals_is_kept() -> None:
    assert not _seal_text(_sc((900, 430, 45, 82)), [SEAL])
    assert not _seal_text(_sc((560, 430, 45, 82)), [])
