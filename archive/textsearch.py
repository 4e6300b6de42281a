"""Text helpers for full-text search: normalisation, Russian stemming, snippets.

PostgreSQL stems with its own snowball ``russian`` dictionary; SQLite has none, so the
embedded store is fed tokens stemmed here with the same snowball algorithm (snowballstemmer),
and the query is stemmed the same way: "накладная" and "накладной" both become "накладн".
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
SNIPPET_WORDS = 12


def normalize(text: str) -> str:
    # PostgreSQL's russian dictionary and the snowball stemmer treat ё and е differently;
    # documents spell them inconsistently, so both sides see е only.
    return text.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1)
def _stemmers() -> tuple[snowballstemmer.stemmer, snowballstemmer.stemmer]:
    return snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(normalize(text).lower())


def stem(word: str) -> str:
    russian, english = _stemmers()
    if re.search("[а-я]", word):
        return str(russian.stemWord(word))
    if word.isdigit():
        return word
    return str(english.stemWord(word))


@lru_cache(maxsize=65536)
def _stem_cached(word: str) -> str:
    return stem(word)


def stems(text: str) -> str:
    """The text as a line of stems, for the SQLite FTS5 index."""
    return " ".join(_stem_cached(w) for w in words(text))


def query_stems(query: str) -> list[str]:
    seen: list[str] = []
    for word in words(query):
        value = _stem_cached(word)
        if value not in seen:
            seen.append(value)
    return seen


def fts5_query(query: str) -> str | None:
    """All stems of the query, each quoted (FTS5 syntax is never taken from the user)."""
    found = query_stems(query)
    if not found:
        return None
    return " AND ".join(f'"{s}"' for s in found)


def snippet(text: str, query: str, width: int = SNIPPET_WORDS) -> str:
    """Words around the first match, matched words marked «<b>…</b>» like ts_headline does."""
    wanted = set(query_stems(query))
    tokens = re.findall(r"\S+", text or "")
    hits = [
        i for i, token in enumerate(tokens) if any(_stem_cached(w) in wanted for w in words(token))
    ]
    if not tokens:
        return ""
    start = max(0, (hits[0] if hits else 0) - width // 3)
    window = tokens[start : start + width]
    marked = [
        f"<b>{tok}</b>" if any(_stem_cached(w) in wanted for w in words(tok)) else tok
        for tok in window
    ]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(tokens) else ""
    return prefix + " ".join(marked) + suffix
