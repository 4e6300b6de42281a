"""Retention: when a registration may be destroyed, and the report of what becomes eligible.

Terms run from 1 January of the year after the case is closed (cases are annual, so a case
closes at the end of its registration year), or after the year of the document itself where
the nomenclature says so. A 5-year term for a 2025 registration therefore ends on
2030-12-31 and the document becomes eligible on 2031-01-01. Nothing is destroyed
automatically: the report only lists candidates; ЭПК cases need the expert commission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import JournalEntry
from archive.nomenclature import CaseSpec

# "Постоянно" cannot be expressed as an object lock; a century is renewed long before it ends.
PERMANENT_LOCK_YEARS = 100


@dataclass(frozen=True)
class Term:
    destruction_date: date | None  # first day the document may be destroyed; None = permanent
    retain_until: date  # last day the original stays locked in the store


def compute_term(case: CaseSpec, reg_date: date, doc_date: date | None) -> Term:
    doc_year = doc_date.year if doc_date else reg_date.year
    base_year = reg_date.year if case.term_from == "case" else doc_year
    years = case.retention_years
    if years is not None and case.retention_years_before_2003 and doc_year < 2003:
        years = case.retention_years_before_2003
    if years is None:
        return Term(None, date(base_year + PERMANENT_LOCK_YEARS, 12, 31))
    end_year = base_year + years
    return Term(date(end_year + 1, 1, 1), date(end_year, 12, 31))


def report(session: Session, until_year: int | None = None) -> list[dict[str, Any]]:
    """Registrations that become eligible for destruction (by the end of ``until_year``)."""
    query = (
        select(JournalEntry)
        .where(JournalEntry.destruction_date.is_not(None))
        .order_by(
            JournalEntry.destruction_date,
            JournalEntry.case_index,
            JournalEntry.year,
            JournalEntry.seq,
        )
    )
    if until_year is not None:
        query = query.where(JournalEntry.destruction_date <= date(until_year, 12, 31))
    rows = []
    for entry in session.scalars(query):
        assert entry.destruction_date is not None
        rows.append(
            {
                "eligible_year": entry.destruction_date.year,
                "destruction_date": entry.destruction_date.isoformat(),
                "reg_number": entry.reg_number,
                "year": entry.year,
                "case_index": entry.case_index,
                "reg_date": entry.reg_date.isoformat(),
                "doc_type": entry.doc_type,
                "counterparty_name": entry.counterparty_name,
                "retention_label": entry.retention_label,
                "legal_basis": entry.legal_basis,
                "expert_review": bool(entry.expert_review),
                "status": entry.status,
                "document_id": entry.document_id,
            }
        )
    return rows


def summarize(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts per eligibility year and case, for the report's overview."""
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["eligible_year"], row["case_index"])
        group = groups.setdefault(
            key,
            {
                "eligible_year": key[0],
                "case_index": key[1],
                "documents": 0,
                "expert_review": row["expert_review"],
                "first_eligible": row["destruction_date"],
            },
        )
        group["documents"] += 1
    return list(groups.values())
