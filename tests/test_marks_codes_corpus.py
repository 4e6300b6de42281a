"""Codes on generated dev documents that once went wrong (dev seeds only)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from recognizers.marks.codes import find_codes
from recognizers.marks.colors import ink_maps
from recognizers.orientation import turn_order
from recognizers.rasterize import iter_pages


def _read(tmp_path: Path, doc_type: str, index: int, profile: str,
          seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(truth codes, codes read) of one generated document."""
    generate = pytest.importorskip("ecm.corpus.generate")
    rec = generate.build_one(generate.Job(index, doc_type, profile, seed, str(tmp_path)))
    truth = [(c["type"], c["data"]) for c in rec["marks"]["codes"]]
    read = []
    turns = 0
    for page in iter_pages((tmp_path / rec["file"]).read_bytes(), dpi=300, render_all=True):
        if page.image is None:
            continue
        image = page.image
        if page.text_source is None:  # turned upright as the pipeline does before the marks
            turns = turn_order(image, turns)[0]
            image = np.ascontiguousarray(np.rot90(image, turns))
        maps = ink_maps(image)
        read += [(c.type, c.data) for c in find_codes(
            image, maps.dark, maps.scale, maps.px_per_mm / maps.scale)]
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


@pytest.mark.parametrize("doc_type,index,code", [
    ("vat_invoice", 3, ("EAN13", "2398244349732")),
    ("other", 6, ("CODE128", "ARC545570550"))])
def test_photographed_sticker_read_on_half_its_bars(tmp_path: Path, doc_type: str, index: int,
                                                     code: tuple[str, str]) -> None:
    # Seed 7495 (photo): stickers at ~1.8 px a module whose bars lean a little more at one
    # end than the other; averaged down their whole height they smear, and neither the
    # edge reader nor the fitting reader read them; one half of the bars alone fits.
    truth, read = _read(tmp_path, doc_type, index, "photo", 7495)
    assert truth == [code]
    assert read == truth


def test_sticker_at_a_photographed_sheets_edge_is_read_along_its_own_bars(
        tmp_path: Path) -> None:
    # Seed 7494 act 6 (photo): a sticker at the sheet's top edge, the dark table above it and
    # a ruling below it in the crop's margin, whose edges turned the crop's direction to -31
    # degrees (coherence 0.07); the block's own bars lie at -4 (coherence 0.67).
    truth, read = _read(tmp_path, "act", 6, "photo", 7494)
    assert truth == [("EAN13", "2834727614992")]
    assert read == truth


@pytest.mark.parametrize("doc_type,index,code", [
    ("upd", 7, ("CODE128", "ARC946798890")),
    ("other", 0, ("CODE128", "ARC100715618"))])
def test_code128_whose_even_grid_fits_but_reads_no_code_is_read_on_its_fitted_grid(
        tmp_path: Path, doc_type: str, index: int, code: tuple[str, str]) -> None:
    # Seed 7494 (photo): stickers at 1.8 px a module whose even grid fitted 0.96 on average
    # (over the 0.88 that skipped the grid fitted to the start and stop) with its checksum
    # failing; on the fitted grid they read right at 0.98.
    truth, read = _read(tmp_path, doc_type, index, "photo", 7494)
    assert truth == [code]
    assert read == truth


def test_an_ean_over_a_title_on_a_landscape_photo_is_read(tmp_path: Path) -> None:
    # Seed 11111 (spent) vat_invoice 41 (photo): the sticker's block merged with the title
    # "СЧЕТ-ФАКТУРА № 2358" under it, whose letters left the block's bars incoherent as a whole.
    truth, read = _read(tmp_path, "vat_invoice", 41, "photo", 11111)
    assert read == truth == [("EAN13", "2780901789317")]
