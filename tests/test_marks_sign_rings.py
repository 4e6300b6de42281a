"""A faint seal the seal search missed: its ring's arcs are found among the signature
candidates and cut out, so they neither stand as false signatures nor swallow the pen
signed under it; a signature parted by rows into overlapping halves, or by a gap after a
narrow first part, stays one."""

from __future__ import annotations

import cv2
import numpy as np

from ecm.evaluation.marks import iou
from recognizers.marks.colors import ink_maps
from recognizers.marks.sign_ink import components
from recognizers.marks.sign_rings import ring_pieces, unfound_seals
from recognizers.marks.sign_rows import interleaved as _interleaved
from recognizers.marks.signatures import Scribble, find_scribbles
from recognizers.marks.stamps import Seal
from tests.test_marks_signatures import Sheet, _body, scribble_boxes

MM = 300 / 25.4  # page pixels per mm


def _faint_ring(img: np.ndarray, cx: int, cy: int, r: int) -> None:
    """A seal's outer ring in pale grey ink, broken where a poor scan lost it, with a few
    print-like blots touching it (its ring text, mostly lost)."""
    ring = np.full(img.shape[:2], 255, np.uint8)
    for a0 in range(0, 360, 60):  # arcs of 45 degrees, gaps of 15
        cv2.ellipse(ring, (cx, cy), (r, r), 0, a0, a0 + 45, 150, 6)
    for a in range(5, 360, 60):
        t = np.radians(a)
        x, y = int(cx + (r - 30) * np.cos(t)), int(cy + (r - 30) * np.sin(t))
        cv2.putText(ring, "O", (x - 10, y + 10), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 150, 2)
    img[:] = np.minimum(img, ring[..., None])


def _unfound(mask: np.ndarray, px_per_mm: float) -> list[Seal]:
    n, labels, stats = components(mask)
    kept = np.arange(n) > 0
    return unfound_seals(labels, stats, kept, [], px_per_mm)


def _page_with_missed_seal() -> tuple[np.ndarray, list[tuple[float, float, float, float]],
                                      tuple[float, float, float, float]]:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1300, 1600)
    ink = sheet.pen(700, 1600, 330, 120, seed=8)
    page = sheet.page()
    assert page.image is not None
    img: np.ndarray = cv2.cvtColor(cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    _faint_ring(img, 900, 1560, int(20 * MM))
    words = [(w.x, w.y, w.w, w.h) for w in sheet.words]
    return img, words, ink


def test_ring_of_a_missed_faint_seal_is_found_among_the_candidates() -> None:
    img, _words, _ink = _page_with_missed_seal()
    maps = ink_maps(img)
    mask = (maps.dark > 0.2).astype(np.uint8) * 255
    found = _unfound(mask, maps.px_per_mm)
    assert len(found) == 1
    k = maps.scale
    assert abs(found[0].cx / k - 900) < 2 * MM and abs(found[0].cy / k - 1560) < 2 * MM
    assert abs(found[0].r / k - 20 * MM) < 1.5 * MM


def test_pen_signature_alone_seeds_no_ring() -> None:
    sheet = Sheet()
    for i, x in enumerate((300, 900, 1500)):
        sheet.pen(x, 1600, 420, 160, seed=20 + i)
    page = sheet.page()
    assert page.image is not None
    maps = ink_maps(page.image)
    mask = (maps.dark > 0.2).astype(np.uint8) * 255
    assert _unfound(mask, maps.px_per_mm) == []


def test_missed_faint_seal_leaves_the_pen_under_it_and_no_ring_pieces() -> None:
    img, words, ink = _page_with_missed_seal()
    maps = ink_maps(img)
    k = maps.scale
    scribbles = find_scribbles(maps, [(x * k, y * k, w * k, h * k) for x, y, w, h in words], [], [])
    boxes = [tuple(v / k for v in s.box) for s in scribbles]
    assert any(iou(b, ink) >= 0.5 for b in boxes)
    assert len(boxes) == 1


def test_overlapping_parts_split_by_rows_are_one_signature() -> None:
    def sc(box: tuple[float, float, float, float]) -> Scribble:
        return Scribble(box, 1.0, False)

    # One signature's strokes either side of a second line: the parts share most height.
    assert _interleaved([sc((100, 100, 80, 50)), sc((90, 115, 120, 55))])
    # Signatures of stacked rows 8 mm apart: one above the other, their boxes barely meet.
    assert not _interleaved([sc((100, 100, 120, 50)), sc((105, 140, 110, 50))])


def test_narrow_first_part_of_a_signature_parted_by_a_gap_joins_it() -> None:
    """A short first stroke group 5 mm before the rest of the signature is too narrow to be
    a signature alone, but is half of this one: the box covers both."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1300, 1600)
    a = sheet.pen(700, 1600, 25, 110, seed=3)
    b = sheet.pen(a[0] + a[2] + 5 * MM, 1600, 200, 110, seed=4)
    found = scribble_boxes(sheet)
    whole = (a[0], a[1], b[0] + b[2] - a[0], max(a[3], b[3]))
    assert len(found) == 1
    assert iou(found[0], whole) >= 0.85


def test_double_outer_ring_of_a_missed_seal_is_found() -> None:
    """A seal's double outer ring whose two lines blur into one band 0.6 mm apart (a faint
    seal on a poor scan) still seeds its circle."""
    img = np.full((3508, 2480, 3), 250, np.uint8)
    r = int(20 * MM)
    for a0 in range(0, 360, 72):
        for radius in (r, r - int(0.6 * MM)):
            cv2.ellipse(img, (1200, 1700), (radius, radius), 0, a0, a0 + 50, (150, 150, 150), 4)
    maps = ink_maps(img)
    found = _unfound((maps.dark > 0.2).astype(np.uint8) * 255, maps.px_per_mm)
    assert len(found) == 1


def test_arcs_an_oval_seals_ring_left_beyond_its_circle_are_told() -> None:
    """A seal photographed at an angle is an oval: the arcs of its ring the circle cut left
    are told as the seal's, a pen stroke beside it is not."""
    ppm = 5.9
    mask = np.zeros((800, 800), np.uint8)
    for a0 in (60, 240):
        cv2.ellipse(mask, (400, 400), (int(20 * ppm), int(16 * ppm)), 0, a0, a0 + 60, 255, 2)
    cv2.polylines(mask, [np.array([[100, 700], [160, 650], [220, 700], [280, 650]], np.int32)],
                  False, 255, 2)
    n, labels, stats = components(mask)
    missed, left = ring_pieces(labels, stats, np.arange(n) > 0, [Seal(400, 400, 18 * ppm, 1.0)],
                               ppm)
    assert missed == []
    assert sorted(int(stats[i, cv2.CC_STAT_TOP]) for i in left) == [305, 480]


def test_ring_broken_into_short_arcs_is_found_by_the_votes_of_its_ink() -> None:
    """A missed seal's ring a poor scan broke into arcs too short to seed a circle each
    (20 degrees, under ARC_DEG) is found by the circle all its arcs vote for."""
    img = np.full((3508, 2480, 3), 250, np.uint8)
    r = int(20 * MM)
    for a0 in range(0, 360, 30):
        cv2.ellipse(img, (1200, 1700), (r, r), 0, a0, a0 + 20, (150, 150, 150), 5)
    maps = ink_maps(img)
    found = _unfound((maps.dark > 0.2).astype(np.uint8) * 255, maps.px_per_mm)
    assert len(found) == 1
    k = maps.scale
    assert abs(found[0].cx / k - 1200) < 2 * MM and abs(found[0].r / k - 20 * MM) < 1.5 * MM


def test_missed_tinted_seals_own_ink_is_no_signature() -> None:
    """A violet seal the seal search missed, on a colour page: once its ring is found among
    the candidates, the seal's own tinted ink inside (its ring text run into an arc over a
    blank's line) goes with it, as for any seal; a black pen beside it stays."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1960, "Руководитель")
    sheet.blank(200, 2300, 2000)
    pen = sheet.pen(1500, 2000, 330, 120, seed=8)
    page = sheet.page()
    assert page.image is not None
    img = page.image
    violet = (170, 60, 120)
    cx, cy, r = 900, 1680, int(20 * MM)
    seal = np.full_like(img, 255)
    cv2.circle(seal, (cx, cy), r, violet, 7)
    cv2.ellipse(seal, (cx, cy), (int(0.8 * r), int(0.8 * r)), 0, 40, 140, violet, 12)
    img[:] = (img.astype(np.uint16) * seal // 255).astype(np.uint8)
    maps = ink_maps(img)
    k = maps.scale
    words = [(w.x * k, w.y * k, w.w * k, w.h * k) for w in sheet.words]
    boxes = [tuple(v / k for v in s.box) for s in find_scribbles(maps, words, [], [])]
    assert len(boxes) == 1 and iou(boxes[0], pen) >= 0.5


def test_missed_seal_found_by_its_inner_ring_is_the_outer_ring_round_it() -> None:
    """The clearest ring of a missed seal can be its inner one (0.6 of the seal's radius):
    the seal found is the outer ring round it, whose arcs would stand as false signatures."""
    img = np.full((3508, 2480, 3), 250, np.uint8)
    r = int(21 * MM)
    cv2.circle(img, (1200, 1700), int(0.6 * r), (150, 150, 150), 5)
    for a0 in range(0, 360, 30):  # arcs too short to seed a circle alone
        cv2.ellipse(img, (1200, 1700), (r, r), 0, a0, a0 + 20, (150, 150, 150), 5)
    maps = ink_maps(img)
    found = _unfound((maps.dark > 0.2).astype(np.uint8) * 255, maps.px_per_mm)
    assert len(found) == 1
    assert abs(found[0].r / maps.scale - r) < 1.5 * MM
