"""Field extraction: the card's eleven fields, line items and their checks, from page words.

Entry point ``extract_fields``; the pipeline calls it once per document after classification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from recognizers.card import CardIssue, Fields, LineItem
from recognizers.page import Page


@dataclass
class FieldsResult:
    fields: Fields = field(default_factory=Fields)
    field_confidence: dict[str, float] = field(default_factory=dict)
    line_items: list[LineItem] = field(default_factory=list)
    issues: list[CardIssue] = field(default_factory=list)


def extract_fields(pages: Sequence[Page], doc_type: str, upd_status: int | None) -> FieldsResult:
    """Read the fields of a classified document from its pages' words (images are gone)."""
    return FieldsResult()
