"""The Russian dictionary (OpenCorpora's, through pymorphy3): which readings are words."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol


class Dictionary(Protocol):
    def word_is_known(self, word: str) -> bool: ...


@lru_cache(maxsize=1)
def russian_words() -> Dictionary | None:
    """The dictionary, loaded once a process (~0.1 s); None in an installation without it,
    which then reads words as OCR gives them."""
    try:
        import pymorphy3
    except ImportError:
        return None
    analyzer: Dictionary = pymorphy3.MorphAnalyzer()
    return analyzer
