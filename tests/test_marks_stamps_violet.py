"""Violet seals on colour pages: their red is as strong as their blue, so the blue ink map
(blue over both red and green) barely shows them; the seal search also reads violet ink."""

from __future__ import annotations

import numpy as np

from ecm.corpus import marks as corpus_marks
from recognizers.marks import find_page_marks
from recognizers.page import Page
from tests.test_marks_stamps import H, W, _company, _iou, _page, _paste


def test_violet_seal_redder_than_blue_is_found() -> None:
    """A magenta-violet seal whose red beats its blue: missed while the seal search used the
    blue map only (payment invoice photo of dev seed 9301)."""
    import random

    seal = np.asarray(corpus_marks.seal(_company(11), random.Random(5), "LibSans")).copy()
    seal[..., :3] = (190, 60, 170)  # RGB: red over blue, both well over green
    seal[..., 3] = (seal[..., 3].astype(np.float32) * 0.6).astype(np.uint8)
    img = _page()
    box = _paste(img, seal, 1500, 2500)
    marks = find_page_marks(Page(1, W, H, image=img))
    assert [s.kind for s in marks.stamps] == ["round"]
    assert _iou(marks.stamps[0].bbox, box) >= 0.5
