from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from archive.db import upgrade
from ecm.api.app import create_app
from ecm.cli import app as cli
from ecm.context import AppContext
from ecm.settings import Settings, get_settings
from tests.samples import SCHEMA

pytest_plugins = ["tests.servers"]


@pytest.fixture(scope="session")
def card_schema() -> dict[str, Any]:
    if not SCHEMA.exists():
        pytest.fail(f"the card contract is missing: {SCHEMA} (shared/ must sit beside the repo)")
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    """The embedded defaults: SQLite journal and archive folder under a fresh data dir."""
    return Settings(
        data_dir=tmp_path / "var",
        database_url=None,
        broker_url=None,
        s3_endpoint=None,
        s3_access_key=None,
        s3_secret_key=None,
    )


@pytest.fixture
def cli_env(embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The embedded defaults as the environment an in-process CLI run reads, schema ready."""
    for name in [k for k in os.environ if k.startswith("ECM_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ECM_DATA_DIR", str(embedded_settings.data_dir))
    get_settings.cache_clear()
    upgrade(embedded_settings.resolved_database_url)
    yield embedded_settings
    get_settings.cache_clear()


def run_cli(*args: str) -> tuple[int, str]:
    """Run ``ecm ARGS`` in this process; the exit code and what it printed."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


class Dispatched(list[tuple[str, int]]):
    """Documents handed on by the API, recorded instead of sent to a broker."""

    def __call__(self, doc_id: str, pages: int) -> None:
        self.append((doc_id, pages))


@pytest.fixture
def dispatched() -> Dispatched:
    return Dispatched()


@pytest.fixture
def client(embedded_settings: Settings, dispatched: Dispatched) -> Iterator[TestClient]:
    app = create_app(AppContext(embedded_settings), dispatch=dispatched)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def api(embedded_settings: Settings) -> Iterator[TestClient]:
    """The API on the embedded defaults; uploads are stored but handed to no worker."""
    app = create_app(AppContext(embedded_settings), dispatch=lambda _d, _p: None)
    with TestClient(app) as test_client:
        yield test_client


def context_of(client: TestClient) -> AppContext:
    """The process context behind a test client (its database and store)."""
    ctx: AppContext = client.app.state.ctx  # type: ignore[attr-defined]
    return ctx
