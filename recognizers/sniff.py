"""Tell a file's type from its bytes, never from its name."""

from __future__ import annotations

from typing import Literal

FileKind = Literal["pdf", "jpeg", "png", "tiff"]

CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "tiff": "image/tiff",
}


def sniff(head: bytes) -> FileKind | None:
    """Return the kind of file these leading bytes start, or None for anything we do not take."""
    # PDF readers accept the header anywhere in the first KiB; so do we.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    return None
