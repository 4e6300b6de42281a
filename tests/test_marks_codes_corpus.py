"""Codes on generated dev documents that once went wrong (dev seeds only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recognizers.marks.codes import find_codes
from recognizers.marks.colors import ink_maps
from recognizers.rasterize import iter_pages


def _read(tmp_path: Path, doc_type: str, index: int, profile: str,
          seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(truth codes, codes read) of one generated document."""
    generate = pytest.importorskip("ecm.corpus.generate")
    rec = generate.build_one(generate.Job(index, doc_type, profile, seed, str(tmp_path)))
    truth = [(c["type"], c["data"]) for c in rec["marks"]["codes"]]
    read = []
    for page in iter_pages((tmp_path / rec["file"]).read_bytes(), dpi=300, render_all=True):
        if page.image is not None:
            maps = ink_maps(page.image)
            read += [(c.type, c.data) for c in find_codes(
                page.image, maps.dark, maps.scale, maps.px_per_mm / maps.scale)]
    return truth, read


def test_photographed_sticker_read_backwards_is_not_a_false_code(tmp_path: Path) -> None:
    # Seed 6464 upd 14 (photo): the fitted reader took the EAN-13 read backwards for
    # '8174169895943' (check digit passed, average fit 0.907, one digit at 0.76).
    truth, read = _read(tmp_path, "upd", 14, "photo", 6464)
    assert truth == [("EAN13", "2419598961071")]
    assert all(code in truth for code in read)


def test_empty_code_read_off_a_photo_is_not_reported(tmp_path: Path) -> None:
    # Seed 6464 other 3 (photo, no code): zbar read an empty Code 128 off its print.
    truth, read = _read(tmp_path, "other", 3, "photo", 6464)
    assert truth == [] and read == []


def test_blurred_photographed_code128_is_read_on_its_fitted_grid(tmp_path: Path) -> None:
    # Seed 6464 vat_invoice 6 (photo): a Code 128 sticker at 1.8 px a module whose bars'
    # extent was a module off; read once its grid is fitted to the start and stop.
    truth, read = _read(tmp_path, "vat_invoice", 6, "photo", 6464)
    assert truth == [("CODE128", "ARC397549164")]
    assert read == truth
