"""Errors a recognizer raises for input it cannot take; messages are for the user (Russian)."""

from __future__ import annotations


class BadDocument(ValueError):
    """The file itself is unusable: empty, corrupt, encrypted, of an unknown type, too large."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
