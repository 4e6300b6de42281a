"""Search benchmark on the embedded SQLite journal: 100,000 rows, p50/p95 over a query mix.

    .venv/bin/python bench/search_sqlite.py [--rows 100000] [--path /tmp/bench.sqlite3]

Rows are generated here (with the FTS5 stems the application would write) into a fresh file;
queries go through archive.search like the API and CLI. No valid hash chain: timing only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import Database, upgrade
from archive.search import search
from archive.textsearch import stems
from bench.search_common import (
    CASES,
    COMMON,
    DOC_TYPES,
    NAMES,
    RARE,
    WORDS_PER_ROW,
    inn_for,
    print_report,
    run_mix,
)

_ENTRY_COLUMNS = (
    "document_id, sha256, case_index, year, seq, reg_number, reg_date, registered_at, "
    "registered_by, source, registered, retention_label, legal_basis, expert_review, "
    "destruction_date, retain_until, status, doc_type, title, counterparty_name, "
    "counterparty_inn, counterparty_number, counterparty_date, total, pages, search_text, "
    "prev_hash, row_hash"
)


def _row(i: int, rng: random.Random) -> tuple[tuple[object, ...], tuple[object, ...], str]:
    t = i % 6
    reg = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2550))
    nm = rng.randrange(len(NAMES))
    words = [rng.choice(COMMON) if rng.random() < 0.8 else rng.choice(RARE)
             for _ in range(WORDS_PER_ROW)]  # fmt: skip
    text = NAMES[nm] + " " + " ".join(words)
    doc_id = f"00000000-0000-0000-0000-{i:012x}"
    sha = f"{i:064x}"
    document = (doc_id, sha, f"doc{i}.pdf", "application/pdf", 10000, 1, "upload", "bench",
                "done", 1, reg.isoformat(), reg.isoformat())  # fmt: skip
    entry = (
        doc_id, sha, CASES[t], reg.year, i, f"{CASES[t]}/{i}", reg.isoformat(),
        reg.isoformat() + " 00:00:00.000000", "bench", "upload", "{}", "5 лет", "ст. 277", 0,
        dt.date(reg.year + 6, 1, 1).isoformat(), dt.date(reg.year + 5, 12, 31).isoformat(),
        "cancelled" if i % 50 == 0 else "registered", DOC_TYPES[t], f"doc{i}.pdf", NAMES[nm],
        inn_for(nm), str(i), (reg - dt.timedelta(days=rng.randrange(20))).isoformat(),
        f"{rng.random() * 1_000_000:.2f}", 1, text, "0" * 64, "0" * 64,
    )  # fmt: skip
    return document, entry, stems(text)


def generate(path: Path, rows: int) -> None:
    rng = random.Random(7)
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    batch = 10_000
    for start in range(1, rows + 1, batch):
        data = [_row(i, rng) for i in range(start, min(rows, start + batch - 1) + 1)]
        with conn:
            conn.executemany(
                "INSERT INTO documents (id, sha256, filename, content_type, size_bytes, pages, "
                "source, uploaded_by, status, attempts, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [d for d, _e, _s in data],
            )
            conn.executemany(
                f"INSERT INTO journal_entries ({_ENTRY_COLUMNS}) VALUES ({','.join('?' * 28)})",
                [e for _d, e, _s in data],
            )
            conn.executemany(
                "INSERT INTO journal_fts (rowid, stems) "
                "SELECT id, ? FROM journal_entries WHERE document_id = ?",
                [(s, d[0]) for d, _e, s in data],
            )
    conn.execute("INSERT INTO journal_fts (journal_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    print(f"  {rows} rows generated in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--path", type=Path, help="bench file: generated if missing, else reused")
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="ecm-bench-")
    path = args.path or Path(folder.name) / "journal.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        upgrade(url)
        generate(path, args.rows)
    db = Database(url)

    def execute(query):  # type: ignore[no-untyped-def]
        with db.session() as session:
            return search(session, query)

    try:
        run_mix(execute, rounds=3, seed=1, years=(2019, 2025))
        result = run_mix(execute, rounds=args.rounds, seed=2, years=(2019, 2025))
        print_report(f"SQLite (FTS5 + snowball stems), {args.rows} journal rows", result)
    finally:
        db.dispose()
        folder.cleanup()


if __name__ == "__main__":
    main()
