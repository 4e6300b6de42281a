"""Recognition of one file's bytes into a document card: no storage, no side effects."""

from __future__ import annotations

from pathlib import Path

from recognizers.card import Card


def recognize_bytes(data: bytes, file: str) -> Card:
    """Recognize a document given as bytes; ``file`` is echoed into the card."""
    raise NotImplementedError  # filled in by the pipeline work (issue 2)


def recognize_file(path: Path) -> Card:
    """Recognize the file at ``path``; the card's ``file`` is the path as given."""
    return recognize_bytes(path.read_bytes(), str(path))
