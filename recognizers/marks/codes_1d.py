"""Last resort for linear codes (Code 128, EAN-13) that zbar and zxing-cpp miss: a reader
of our own over one scanline averaged across the bars.

On blurred poor scans and photos a module is 2–3 px and a thin space between two bars never
reaches paper white, so a fixed threshold loses it; every element still leaves a local
extremum in the averaged profile, and each character's widths are matched to the nearest
pattern (widths are relative within a character, which cancels the blur's bias), with the
symbology's check digit as the safeguard. A scanner streak (a thin grey line across the
whole page) adds a false bar; its columns are found above the bars, where they are the
only ink, and the profile is read with them cleared as well as untouched.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from recognizers.checks.checksums import ean_ok

# Code 128 element widths (bar, space, bar, space, bar, space) of values 0–105.
_C128 = (
    "212222222122222221121223121322131222122213122312132212221213221312231212112232122132"
    "122231113222123122123221223211221132221231213212223112312131311222321122321221312212"
    "322112322211212123212321232121111323131123131321112313132113132311211313231113231311"
    "112133112331132131113123113321133121313121211331231131213113213311213131311123311321"
    "331121312113312311332111314111221411431111111224111422121124121421141122141221112214"
    "112412122114122411142112142211241211221114413111241112134111111242121142121241114212"
    "124112124211411212421112421211212141214121412121111143111341131141114113114311411113"
    "411311113141114131311141411131211412211214211232")
C128 = np.array([[int(c) for c in _C128[i:i + 6]] for i in range(0, len(_C128), 6)], float)
C128_STOP = np.array([2, 3, 3, 1, 1, 1, 2], float)
START_A, START_B, START_C = 103, 104, 105
# EAN-13 digit widths, left half odd parity (space, bar, space, bar); the right half has the
# same widths starting with a bar, even parity ("G") is the reverse.
EAN_L = np.array([[int(c) for c in s] for s in ("3211", "2221", "2122", "1411", "1132",
                                                 "1231", "1114", "1312", "1213", "3112")], float)
EAN_G = EAN_L[:, ::-1]
EAN_FIRST = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLG", "LGLGLG",
             "LGLGGL", "LGGLGL")
MAX_CHAR_ERROR = 2.5  # summed |width - pattern| in modules: beyond it the character is noise


def _filter_row(values: np.ndarray, n: int, op: str) -> np.ndarray:
    row = np.asarray(values, np.float32).reshape(1, -1)
    kernel = np.ones((1, max(1, n)), np.uint8)
    out = (cv2.dilate if op == "max" else cv2.erode)(row, kernel,
                                                     borderType=cv2.BORDER_REPLICATE)
    return np.asarray(out).ravel()


def _extrema(p: np.ndarray, delta: float) -> list[tuple[int, bool]]:
    """Alternating (index, is_minimum) turning points swinging by at least ``delta``."""
    out: list[tuple[int, bool]] = []
    lo_i = hi_i = 0
    lo = hi = float(p[0])
    want_min: bool | None = None
    for i, v in enumerate(p.tolist()):
        if v > hi:
            hi, hi_i = v, i
        if v < lo:
            lo, lo_i = v, i
        if want_min is not False and v > lo + delta and want_min is not None:
            out.append((lo_i, True))
            hi, hi_i, want_min = v, i, False
        elif want_min is not True and v < hi - delta:
            out.append((hi_i, False))
            lo, lo_i, want_min = v, i, True
    return out


def _edges(p: np.ndarray, ex: list[tuple[int, bool]]) -> list[float]:
    """Sub-pixel edges halfway between neighbouring turning points."""
    edges = []
    for (i0, rising), (i1, _) in itertools.pairwise(ex):
        level = (p[i0] + p[i1]) / 2
        seg = p[i0:i1 + 1]
        k = max(1, int(np.argmax(seg >= level)) if rising else int(np.argmax(seg <= level)))
        a, b = float(seg[k - 1]), float(seg[k])
        edges.append(i0 + k - 1 + ((level - a) / (b - a) if b != a else 0.5))
    return edges


def element_widths(p: np.ndarray, delta: float) -> list[float]:
    """Widths of bar, space, bar, … from the first bar to the last one."""
    ex = _extrema(p, delta)
    mins = [i for i, (_, is_min) in enumerate(ex) if is_min]
    if len(mins) < 6:
        return []
    ex = ex[max(0, mins[0] - 1):mins[-1] + 2]
    if ex[0][1]:
        ex.insert(0, (0, False))
    if ex[-1][1]:
        ex.append((len(p) - 1, False))
    edges = _edges(p, ex)
    return [b - a for a, b in itertools.pairwise(edges)]


def _nearest(widths: np.ndarray, table: np.ndarray, modules: float) -> tuple[int, float]:
    """Best pattern by the sums of neighbouring elements (edge to like edge: blur widens a
    thin bar and narrows its spaces by the same amount, so these sums keep), widths alone
    breaking ties; the cost is in modules."""
    w = widths * (modules / widths.sum())
    e = w[:-1] + w[1:]
    table_e = table[:, :-1] + table[:, 1:]
    cost = np.abs(table_e - e).sum(axis=1) + 0.25 * np.abs(table - w).sum(axis=1)
    best = int(np.argmin(cost))
    return best, float(cost[best])


def decode_code128(widths: list[float]) -> str | None:
    for run in (widths, widths[::-1]):
        n = len(run)
        if n < 25 or (n - 7) % 6:
            continue
        w = np.array(run)
        values = []
        for i in range(0, n - 7, 6):
            v, err = _nearest(w[i:i + 6], C128, 11)
            if err > MAX_CHAR_ERROR:
                break
            values.append(v)
        else:
            stop = w[n - 7:] * (13 / w[n - 7:].sum())
            if np.abs(stop - C128_STOP).sum() <= MAX_CHAR_ERROR and _checksum_ok(values):
                return _code128_text(values[:-1])
    return None


def _checksum_ok(values: list[int]) -> bool:
    if len(values) < 3 or values[0] not in (START_A, START_B, START_C):
        return False
    total = values[0] + sum(i * v for i, v in enumerate(values[1:-1], start=1))
    return total % 103 == values[-1]


def _code128_text(values: list[int]) -> str | None:
    sets = {START_A: "A", START_B: "B", START_C: "C"}
    current, out, shift = sets[values[0]], [], False
    for v in values[1:]:
        active = ("B" if current == "A" else "A") if shift else current
        shift = False
        if v > 105:
            return None
        if active == "C" and v < 100:
            out.append(f"{v:02d}")
        elif v < 96 and active in "AB":
            out.append(chr(v + 32) if active == "B" or v < 64 else chr(v - 64))
        elif v == 98 and active in "AB":
            shift = True
        elif v in (99, 100, 101) and not (active == "B" and v == 100) and not (
                active == "A" and v == 101):
            current = {99: "C", 100: "B", 101: "A"}[v]
        # FNC1–4 carry no text
    return "".join(out)


def _ean_frame_ok(w: np.ndarray) -> bool:
    """Guards of single modules at both ends and in the middle, and digits of 7 modules:
    without this a Code 128 read with merged elements can pass for an EAN-13, whose only
    safeguard is one check digit."""
    module = w.sum() / 95
    guards = np.concatenate([w[:3], w[27:32], w[56:]]) / module
    digits = np.array([w[3 + 4 * i:7 + 4 * i].sum() for i in range(6)]
                      + [w[32 + 4 * i:36 + 4 * i].sum() for i in range(6)]) / module
    return bool(np.all((guards > 0.5) & (guards < 1.7)) and np.all(np.abs(digits - 7) < 1.2))


def decode_ean13(widths: list[float]) -> str | None:
    for run in (widths, widths[::-1]):
        if len(run) != 59:
            continue
        w = np.array(run)
        if not _ean_frame_ok(w):
            continue
        parity, digits = "", []
        for i in range(6):
            group = w[3 + 4 * i:7 + 4 * i]
            dl, el = _nearest(group, EAN_L, 7)
            dg, eg = _nearest(group, EAN_G, 7)
            parity += "L" if el <= eg else "G"
            digits.append(dl if el <= eg else dg)
            if min(el, eg) > MAX_CHAR_ERROR:
                break
        else:
            right = [_nearest(w[32 + 4 * i:36 + 4 * i], EAN_L, 7) for i in range(6)]
            if parity not in EAN_FIRST or any(e > MAX_CHAR_ERROR for _, e in right):
                continue
            text = "".join(map(str, [EAN_FIRST.index(parity), *digits, *(d for d, _ in right)]))
            if ean_ok(text):
                return text
    return None


def _upright(gray: np.ndarray, angle: float) -> np.ndarray:
    """The crop turned so that its bars stand vertical (``angle``: the gradient direction,
    degrees, as the structure tensor gives it)."""
    if abs(angle) > 45:
        gray = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE)
        angle = angle - 90 if angle > 0 else angle + 90
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out: np.ndarray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC,
                                     borderMode=cv2.BORDER_REPLICATE)
    return out


def _bar_rows(gray: np.ndarray) -> tuple[int, int]:
    """The longest run of rows busy with vertical edges: the bars (not their digits)."""
    gx = np.abs(cv2.Sobel(gray.astype(np.float32), cv2.CV_32F, 1, 0))
    energy = cv2.blur(gx.mean(axis=1).reshape(-1, 1), (1, 5)).ravel()
    busy = np.concatenate([[False], energy > 0.5 * energy.max(), [False]])
    starts = np.flatnonzero(~busy[:-1] & busy[1:])
    ends = np.flatnonzero(busy[:-1] & ~busy[1:])
    if len(starts) == 0:
        return 0, 0
    i = int(np.argmax(ends - starts))
    return int(starts[i]), int(ends[i])


def _streak_columns(gray: np.ndarray, top: int, px_per_mm: float) -> np.ndarray:
    """Columns crossed by a thin dark line in the free paper above the bars."""
    above = gray[max(0, top - int(2.5 * px_per_mm)):max(0, top - int(0.5 * px_per_mm))]
    if above.shape[0] < 3:
        return np.zeros(gray.shape[1], bool)
    line = np.median(above.astype(np.float32), axis=0)
    streak = (_filter_row(line, 7, "max") - line) > 12
    return _filter_row(streak.astype(np.float32), 3, "max") > 0


def _profiles(gray: np.ndarray, px_per_mm: float) -> list[np.ndarray]:
    top, bottom = _bar_rows(gray)
    height = bottom - top
    if height < 3 * px_per_mm:
        return []
    core = gray[top + height // 6:bottom - height // 6].astype(np.float32)
    profile = core.mean(axis=0)
    out = [profile]
    streak = _streak_columns(gray, top, px_per_mm)
    if streak.any() and not streak.all():
        # The line was drawn over everything: in a space it is a false bar, in a bar a false
        # space. Which one is unknown, so both readings are tried (the check digit decides).
        for op in ("max", "min"):
            fixed = profile.copy()
            fixed[streak] = _filter_row(profile, 9, op)[streak]
            out.append(fixed)
    return out


def read_linear(gray: np.ndarray, angle: float, px_per_mm: float) -> list[tuple[str, str]]:
    """(type, text) of a Code 128 or EAN-13 read from the averaged profile of a crop."""
    upright = _upright(gray, angle)
    for profile in _profiles(upright, px_per_mm):
        contrast = float(np.percentile(profile, 97) - np.percentile(profile, 3))
        if contrast < 30:
            continue
        for frac in (0.08, 0.15, 0.04):
            widths = element_widths(profile, frac * contrast)
            text = decode_code128(widths)
            if text is not None:
                return [("CODE128", text)]
            text = decode_ean13(widths)
            if text is not None:
                return [("EAN13", text)]
    return []
