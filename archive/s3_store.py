"""The archive in an S3 bucket with Object Lock (MinIO in production, SeaweedFS in tests).

The bucket, not this client, is what makes originals immutable: every original is written with
COMPLIANCE retention, which nobody (root included) can shorten or bypass. Versioning, which
Object Lock requires, also lets any client with write access PUT a new version over a key; so
an original is always read from the *first* version of its key, never from the latest.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from minio import Minio
from minio.commonconfig import COMPLIANCE
from minio.datatypes import Object
from minio.error import S3Error
from minio.helpers import DictType
from minio.retention import Retention

from archive.errors import ObjectNotFound, StoreError
from archive.objectstore import (
    DERIVED_PREFIX,
    HASH_CHUNK,
    ORIGINALS_PREFIX,
    check_integrity,
    effective_retention,
    end_of_day_utc,
    normalize_sha256,
    original_key,
    sha256_from_key,
    utc_now,
    validate_derived_key,
)
from archive.s3_connection import http_pool, split_scheme
from archive.s3_errors import translated
from ecm.settings import Settings

log = logging.getLogger(__name__)

_NO_RETENTION = {"NoSuchObjectLockConfiguration", "ObjectLockConfigurationNotFoundError"}
_BUCKET_EXISTS = {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}
_MIN_PART = 5 * 1024 * 1024
_MAX_SINGLE_PUT = 5 * 1024 * 1024 * 1024
# A lock ending within this margin could expire in flight and be rejected as "in the past".
_LOCK_MARGIN = datetime.timedelta(minutes=5)


class S3Store:
    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        *,
        secure: bool = False,
        region: str = "us-east-1",
        connect_timeout: float = 3.0,
        read_timeout: float = 8.0,
        transfer_timeout: float = 120.0,
        retries: int = 2,
        clock: Callable[[], datetime.datetime] = utc_now,
    ) -> None:
        endpoint, secure = split_scheme(endpoint, secure)
        self.endpoint = endpoint
        self.bucket = bucket
        self._region = region
        self._clock = clock

        # The SDK default (5 min timeouts, 5 retries) reports a dead S3 after minutes; an
        # archive that is down must surface within seconds so the task can be retried later.
        # Metadata calls get a short read timeout, so a hung server is noticed quickly too;
        # only the calls that move document bytes may wait long for the server.
        client = functools.partial(
            Minio,
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region,
        )
        self._client = client(http_client=http_pool(connect_timeout, read_timeout, retries))
        self._bulk = client(http_client=http_pool(connect_timeout, transfer_timeout, retries))
        self._ready = False
        self._ready_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Store:
        if not (settings.s3_endpoint and settings.s3_access_key and settings.s3_secret_key):
            raise StoreError(
                "S3 не настроен: нужны ECM_S3_ENDPOINT, ECM_S3_ACCESS_KEY и ECM_S3_SECRET_KEY"
            )
        return cls(
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_bucket,
            secure=settings.s3_secure,
            region=settings.s3_region,
        )

    # -- health -------------------------------------------------------------------------

    def ping(self) -> None:
        self._ensure_bucket()
        with self._errors("проверка доступности"):
            if not self._client.bucket_exists(self.bucket):
                self._ready = False
                raise StoreError(f"Бакет архива {self.bucket} исчез с сервера {self.endpoint}")

    # -- originals ----------------------------------------------------------------------

    def put_original(
        self, data: bytes, *, sha256: str, content_type: str, retain_until: datetime.date
    ) -> str:
        sha = check_integrity(data, sha256)
        key = original_key(sha)
        until = effective_retention(retain_until, self._clock())
        self._ensure_bucket()
        with self._errors(f"сохранение оригинала {sha}"):
            first = self._first_version(key)
            if first is not None:
                self._extend_retention(key, _version_id(first), until)
                return key
            retention = Retention(COMPLIANCE, self._lock_until(until))
            version_id = self._put(key, data, content_type, {"sha256": sha}, retention)
        # The log keeps the version written first, for an audit against listing-based lookup.
        log.info("original stored: key=%s version=%s until=%s", key, version_id, until)
        return key

    def get_original(self, sha256: str) -> bytes:
        key = original_key(sha256)
        self._ensure_bucket()
        with self._errors(f"чтение оригинала {sha256}"):
            return self._read(key, _version_id(self._require_first(key, sha256)))

    def original_exists(self, sha256: str) -> bool:
        key = original_key(sha256)
        self._ensure_bucket()
        with self._errors(f"проверка оригинала {sha256}"):
            return self._first_version(key) is not None

    def original_retention(self, sha256: str) -> datetime.date | None:
        key = original_key(sha256)
        self._ensure_bucket()
        with self._errors(f"чтение срока хранения {sha256}"):
            first = self._first_version(key)
            if first is None:
                return None
            current = self._retention(key, _version_id(first))
        return current.astimezone(datetime.UTC).date() if current else None

    def delete_original(self, sha256: str) -> None:
        key = original_key(sha256)
        self._ensure_bucket()
        with self._errors(f"удаление оригинала {sha256}"):
            versions = self._versions(key)
        first = _oldest(versions)
        if first is None:
            raise ObjectNotFound(f"Оригинал {sha256} в архиве не найден")
        # Only a refused removal means "locked"; a refused listing is a permissions problem.
        with self._errors(f"удаление оригинала {sha256}", denied_means_locked=True):
            # Foreign versions and delete markers go first: were the original removed and
            # one of them refused, that version would be served as the original from then on.
            for version in versions:
                if version.version_id != first.version_id:
                    self._client.remove_object(self.bucket, key, version_id=version.version_id)
            self._client.remove_object(self.bucket, key, version_id=_version_id(first))

    def verify_original(self, sha256: str) -> bool:
        sha = normalize_sha256(sha256)
        key = original_key(sha)
        self._ensure_bucket()
        digest = hashlib.sha256()
        with self._errors(f"проверка целостности {sha}"):
            version_id = _version_id(self._require_first(key, sha))
            self._read(key, version_id, digest.update)
        return digest.hexdigest() == sha

    def iter_originals(self) -> Iterator[str]:
        self._ensure_bucket()
        last: str | None = None
        with self._errors("перечисление оригиналов"):
            # Versions are listed, not objects: a delete marker on top must not hide an
            # original from `ecm verify`. All versions of a key come together, in key order.
            listing = self._client.list_objects(
                self.bucket, prefix=ORIGINALS_PREFIX, recursive=True, include_version=True
            )
            for item in listing:
                name = item.object_name or ""
                if item.is_delete_marker or name == last:
                    continue
                sha = sha256_from_key(name)
                if sha is not None:
                    last = name
                    yield sha

    # -- derived ------------------------------------------------------------------------

    def put_derived(self, key: str, data: bytes, content_type: str) -> None:
        name = DERIVED_PREFIX + validate_derived_key(key)
        self._ensure_bucket()
        with self._errors(f"сохранение производного объекта {key}"):
            kept = self._put(name, data, content_type)
            # The bucket is versioned (Object Lock needs it), but a derived object is
            # rebuildable and carries no lock: older versions would only pile up with each
            # reprocessing, so they go.
            for version in self._versions(name):
                if version.version_id not in (None, kept):
                    self._client.remove_object(self.bucket, name, version_id=version.version_id)

    def get_derived(self, key: str) -> bytes:
        name = DERIVED_PREFIX + validate_derived_key(key)
        self._ensure_bucket()
        with self._errors(f"чтение производного объекта {key}"):
            return self._read(name)

    # -- internals ----------------------------------------------------------------------

    def _ensure_bucket(self) -> None:
        if self._ready:
            return
        with self._ready_lock:
            if self._ready:
                return
            with self._errors(f"подготовка бакета {self.bucket}"):
                if not self._client.bucket_exists(self.bucket):
                    self._make_bucket()
                self._require_object_lock()
            self._ready = True

    def _make_bucket(self) -> None:
        try:
            self._client.make_bucket(self.bucket, location=self._region, object_lock=True)
            log.info("archive bucket created with object lock: %s", self.bucket)
        except S3Error as exc:
            # Another process created it a moment ago; its lock is checked next anyway.
            if exc.code not in _BUCKET_EXISTS:
                raise

    def _require_object_lock(self) -> None:
        try:
            self._client.get_object_lock_config(self.bucket)
        except S3Error as exc:
            if exc.code not in _NO_RETENTION:
                raise
            raise StoreError(
                f"Бакет {self.bucket} на {self.endpoint} создан без блокировки объектов "
                "(Object Lock): оригиналы в нём не защищены от удаления и перезаписи. "
                "Создайте бакет с Object Lock или укажите другой в ECM_S3_BUCKET."
            ) from exc

    def _put(
        self,
        name: str,
        data: bytes,
        content_type: str,
        metadata: DictType | None = None,
        retention: Retention | None = None,
    ) -> str | None:
        # One PUT, not multipart: retention then applies atomically to the whole object
        # and a failed upload leaves no half-assembled parts behind.
        result = self._bulk.put_object(
            self.bucket,
            name,
            io.BytesIO(data),
            len(data),
            content_type=content_type or "application/octet-stream",
            metadata=metadata,
            part_size=min(max(len(data), _MIN_PART), _MAX_SINGLE_PUT),
            retention=retention,
        )
        return result.version_id

    def _read(
        self,
        name: str,
        version_id: str | None = None,
        sink: Callable[[bytes], object] | None = None,
    ) -> bytes:
        """The object's bytes, or, with ``sink``, stream them there and return nothing."""
        response = self._bulk.get_object(self.bucket, name, version_id=version_id)
        try:
            if sink is None:
                return response.read()
            for chunk in response.stream(HASH_CHUNK):
                sink(chunk)
            return b""
        finally:
            response.close()
            response.release_conn()

    def _versions(self, key: str) -> list[Object]:
        listing = self._client.list_objects(self.bucket, prefix=key, include_version=True)
        return [item for item in listing if item.object_name == key]

    def _first_version(self, key: str) -> Object | None:
        return _oldest(self._versions(key))

    def _require_first(self, key: str, sha256: str) -> Object:
        first = self._first_version(key)
        if first is None:
            raise ObjectNotFound(f"Оригинал {sha256} в архиве не найден")
        return first

    def _retention(self, key: str, version_id: str) -> datetime.datetime | None:
        try:
            retention = self._client.get_object_retention(self.bucket, key, version_id=version_id)
        except S3Error as exc:
            if exc.code in _NO_RETENTION:
                return None
            raise
        return retention.retain_until_date if retention else None

    def _extend_retention(self, key: str, version_id: str, until: datetime.date) -> None:
        current = self._retention(key, version_id)
        if current is not None and current.astimezone(datetime.UTC).date() >= until:
            return
        self._client.set_object_retention(
            self.bucket, key, Retention(COMPLIANCE, self._lock_until(until)), version_id=version_id
        )
        log.info("retention extended: key=%s version=%s until=%s", key, version_id, until)

    def _lock_until(self, until: datetime.date) -> datetime.datetime:
        moment = end_of_day_utc(until)
        if moment - self._clock() < _LOCK_MARGIN:
            moment += datetime.timedelta(days=1)
        return moment

    @contextmanager
    def _errors(self, action: str, *, denied_means_locked: bool = False) -> Iterator[None]:
        """Translate SDK and network failures into the archive's errors."""
        try:
            with translated(self.endpoint, self.bucket, action,
                            denied_means_locked=denied_means_locked):
                yield
        except StoreError as exc:
            if isinstance(exc.__cause__, S3Error) and exc.__cause__.code == "NoSuchBucket":
                self._ready = False  # made again on the next call
            raise


def _oldest(versions: list[Object]) -> Object | None:
    """The first-written data version: earliest LastModified, ties broken by listing order.

    LastModified has one-second resolution on some servers; within a key S3 lists versions
    newest first, so of equal timestamps the one listed later is the older.
    """
    best: tuple[datetime.datetime, int] | None = None
    chosen: Object | None = None
    for index, version in enumerate(versions):
        if version.is_delete_marker or not version.version_id:
            continue
        stamp = version.last_modified or datetime.datetime.max.replace(tzinfo=datetime.UTC)
        rank = (stamp, -index)
        if best is None or rank < best:
            best, chosen = rank, version
    return chosen


def _version_id(version: Object) -> str:
    if not version.version_id:
        raise StoreError("S3 вернул объект без идентификатора версии: версионирование выключено?")
    return version.version_id


