"""Seals on rendered pages: the seal's text and requisites, and whose seal it is."""

from __future__ import annotations

import datetime as dt
import random

import cv2
import numpy as np
import pytest

from ecm.corpus import marks as corpus_marks
from ecm.corpus.requisites import Party, make_org
from recognizers.card import Card, Fields, Marks, Stamp
from recognizers.checks.checksums import inn_valid
from recognizers.marks import check_marks, find_page_marks
from recognizers.page import Page

W, H = 2480, 3508  # A4 at 300 dpi


def _page() -> np.ndarray:
    img = np.full((H, W, 3), 246, np.uint8)
    for i in range(30):
        cv2.putText(img, "Printed line of the document text 12345", (200, 300 + i * 70),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 20), 3)
    return img


def _paste(img: np.ndarray, mark: np.ndarray, x: int, y: int) -> tuple[int, int, int, int]:
    """Alpha-composite an RGBA mark (as the corpus draws it) at (x, y); its box."""
    h, w = mark.shape[:2]
    alpha = mark[..., 3:4].astype(np.float32) / 255
    region = img[y:y + h, x:x + w].astype(np.float32)
    ink = mark[..., 2::-1].astype(np.float32)  # RGB -> BGR
    img[y:y + h, x:x + w] = (region * (1 - alpha) + ink * alpha).astype(np.uint8)
    return x, y, w, h


def _company(seed: int) -> Party:
    rng = random.Random(seed)
    while True:
        party = make_org(rng)
        if party.kind == "ul":
            return party


def _sealed_page(party: Party, seed: int, grey: bool = False) -> np.ndarray:
    rng = random.Random(seed)
    seal = np.asarray(corpus_marks.seal(party, rng, "LibSans"))
    img = _page()
    _paste(img, seal, 1500, 2500)
    if grey:
        img = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    return img


def _other_inn(rng: random.Random) -> str:
    while True:
        inn = str(rng.randint(10**9, 10**10 - 1))
        if inn_valid(inn):
            return inn


@pytest.mark.parametrize("grey", [False, True])
def test_seal_text_gives_the_company_inn_and_ogrn(grey: bool) -> None:
    party = _company(11)
    marks = find_page_marks(Page(1, W, H, image=_sealed_page(party, 5, grey)))
    assert len(marks.stamps) == 1
    stamp = marks.stamps[0]
    assert stamp.kind == "round"
    assert stamp.inn == party.inn
    assert stamp.ogrn == party.ogrn
    assert stamp.text and party.bare_name.upper() in stamp.text.upper()


def _card(stamps: list[Stamp], seller: str | None, buyer: str | None) -> Card:
    return Card(file="x.pdf", doc_type="upd", upd_status=1,
                fields=Fields(seller_inn=seller, buyer_inn=buyer),
                marks=Marks(stamps=stamps))


def test_seal_of_another_company_is_an_issue() -> None:
    party = _company(23)
    stamps = find_page_marks(Page(1, W, H, image=_sealed_page(party, 7))).stamps
    assert stamps and stamps[0].inn == party.inn
    rng = random.Random(1)
    others = _card(stamps, _other_inn(rng), _other_inn(rng))
    codes = [i.code for i in check_marks(others)]
    assert codes.count("stamp_mismatch") == 1
    own = _card(stamps, party.inn, _other_inn(rng))
    assert "stamp_mismatch" not in [i.code for i in check_marks(own)]
    # With a party's ИНН unknown the seal may be that party's: no issue.
    unknown = _card(stamps, None, _other_inn(rng))
    assert "stamp_mismatch" not in [i.code for i in check_marks(unknown)]


def test_unreadable_seal_gives_no_requisites_and_no_issue() -> None:
    img = _page()
    cx, cy, r, bgr = 1700, 2900, 240, (168, 62, 28)
    cv2.circle(img, (cx, cy), r, bgr, 7)
    cv2.circle(img, (cx, cy), int(r * 0.6), bgr, 3)
    rng = np.random.default_rng(3)
    for _ in range(60):  # scribbles in the ring, no letters
        a = rng.uniform(0, 2 * np.pi)
        p = (int(cx + r * 0.78 * np.cos(a)), int(cy + r * 0.78 * np.sin(a)))
        cv2.line(img, p, (p[0] + int(rng.integers(-20, 20)), p[1] + int(rng.integers(-20, 20))),
                 bgr, 3)
    stamps = find_page_marks(Page(1, W, H, image=img)).stamps
    assert len(stamps) == 1
    assert stamps[0].inn is None and stamps[0].ogrn is None
    rng2 = random.Random(2)
    card = _card(stamps, _other_inn(rng2), _other_inn(rng2))
    assert "stamp_mismatch" not in [i.code for i in check_marks(card)]


def _rect_page(seed: int) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    rng = random.Random(seed)
    stamp = np.asarray(corpus_marks.rect_stamp(rng, "LibSans", dt.date(2025, 3, 1)))
    img = _page()
    x, y, _, _ = _paste(img, stamp, 1300, 2600)
    ink = corpus_marks.ink_bbox(corpus_marks.rect_stamp(random.Random(seed), "LibSans",
                                                        dt.date(2025, 3, 1)))
    assert ink is not None
    return img, (x + ink[0], y + ink[1], ink[2], ink[3])


def _iou(a: list[float], b: tuple[float, float, float, float]) -> float:
    ix = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    iy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    return ix * iy / (a[2] * a[3] + b[2] * b[3] - ix * iy)


@pytest.mark.parametrize("seed", [1, 3])
def test_office_stamp_is_a_rectangular_stamp_with_its_words(seed: int) -> None:
    img, box = _rect_page(seed)
    marks = find_page_marks(Page(1, W, H, image=img))
    assert [s.kind for s in marks.stamps] == ["rectangular"]
    stamp = marks.stamps[0]
    assert _iou(stamp.bbox, box) >= 0.5
    assert stamp.color in ("blue", "violet")
    assert stamp.text and any(t in stamp.text for t in corpus_marks.RECT_TITLES)
    # Its ink is a stamp's, not a signature.
    assert not any(_iou(s.bbox, box) > 0 for s in marks.signatures)


def test_seal_and_office_stamp_on_one_page_keep_their_kinds() -> None:
    img, box = _rect_page(2)
    party = _company(11)
    seal = np.asarray(corpus_marks.seal(party, random.Random(5), "LibSans"))
    _paste(img, seal, 300, 2500)
    marks = find_page_marks(Page(1, W, H, image=img))
    assert sorted(s.kind or "" for s in marks.stamps) == ["rectangular", "round"]
    rect = next(s for s in marks.stamps if s.kind == "rectangular")
    assert _iou(rect.bbox, box) >= 0.5 and rect.inn is None


def _drawn_stamp(lines: list[str], angle: float, ink: tuple[int, int, int] = (40, 50, 150),
                 divider: bool = False) -> np.ndarray:
    """An RGBA office stamp (or, with ``divider``, a printed two-cell box) drawn at 300 dpi:
    a frame round ``lines``, turned by ``angle`` degrees."""
    from PIL import Image, ImageDraw, ImageFont

    from ecm.corpus.fonts import font_file

    font = ImageFont.truetype(str(font_file("LibSans")), 52)
    w = int(max(font.getlength(t) for t in lines)) + 80
    h = 62 * len(lines) + 60
    side = int(np.hypot(w, h)) + 20
    mask = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(mask)
    x0, y0 = (side - w) // 2, (side - h) // 2
    draw.rectangle((x0, y0, x0 + w, y0 + h), outline=255, width=6)
    if divider:
        draw.line((x0 + w // 2, y0, x0 + w // 2, y0 + h), fill=255, width=4)
    for i, text in enumerate(lines):
        draw.text((side // 2, y0 + 60 + 62 * i), text, fill=255, font=font, anchor="mm")
    a = np.asarray(mask.rotate(angle, resample=Image.Resampling.BICUBIC))
    rgba = np.zeros((side, side, 4), np.uint8)
    rgba[..., :3] = ink
    rgba[..., 3] = a
    return rgba


def _grey(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


def _poor(img: np.ndarray, seed: int) -> np.ndarray:
    """A poor scan: faded, blurred and noisy."""
    noise = np.random.default_rng(seed).normal(0, 8, img.shape)
    faded = 255 - (255 - img.astype(np.float32)) * 0.6
    return np.clip(cv2.GaussianBlur(faded, (0, 0), 1.0) + noise, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("seed", [1, 3])
def test_office_stamp_on_a_grey_scan(seed: int) -> None:
    img, box = _rect_page(seed)
    marks = find_page_marks(Page(1, W, H, image=_grey(img)))
    assert [s.kind for s in marks.stamps] == ["rectangular"]
    assert _iou(marks.stamps[0].bbox, box) >= 0.5


def test_office_stamp_on_a_photo() -> None:
    """A photographed page fills ~80% of the shot, so a stamp measures smaller than on A4."""
    img = _page()
    stamp = _drawn_stamp(["ОПЛАЧЕНО", "12.03.2025"], 4, ink=(120, 90, 170))
    _paste(img, stamp, 1200, 2600)
    ys, xs = np.nonzero(stamp[..., 3] > 40)
    q = 0.78
    shot = np.full_like(img, 90)
    small = cv2.resize(img, None, fx=q, fy=q, interpolation=cv2.INTER_AREA)
    ox, oy = (W - small.shape[1]) // 2, (H - small.shape[0]) // 2
    shot[oy:oy + small.shape[0], ox:ox + small.shape[1]] = small
    box = (ox + (1200 + xs.min()) * q, oy + (2600 + ys.min()) * q, np.ptp(xs) * q,
           np.ptp(ys) * q)
    marks = find_page_marks(Page(1, W, H, image=_poor(shot, 2)))
    assert [s.kind for s in marks.stamps] == ["rectangular"]
    assert _iou(marks.stamps[0].bbox, box) >= 0.5


def test_grey_stamp_square_to_the_page_is_known_by_its_word() -> None:
    img = _page()
    stamp = _drawn_stamp(["ПОЛУЧЕНО", "«12» марта 2025 г."], 0, ink=(20, 20, 20))
    _paste(img, stamp, 1200, 2600)
    marks = find_page_marks(Page(1, W, H, image=_grey(img)))
    assert [s.kind for s in marks.stamps] == ["rectangular"]
    assert marks.stamps[0].text and "ПОЛУЧЕНО" in marks.stamps[0].text


@pytest.mark.parametrize("grey", [False, True])
def test_printed_boxes_are_not_stamps(grey: bool) -> None:
    img = _page()
    # A form's box square to the page, and a ruled table cell pair slightly turned with it.
    _paste(img, _drawn_stamp(["Номер документа", "12.03.2025"], 0, ink=(20, 20, 20)),
           300, 2500)
    _paste(img, _drawn_stamp(["Номер", "Дата"], 2, ink=(20, 20, 20), divider=True),
           1400, 2500)
    if grey:
        img = _grey(img)
    assert find_page_marks(Page(1, W, H, image=_poor(img, 5))).stamps == []


def _oval_seal(party: Party, seed: int, aspect: float, angle: float) -> np.ndarray:
    """An oval seal: the corpus's round seal drawn 25% larger and squeezed, then turned."""
    seal = np.asarray(corpus_marks.seal(party, random.Random(seed), "LibSans"))
    h, w = seal.shape[:2]
    oval = cv2.resize(seal, (int(w * 1.25), int(h * 1.25 * aspect)),
                      interpolation=cv2.INTER_AREA)
    side = int(np.hypot(*oval.shape[:2]))
    m = cv2.getRotationMatrix2D((oval.shape[1] / 2, oval.shape[0] / 2), angle, 1.0)
    m[:, 2] += [(side - oval.shape[1]) / 2, (side - oval.shape[0]) / 2]
    out: np.ndarray = cv2.warpAffine(oval, m, (side, side))
    return out


@pytest.mark.parametrize(("grey", "angle"), [(False, 0), (True, 12)])
def test_oval_seal_is_its_own_kind_with_its_requisites(grey: bool, angle: float) -> None:
    party = _company(11)
    oval = _oval_seal(party, 5, 0.65, angle)
    img = _page()
    _paste(img, oval, 1300, 2400)
    ys, xs = np.nonzero(oval[..., 3] > 40)
    box = (1300.0 + xs.min(), 2400.0 + ys.min(), float(np.ptp(xs)), float(np.ptp(ys)))
    marks = find_page_marks(Page(1, W, H, image=_grey(img) if grey else img))
    assert [s.kind for s in marks.stamps] == ["oval"]
    assert _iou(marks.stamps[0].bbox, box) >= 0.6
    assert marks.stamps[0].ogrn == party.ogrn
