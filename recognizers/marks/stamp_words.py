"""Words that office stamps say and printed boxes do not: on grey pages they tell a stamp
squared to the page from a box of the form."""

from __future__ import annotations

import re

# Titles of office stamps of Russian accounting and records offices.
STAMP_WORDS = (
    "ПОЛУЧЕНО", "ПРИНЯТО", "ОПЛАЧЕНО", "КОПИЯ", "ВЕРНА", "ВХОДЯЩИЙ", "ИСХОДЯЩИЙ",
    "ЗАРЕГИСТРИРОВАНО", "ПРОВЕДЕНО", "СОГЛАСОВАНО", "УТВЕРЖДАЮ", "ОРИГИНАЛ", "ДУБЛИКАТ",
    "ПРОВЕРЕНО", "ИСПОЛНЕНО", "ОТГРУЖЕНО", "ПОГАШЕНО", "АННУЛИРОВАНО", "БУХГАЛТЕРИЯ",
    "КАНЦЕЛЯРИЯ",
)
# OCR of Cyrillic capitals often gives Latin twins.
_LATIN = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_INCOMING = re.compile(r"ВХ\W{0,3}[№N]")


def _near(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def says_stamp(text: str | None) -> bool:
    """Whether ``text`` (OCR of a frame's inside) has an office stamp's word: one misread
    letter is forgiven in words of six letters or more."""
    if not text:
        return False
    upper = text.upper().translate(_LATIN).replace("Ё", "Е")
    if _INCOMING.search(upper):
        return True
    for token in re.findall(r"[А-Я]{4,}", upper):
        limit = 1 if len(token) >= 6 else 0
        if any(_near(token, word, limit) for word in STAMP_WORDS):
            return True
    return False
