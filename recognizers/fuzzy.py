"""Approximate matching of printed phrases in OCR text: a few letters misread, dropped or
doubled must not hide a form's marker ("ИННИКПП продавца", "Документ 06 отгрузке").

Pure Python without a fuzzy-matching dependency: a phrase with k errors keeps one of its k+1
pieces intact (pigeonhole), so exact ``str.find`` of the pieces finds the few places worth an
edit-distance check.
"""

from __future__ import annotations

# Candidate places checked per piece: a piece found more often is too common to help.
MAX_HITS = 40


def distance_in(pattern: str, window: str) -> int:
    """Fewest edits turning ``pattern`` into some substring of ``window`` (Sellers)."""
    prev = [0] * (len(window) + 1)
    for i, p in enumerate(pattern, 1):
        cur = [i] + [0] * len(window)
        for j, t in enumerate(window, 1):
            cur[j] = min(prev[j - 1] + (p != t), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return min(prev)


def distance(a: str, b: str) -> int:
    """Levenshtein distance of two short strings."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j - 1] + (x != y), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return prev[-1]


def contains(text: str, phrase: str, errors: int) -> bool:
    """Whether ``phrase`` occurs in ``text`` with at most ``errors`` edits."""
    if phrase in text:
        return True
    if errors <= 0 or len(phrase) < 2 * (errors + 1):
        return False
    size = len(phrase) // (errors + 1)
    for k in range(errors + 1):
        start = k * size
        piece = phrase[start:start + size] if k < errors else phrase[start:]
        at = text.find(piece)
        hits = 0
        while at >= 0 and hits < MAX_HITS:
            lo = max(0, at - start - errors)
            window = text[lo:at - start + len(phrase) + errors]
            if distance_in(phrase, window) <= errors:
                return True
            at = text.find(piece, at + 1)
            hits += 1
    return False
