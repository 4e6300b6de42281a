"""A page's seals and office stamps are read in one tesseract run, each as it reads alone."""

from __future__ import annotations

import random
from typing import Any

import cv2
import numpy as np
import pytesseract
import pytest

from ecm.corpus import marks as corpus_marks
from ecm.corpus.requisites import Party
from recognizers.marks import find_page_marks, seal_text
from recognizers.page import Page
from tests.test_marks_stamps import _company

W, H = 2480, 3508  # A4 at 300 dpi


def _paste(img: np.ndarray, mark: np.ndarray, x: int, y: int) -> None:
    h, w = mark.shape[:2]
    alpha = mark[..., 3:4].astype(np.float32) / 255
    region = img[y:y + h, x:x + w].astype(np.float32)
    img[y:y + h, x:x + w] = (region * (1 - alpha) + mark[..., 2::-1] * alpha).astype(np.uint8)


def _two_seals(a: Party, b: Party) -> np.ndarray:
    img = np.full((H, W, 3), 246, np.uint8)
    for i in range(20):
        cv2.putText(img, "Printed line of the document text 12345", (200, 300 + i * 70),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 20), 3)
    _paste(img, np.asarray(corpus_marks.seal(a, random.Random(5), "LibSans")), 300, 2500)
    _paste(img, np.asarray(corpus_marks.seal(b, random.Random(6), "LibSans")), 1500, 2500)
    return img


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts tesseract runs."""
    count: list[int] = []
    real = pytesseract.pytesseract.run_tesseract

    def counted(*args: Any, **kwargs: Any) -> Any:
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pytesseract.pytesseract, "run_tesseract", counted)
    return count


def test_two_seals_are_read_in_one_run(runs: list[int]) -> None:
    a, b = _company(11), _company(12)
    marks = find_page_marks(Page(1, W, H, image=_two_seals(a, b)))
    assert sorted(s.inn or "" for s in marks.stamps) == sorted([a.inn, b.inn])
    assert len(runs) == 1


def test_each_image_reads_as_alone() -> None:
    img = _two_seals(_company(11), _company(12))
    left = seal_text.seal_parts(img, 300 + 250, 2500 + 250, 240)
    right = seal_text.seal_parts(img, 1500 + 250, 2500 + 250, 240)
    both = seal_text.read_texts([left, [], right])
    alone = [seal_text.read_texts([left]), seal_text.read_texts([right])]
    assert both is not None and alone[0] is not None and alone[1] is not None
    assert both == [alone[0][0], [], alone[1][0]]
    assert any(w.text.isdigit() for lines in both for line in lines for w in line)


def test_nothing_to_read_runs_no_tesseract(runs: list[int]) -> None:
    assert seal_text.read_texts([[], []]) == [[], []]
    assert not runs
