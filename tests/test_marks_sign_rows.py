"""Rows of print OCR could not read are taken away before the signature search even on a
skewed page, where a long row rises by more than its letters' height across its length."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.sign_rows import erase_text_rows as _erase_text_rows

BODY = 10.0  # letter height, working pixels


def _letters(slope: float, count: int = 40) -> np.ndarray:
    """A row of letter-sized blobs (8 x 10 px, 4 px apart), rising ``slope`` (dy/dx)."""
    mask = np.zeros((120, 600), np.uint8)
    for i in range(count):
        x = 10 + 12 * i
        y = int(80 - slope * x)
        mask[y:y + 10, x:x + 8] = 255
    return mask


def test_unread_row_of_print_on_a_skewed_page_is_erased() -> None:
    # Turned 2 degrees: across its 480 px the row rises 17 px, past the 18 px (1.8 letter
    # heights) a level row may be tall.
    mask = _letters(0.035)
    ys = np.nonzero(mask)[0]
    assert np.ptp(ys) + 1 > 1.8 * BODY
    _erase_text_rows(mask, mask.copy(), BODY)
    assert not mask.any()


def test_letters_stacked_in_a_column_are_not_a_row() -> None:
    mask = np.zeros((200, 60), np.uint8)
    for i in range(12):
        mask[5 + 15 * i:15 + 15 * i, 20:28] = 255
    _erase_text_rows(mask, mask.copy(), BODY)
    assert mask.any()


def _labelled(mask: np.ndarray) -> np.ndarray:
    return cv2.connectedComponents(mask, connectivity=8)[1]


def test_a_signature_broken_into_a_few_letter_sized_scraps_is_not_a_row() -> None:
    """A signature on a poor scan left as four thin scraps, each the size of a letter,
    along its blank: too few pieces and too little ink for a row of print."""
    mask = np.zeros((40, 120), np.uint8)
    for i in range(4):
        x = 10 + 16 * i
        cv2.polylines(mask, [np.array([[x, 12], [x + 4, 22], [x + 8, 12]], np.int32)], False,
                      255, 1)
    kept = mask.copy()
    _erase_text_rows(kept, mask.copy(), BODY, _labelled(mask))
    assert np.array_equal(kept, mask)


def test_words_run_together_into_a_few_pieces_are_a_row() -> None:
    """Three printed words blurred into one piece each: few pieces, but dense."""
    mask = np.zeros((40, 140), np.uint8)
    for i in range(3):
        x = 10 + 36 * i
        mask[12:22, x:x + 30:2] = 255
        mask[12:22:3, x:x + 30] = 255
    _erase_text_rows(mask, mask.copy(), BODY, _labelled(mask))
    assert not mask.any()
