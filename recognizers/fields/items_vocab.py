"""A goods name's word OCR misread by one look-alike letter, set right by the same word printed
elsewhere in the document.

Tesseract reads Б as В or Latin B ("Вумага" for Бумага) and д as g ("Boga" for Вода) with a
confidence near 1, and no rule on the word alone can tell Б from В. The document often prints the
word again, in another row or in its text, and reads it right there: a word whose letters are,
one by one, the same or OCR look-alikes of exactly one word the document prints more often than
the reading itself is that word. No dictionary is used: nothing is guessed beyond the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# For a letter as read (case folded): the Cyrillic letters it may stand for.
_READ_AS = {
    "b": "вб", "в": "б", "б": "в", "g": "д", "n": "пл", "п": "л", "л": "п", "r": "гт", "m": "мт",
    "u": "и", "y": "у", "o": "о", "a": "а", "c": "с", "e": "е", "p": "р", "x": "х", "k": "к",
    "h": "н", "t": "т", "3": "з", "6": "б", "0": "о", "ё": "е", "е": "ё",
}
_WORD = re.compile(r"^[«\"(]*([A-Za-zА-Яа-яЁё036]{4,})([»\",.;:)]*)$")
_CYRILLIC_WORD = re.compile(r"^[а-яё]{4,}$")


def document_words(texts: Iterable[str]) -> Counter[str]:
    """How often each Cyrillic word of four letters or more is printed, case folded."""
    out: Counter[str] = Counter()
    for text in texts:
        match = _WORD.match(text)
        word = match.group(1).casefold() if match else ""
        if _CYRILLIC_WORD.match(word):
            out[word] += 1
    return out


def mend_by_document(name: str, seen: Counter[str]) -> str:
    """``name`` with each word the document does not print elsewhere set to the one printed
    word it is a look-alike reading of, if there is just one."""
    words = name.split(" ")
    for i, word in enumerate(words):
        match = _WORD.match(word)
        if match is None:
            continue
        core, trail = match.group(1), match.group(2)
        folded = core.casefold()
        # The word printed more often than the reading: a tie may be either way round.
        hits = [w for w, n in seen.items() if len(w) == len(folded) and n > seen[folded]
                and w != folded and _reads_as(folded, w)]
        if len(hits) == 1:
            lead = word[:len(word) - len(core) - len(trail)]
            fixed = hits[0].capitalize() if core[0].isupper() else hits[0]
            words[i] = lead + fixed + trail
    return " ".join(words)


def _reads_as(read: str, printed: str) -> bool:
    return all(a == b or b in _READ_AS.get(a, "") for a, b in zip(read, printed, strict=True))
