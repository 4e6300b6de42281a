"""``ecm verify``: re-read every original and walk every hash chain; report the first break.

Three things are checked. The chains (audit events, journal entries, annotations) seal
their rows. The journal's current columns (status, corrected fields) must equal what the
sealed registration plus its sealed annotations give, so an UPDATE behind the journal's back
shows even on a column the chain does not cover. And each original must still hash to the
SHA-256 it is stored under.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.chain import CHAINS, ChainReport, plain, verify_chain
from archive.db import Database
from archive.errors import ObjectNotFound
from archive.journal import REQUISITES, apply_annotation
from archive.models import Document, EntryStatus, JournalAnnotation, JournalEntry
from archive.objectstore import ObjectStore

_BATCH = 2000


@dataclass
class VerifyReport:
    chains: list[ChainReport] = field(default_factory=list)
    journal_problem: str | None = None
    journal_broken_at: str | None = None
    originals_checked: int = 0
    originals_altered: list[dict[str, Any]] = field(default_factory=list)
    originals_missing: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            all(c.ok for c in self.chains)
            and self.journal_problem is None
            and not self.originals_altered
            and not self.originals_missing
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "chains": [
                {
                    "chain": c.name,
                    "checked": c.checked,
                    "ok": c.ok,
                    "broken_at_id": c.broken_at,
                    "problem": c.problem,
                }
                for c in self.chains
            ],
            "journal": {
                "ok": self.journal_problem is None,
                "broken_at": self.journal_broken_at,
                "problem": self.journal_problem,
            },
            "originals": {
                "checked": self.originals_checked,
                "altered": self.originals_altered,
                "missing": self.originals_missing,
            },
        }


def verify_archive(
    db: Database,
    store: ObjectStore | None,
    progress: Callable[[int], None] | None = None,
) -> VerifyReport:
    report = VerifyReport()
    for name in CHAINS:
        with db.session() as session:
            report.chains.append(verify_chain(session, name))
    with db.session() as session:
        _check_journal_state(session, report)
    if store is not None:
        _check_originals(db, store, report, progress)
    return report


def _expected(entry: JournalEntry, notes: list[JournalAnnotation]) -> dict[str, Any]:
    shadow = JournalEntry(status=EntryStatus.REGISTERED)
    for column in REQUISITES:
        setattr(shadow, column, None)
    apply_annotation(
        shadow, "corrected", {k: (None, v) for k, v in (entry.registered or {}).items()}
    )
    for note in notes:
        apply_annotation(shadow, note.kind, note.changes)
    return {c: plain(getattr(shadow, c)) for c in ("status", *REQUISITES)}


def _check_journal_state(session: Session, report: VerifyReport) -> None:
    last_id = 0
    while True:
        entries = list(
            session.scalars(
                select(JournalEntry)
                .where(JournalEntry.id > last_id)
                .order_by(JournalEntry.id)
                .limit(_BATCH)
            )
        )
        if not entries:
            return
        notes: dict[int, list[JournalAnnotation]] = defaultdict(list)
        for note in session.scalars(
            select(JournalAnnotation)
            .where(JournalAnnotation.entry_id.in_([e.id for e in entries]))
            .order_by(JournalAnnotation.id)
        ):
            notes[note.entry_id].append(note)
        for entry in entries:
            expected = _expected(entry, notes[entry.id])
            for column, value in expected.items():
                actual = plain(getattr(entry, column))
                if actual != value:
                    report.journal_broken_at = f"{entry.reg_number} ({entry.year}, id {entry.id})"
                    report.journal_problem = (
                        f"поле {column}: в журнале {actual!r}, по регистрации и отметкам "
                        f"{value!r}: запись изменена в обход журнала"
                    )
                    return
        last_id = entries[-1].id
        session.expunge_all()


def _check_originals(
    db: Database,
    store: ObjectStore,
    report: VerifyReport,
    progress: Callable[[int], None] | None,
) -> None:
    with db.session() as session:
        owners: dict[str, list[str]] = defaultdict(list)
        for doc_id, sha in session.execute(select(Document.id, Document.sha256)):
            owners[sha].append(doc_id)
        for doc_id, sha in session.execute(select(JournalEntry.document_id, JournalEntry.sha256)):
            if doc_id not in owners.get(sha, []):
                owners[sha].append(doc_id)
    for sha in sorted(owners):
        try:
            intact = store.verify_original(sha)
        except ObjectNotFound:
            report.originals_missing.append({"sha256": sha, "documents": owners[sha]})
            continue
        report.originals_checked += 1
        if not intact:
            report.originals_altered.append({"sha256": sha, "documents": owners[sha]})
        if progress is not None:
            progress(1)
