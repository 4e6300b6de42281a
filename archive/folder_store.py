"""The embedded archive: originals as read-only files under a root folder.

The folder enforces the same rules as the S3 bucket, by itself: originals are published
atomically and never overwritten, and a sidecar records how long each must be kept.
"""

from __future__ import annotations

import datetime
import errno
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from archive.errors import ObjectLocked, ObjectNotFound, StoreError, StoreUnavailable
from archive.objectstore import (
    DERIVED_PREFIX,
    HASH_CHUNK,
    ORIGINALS_PREFIX,
    check_integrity,
    effective_retention,
    normalize_sha256,
    original_key,
    sha256_from_key,
    utc_now,
    validate_derived_key,
)

_SIDECAR_SUFFIX = ".retention"
_LOCK_NAME = ".lock"
_TEMP_PREFIX = ".tmp-"


class _Sidecar(NamedTuple):
    retain_until: datetime.date | None
    content_type: str | None


class FolderStore:
    """Originals under ``<root>/originals/ab/cd/<sha>``, derived files under ``<root>/derived``."""

    def __init__(
        self, root: Path | str, *, clock: Callable[[], datetime.datetime] = utc_now
    ) -> None:
        self.root = Path(root).resolve()
        # Injected so that retention expiry can be exercised without waiting for it.
        self._clock = clock

    # -- health -------------------------------------------------------------------------

    def ping(self) -> None:
        try:
            for prefix in (ORIGINALS_PREFIX, DERIVED_PREFIX):
                (self.root / prefix).mkdir(parents=True, exist_ok=True)
            probe = _write_temp(self.root, b"", 0o600)
            probe.unlink()
        except OSError as exc:
            raise StoreUnavailable(
                f"Папка архива {self.root} недоступна для записи: {exc.strerror or exc}"
            ) from exc

    # -- originals ----------------------------------------------------------------------

    def put_original(
        self, data: bytes, *, sha256: str, content_type: str, retain_until: datetime.date
    ) -> str:
        sha = check_integrity(data, sha256)
        key = original_key(sha)
        until = effective_retention(retain_until, self._clock())
        path = self.root / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                # The common duplicate upload: skip writing 100 MB only to throw it away.
                with _dir_lock(path.parent):
                    _extend_retention(path, until, content_type)
                return key
            # Written outside the lock: concurrent writers of different documents in the same
            # shard must not queue behind each other's disk writes.
            tmp = _write_temp(path.parent, data, 0o444)
            try:
                with _dir_lock(path.parent):
                    _publish_original(tmp, path, until, content_type)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError as exc:
            raise _unavailable(exc, path) from exc
        return key

    def get_original(self, sha256: str) -> bytes:
        path = self._original_path(sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise _not_found(sha256) from exc
        except OSError as exc:
            raise _unavailable(exc, path) from exc

    def original_exists(self, sha256: str) -> bool:
        return self._original_path(sha256).is_file()

    def original_retention(self, sha256: str) -> datetime.date | None:
        path = self._original_path(sha256)
        if not path.is_file():
            return None
        try:
            return _read_sidecar(path).retain_until
        except OSError as exc:
            raise _unavailable(exc, path) from exc

    def delete_original(self, sha256: str) -> None:
        path = self._original_path(sha256)
        today = self._clock().astimezone(datetime.UTC).date()
        try:
            with _dir_lock(path.parent):
                if not path.is_file():
                    raise _not_found(sha256)
                until = _read_sidecar(path).retain_until
                if until is None or today <= until:
                    # No readable sidecar means unknown retention: keeping is the safe side.
                    term = f"до {until.isoformat()} включительно" if until else "не определён"
                    raise ObjectLocked(f"Оригинал {path.name} нельзя удалить: срок хранения {term}")
                path.unlink()
                _sidecar(path).unlink(missing_ok=True)
                _fsync_dir(path.parent)
        except FileNotFoundError as exc:
            raise _not_found(sha256) from exc
        except OSError as exc:
            raise _unavailable(exc, path) from exc

    def verify_original(self, sha256: str) -> bool:
        sha = normalize_sha256(sha256)
        path = self._original_path(sha)
        digest = hashlib.sha256()
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(HASH_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError as exc:
            raise _not_found(sha) from exc
        except OSError as exc:
            raise _unavailable(exc, path) from exc
        return digest.hexdigest() == sha

    def iter_originals(self) -> Iterator[str]:
        base = self.root / ORIGINALS_PREFIX
        if not base.is_dir():
            return
        for level1 in _subdirs(base):
            for level2 in _subdirs(level1):
                with os.scandir(level2) as entries:
                    for entry in entries:
                        key = f"{ORIGINALS_PREFIX}{level1.name}/{level2.name}/{entry.name}"
                        sha = sha256_from_key(key)
                        if sha and entry.is_file(follow_symlinks=False):
                            yield sha

    # -- derived ------------------------------------------------------------------------

    def put_derived(self, key: str, data: bytes, content_type: str) -> None:
        path = self._derived_path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _write_temp(path.parent, data, 0o644)
            try:
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
            _fsync_dir(path.parent)
        except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
            raise StoreError(
                f"Ключ {key!r} конфликтует с уже сохранённым производным объектом"
            ) from exc
        except OSError as exc:
            raise _unavailable(exc, path) from exc

    def get_derived(self, key: str) -> bytes:
        path = self._derived_path(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
            raise ObjectNotFound(f"Производный объект {key!r} не найден") from exc
        except OSError as exc:
            raise _unavailable(exc, path) from exc

    # -- paths --------------------------------------------------------------------------

    def _original_path(self, sha256: str) -> Path:
        return self.root / original_key(sha256)

    def _derived_path(self, key: str) -> Path:
        return self.root / DERIVED_PREFIX / validate_derived_key(key)


def _publish_original(tmp: Path, path: Path, until: datetime.date, content_type: str) -> None:
    """Make ``tmp`` the original at ``path`` unless a concurrent writer got there first."""
    if path.exists():
        _extend_retention(path, until, content_type)
        return
    # Sidecar first: an original must never be visible without its retention.
    _write_sidecar(path, until, content_type)
    try:
        # link(), unlike replace(), refuses to clobber: the file is written exactly once
        # even against a writer that does not take our lock.
        os.link(tmp, path)
    except FileExistsError:
        _extend_retention(path, until, content_type)
        return
    _fsync_dir(path.parent)


def _extend_retention(path: Path, until: datetime.date, content_type: str) -> None:
    meta = _read_sidecar(path)
    if meta.retain_until is not None and meta.retain_until >= until:
        return
    _write_sidecar(path, until, meta.content_type or content_type)


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + _SIDECAR_SUFFIX)


def _read_sidecar(path: Path) -> _Sidecar:
    """Parsed sidecar; an absent or damaged one reads as "no known retention"."""
    try:
        raw = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        until = datetime.date.fromisoformat(raw["retain_until"])
        content_type = raw.get("content_type")
    except (FileNotFoundError, ValueError, KeyError, TypeError, AttributeError):
        return _Sidecar(None, None)
    return _Sidecar(until, content_type if isinstance(content_type, str) else None)


def _write_sidecar(path: Path, until: datetime.date, content_type: str | None) -> None:
    body = {
        "retain_until": until.isoformat(),
        "mode": "COMPLIANCE",
        "content_type": content_type,
        "updated_at": utc_now().isoformat(timespec="seconds"),
    }
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    tmp = _write_temp(path.parent, payload, 0o444)
    try:
        os.replace(tmp, _sidecar(path))
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _write_temp(directory: Path, data: bytes, mode: int) -> Path:
    """A durable temp file in ``directory`` (same filesystem, so link/replace are atomic)."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=_TEMP_PREFIX)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _dir_lock(directory: Path) -> Iterator[None]:
    """Exclusive lock on one shard folder, across threads and processes (flock)."""
    fd = os.open(directory / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _subdirs(path: Path) -> list[Path]:
    with os.scandir(path) as entries:
        return [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]


def _not_found(sha256: str) -> ObjectNotFound:
    return ObjectNotFound(f"Оригинал {sha256} в архиве не найден")


def _unavailable(exc: OSError, path: Path) -> StoreError:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StoreError(f"Нет доступа к файлу архива {path}: {exc.strerror}")
    return StoreUnavailable(f"Ошибка файловой системы архива ({path}): {exc.strerror or exc}")
