"""``ecm verify``: a changed byte in an original and an edited journal row are found."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import text

from archive.db import Database, upgrade
from archive.objectstore import open_store, original_key
from archive.registration import correct_fields, register_document
from archive.verify import verify_archive
from ecm.settings import Settings
from tests.conftest import run_cli
from tests.test_journal import card, make_document


def _registered(settings: Settings, count: int = 3) -> tuple[Database, list[dict[str, object]]]:
    db = Database(settings.resolved_database_url)
    store = open_store(settings)
    entries = []
    for i in range(count):
        doc_id = make_document(
            db, store, card_=card("act", seller_inn="7707083893", total=f"{100 + i}.00")
        )
        entries.append(register_document(db, store, doc_id, actor="t"))
    with db.session() as session:
        correct_fields(session, str(entries[0]["document_id"]), {"number": "5"}, actor="t")
    return db, entries


def test_clean_archive_verifies(cli_env: Settings) -> None:
    _registered(cli_env)
    code, output = run_cli("verify")
    assert code == 0, output
    assert "нарушени" not in output and "все целы" in output


def test_flipped_byte_in_an_original(cli_env: Settings) -> None:
    _db, entries = _registered(cli_env)
    sha = str(entries[1]["sha256"])
    path = cli_env.archive_dir / original_key(sha)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    code, output = run_cli("verify", "--json")
    assert code == 1
    assert '"altered"' in output and sha in output and str(entries[1]["document_id"]) in output


def test_edited_journal_rows(cli_env: Settings) -> None:
    db, entries = _registered(cli_env)
    with db.engine.begin() as conn:
        # A column behind the journal's back: replaying the annotations disagrees.
        conn.execute(
            text("UPDATE journal_entries SET total = 999 WHERE id = :id"), {"id": entries[2]["id"]}
        )
    code, output = run_cli("verify")
    assert code == 1 and str(entries[2]["reg_number"]) in output and "total" in output
    with db.engine.begin() as conn:
        # A sealed column: the chain breaks exactly there, and that is the first link reported.
        conn.execute(
            text("UPDATE journal_entries SET registered_by = 'x' WHERE id = :id"),
            {"id": entries[1]["id"]},
        )
    report = verify_archive(db, None)
    journal = next(c for c in report.chains if c.name == "journal")
    assert journal.broken_at == entries[1]["id"] and "изменено" in (journal.problem or "")


def test_postgres_audit_and_journal_tampering(pg_url: str, tmp_path: Path) -> None:
    upgrade(pg_url)
    settings = Settings(data_dir=tmp_path, database_url=pg_url)
    db, entries = _registered(settings)
    # Originals of other tests' documents sit in their own stores: chains and journal only.
    clean = verify_archive(db, None)
    assert all(c.ok for c in clean.chains) and clean.journal_problem is None
    with db.engine.begin() as conn:
        audit_id = conn.execute(
            text("SELECT min(id) FROM audit_events WHERE document_id = :d"),
            {"d": entries[0]["document_id"]},
        ).scalar_one()
        actor = conn.execute(
            text("SELECT actor FROM audit_events WHERE id = :id"), {"id": audit_id}
        ).scalar_one()
        conn.execute(
            text("UPDATE audit_events SET actor = 'nobody' WHERE id = :id"), {"id": audit_id}
        )
        conn.execute(
            text("UPDATE journal_entries SET reg_date = reg_date - 1 WHERE id = :id"),
            {"id": entries[2]["id"]},
        )
    report = verify_archive(db, None)
    chains = {c.name: c for c in report.chains}
    assert chains["audit"].broken_at == audit_id
    assert chains["journal"].broken_at == entries[2]["id"]
    # Repair what we broke: the session's other tests share this database.
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_events SET actor = :a WHERE id = :id"), {"a": actor, "id": audit_id}
        )
        conn.execute(
            text("UPDATE journal_entries SET reg_date = reg_date + 1 WHERE id = :id"),
            {"id": entries[2]["id"]},
        )
    assert all(c.ok for c in verify_archive(db, None).chains)
    db.dispose()
