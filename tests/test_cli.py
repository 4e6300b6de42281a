"""The command line as a user runs it: `python -m ecm ...` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from sqlalchemy import create_engine, text

from tests import samples


def ecm(
    args: list[str], data_dir: Path, cwd: Path, columns: int = 200
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECM_")}
    env["ECM_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "ecm", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_recognize_prints_one_card_per_line_and_stores_nothing(
    tmp_path: Path, card_schema: dict[str, Any]
) -> None:
    (tmp_path / "счёт.pdf").write_bytes(samples.text_pdf(samples.PAYMENT_INVOICE))
    (tmp_path / "письмо.pdf").write_bytes(samples.text_pdf(["Уважаемые коллеги!", "Сообщаем."]))
    data_dir = tmp_path / "var"
    result = ecm(["recognize", "счёт.pdf", "письмо.pdf", "--json"], data_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    cards = [json.loads(line) for line in result.stdout.splitlines()]
    assert [c["file"] for c in cards] == ["счёт.pdf", "письмо.pdf"]
    for card in cards:
        jsonschema.validate(card, card_schema)
    assert [c["doc_type"] for c in cards] == ["payment_invoice", "other"]
    assert not data_dir.exists()


def test_recognize_reports_bad_and_missing_files_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(samples.corrupt_pdf())
    result = ecm(["recognize", "broken.pdf", "--json"], tmp_path / "var", tmp_path)
    assert result.returncode == 1
    assert "PDF повреждён" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""

    missing = ecm(["recognize", "nope.pdf"], tmp_path / "var", tmp_path)
    assert missing.returncode == 2
    assert "нет такого файла" in missing.stderr and "Traceback" not in missing.stderr


def test_ingest_walks_folders_and_stores_what_it_can(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox" / "март"
    inbox.mkdir(parents=True)
    good = samples.text_pdf(samples.PAYMENT_INVOICE)
    (inbox / "счёт.pdf").write_bytes(good)
    (inbox.parent / "акт.pdf").write_bytes(samples.text_pdf(["Акт выполненных работ № 5"]))
    (inbox / "пусто.pdf").write_bytes(b"")
    data_dir = tmp_path / "var"
    result = ecm(["ingest", "inbox"], data_dir, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr  # one file was refused
    assert "Принято: 2 из 3" in result.stdout
    assert "Файл пустой" in result.stdout
    engine = create_engine(f"sqlite:///{data_dir / 'journal.sqlite3'}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT filename, status, doc_type FROM documents")).all()
    engine.dispose()
    assert sorted(r.filename for r in rows) == ["акт.pdf", "счёт.pdf"]
    assert {r.status for r in rows} <= {"done", "needs_review"}
    stored = [p for p in (data_dir / "archive").rglob("*") if p.is_file() and len(p.name) == 64]
    assert len(stored) == 2
    assert good in [p.read_bytes() for p in stored]


def test_ingest_summary_shows_long_paths_whole_on_a_narrow_terminal(tmp_path: Path) -> None:
    deep = tmp_path / "сканы_бухгалтерии_филиала" / "2026" / "поставщики_и_подрядчики"
    deep.mkdir(parents=True)
    (deep / "накладная_номер_4711_от_поставщика.pdf").write_bytes(b"")
    result = ecm(["ingest", str(tmp_path / "сканы_бухгалтерии_филиала")], tmp_path / "var",
                 tmp_path, columns=80)
    assert result.returncode == 1
    # The first column of every table line, read top to bottom, gives the folded path back.
    first = [ln.split("│")[1].strip() for ln in result.stdout.splitlines() if ln.count("│") > 2]
    assert str(deep / "накладная_номер_4711_от_поставщика.pdf") in "".join(first)
