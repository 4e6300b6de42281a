"""The module grid of a blurred EAN-13 found from all its edges rather than its guards.

``codes_fit`` reads each digit on a grid of 95 modules laid over the bars' profile. On a
photographed sticker at under two pixels a module its thin guard bars stay pale, and the
grid fitted to the guards alone lands off by half a module or more in the middle (a
synthetic photo: the true grid ranked 40th-100th of the guards' 455 candidates, and every
digit right of the centre was misread). Every edge of the symbol, though, lies on a module
boundary: the grid (offset, module size, perspective stretch) whose boundaries the profile's
edges fall on, weighted by their strength, is the symbol's. The edges fix the grid only up
to a whole module, which the guards then decide.
"""

from __future__ import annotations

import numpy as np

# Grids tried: offset within one module, module size about the bars' extent over 95, and
# the module's growth end to end (``codes_fit._warped``: a sticker seen in perspective).
PHASES = np.linspace(-0.5, 0.5, 16, endpoint=False)
SCALES = np.linspace(0.97, 1.03, 13)
STRETCHES = np.linspace(-0.06, 0.06, 13)
MIN_EDGE = 0.05  # ink change per pixel below which a turning of the slope is noise


def _edges(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sub-pixel positions (pixel edges, as ``_warped`` counts them) and strengths of the
    profile's edges: the peaks of its slope."""
    slope = np.abs(np.diff(ink))  # slope[i]: between samples i and i + 1, at i + 1 px
    a, b, c = slope[:-2], slope[1:-1], slope[2:]
    peak = np.flatnonzero((b >= a) & (b > c) & (b > MIN_EDGE))
    a, b, c = a[peak], b[peak], c[peak]
    den = a - 2 * b + c
    off = np.where(den != 0, 0.5 * (a - c) / np.where(den != 0, den, 1), 0.0)
    return peak + 2 + off, b


def _modules_at(pos: np.ndarray, x0: np.ndarray, module: np.ndarray,
                stretch: np.ndarray, modules: int) -> np.ndarray:
    """Module coordinate of pixel ``pos`` on each grid (rows): the inverse of ``_warped``'s
    x0 + module * (m + stretch * (m * m / modules - m))."""
    q = (pos[None, :] - x0[:, None]) / module[:, None]
    s = stretch[:, None]
    a = s / modules
    b = 1 - s
    safe = np.where(np.abs(a) > 1e-9, a, 1.0)
    root = (-b + np.sqrt(np.maximum(b * b + 4 * a * q, 0.0))) / (2 * safe)
    out: np.ndarray = np.where(np.abs(a) > 1e-9, root, q / b)
    return out


def edge_grid(ink: np.ndarray, x0: float, x1: float,
              modules: int = 95) -> tuple[float, float, float] | None:
    """(first module's start px, module px, stretch) of the grid whose module boundaries
    the profile's edges between ``x0`` and ``x1`` fall on best, before the whole-module
    choice (see ``whole_module``)."""
    pos, weight = _edges(ink)
    keep = (pos > x0 - 1) & (pos < x1 + 1)
    pos, weight = pos[keep], weight[keep]
    if len(pos) < 20:
        return None
    base = (x1 - x0) / modules
    grid = np.array(np.meshgrid(PHASES, SCALES, STRETCHES, indexing="ij")).reshape(3, -1)
    module = base * grid[1]
    start = x0 + grid[0] * module
    v = _modules_at(pos, start, module, grid[2], modules)
    score = (weight[None, :] * np.cos(2 * np.pi * v)).sum(axis=1)
    best = int(np.argmax(score))
    return float(start[best]), float(module[best]), float(grid[2][best])


__all__ = ["edge_grid"]
