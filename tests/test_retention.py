"""Retention terms and the report of what becomes eligible for destruction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from archive.db import Database
from archive.nomenclature import CaseSpec
from archive.objectstore import open_store
from archive.registration import register_document
from archive.retention import compute_term
from ecm.cli import app as cli
from ecm.settings import Settings
from tests.test_journal import add_case, card, make_document


def _case(years: int | None, **extra: object) -> CaseSpec:
    return CaseSpec("01-01", "x", years, "x", "x", **extra)  # type: ignore[arg-type]


def test_terms() -> None:
    reg = dt.date(2025, 6, 10)
    term = compute_term(_case(5), reg, dt.date(2024, 12, 30))
    # From 1 January after the case (the registration year) closes.
    assert term.retain_until == dt.date(2030, 12, 31)
    assert term.destruction_date == dt.date(2031, 1, 1)
    by_document = compute_term(_case(5, term_from="document"), reg, dt.date(2023, 3, 1))
    assert by_document.retain_until == dt.date(2028, 12, 31)
    personnel = _case(50, retention_years_before_2003=75)
    assert compute_term(personnel, reg, dt.date(2001, 1, 1)).retain_until.year == 2025 + 75
    assert compute_term(personnel, reg, dt.date(2010, 1, 1)).retain_until.year == 2025 + 50
    permanent = compute_term(_case(None), reg, None)
    assert permanent.destruction_date is None and permanent.retain_until.year >= 2125


def test_report_lists_eligible_documents(cli_env: Settings, tmp_path: Path) -> None:
    db = Database(cli_env.resolved_database_url)
    store = open_store(cli_env)
    add_case(db, "09-01", years=1)
    add_case(db, "09-02", years=3, expert_review=True)
    for case, day in (
        ("09-01", dt.date(2019, 5, 1)),
        ("09-02", dt.date(2019, 5, 1)),
        ("09-01", dt.date(2024, 5, 1)),
    ):
        doc_id = make_document(db, store, card_=card())
        register_document(db, store, doc_id, actor="t", case_index=case, today=day)
    result = CliRunner().invoke(cli, ["retention", "report", "--year", "2022", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [(d["reg_number"], d["destruction_date"]) for d in report["documents"]] == [
        ("09-01/1", "2021-01-01")  # 09-02/1 (3 years) only becomes eligible in 2023
    ]
    result = CliRunner().invoke(cli, ["retention", "report", "--json"])
    documents = json.loads(result.output)["documents"]
    eligible = {(d["case_index"], d["eligible_year"], d["expert_review"]) for d in documents}
    assert {("09-01", 2021, False), ("09-02", 2023, True), ("09-01", 2026, False)} <= eligible
    result = CliRunner().invoke(cli, ["retention", "report", "--year", "0"])
    assert result.exit_code == 2
    db.dispose()
