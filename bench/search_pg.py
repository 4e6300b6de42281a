"""Search benchmark on PostgreSQL: 1,000,000 journal rows, p50/p95 over a query mix.

    .venv/bin/python bench/search_pg.py [--rows 1000000] [--url postgresql+psycopg://...]

Without --url a throwaway database is created on the local server and dropped at the end
(--keep keeps it for another run with --url). Rows are generated inside PostgreSQL
(generate_series), so 1M rows take minutes, not hours. The rows carry no valid hash chain:
this database is for timing search only. Queries go through archive.search, the code the
API and CLI use.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import Database, upgrade
from archive.search import search
from bench.search_common import (
    CASES,
    COMMON,
    DOC_TYPES,
    NAMES,
    RARE,
    WORDS_PER_ROW,
    print_report,
    run_mix,
)  # fmt: skip

DOCUMENTS_SQL = """
INSERT INTO documents (id, sha256, filename, content_type, size_bytes, pages, source,
                       uploaded_by, status, attempts, created_at, updated_at)
SELECT '00000000-0000-0000-0000-' || lpad(to_hex(i), 12, '0'), md5(i::text) || md5((-i)::text),
       'doc' || i || '.pdf', 'application/pdf', 10000, 1, 'upload', 'bench', 'done', 1,
       now(), now()
FROM generate_series(%(start)s::int, %(stop)s::int) AS i
"""

ENTRIES_SQL = """
WITH src AS (
  SELECT i, i %% 6 AS t, date '2019-01-01' + (random() * 2550)::int AS reg_date,
         (random() * (cardinality(%(names)s::text[]) - 1))::int AS nm,
         round((random() * 1000000)::numeric, 2) AS total
  FROM generate_series(%(start)s::int, %(stop)s::int) AS i
)
INSERT INTO journal_entries (
  document_id, sha256, case_index, year, seq, reg_number, reg_date, registered_at,
  registered_by, source, registered, retention_label, legal_basis, expert_review,
  destruction_date, retain_until, status, doc_type, title, counterparty_name,
  counterparty_inn, counterparty_number, counterparty_date, total, pages, search_text,
  prev_hash, row_hash)
SELECT '00000000-0000-0000-0000-' || lpad(to_hex(i), 12, '0'), md5(i::text) || md5((-i)::text),
  (%(cases)s::text[])[t + 1], extract(year FROM reg_date)::int, i,
  (%(cases)s::text[])[t + 1] || '/' || i, reg_date, reg_date::timestamptz, 'bench', 'upload',
  '{}'::json, '5 лет', 'ст. 277', false,
  make_date(extract(year FROM reg_date)::int + 6, 1, 1),
  make_date(extract(year FROM reg_date)::int + 5, 12, 31),
  CASE WHEN i %% 50 = 0 THEN 'cancelled' ELSE 'registered' END,
  (%(types)s::text[])[t + 1], 'doc' || i || '.pdf', (%(names)s::text[])[nm + 1],
  '77' || lpad(nm::text, 8, '0'), i::text, reg_date - (random() * 20)::int, total, 1,
  (%(names)s::text[])[nm + 1] || ' ' || (
    SELECT string_agg(CASE WHEN random() < 0.8
        THEN (%(common)s::text[])[1 + floor(random() * cardinality(%(common)s::text[]))::int]
        ELSE (%(rare)s::text[])[1 + floor(random() * cardinality(%(rare)s::text[]))::int]
      END, ' ')
    FROM generate_series(1, %(words)s::int) AS g WHERE g > i * 0),
  repeat('0', 64), repeat('0', 64)
FROM src
"""


def generate(dsn: str, rows: int, batch: int = 100_000) -> None:
    params = {"cases": CASES, "types": DOC_TYPES, "names": NAMES, "common": COMMON,
              "rare": RARE, "words": WORDS_PER_ROW}  # fmt: skip
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '256MB'")
        # Building the GIN index once at the end is several times faster than row by row.
        conn.execute("DROP INDEX IF EXISTS ix_journal_search")
        started = time.perf_counter()
        for start in range(1, rows + 1, batch):
            stop = min(rows, start + batch - 1)
            conn.execute(DOCUMENTS_SQL, {"start": start, "stop": stop})
            conn.execute(ENTRIES_SQL, {**params, "start": start, "stop": stop})
            print(f"  {stop:>9} rows  {time.perf_counter() - started:6.0f} s", flush=True)
        # As in migration 0003 (a module whose name is not importable).
        conn.execute(
            "CREATE INDEX ix_journal_search ON journal_entries USING gin ("
            "tsv, counterparty_inn, (counterparty_date - DATE '2000-01-01'))"
        )
        conn.execute("VACUUM ANALYZE journal_entries")
        conn.execute("VACUUM ANALYZE documents")
        print(f"  generated and indexed in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--url", help="existing bench database (skips generation)")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args()
    admin = make_url(args.server).set(drivername="postgresql")
    created = None
    url = args.url
    if url is None:
        created = f"ecm_bench_{secrets.token_hex(4)}"
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{created}"')
        url = make_url(args.server).set(database=created).render_as_string(hide_password=False)
        print(f"database {created}: generating {args.rows} journal rows")
        upgrade(url)
        generate(make_url(url).set(drivername="postgresql").render_as_string(False), args.rows)
    db = Database(url)
    try:

        def execute(query):  # type: ignore[no-untyped-def]
            with db.session() as session:
                return search(session, query)

        run_mix(execute, rounds=3, seed=1, years=(2019, 2025))  # warm the cache
        result = run_mix(execute, rounds=args.rounds, seed=2, years=(2019, 2025))
        print_report(f"PostgreSQL, {args.rows} journal rows", result)
    finally:
        db.dispose()
        if created and not args.keep:
            with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
                c.execute(f'DROP DATABASE "{created}" WITH (FORCE)')
        elif created:
            print(f"kept: --url {url}")


if __name__ == "__main__":
    main()
