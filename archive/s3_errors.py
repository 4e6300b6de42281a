"""S3 SDK and network failures as the archive's errors, with messages for operators."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import urllib3
from minio.error import InvalidResponseError, S3Error, ServerError

from archive.errors import ObjectLocked, ObjectNotFound, StoreError, StoreUnavailable

_NOT_FOUND = {"NoSuchKey", "NoSuchVersion", "NoSuchObject"}
_TRANSIENT = {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout"}


@contextmanager
def translated(endpoint: str, bucket: str, action: str, *, denied_means_locked: bool = False
               ) -> Iterator[None]:
    """Raise the archive's error for a failure of ``action`` on ``bucket`` at ``endpoint``."""
    try:
        yield
    except S3Error as exc:
        raise s3_error(exc, endpoint, bucket, action, denied_means_locked) from exc
    except (ServerError, InvalidResponseError) as exc:
        raise StoreUnavailable(f"S3 {endpoint} ответил ошибкой ({action}): {exc}") from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise StoreUnavailable(
            f"S3 {endpoint} недоступен ({action}): {type(exc).__name__}"
        ) from exc


def s3_error(exc: S3Error, endpoint: str, bucket: str, action: str,
             denied_means_locked: bool) -> StoreError:
    code = exc.code or ""
    status = exc.response.status if exc.response is not None else 0
    if code in _NOT_FOUND:
        return ObjectNotFound(f"Объект не найден ({action})")
    if status >= 500 or code in _TRANSIENT:
        return StoreUnavailable(f"S3 {endpoint} временно не отвечает ({action}): {code}")
    if code == "AccessDenied" and denied_means_locked:
        return ObjectLocked(f"Удаление запрещено сервером: срок хранения не истёк ({action})")
    if code == "NoSuchBucket":
        return StoreError(f"Бакет архива {bucket} не найден ({action})")
    if code in {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
        return StoreError(
            f"S3 {endpoint} отказал в доступе ({action}): {code}; "
            "проверьте ECM_S3_ACCESS_KEY и ECM_S3_SECRET_KEY"
        )
    return StoreError(f"Ошибка S3 ({action}): {code} {exc.message or ''}".rstrip())
