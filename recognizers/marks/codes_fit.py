"""Linear codes too blurred for their edges: each character read by fitting the blurred
shapes of all its patterns to the bars' profile.

At under two pixels a module (a 150 dpi photo of a 0.3 mm module sticker) with a pixel of
blur, a thin space between two bars never shows as a turning point of its own, and the
edge reader in ``codes_1d`` gets the wrong count of elements or the wrong widths. The
symbol's length in modules is fixed (EAN-13: 95) or one of a few (Code 128: 11 per
character plus 13), so its bars' extent gives the module size; each character's window is
then compared with every pattern it may hold, rendered with the same blur, and the check
digit (EAN-13) or checksum (Code 128) decides whether the reading stands.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

import cv2
import numpy as np

from recognizers.checks.checksums import ean_ok
from recognizers.marks.codes_1d import (
    C128,
    C128_STOP,
    EAN_FIRST,
    EAN_G,
    EAN_L,
    START_A,
    START_C,
    _bar_rows,
    _checksum_ok,
    _code128_text,
    _extrema,
    _profiles,
    _upright,
)
from recognizers.marks.codes_grid import edge_grid

# Blur (Gaussian sigma, in modules) the patterns are rendered with: one per attempt.
SIGMAS = (0.45, 0.65, 0.85)
# Shifts (modules) a character's window may sit off the even grid (perspective, print).
SHIFTS = np.linspace(-0.3, 0.3, 5)
# Samples per module when rendering; the profile is resampled to the same grid.
FINE = 8
# A reading stands when its characters' correlations with their patterns reach this on
# average (dev photos: true stickers 0.91-0.97, a false EAN-13 fitted to a block of print
# 0.81), and no other text fits within AMBIGUOUS of it (an EAN-13 read backwards can pass
# its check digit: 0.90 against the true reading's 0.97 on one dev photo).
MIN_FIT = 0.88
AMBIGUOUS = 0.03
# And every character on its own fits this well: a seed 6464 photo's EAN-13, read backwards,
# passed its check digit at an average of 0.907 with one digit at 0.76; true readings' worst
# characters fit 0.90-0.99 (synthetic stickers and dev photos), false ones' 0.69-0.78.
MIN_CHAR_FIT = 0.85
# A Code 128 length whose even grid fits this well on average is worth fitting its grid to
# the start and stop characters (the right length on a seed 6464 photo: 0.86-0.91; the
# wrong ones 0.66-0.82).
REGRID_FIT = 0.84
MAX_C128_CHARS = 24
# Fewer bars than this (turning points swinging by BAR_DELTA of the contrast) and a
# profile is not fitted: the fewest of a code's 30 or more bars a blurred dev photo showed
# was 17; the table cells of photos whose rulings look like bars lying across show 3-13.
MIN_BARS = 14
BAR_DELTA = 0.15
# A code's bars end inside its block, and its crop adds 4 mm of margin all round: bars that
# run to within END_MM of the crop's end along their length are a table's (its rulings and
# rows of figures go on past the block; 0-0.4 mm on the TORG-12 photos of seeds 9801/9803,
# the synthetic stickers' bars end 3.7 mm or more short of it).
END_MM = 0.5


def _bits(widths: np.ndarray, first: int) -> np.ndarray:
    """Modules (1 bar, 0 space) of each pattern row of element widths, starting with
    ``first``."""
    rows = []
    for row in widths.astype(int):
        bits: list[int] = []
        value = first
        for w in row:
            bits += [value] * w
            value = 1 - value
        rows.append(bits)
    return np.array(rows, np.float32)


def _rendered(bits: np.ndarray, before: int, after: int, sigma: float) -> np.ndarray:
    """Each row of modules with its neighbours, blurred and sampled FINE times a module."""
    n = len(bits)
    padded = np.hstack([np.full((n, 1), 0.5, np.float32), np.full((n, 1), before, np.float32),
                        bits, np.full((n, 1), after, np.float32),
                        np.full((n, 1), 0.5, np.float32)])
    fine = np.repeat(padded, FINE, axis=1)
    k = int(sigma * FINE * 3) * 2 + 1
    out: np.ndarray = cv2.GaussianBlur(fine, (k, 1), sigma * FINE, borderType=cv2.BORDER_REPLICATE)
    return out


def _extent(ink: np.ndarray) -> tuple[float, float] | None:
    """First and last crossing of the half ink level: where the bars start and end."""
    on = np.flatnonzero(ink > 0.35)
    if len(on) < 10:
        return None
    a, b = int(on[0]), int(on[-1])
    x0 = a - 1 + (0.35 - ink[a - 1]) / max(ink[a] - ink[a - 1], 1e-3) if a > 0 else float(a)
    x1 = b + (ink[b] - 0.35) / max(ink[b] - ink[b + 1], 1e-3) if b + 1 < len(ink) else float(b)
    return float(x0), float(x1) + 0.5


def _resampled(ink: np.ndarray, x0: float, module: float, modules: int) -> np.ndarray:
    """The profile on a grid of FINE samples a module, from 2 modules before ``x0`` to
    2 after the last."""
    pos = x0 + (np.arange((modules + 4) * FINE) + 0.5) / FINE * module - 2 * module
    return np.interp(pos, np.arange(len(ink)) + 0.5, ink, left=0.0, right=0.0)


def _centred(table: np.ndarray) -> np.ndarray:
    """Rendered patterns cut to the character's own modules and half of each neighbour (the
    rest of the neighbours is unknown), less their means, as ``_fits`` compares them."""
    core = table[:, int(1.5 * FINE):table.shape[1] - int(1.5 * FINE)]
    out: np.ndarray = core - core.mean(axis=1, keepdims=True)
    return out


def _fits(signal: np.ndarray, start: int, t: np.ndarray) -> np.ndarray:
    """Best correlation over SHIFTS of each pattern (rows of ``t``, from ``_centred``) with
    the signal's window at module ``start`` (counting the 2 modules of margin)."""
    out: np.ndarray = _fits_at(signal, [start], t)[0]
    return out


Windows = tuple[np.ndarray, np.ndarray, np.ndarray]


def _windows(signal: np.ndarray, starts: list[int], n: int) -> Windows | None:
    """The signal's windows ``_fits_at`` compares with patterns ``n`` samples wide, less
    their means, their norms and which lie inside the signal (None: the signal is shorter):
    the same for every blur's patterns, so made once for the three."""
    if len(signal) < n:
        return None
    lo = np.round((np.asarray(starts, np.float64)[:, None] - 0.5 + SHIFTS[None, :]) * FINE)
    lo = lo.astype(np.int64)
    ok = (lo >= 0) & (lo + n <= len(signal))
    win = np.lib.stride_tricks.sliding_window_view(signal, n)[np.clip(lo, 0, len(signal) - n)]
    w = win - win.mean(axis=2, keepdims=True)
    return w, np.sqrt((w * w).sum(axis=2))[..., None], ok


def _fits_at(signal: np.ndarray, starts: list[int], t: np.ndarray,
             windows: Windows | None = None) -> np.ndarray:
    """``_fits`` at each of ``starts`` (rows), every window and shift in one product: one
    at a time, a failing block of print cost a Code 128 reading 30 ms a length tried.
    ``windows``: ``_windows`` of these, if made already."""
    best = np.full((len(starts), len(t)), -1.0)
    prepared = windows if windows is not None else _windows(signal, starts, t.shape[1])
    if prepared is None:
        return best
    w, w_norms, ok = prepared
    norms = np.sqrt((t * t).sum(axis=1))
    c = (w @ t.T) / (norms[None, None, :] * w_norms + 1e-6)
    c[~ok] = -1.0
    out: np.ndarray = np.maximum(best, c.max(axis=1))
    return out


# EAN-13's fixed modules: quiet zone, start, centre and end guards (-1: a digit's).
_EAN_GUARDS = np.array([0, 0] + [1, 0, 1] + [-1] * 42 + [0, 1, 0, 1, 0] + [-1] * 42
                       + [1, 0, 1] + [0, 0], np.float32)


@functools.cache
def _guard_template(sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """The guards' modules rendered with blur ``sigma`` (less their mean), and which of the
    symbol's samples they cover (made once a blur: rendering them each time cost ~5% of a
    failing fit)."""
    known = _EAN_GUARDS >= 0
    fine_known = np.repeat(known, FINE)
    t = _rendered(np.where(known, _EAN_GUARDS, 0.5)[None, 2:-2], 0, 0, sigma)[0][fine_known]
    return _frozen(t - t.mean()), _frozen(fine_known)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@functools.cache
def _tables(sigma: float) -> dict[str, np.ndarray]:
    """The patterns ``_ean13``, ``_code128`` and ``_c128_grid`` fit, rendered with blur
    ``sigma``: once a blur, not once a profile and length tried."""
    return {k: _frozen(v) for k, v in {
        "ean_left": _centred(np.vstack([_rendered(_bits(EAN_L, 0), 1, 0, sigma),
                                        _rendered(_bits(EAN_G, 0), 1, 0, sigma)])),
        "ean_right": _centred(_rendered(_bits(EAN_L, 1), 0, 1, sigma)),
        "c128": _centred(_rendered(_bits(C128, 1), 0, 1, sigma)),
        "c128_starts": _centred(_rendered(_bits(C128[START_A:START_C + 1], 1), 0, 1, sigma)),
        "c128_stop": _centred(_rendered(_bits(C128_STOP[None, :], 1), 0, 0, sigma)),
    }.items()}


def _guard_fit(signal: np.ndarray, t: np.ndarray, fine_known: np.ndarray) -> float:
    w = signal[fine_known] - signal[fine_known].mean()
    return float(t @ w) / (np.sqrt(float((t * t).sum() * (w * w).sum())) + 1e-6)


def _guard_grids(ink: np.ndarray, x0: float, x1: float) -> list[np.ndarray]:
    """The profile resampled on each module grid ``_guard_signal`` tries (the same for every
    blur, so made once for all three)."""
    return [_resampled(ink, x0 + dx, (x1 - x0) / 95 * scale, 95)
            for scale in np.linspace(0.97, 1.03, 7) for dx in np.linspace(-1.5, 1.5, 13)]


def _guard_signal(grids: list[np.ndarray], sigma: float) -> np.ndarray:
    """The profile resampled on the module grid that best fits the guards (the bars' extent
    at a half ink level is off by up to a module where thin guard bars stay pale)."""
    t, fine_known = _guard_template(sigma)
    best: tuple[float, np.ndarray] | None = None
    for signal in grids:
        c = _guard_fit(signal, t, fine_known)
        if best is None or c > best[0]:
            best = (c, signal)
    assert best is not None
    return best[1]


def _edge_signal(ink: np.ndarray, grid: tuple[float, float, float],
                 sigma: float) -> np.ndarray:
    """The profile resampled on the grid all the edges fit (``codes_grid``), at the whole
    module the guards prefer."""
    t, fine_known = _guard_template(sigma)
    start, module, stretch = grid
    out: np.ndarray = max((_warped(ink, start + k * module, module, 95, stretch)
                           for k in (-1, 0, 1)), key=lambda s: _guard_fit(s, t, fine_known))
    return out


def _ean13s(runs: tuple[tuple[np.ndarray, float, float], ...]) -> list[tuple[str, str, float]]:
    """EAN-13 readings of the profile either way round, on the guards' grid, or where that
    reads nothing (a photographed sticker's pale guards) on the edges' grid."""
    found = [("EAN13", *ean) for run, a, b in runs for grids in [_guard_grids(run, a, b)]
             for sigma in SIGMAS if (ean := _ean13(_guard_signal(grids, sigma), sigma))]
    if found:
        return found
    for run, a, b in runs:
        grid = edge_grid(run, a, b)
        if grid is not None:
            found += [("EAN13", *ean) for sigma in SIGMAS
                      if (ean := _ean13(_edge_signal(run, grid, sigma), sigma))]
    return found


def _ean13(signal: np.ndarray, sigma: float) -> tuple[str, float] | None:
    left, right = _tables(sigma)["ean_left"], _tables(sigma)["ean_right"]
    lfit = list(_fits_at(signal, [2 + 3 + 7 * i for i in range(6)], left))
    rfit = list(_fits_at(signal, [2 + 50 + 7 * i for i in range(6)], right))
    rdigits = [int(np.argmax(f)) for f in rfit]
    best: tuple[str, float] | None = None
    for first, parity in enumerate(EAN_FIRST):
        digits, fits = [first], [float(f.max()) for f in rfit]
        for f, side in zip(lfit, parity, strict=True):
            part = f[:10] if side == "L" else f[10:]
            digits.append(int(np.argmax(part)))
            fits.append(float(part.max()))
        digits += rdigits
        score = sum(fits) / 12
        text = "".join(map(str, digits))
        if ean_ok(text) and score >= MIN_FIT and min(fits) >= MIN_CHAR_FIT \
                and (best is None or score > best[1]):
            best = (text, score)
    return best


def _c128_values(signal: np.ndarray, n: int, table: np.ndarray,
                 windows: Windows | None = None) -> tuple[list[int], list[float]]:
    """Each character's likeliest value and its fit, the first one a start code."""
    values, fits = [], []
    for i, f in enumerate(_fits_at(signal, [2 + 11 * i for i in range(n)], table, windows)):
        if i == 0:
            f[:START_A] = -1.0  # the first character is a start code
            f[START_C + 1:] = -1.0
        else:
            f[START_A:] = -1.0
        values.append(int(np.argmax(f)))
        fits.append(float(f.max()))
    return values, fits


def _warped(ink: np.ndarray, x0: float, module: float, modules: int,
            stretch: float) -> np.ndarray:
    """``_resampled`` with a module that grows (``stretch`` > 0) or shrinks linearly along
    the code by ``stretch`` of itself from end to end: a sticker seen in perspective."""
    m = (np.arange((modules + 4) * FINE) + 0.5) / FINE - 2
    pos = x0 + module * (m + stretch * (m * m / modules - m))
    return np.interp(pos, np.arange(len(ink)) + 0.5, ink, left=0.0, right=0.0)


def _c128_grid(ink: np.ndarray, x0: float, x1: float, modules: int,
               sigma: float) -> np.ndarray:
    """The profile on the module grid (offset, size, perspective) that its start and stop
    characters fit best: on a blurred photo the bars' extent at half ink is off by a module
    or so, which shifts every character off its window (a seed 6464 sticker: 0.90 on the
    even grid with wrong characters, 0.98 and the right text on the fitted one)."""
    starts, stop = _tables(sigma)["c128_starts"], _tables(sigma)["c128_stop"]
    base = (x1 - x0) / modules

    def fitted(grid: tuple[float, float, float]) -> float:
        dx, scale, stretch = grid
        signal = _warped(ink, x0 + dx * base, base * scale, modules, stretch)
        return float(_fits(signal, 2, starts).max() + _fits(signal, modules - 11, stop)[0])

    # Offset and size first, then the perspective with the offset near the best one.
    dx, scale, _ = max(((dx, scale, 0.0) for dx in np.linspace(-1.0, 1.0, 9)
                        for scale in (0.98, 0.99, 1.0, 1.01, 1.02)), key=fitted)
    grid = max(((dx + d, scale, stretch) for d in (-0.25, 0.0, 0.25)
                for stretch in (-0.06, -0.03, 0.0, 0.03, 0.06)), key=fitted)
    return _warped(ink, x0 + grid[0] * base, base * grid[1], modules, grid[2])


def _c128_ok(values: list[int], fits: list[float]) -> bool:
    return bool(sum(fits) / len(fits) >= MIN_FIT and min(fits) >= MIN_CHAR_FIT
                and _checksum_ok(values))


def _code128(ink: np.ndarray, x0: float, x1: float, sigma: float,
             grids: dict[int, tuple[np.ndarray, Windows | None]]) -> tuple[str, float] | None:
    """A Code 128 of any length read at blur ``sigma``; ``grids`` keeps the profile on each
    length's even grid, and its characters' windows, for the next blur (the same for all
    three)."""
    table = _tables(sigma)["c128"]
    best: tuple[str, float] | None = None
    for n in range(3, MAX_C128_CHARS + 1):
        modules = 11 * n + 13
        module = (x1 - x0) / modules
        if not 1.0 <= module <= 6.0:
            continue
        if n not in grids:
            even = _resampled(ink, x0, module, modules)
            grids[n] = even, _windows(even, [2 + 11 * i for i in range(n)], table.shape[1])
        even, windows = grids[n]
        values, fits = _c128_values(even, n, table, windows)
        score = sum(fits) / n
        if score >= REGRID_FIT and not _c128_ok(values, fits):
            # Nearly a code of this length: its grid is fitted to the start and stop. Also
            # where the even grid fits well but reads no code: a 1.8 px-a-module photo's
            # sticker fitted 0.96 with its checksum failing, and 0.98 read on its grid.
            values, fits = _c128_values(_c128_grid(ink, x0, x1, modules, sigma), n, table)
            score = sum(fits) / n
        if _c128_ok(values, fits) and (best is None or score > best[1]):
            text = _code128_text(values[:-1])
            if text:
                best = (text, score)
    return best


def fit_linear(profile: np.ndarray) -> list[tuple[str, str]]:
    """(type, text) of an EAN-13 or Code 128 read by pattern fitting from a bars' profile
    (grey levels across upright bars), or nothing."""
    lo, hi = np.percentile(profile, (3, 97))
    if hi - lo < 30:
        return []
    ink = np.clip((hi - profile) / (hi - lo), 0.0, 1.0).astype(np.float32)
    span = _extent(ink)
    if span is None:
        return []
    x0, x1 = span
    runs = ((ink, x0, x1), (ink[::-1].copy(), len(ink) - x1, len(ink) - x0))
    found: list[tuple[str, str, float]] = []
    if (x1 - x0) / 95 >= 1.0:
        found += _ean13s(runs)
    if not found:
        for run, a, b in runs:
            grids: dict[int, tuple[np.ndarray, Windows | None]] = {}
            for sigma in SIGMAS:
                c128 = _code128(run, a, b, sigma, grids)
                if c128:
                    found.append(("CODE128", *c128))
    if not found:
        return []
    kind, text, score = max(found, key=lambda f: f[2])
    # Read one way and the other (or at two blurs) into two texts that fit about as well:
    # either may be the symbol, so neither is given.
    if any(t != text and s > score - AMBIGUOUS for _k, t, s in found):
        return []
    return [(kind, text)]

def fit_profiles(gray: np.ndarray, angle: float, px_per_mm: float,
                 clear: bool = False) -> list[tuple[str, str]]:
    """``fit_linear`` on the averaged profile of a crop's bars (``angle``: the gradient
    direction, degrees, as the structure tensor gives it), or else on its upper or lower
    half alone: a sticker photographed askew has bars that lean a little more at one end
    than at the other, and averaged down their whole height a 1.8 px module smears (three
    of 210 synthetic photos were read on one half only, none falsely on any). ``clear``:
    the image's edge cut neither end of the bars' crop (its margin is whole there)."""
    upright = _upright(gray, angle)
    if _runs_past(upright, px_per_mm, clear):
        return []
    for profile in itertools.chain(_profiles(upright, px_per_mm),
                                   _half_profiles(upright, px_per_mm)):
        if _few_bars(profile):
            continue
        found = fit_linear(profile)
        if found:
            return found
    return []


def _runs_past(upright: np.ndarray, px_per_mm: float, clear: bool) -> bool:
    """Whether the bars run on to the crop's ends along their length (both ends, or one
    where the crop is ``clear`` of the image's edges: a code the edge cut short reaches
    that one): a photo's table of figures between rulings, taken for bars, whose fitting
    cost ~0.15 s a block and up to 1.4 s a TORG-12 page, and read nothing."""
    top, bottom = _bar_rows(upright)
    near = END_MM * px_per_mm
    ends = (top <= near, bottom >= upright.shape[0] - near)
    return all(ends) or (clear and any(ends))


def _few_bars(profile: np.ndarray) -> bool:
    """Whether a profile shows too few bars to be a code's: a block of a photo's table (a
    column of figures between rulings, turned so the rulings stand as bars) cost the fitting
    reader 0.1-0.4 s to fail on, and up to a third of the codes step on a photo."""
    contrast = float(np.percentile(profile, 97) - np.percentile(profile, 3))
    if contrast <= 0:
        return True
    bars = sum(1 for _, low in _extrema(profile, BAR_DELTA * contrast) if low)
    return bars < MIN_BARS


def _half_profiles(upright: np.ndarray, px_per_mm: float) -> Iterator[np.ndarray]:
    top, bottom = _bar_rows(upright)
    h = bottom - top
    if h < 3 * px_per_mm:
        return
    for a, b in ((top + h // 8, top + h // 2), (top + h // 2, bottom - h // 8)):
        yield upright[a:b].astype(np.float32).mean(axis=0)
