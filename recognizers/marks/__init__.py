"""Marks: stamps, signatures and machine-readable codes found on page images.

``find_page_marks`` runs once per page while its image is in memory; ``check_marks`` runs
once per document on the finished card (required signatures, payment code vs card).
"""

from __future__ import annotations

from recognizers.card import Card, CardIssue, Marks
from recognizers.page import Page


def find_page_marks(page: Page) -> Marks:
    """Stamps, signatures and codes on one page (``page.image`` is set; words may be too)."""
    return Marks()


def check_marks(card: Card) -> list[CardIssue]:
    """Document-level issues about marks, once doc_type and fields are known."""
    return []
