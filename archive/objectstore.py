"""The archive's object store: the contract every backend keeps, and the factory.

Originals (the documents as received) are content-addressed, written once and kept under
retention until the end of their ``retain_until`` day (UTC); derived artefacts (previews, OCR
text, exports) live under ``derived/`` and may be replaced at will.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from archive.errors import IntegrityError

if TYPE_CHECKING:
    from ecm.settings import Settings

ORIGINALS_PREFIX = "originals/"
DERIVED_PREFIX = "derived/"

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_DERIVED_KEY_RE = re.compile(r"^[A-Za-z0-9._/-]+$")
_MAX_DERIVED_KEY = 512
# Read originals in chunks when verifying so that a 100 MB scan never sits in memory twice.
HASH_CHUNK = 1024 * 1024


@runtime_checkable
class ObjectStore(Protocol):
    def ping(self) -> None:
        """Raise StoreUnavailable (StoreError if misconfigured) when the store is unusable."""

    def put_original(
        self, data: bytes, *, sha256: str, content_type: str, retain_until: datetime.date
    ) -> str:
        """Store an original under ``originals/<sha[:2]>/<sha[2:4]>/<sha>``; return the key.

        Raises IntegrityError if ``data`` does not hash to ``sha256``. Written once: an existing
        original is never rewritten, only its retention is extended when ``retain_until`` is
        later. Retention is compliance-grade until the end of ``retain_until`` (UTC); a date
        already in the past is clamped to today, because nothing can be locked retroactively.
        """

    def get_original(self, sha256: str) -> bytes:
        """The bytes first stored under ``sha256``; ObjectNotFound if there are none."""

    def original_exists(self, sha256: str) -> bool: ...

    def original_retention(self, sha256: str) -> datetime.date | None:
        """Last UTC day the original is locked; None if it does not exist or carries no lock."""

    def delete_original(self, sha256: str) -> None:
        """Delete after retention expiry; ObjectLocked before; ObjectNotFound if absent."""

    def verify_original(self, sha256: str) -> bool:
        """Re-hash the stored original (the first stored version); ObjectNotFound if absent."""

    def put_derived(self, key: str, data: bytes, content_type: str) -> None:
        """Store (or replace) ``derived/<key>``; ValueError for an unsafe key."""

    def get_derived(self, key: str) -> bytes:
        """Bytes of ``derived/<key>``; ObjectNotFound; ValueError for an unsafe key."""

    def iter_originals(self) -> Iterator[str]:
        """The sha256 of every stored original, in no particular order."""


def open_store(settings: Settings) -> ObjectStore:
    """S3 (MinIO) when it is configured, else the folder archive under ``data_dir``."""
    # Imported here so that the folder-only deployment never needs the S3 client loaded.
    if settings.uses_s3:
        from archive.s3_store import S3Store

        return S3Store.from_settings(settings)
    from archive.folder_store import FolderStore

    return FolderStore(settings.archive_dir)


def normalize_sha256(sha256: str) -> str:
    """Canonical lower-case hex digest; ValueError otherwise (it becomes part of a path)."""
    value = sha256.strip().lower() if isinstance(sha256, str) else ""
    if not _SHA256_RE.match(value):
        raise ValueError(f"Некорректная контрольная сумма SHA-256: {sha256!r}")
    return value


def original_key(sha256: str) -> str:
    sha = normalize_sha256(sha256)
    return f"{ORIGINALS_PREFIX}{sha[:2]}/{sha[2:4]}/{sha}"


def sha256_from_key(key: str) -> str | None:
    """The sha256 an ``originals/`` key belongs to, or None for anything else found there."""
    parts = key.split("/")
    if len(parts) != 4 or f"{parts[0]}/" != ORIGINALS_PREFIX:
        return None
    sha = parts[3]
    if not _SHA256_RE.match(sha) or parts[1] != sha[:2] or parts[2] != sha[2:4]:
        return None
    return sha


def validate_derived_key(key: str) -> str:
    """Return ``key`` if it is a safe relative key below ``derived/``; ValueError otherwise."""
    if not isinstance(key, str) or not key or len(key) > _MAX_DERIVED_KEY:
        raise ValueError(f"Недопустимый ключ производного объекта: {key!r}")
    if not _DERIVED_KEY_RE.match(key) or key.startswith("/") or key.endswith("/"):
        raise ValueError(f"Недопустимый ключ производного объекта: {key!r}")
    if any(part in ("", ".", "..") for part in key.split("/")):
        raise ValueError(f"Недопустимый ключ производного объекта: {key!r}")
    return key


def check_integrity(data: bytes, sha256: str) -> str:
    """Normalized sha256 if ``data`` hashes to it; IntegrityError otherwise."""
    expected = normalize_sha256(sha256)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise IntegrityError(
            f"Содержимое не совпадает с контрольной суммой: ожидалась {expected}, получена {actual}"
        )
    return expected


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def effective_retention(retain_until: datetime.date, now: datetime.datetime) -> datetime.date:
    """``retain_until`` clamped to today (UTC): a lock that ended in the past cannot be set."""
    if not isinstance(retain_until, datetime.date):
        raise TypeError("retain_until должен быть датой")
    if isinstance(retain_until, datetime.datetime):
        retain_until = retain_until.date()
    return max(retain_until, now.astimezone(datetime.UTC).date())


def end_of_day_utc(day: datetime.date) -> datetime.datetime:
    """The last second of ``day`` in UTC: the moment a lock for that day ends."""
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=datetime.UTC)
