"""Keeping the full-text index in step with journal rows.

PostgreSQL needs nothing: ``journal_entries.tsv`` is a generated column. SQLite keeps a
separate FTS5 table of stems whose rowid is the journal row id.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.models import JournalEntry
from archive.textsearch import stems


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def index_entry(session: Session, entry: JournalEntry) -> None:
    if is_postgres(session):
        return
    session.execute(text("DELETE FROM journal_fts WHERE rowid = :id"), {"id": entry.id})
    session.execute(
        text("INSERT INTO journal_fts (rowid, stems) VALUES (:id, :stems)"),
        {"id": entry.id, "stems": stems(entry.search_text or "")},
    )
