"""The archive object store, against a real folder and a real S3 server (SeaweedFS).

Needs the ``tests.servers`` plugin: the root conftest loads it, so a plain
``pytest tests/test_objectstore.py`` does; without that conftest use
``python -m pytest -p tests.servers tests/test_objectstore.py`` (``-m`` puts the repo on sys.path).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import socket
import stat
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from minio.error import S3Error

from archive.errors import (
    IntegrityError,
    ObjectLocked,
    ObjectNotFound,
    StoreError,
    StoreUnavailable,
)
from archive.folder_store import FolderStore
from archive.objectstore import ObjectStore, open_store, original_key
from archive.s3_store import S3Store
from ecm.settings import Settings
from tests.servers import SeaweedServer

TODAY = datetime.datetime.now(datetime.UTC).date()
LATER = TODAY + datetime.timedelta(days=400)


def _document(size: int = 64 * 1024) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def _put(store: ObjectStore, data: bytes, sha: str, until: datetime.date = LATER) -> str:
    return store.put_original(data, sha256=sha, content_type="application/pdf", retain_until=until)


@pytest.fixture(params=["folder", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "folder":
        return FolderStore(tmp_path / "archive")
    # Looked up lazily so that `-k folder` runs without starting SeaweedFS.
    settings: Settings = request.getfixturevalue("s3_settings")
    return open_store(settings)


@pytest.fixture
def s3_store(s3_settings: Settings) -> S3Store:
    store = open_store(s3_settings)
    assert isinstance(store, S3Store)
    return store


def _versions(seaweed: SeaweedServer, store: S3Store, key: str) -> list[tuple[str, bool]]:
    listing = seaweed.client().list_objects(store.bucket, prefix=key, include_version=True)
    return [(o.version_id or "", o.is_delete_marker) for o in listing if o.object_name == key]


# -- both stores -----------------------------------------------------------------------------


def test_round_trip_is_byte_identical(store: ObjectStore) -> None:
    # Above the S3 SDK's 5 MiB multipart threshold, like a real multi-page scan.
    data, sha = _document(12 * 1024 * 1024 + 7)
    store.ping()

    key = _put(store, data, sha)

    assert key == f"originals/{sha[:2]}/{sha[2:4]}/{sha}"
    assert store.get_original(sha) == data
    assert store.original_exists(sha)
    assert store.verify_original(sha)
    assert list(store.iter_originals()) == [sha]


def test_same_content_twice_is_one_object(store: ObjectStore) -> None:
    data, sha = _document()

    first = _put(store, data, sha)
    second = _put(store, data, sha)

    assert first == second
    assert list(store.iter_originals()) == [sha]
    assert store.get_original(sha) == data


def test_wrong_sha256_is_refused_and_nothing_stored(store: ObjectStore) -> None:
    data, sha = _document()
    _, other_sha = _document()

    with pytest.raises(IntegrityError):
        _put(store, data, other_sha)

    assert not store.original_exists(other_sha)
    assert not store.original_exists(sha)
    assert list(store.iter_originals()) == []


def test_retention_is_readable_and_only_ever_extended(store: ObjectStore) -> None:
    data, sha = _document()
    _put(store, data, sha, LATER)
    assert store.original_retention(sha) == LATER

    _put(store, data, sha, LATER + datetime.timedelta(days=30))
    assert store.original_retention(sha) == LATER + datetime.timedelta(days=30)

    _put(store, data, sha, TODAY + datetime.timedelta(days=1))
    assert store.original_retention(sha) == LATER + datetime.timedelta(days=30)


def test_retention_already_past_still_locks_until_end_of_today(store: ObjectStore) -> None:
    # Digitised paper from years ago: its legal term may be over, storing it must still work.
    data, sha = _document()
    _put(store, data, sha, datetime.date(2015, 1, 1))

    assert store.original_retention(sha) in (TODAY, TODAY + datetime.timedelta(days=1))
    with pytest.raises(ObjectLocked):
        store.delete_original(sha)


def test_delete_before_retention_is_refused(store: ObjectStore) -> None:
    data, sha = _document()
    _put(store, data, sha, TODAY + datetime.timedelta(days=30))

    with pytest.raises(ObjectLocked):
        store.delete_original(sha)

    assert store.original_exists(sha)
    assert store.get_original(sha) == data
    assert store.verify_original(sha)


def test_missing_objects_are_reported_as_not_found(store: ObjectStore) -> None:
    _, sha = _document()
    assert not store.original_exists(sha)
    assert store.original_retention(sha) is None
    with pytest.raises(ObjectNotFound):
        store.get_original(sha)
    with pytest.raises(ObjectNotFound):
        store.verify_original(sha)
    with pytest.raises(ObjectNotFound):
        store.delete_original(sha)
    with pytest.raises(ObjectNotFound):
        store.get_derived("previews/none.png")


def test_derived_objects_are_overwritable(store: ObjectStore) -> None:
    store.put_derived("previews/ab/page-1.png", b"first", "image/png")
    store.put_derived("previews/ab/page-1.png", b"second", "image/png")
    store.put_derived("text/ab.txt", "Счёт-фактура".encode(), "text/plain")

    assert store.get_derived("previews/ab/page-1.png") == b"second"
    assert store.get_derived("text/ab.txt").decode() == "Счёт-фактура"
    assert list(store.iter_originals()) == []


BAD_KEYS = ["../x", "a/../../etc/passwd", "/etc/passwd", "a//b", "a/./b", "", "a/", "..",
            "счёт.pdf", "a b", "a\\b", "a\x00b"]  # fmt: skip


@pytest.mark.parametrize("key", BAD_KEYS)
def test_unsafe_derived_keys_are_rejected(store: ObjectStore, key: str) -> None:
    with pytest.raises(ValueError):
        store.put_derived(key, b"x", "text/plain")
    with pytest.raises(ValueError):
        store.get_derived(key)


@pytest.mark.parametrize("sha", ["../../etc/passwd", "ABC", "g" * 64, ""])
def test_malformed_sha256_is_rejected(store: ObjectStore, sha: str) -> None:
    with pytest.raises(ValueError):
        store.get_original(sha)
    with pytest.raises(ValueError):
        store.original_exists(sha)


def test_open_store_chooses_backend(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path))
    assert isinstance(store, FolderStore)
    assert store.root == (tmp_path / "archive").resolve()
    s3 = open_store(
        Settings(data_dir=tmp_path, s3_endpoint="127.0.0.1:1", s3_access_key="a", s3_secret_key="b")
    )
    assert isinstance(s3, S3Store)


# -- S3 only ---------------------------------------------------------------------------------


def test_foreign_overwrite_does_not_change_the_original(
    s3_store: S3Store, seaweed: SeaweedServer
) -> None:
    data, sha = _document()
    key = _put(s3_store, data, sha)
    other = seaweed.client()

    # Another client with write access PUTs different bytes over the key, then "deletes" it.
    forged = b"forged invoice"
    other.put_object(s3_store.bucket, key, io.BytesIO(forged), len(forged))
    assert other.get_object(s3_store.bucket, key).read() == forged
    other.remove_object(s3_store.bucket, key)

    assert s3_store.original_exists(sha)
    assert s3_store.get_original(sha) == data
    assert s3_store.verify_original(sha)
    assert list(s3_store.iter_originals()) == [sha]
    # Storing the same document again is still a no-op, not a third version.
    _put(s3_store, data, sha)
    assert len(_versions(seaweed, s3_store, key)) == 3
    # Deleting is refused for the locked original, whatever else sits on the key.
    with pytest.raises(ObjectLocked):
        s3_store.delete_original(sha)
    assert s3_store.get_original(sha) == data


def test_direct_version_delete_is_refused_by_the_server(
    s3_store: S3Store, seaweed: SeaweedServer
) -> None:
    data, sha = _document()
    key = _put(s3_store, data, sha)
    [(version_id, _)] = _versions(seaweed, s3_store, key)

    with pytest.raises(S3Error) as refused:
        seaweed.client().remove_object(s3_store.bucket, key, version_id=version_id)

    assert refused.value.code == "AccessDenied"
    assert s3_store.get_original(sha) == data


def test_retention_is_compliance_mode_on_the_server(
    s3_store: S3Store, seaweed: SeaweedServer
) -> None:
    data, sha = _document()
    key = _put(s3_store, data, sha, LATER)
    [(version_id, _)] = _versions(seaweed, s3_store, key)

    retention = seaweed.client().get_object_retention(s3_store.bucket, key, version_id=version_id)

    assert retention is not None
    assert retention.mode == "COMPLIANCE"
    assert retention.retain_until_date is not None
    assert retention.retain_until_date.astimezone(datetime.UTC).date() == LATER


def test_bucket_without_object_lock_is_refused(
    s3_settings: Settings, seaweed: SeaweedServer
) -> None:
    seaweed.client().make_bucket(s3_settings.s3_bucket)
    store = open_store(s3_settings)

    with pytest.raises(StoreError, match="Object Lock") as refused:
        store.ping()

    assert not isinstance(refused.value, StoreUnavailable)


def test_bucket_removed_under_a_running_store_is_reported_then_made_again(
    s3_settings: Settings, seaweed: SeaweedServer
) -> None:
    store = open_store(s3_settings)
    store.ping()  # the bucket now exists, with Object Lock
    seaweed.client().remove_bucket(s3_settings.s3_bucket)  # empty: an operator's mistake

    with pytest.raises(StoreError, match=f"Бакет архива {s3_settings.s3_bucket}") as missing:
        store.get_derived("previews/x.png")
    assert not isinstance(missing.value, StoreUnavailable)

    store.put_derived("previews/x.png", b"png", "image/png")
    assert store.get_derived("previews/x.png") == b"png"


def test_wrong_credentials_are_a_configuration_error(s3_settings: Settings) -> None:
    store = open_store(s3_settings.model_copy(update={"s3_secret_key": "wrong-secret"}))

    with pytest.raises(StoreError) as refused:
        store.ping()

    assert not isinstance(refused.value, StoreUnavailable)


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def hung_port() -> Iterator[int]:
    """A port that accepts connections and never answers, like a wedged server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield int(sock.getsockname()[1])


def _timed(call: Callable[[], object]) -> tuple[BaseException | None, float]:
    started = time.monotonic()
    try:
        call()
    except BaseException as exc:
        return exc, time.monotonic() - started
    return None, time.monotonic() - started


@pytest.mark.parametrize("port_fixture", ["closed_port", "hung_port"])
def test_unreachable_s3_is_reported_within_seconds(
    request: pytest.FixtureRequest, tmp_path: Path, port_fixture: str
) -> None:
    port: int = request.getfixturevalue(port_fixture)
    settings = Settings(
        data_dir=tmp_path, s3_endpoint=f"127.0.0.1:{port}", s3_access_key="a", s3_secret_key="b"
    )
    data, sha = _document()
    calls: list[Callable[[], object]] = [open_store(settings).ping]
    if port_fixture == "closed_port":  # against a hung server each call costs 8 s
        calls += [
            lambda: _put(open_store(settings), data, sha),
            lambda: open_store(settings).get_original(sha),
        ]

    for call in calls:
        error, elapsed = _timed(call)
        assert isinstance(error, StoreUnavailable), error
        assert elapsed < 12, f"took {elapsed:.1f}s"


# -- folder only -----------------------------------------------------------------------------


def test_folder_originals_are_read_only_files(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    data, sha = _document()
    key = _put(store, data, sha)

    path = tmp_path / key
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_folder_delete_succeeds_once_retention_has_passed(tmp_path: Path) -> None:
    now = [datetime.datetime.now(datetime.UTC)]
    store = FolderStore(tmp_path, clock=lambda: now[0])
    data, sha = _document()
    _put(store, data, sha, TODAY + datetime.timedelta(days=2))

    now[0] += datetime.timedelta(days=2)
    with pytest.raises(ObjectLocked):
        store.delete_original(sha)  # the last day of retention still counts

    now[0] += datetime.timedelta(days=1)
    store.delete_original(sha)
    assert not store.original_exists(sha)
    assert list(store.iter_originals()) == []


def _put_in_worker(root: str, data: bytes, sha: str) -> str:
    return _put(FolderStore(root), data, sha)


@pytest.mark.parametrize("executor", [ThreadPoolExecutor, ProcessPoolExecutor])
def test_folder_concurrent_same_content_puts_leave_one_intact_file(
    tmp_path: Path, executor: type[ThreadPoolExecutor] | type[ProcessPoolExecutor]
) -> None:
    data, sha = _document(4 * 1024 * 1024)
    with executor(max_workers=6) as pool:
        keys = list(pool.map(_put_in_worker, [str(tmp_path)] * 12, [data] * 12, [sha] * 12))

    assert set(keys) == {original_key(sha)}
    folder = (tmp_path / keys[0]).parent
    names = [p.name for p in folder.iterdir()]
    assert names.count(sha) == 1
    assert not [name for name in names if name.startswith(".tmp-")]
    store = FolderStore(tmp_path)
    assert store.verify_original(sha)
    assert store.original_retention(sha) == LATER


def test_folder_concurrent_distinct_puts(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    documents = [_document(8 * 1024) for _ in range(40)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda doc: _put(store, *doc), documents))

    assert sorted(store.iter_originals()) == sorted(sha for _, sha in documents)
    assert all(store.verify_original(sha) for _, sha in documents)


def test_folder_on_unusable_path_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")

    with pytest.raises(StoreUnavailable):
        FolderStore(blocker / "archive").ping()


def test_replaced_derived_objects_leave_no_old_versions(s3_store: S3Store) -> None:
    for body in (b"first", b"second", b"third"):
        s3_store.put_derived("cards/ab/card.json", body, "application/json")
    key = "derived/cards/ab/card.json"
    versions = [
        v for v in s3_store._client.list_objects(s3_store.bucket, prefix=key, include_version=True)
        if v.object_name == key
    ]
    assert len(versions) == 1
    assert s3_store.get_derived("cards/ab/card.json") == b"third"
