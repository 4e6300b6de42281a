"""``ecm run`` / ``api`` / ``worker`` / ``migrate``: start the service's processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Annotated

import typer

from ecm.cli.common import err, fail
from ecm.context import AppContext
from ecm.settings import get_settings


def migrate() -> None:
    """Создать или обновить схему базы данных журнала."""
    ctx = AppContext()
    try:
        ctx.prepare()
    except Exception as exc:
        raise fail(f"не удалось обновить базу {ctx.settings.resolved_database_url}: {exc}") from exc
    err.print(f"База в актуальном состоянии: {ctx.settings.resolved_database_url}")


def _api_command(host: str, port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "--factory", "ecm.api.app:create_app",
        "--host", host, "--port", str(port),
    ]  # fmt: skip


def _worker_command(concurrency: int) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "workers.main:app", "worker",
        "--loglevel", "INFO", "--concurrency", str(concurrency), "--pool", "prefork",
        "-Q", "documents", "--without-gossip", "--without-mingle",
    ]  # fmt: skip


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def api(
    host: Annotated[str | None, typer.Option(help="адрес")] = None,
    port: Annotated[int | None, typer.Option(help="порт")] = None,
) -> None:
    """Запустить только HTTP API."""
    settings = get_settings()
    AppContext(settings).prepare()
    cmd = _api_command(host or settings.api_host, port or settings.api_port)
    # Replace this process so that signals from a supervisor reach the server itself.
    os.execve(cmd[0], cmd, _child_env())


def worker(
    concurrency: Annotated[int | None, typer.Option(help="процессов распознавания")] = None,
) -> None:
    """Запустить только обработчик очереди (Celery worker)."""
    settings = get_settings()
    AppContext(settings).prepare()
    cmd = _worker_command(concurrency or settings.worker_concurrency)
    os.execve(cmd[0], cmd, _child_env())


def run(
    host: Annotated[str | None, typer.Option(help="адрес")] = None,
    port: Annotated[int | None, typer.Option(help="порт")] = None,
    concurrency: Annotated[int | None, typer.Option(help="процессов распознавания")] = None,
) -> None:
    """Запустить сервис целиком: HTTP API и обработчик очереди; Ctrl+C останавливает оба."""
    settings = get_settings()
    try:
        AppContext(settings).prepare()
    except Exception as exc:
        raise fail(f"не удалось подготовить базу журнала: {exc}") from exc
    host, port = host or settings.api_host, port or settings.api_port
    env = _child_env()
    children = [
        subprocess.Popen(_worker_command(concurrency or settings.worker_concurrency), env=env),
        subprocess.Popen(_api_command(host, port), env=env),
    ]
    err.print(f"ecm работает: http://{host}:{port}  (данные: {settings.data_dir.resolve()})")
    code = _supervise(children)
    raise typer.Exit(code)


def _supervise(children: list[subprocess.Popen[bytes]]) -> int:
    """Wait until a child exits or we are told to stop; then stop all of them."""
    stopping = False
    names = {id(children[0]): "worker", id(children[1]): "api"}

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    code = 0
    while not stopping:
        exited = [c for c in children if c.poll() is not None]
        if exited:
            code = exited[0].returncode or 1
            err.print(f"[red]процесс {names[id(exited[0])]} завершился с кодом {code}[/red]")
            break
        time.sleep(0.5)
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
    return code
