"""Scan and photo profiles: each returns the degraded page and the 3×3 matrix that maps
rendered-page pixels to output pixels, so truth boxes follow the geometry."""

from __future__ import annotations

import random

import cv2
import numpy as np

Matrix = np.ndarray


def _rotate(img: np.ndarray, angle: float, fill: tuple[int, int, int]) -> tuple[np.ndarray,
                                                                                   Matrix]:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    return out, np.vstack([m, [0, 0, 1]])


def _field(nrng: np.random.Generator, h: int, w: int, cells: int, lo: float,
           hi: float) -> np.ndarray:
    small = nrng.random((cells, cells)).astype(np.float32)
    return lo + (hi - lo) * cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def _noise(img: np.ndarray, nrng: np.random.Generator, sigma: float) -> np.ndarray:
    noisy = img.astype(np.float32) + nrng.normal(0, sigma, img.shape).astype(np.float32)
    return noisy.clip(0, 255).astype(np.uint8)


def _paper(img: np.ndarray, tint: tuple[float, float, float]) -> np.ndarray:
    return (img.astype(np.float32) * np.array(tint, dtype=np.float32)).clip(0, 255).astype(
        np.uint8)


def clean_scan(img: np.ndarray, rng: random.Random) -> tuple[np.ndarray, Matrix]:
    nrng = np.random.default_rng(rng.randrange(2**32))
    tint = (rng.uniform(0.97, 1.0), rng.uniform(0.97, 1.0), rng.uniform(0.95, 0.99))
    out = _paper(img, tint)
    if rng.random() < 0.5:
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.4, 0.7))
    out, m = _rotate(out, rng.uniform(-1, 1), (255, 255, 255))
    out = _noise(out, nrng, rng.uniform(0.8, 2.2))
    if rng.random() < 0.15:
        out = cv2.cvtColor(cv2.cvtColor(out, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    return out, m


def _speckles(img: np.ndarray, rng: random.Random, nrng: np.random.Generator) -> None:
    h, w = img.shape[:2]
    for _ in range(rng.randint(20, 250)):
        # Dust gathers toward the edges of the glass.
        edge = nrng.random() < 0.5
        x = int(nrng.integers(0, w)) if not edge else int(nrng.choice((nrng.integers(0, w // 12),
                                                                       nrng.integers(w - w // 12,
                                                                                     w))))
        y = int(nrng.integers(0, h))
        g = int(nrng.integers(40, 170))
        r = int(nrng.choice((0, 0, 0, 1, 1, 2)))
        if r == 0:
            img[y, x] = g
        else:
            cv2.ellipse(img, (x, y), (r, max(1, r + int(nrng.integers(-1, 2)))),
                        float(nrng.integers(0, 180)), 0, 360, (g, g, g), -1, cv2.LINE_AA)
    for _ in range(rng.randint(0, 3)):
        x = int(nrng.integers(0, w))
        g = rng.randint(150, 215)
        cv2.line(img, (x, 0), (x + rng.randint(-3, 3), h), (g, g, g), rng.randint(1, 2))


def poor_scan(img: np.ndarray, rng: random.Random) -> tuple[np.ndarray, Matrix]:
    nrng = np.random.default_rng(rng.randrange(2**32))
    h, w = img.shape[:2]
    f = img.astype(np.float32) / 255
    # Toner fades unevenly: lighten the ink (1 - f) by a smooth field.
    ink = (1 - f) * _field(nrng, h, w, rng.randint(3, 7), rng.uniform(0.55, 0.8), 1.0)[..., None]
    paper = np.array((rng.uniform(0.95, 0.99), rng.uniform(0.92, 0.97), rng.uniform(0.82, 0.92)),
                     dtype=np.float32)
    shade = _field(nrng, h, w, 4, rng.uniform(0.88, 0.95), 1.0)[..., None]
    out = ((1 - ink) * paper * shade * 255).clip(0, 255).astype(np.uint8)
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.7, 1.4))
    _speckles(out, rng, nrng)
    fill = rng.choice(((250, 250, 250), (60, 60, 60), (200, 200, 200)))
    out, m = _rotate(out, rng.uniform(-4, 4), fill)
    out = _noise(out, nrng, rng.uniform(5, 11))
    if rng.random() < 0.3:
        out = cv2.cvtColor(cv2.cvtColor(out, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    return out, m


def _background(rng: random.Random, nrng: np.random.Generator, h: int, w: int) -> np.ndarray:
    base = np.array(rng.choice(((120, 85, 55), (90, 90, 95), (160, 150, 135), (45, 40, 38),
                                (185, 175, 160))), dtype=np.float32)
    grain = _field(nrng, h, w, rng.randint(20, 60), 0.8, 1.15)
    streaks = cv2.resize(nrng.random((1, 64)).astype(np.float32), (w, h)) * 0.15 + 0.92
    bg = base * (grain * streaks)[..., None]
    return bg.clip(0, 255).astype(np.uint8)


def photo(img: np.ndarray, rng: random.Random) -> tuple[np.ndarray, Matrix]:
    nrng = np.random.default_rng(rng.randrange(2**32))
    h, w = img.shape[:2]
    ow, oh = int(w * rng.uniform(1.12, 1.3)), int(h * rng.uniform(1.08, 1.22))
    ox, oy = (ow - w) / 2, (oh - h) / 2
    j = w * 0.06
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array([[ox + rng.uniform(-j, j), oy + rng.uniform(-j, j)],
                    [ox + w + rng.uniform(-j, j), oy + rng.uniform(-j, j)],
                    [ox + w + rng.uniform(-j, j), oy + h + rng.uniform(-j, j)],
                    [ox + rng.uniform(-j, j), oy + h + rng.uniform(-j, j)]], dtype=np.float32)
    dst[:, 0] = dst[:, 0].clip(2, ow - 2)
    dst[:, 1] = dst[:, 1].clip(2, oh - 2)
    m = cv2.getPerspectiveTransform(src, dst)
    page = cv2.warpPerspective(img, m, (ow, oh), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (ow, oh))
    mask = cv2.GaussianBlur(mask, (0, 0), 1.2).astype(np.float32)[..., None] / 255
    lit = _lighting(page * mask + _background(rng, nrng, oh, ow) * (1 - mask), rng, nrng)
    out = cv2.GaussianBlur(lit.clip(0, 255).astype(np.uint8), (0, 0), rng.uniform(0.6, 1.3))
    return _noise(out, nrng, rng.uniform(3, 7)), m


def _lighting(img: np.ndarray, rng: random.Random, nrng: np.random.Generator) -> np.ndarray:
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    lx, ly = rng.uniform(-0.3, 1.3) * w, rng.uniform(-0.3, 1.3) * h
    dist = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / np.hypot(w, h)
    light: np.ndarray = (1.08 - rng.uniform(0.35, 0.6) * dist).clip(0.45, 1.1)
    if rng.random() < 0.5:
        # A soft shadow of the phone or a hand across one side of the page.
        edge = rng.uniform(0.15, 0.45) * w
        light *= np.where(xx < edge, rng.uniform(0.7, 0.85), 1.0)
        light = cv2.GaussianBlur(light, (0, 0), w * 0.03)
    cast = np.array((rng.uniform(1.0, 1.06), rng.uniform(0.97, 1.02), rng.uniform(0.86, 0.97)),
                    dtype=np.float32)
    return img.astype(np.float32) * light[..., None] * cast


PROFILES = {"clean_scan": clean_scan, "poor_scan": poor_scan, "photo": photo}


def quarter_turn(img: np.ndarray, turns: int) -> tuple[np.ndarray, Matrix]:
    """The page fed sideways or upside down: ``np.rot90(img, turns)`` (counter-clockwise
    quarter turns) and the matrix from ``img``'s pixels to the turned image's."""
    h, w = img.shape[:2]
    turns %= 4
    m = {0: [[1, 0, 0], [0, 1, 0]], 1: [[0, 1, 0], [-1, 0, w]],
         2: [[-1, 0, w], [0, -1, h]], 3: [[0, -1, h], [1, 0, 0]]}[turns]
    return np.ascontiguousarray(np.rot90(img, turns)), np.array([*m, [0, 0, 1]], dtype=np.float64)


def transform_box(m: Matrix, box: tuple[float, float, float, float], width: int,
                  height: int) -> list[float] | None:
    """Map a box through ``m`` (4 corners → bounding box), clipped to the output image."""
    x, y, w, h = box
    corners = np.array([[[x, y]], [[x + w, y]], [[x + w, y + h]], [[x, y + h]]],
                       dtype=np.float64)
    pts = cv2.perspectiveTransform(corners, m.astype(np.float64)).reshape(-1, 2)
    x0, y0 = max(0.0, pts[:, 0].min()), max(0.0, pts[:, 1].min())
    x1, y1 = min(float(width), pts[:, 0].max()), min(float(height), pts[:, 1].max())
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return [round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)]
