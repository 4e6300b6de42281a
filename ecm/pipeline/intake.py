"""Intake: check a batch of incoming files, store the originals, register them, hand them on.

The same path serves the upload API and ``ecm ingest``. A batch is all or nothing: every
file is checked before anything is stored, so a bad file never leaves its siblings half-done.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from archive.db import Database
from archive.documents import NewDocument, create_document, find_by_sha256
from archive.objectstore import ObjectStore
from ecm.settings import Settings
from recognizers.errors import BadDocument
from recognizers.inspect import FileInfo, inspect_file

log = logging.getLogger(__name__)

MAX_FILENAME = 255


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    data: bytes
    # Set when the file was larger than the limit and its bytes were not read at all.
    oversize: bool = False


@dataclass(frozen=True)
class FileRejection:
    filename: str
    code: str
    message: str


class BatchRejected(Exception):
    """One or more files of a batch cannot be accepted; nothing of the batch was stored."""

    def __init__(self, rejections: list[FileRejection]) -> None:
        super().__init__("; ".join(f"{r.filename}: {r.message}" for r in rejections))
        self.rejections = rejections


@dataclass(frozen=True)
class Accepted:
    id: str
    filename: str
    sha256: str
    size_bytes: int
    pages: int
    duplicate_of: str | None
    status: str


Dispatch = Callable[[str, int], None]


def check_filename(name: str) -> str:
    """Return the name to keep, or raise BadDocument for a name no file should have."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        return "document"
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise BadDocument("bad_filename", "Имя файла содержит управляющие символы.")
    if "/" in name or "\\" in name or name in (".", "..") or ".." in name.split("."):
        raise BadDocument("bad_filename", "Имя файла не должно содержать путь или «..».")
    if len(name) > MAX_FILENAME:
        raise BadDocument("bad_filename", f"Имя файла длиннее {MAX_FILENAME} символов.")
    return name


def check_file(item: IncomingFile, settings: Settings) -> FileInfo:
    check_filename(item.filename)
    if item.oversize or len(item.data) > settings.max_upload_bytes:
        raise BadDocument(
            "too_large", f"Файл больше допустимого размера {settings.max_upload_mb} МБ."
        )
    return inspect_file(
        item.data, max_pixels=settings.max_image_pixels, max_pages=settings.max_pages
    )


def retention_until(settings: Settings, today: date | None = None) -> date:
    """Provisional lock for a new original: the statutory minimum from the end of this year.

    The journal extends it once the document is registered to a case with a longer term.
    """
    year = (today or date.today()).year + settings.default_retention_years
    return date(year, 12, 31)


def accept_batch(
    files: Sequence[IncomingFile],
    *,
    settings: Settings,
    store: ObjectStore,
    db: Database,
    dispatch: Dispatch | None,
    source: str,
    actor: str,
) -> list[Accepted]:
    """Check all, store all originals, register all in one transaction, then dispatch each."""
    infos: list[FileInfo] = []
    rejections: list[FileRejection] = []
    for item in files:
        try:
            infos.append(check_file(item, settings))
        except BadDocument as exc:
            rejections.append(FileRejection(item.filename, exc.code, exc.message))
    if rejections:
        raise BatchRejected(rejections)
    hashes = [hashlib.sha256(item.data).hexdigest() for item in files]
    until = retention_until(settings)
    for item, info, sha in zip(files, infos, hashes, strict=True):
        store.put_original(
            item.data, sha256=sha, content_type=info.content_type, retain_until=until
        )
    accepted = _register(files, infos, hashes, db=db, source=source, actor=actor)
    if dispatch is not None:
        for doc in accepted:
            _dispatch_safely(dispatch, doc)
    return accepted


def _register(
    files: Sequence[IncomingFile],
    infos: Sequence[FileInfo],
    hashes: Sequence[str],
    *,
    db: Database,
    source: str,
    actor: str,
) -> list[Accepted]:
    accepted: list[Accepted] = []
    with db.session() as session:
        for item, info, sha in zip(files, infos, hashes, strict=True):
            earlier = find_by_sha256(session, sha)
            doc = create_document(
                session,
                NewDocument(
                    sha256=sha,
                    filename=check_filename(item.filename),
                    content_type=info.content_type,
                    size_bytes=len(item.data),
                    pages=info.pages,
                    source=source,
                    uploaded_by=actor,
                ),
            )
            accepted.append(
                Accepted(
                    id=doc.id,
                    filename=doc.filename,
                    sha256=sha,
                    size_bytes=doc.size_bytes,
                    pages=doc.pages,
                    duplicate_of=earlier.id if earlier else None,
                    status=doc.status,
                )
            )
    return accepted


def _dispatch_safely(dispatch: Dispatch, doc: Accepted) -> None:
    # The original and its row are already durable; if the broker is down the document
    # stays "queued" and `ecm requeue` hands it on later. It is never lost.
    try:
        dispatch(doc.id, doc.pages)
    except Exception:
        log.exception("could not hand document %s to the queue; it stays queued", doc.id)
