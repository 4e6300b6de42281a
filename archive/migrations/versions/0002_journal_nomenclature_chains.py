"""nomenclature, registration journal, hash chains, full-text search

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(64), nullable=True))
    op.create_table(
        "chain_heads",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
    )
    _create_nomenclature()
    _create_journal(postgres)
    _seal_existing_audit_events(bind)
    _seed_nomenclature(bind)


def _create_nomenclature() -> None:
    op.create_table(
        "nomenclature_cases",
        sa.Column("index", sa.String(16), primary_key=True),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=True),
        sa.Column("retention_years_before_2003", sa.Integer(), nullable=True),
        sa.Column("retention_label", sa.String(128), nullable=False),
        sa.Column("legal_basis", sa.String(255), nullable=False),
        sa.Column("expert_review", sa.Boolean(), nullable=False),
        sa.Column("term_from", sa.String(16), nullable=False),
        sa.Column("doc_types", sa.JSON(), nullable=False),
        sa.Column("is_fallback", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "journal_counters",
        sa.Column(
            "case_index", sa.String(16), sa.ForeignKey("nomenclature_cases.index"), primary_key=True
        ),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last_number", sa.Integer(), nullable=False),
    )


def _create_journal(postgres: bool) -> None:
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column(
            "case_index", sa.String(16), sa.ForeignKey("nomenclature_cases.index"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("reg_number", sa.String(40), nullable=False),
        sa.Column("reg_date", sa.Date(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(128), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("registered", sa.JSON(), nullable=False),
        sa.Column("retention_label", sa.String(128), nullable=False),
        sa.Column("legal_basis", sa.String(255), nullable=False),
        sa.Column("expert_review", sa.Boolean(), nullable=False),
        sa.Column("destruction_date", sa.Date(), nullable=True),
        sa.Column("retain_until", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("doc_type", sa.String(32), nullable=True),
        sa.Column("title", sa.String(255), nullable=True),
        sa.Column("counterparty_name", sa.String(255), nullable=True),
        sa.Column("counterparty_inn", sa.String(12), nullable=True),
        sa.Column("counterparty_number", sa.String(64), nullable=True),
        sa.Column("counterparty_date", sa.Date(), nullable=True),
        sa.Column("total", sa.Numeric(18, 2), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("case_index", "year", "seq", name="uq_journal_case_year_seq"),
    )
    for name, columns in (
        ("ix_journal_entries_document_id", ["document_id"]),
        ("ix_journal_entries_status", ["status"]),
        ("ix_journal_reg_date", ["reg_date"]),
        ("ix_journal_doc_date", ["counterparty_date"]),
        ("ix_journal_case", ["case_index", "year", "seq"]),
        ("ix_journal_inn", ["counterparty_inn"]),
        ("ix_journal_total", ["total"]),
        ("ix_journal_doc_type", ["doc_type"]),
        ("ix_journal_destruction", ["destruction_date"]),
    ):
        op.create_index(name, "journal_entries", columns)
    op.create_table(
        "journal_annotations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("journal_entries.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_journal_annotations_entry_id", "journal_annotations", ["entry_id"])
    if postgres:
        # Russian snowball stemming; the generated column keeps itself in step with the text.
        op.execute(
            "ALTER TABLE journal_entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('russian', coalesce(search_text, ''))) STORED"
        )
        op.execute("CREATE INDEX ix_journal_tsv ON journal_entries USING gin (tsv)")
    else:
        # Fed with snowball-stemmed tokens by archive.search (SQLite has no Russian stemmer).
        op.execute(
            "CREATE VIRTUAL TABLE journal_fts USING fts5(stems, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )


def _seal_existing_audit_events(bind: sa.Connection) -> None:
    from archive.chain import link_hash

    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer),
        sa.column("document_id", sa.String),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("details", sa.JSON),
        sa.column("prev_hash", sa.String),
        sa.column("row_hash", sa.String),
    )
    prev, count, last_id = GENESIS, 0, 0
    rows = bind.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:
        content = {k: row[k] for k in ("document_id", "at", "actor", "action", "details")}
        digest = link_hash(prev, content)
        bind.execute(
            events.update().where(events.c.id == row["id"]).values(prev_hash=prev, row_hash=digest)
        )
        prev, count, last_id = digest, count + 1, row["id"]
    heads = sa.table(
        "chain_heads",
        sa.column("name", sa.String),
        sa.column("last_id", sa.BigInteger),
        sa.column("last_hash", sa.String),
        sa.column("length", sa.BigInteger),
    )
    op.bulk_insert(
        heads,
        [
            {"name": "audit", "last_id": last_id, "last_hash": prev, "length": count},
            {"name": "journal", "last_id": 0, "last_hash": GENESIS, "length": 0},
            {"name": "annotations", "last_id": 0, "last_hash": GENESIS, "length": 0},
        ],
    )


def _seed_nomenclature(bind: sa.Connection) -> None:
    from archive.nomenclature import DEFAULT_FILE

    cases = sa.table(
        "nomenclature_cases",
        *(
            sa.column(name)
            for name in (
                "index",
                "title",
                "retention_years",
                "retention_years_before_2003",
                "retention_label",
                "legal_basis",
                "expert_review",
                "term_from",
                "is_fallback",
            )
        ),
        sa.column("doc_types", sa.JSON),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    rows = [
        {
            "retention_years_before_2003": None,
            "expert_review": False,
            "term_from": "case",
            "is_fallback": False,
            "updated_at": now,
            **item,
        }
        for item in json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    ]
    op.bulk_insert(cases, rows)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS journal_fts")
    op.drop_table("journal_annotations")
    op.drop_table("journal_entries")
    op.drop_table("journal_counters")
    op.drop_table("nomenclature_cases")
    op.drop_table("chain_heads")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
