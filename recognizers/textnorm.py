"""Text normalisation shared by recognizers: case, ё, look-alike Latin letters, spacing."""

from __future__ import annotations

import re

# OCR and some PDF generators mix Latin look-alikes into Cyrillic words.
_LATIN_TO_CYRILLIC = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "m": "м",
        "t": "т",
        "h": "н",
        "b": "в",
        "ё": "е",
        "№": "n",
    }
)
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[‐‑‒–—―]")


def fold(text: str) -> str:
    """Lower-case, ё→е, Latin look-alikes → Cyrillic, dashes unified, spaces folded."""
    text = _DASHES.sub("-", text.lower()).translate(_LATIN_TO_CYRILLIC)
    return _SPACES.sub(" ", text).strip()


def squash(text: str) -> str:
    """``fold`` and then drop everything but letters and digits: robust substring matching."""
    return re.sub(r"[^0-9а-яa-z]", "", fold(text))


_KEEP_LENGTH = str.maketrans({**{k: v for k, v in zip("aceopxykmthbё", "асеорхукмтнве",
                                                      strict=True)}, "‐": "-", "‑": "-",
                              "‒": "-", "–": "-", "—": "-", "―": "-"})


def fold_keep(text: str) -> str:
    """Like ``fold`` but one character for one, so positions map back to the original text."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer
        lowered = "".join(c.lower()[0] for c in text)
    return lowered.translate(_KEEP_LENGTH)
