"""Search over the journal: Russian full text plus filters, ranked and paginated.

One interface, two backends. PostgreSQL: the generated ``tsv`` column (``russian``
configuration, GIN index), ``websearch_to_tsquery``, ``ts_rank`` and ``ts_headline``.
SQLite: the FTS5 table of snowball stems (archive.search_index), ``bm25`` and a snippet cut
here. Filters use the journal's indexed columns on both.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, column, func, literal_column, select, table, text, true
from sqlalchemy.orm import Session

from archive.chain import plain
from archive.models import EntryStatus, JournalEntry
from archive.search_index import is_postgres
from archive.textsearch import fts5_query, normalize, snippet

MAX_PAGE_SIZE = 200
MAX_QUERY = 500
RANK_CANDIDATES = 2000
# Longer periods match too many rows for a list of days to be worth it; the btree date
# indexes serve them.
MAX_LISTED_DAYS = 92
_DAY_ZERO = dt.date(2000, 1, 1)
_HEADLINE = "MaxWords=18, MinWords=6, MaxFragments=1, StartSel=<b>, StopSel=</b>"
_RESULT_COLUMNS = (
    "id", "reg_number", "year", "case_index", "reg_date", "status", "doc_type", "title",
    "counterparty_name", "counterparty_inn", "counterparty_number", "counterparty_date",
    "total", "pages", "document_id", "sha256",
)  # fmt: skip


class SearchError(ValueError):
    """A malformed search request; the message is for the user."""


@dataclass(frozen=True)
class SearchQuery:
    q: str | None = None
    doc_type: str | None = None
    inn: str | None = None
    counterparty: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    reg_from: dt.date | None = None
    reg_to: dt.date | None = None
    sum_min: Decimal | None = None
    sum_max: Decimal | None = None
    case_index: str | None = None
    status: str | None = None
    page: int = 1
    page_size: int = 20

    def validate(self) -> None:
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise SearchError(f"Размер страницы должен быть от 1 до {MAX_PAGE_SIZE}")
        if not 1 <= self.page <= 100_000:
            raise SearchError("Номер страницы должен быть от 1 до 100000")
        if self.q is not None and len(self.q) > MAX_QUERY:
            raise SearchError(f"Запрос длиннее {MAX_QUERY} символов")
        for low, high, what in (
            (self.date_from, self.date_to, "даты документа"),
            (self.reg_from, self.reg_to, "даты регистрации"),
            (self.sum_min, self.sum_max, "суммы"),
        ):
            if low is not None and high is not None and low > high:  # type: ignore[operator]
                raise SearchError(f"Начало диапазона {what} позже его конца")
        if self.status is not None and self.status not in EntryStatus.ALL:
            raise SearchError(f"Неизвестный статус «{self.status}»: {', '.join(EntryStatus.ALL)}")

    @property
    def text(self) -> str | None:
        value = normalize(self.q or "").strip()
        return value or None


@dataclass(frozen=True)
class SearchPage:
    items: list[dict[str, Any]]
    page: int
    page_size: int
    has_more: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "page": self.page,
            "page_size": self.page_size,
            "has_more": self.has_more,
        }


def _filtered(
    query: SearchQuery, stmt: Select[Any], postgres: bool, days: bool = False
) -> Select[Any]:
    e = JournalEntry
    conditions: list[Any] = []
    if query.doc_type:
        conditions.append(e.doc_type == query.doc_type)
    if query.inn:
        conditions.append(e.counterparty_inn == query.inn.strip())
    if query.counterparty:
        name = query.counterparty.strip().replace("%", "").replace("_", "")
        if postgres:
            conditions.append(e.counterparty_name.ilike(f"%{name}%"))
        else:
            folded = name.casefold().replace("ё", "е")
            conditions.append(func.ecm_casefold(e.counterparty_name).like(f"%{folded}%"))
    for field_, low, high in (
        (e.counterparty_date, query.date_from, query.date_to),
        (e.reg_date, query.reg_from, query.reg_to),
        (e.total, query.sum_min, query.sum_max),
    ):
        day_list = _day_list(low, high) if days and field_ is e.counterparty_date else None
        if day_list is not None:
            conditions.append(day_list)
            continue
        if low is not None:
            conditions.append(field_ >= low)
        if high is not None:
            conditions.append(field_ <= high)
    if query.case_index:
        conditions.append(e.case_index == query.case_index)
    if query.status:
        conditions.append(e.status == query.status)
    return stmt.where(and_(*conditions)) if conditions else stmt


def _day_list(low: Any, high: Any) -> Any:
    """A short period as "day number = ANY(...)", served by ix_journal_search (0003).

    btree_gin scans each bound of a range separately, each matching most of the table; a
    list of days is exact and intersects with the words inside one GIN scan.
    """
    if not isinstance(low, dt.date) or not isinstance(high, dt.date):
        return None
    if (high - low).days > MAX_LISTED_DAYS:
        return None
    start = (low - _DAY_ZERO).days
    days = list(range(start, start + (high - low).days + 1))
    return text(
        "(journal_entries.counterparty_date - DATE '2000-01-01') = ANY(CAST(:days AS integer[]))"
    ).bindparams(days=days)


def search(session: Session, query: SearchQuery) -> SearchPage:
    query.validate()
    postgres = is_postgres(session)
    if postgres:
        # psycopg prepares a statement after a few runs and PostgreSQL may then switch to a
        # generic plan that cannot see how common the word is: it ranks every match of
        # "накладная" (seconds instead of milliseconds). Plan each search for its values.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        # Estimates of a million-row scan cross jit_above_cost, and compiling takes longer
        # (tens of ms) than the few thousand rows these plans actually read.
        session.execute(text("SET LOCAL jit = off"))
    if query.text is None:
        rows = _plain_rows(session, query)
    elif postgres:
        rows = _postgres_rows(session, query, query.text)
    else:
        rows = _sqlite_rows(session, query, query.text)
    has_more = len(rows) > query.page_size
    return SearchPage(rows[: query.page_size], query.page, query.page_size, has_more)


def _columns() -> list[Any]:
    return [getattr(JournalEntry, c) for c in _RESULT_COLUMNS]


def _item(row: Any, rank: float | None, snippet_text: str | None) -> dict[str, Any]:
    item = {c: plain(getattr(row, c)) for c in _RESULT_COLUMNS}
    item["rank"] = round(float(rank), 6) if rank is not None else None
    item["snippet"] = snippet_text
    return item


def _window(query: SearchQuery, stmt: Select[Any]) -> Select[Any]:
    # One row more than the page tells whether there is a next page without counting all.
    return stmt.limit(query.page_size + 1).offset((query.page - 1) * query.page_size)


def _plain_rows(session: Session, query: SearchQuery) -> list[dict[str, Any]]:
    stmt = _filtered(query, select(*_columns()), is_postgres(session)).order_by(
        JournalEntry.reg_date.desc(), JournalEntry.id.desc()
    )
    return [_item(row, None, None) for row in session.execute(_window(query, stmt))]


def _postgres_rows(session: Session, query: SearchQuery, q: str) -> list[dict[str, Any]]:
    tsv: Any = literal_column("journal_entries.tsv")
    tsq = func.websearch_to_tsquery(text("'russian'"), q)
    matches = _filtered(query, select(JournalEntry.id).where(tsv.op("@@")(tsq)), True, days=True)
    ranked = _newest_ranked(session, matches, func.ts_rank_cd(tsv, tsq))
    # Ranks are float4 on both sides, so ties fall to the newest row as in SQL.
    ranked.sort(key=lambda pair: (-pair[1], -pair[0]))
    start = (query.page - 1) * query.page_size
    page = ranked[start : start + query.page_size + 1]
    if not page:
        return []
    # Headlines are costly: only for the rows of the page, not for every match.
    headline = func.ts_headline(text("'russian'"), JournalEntry.search_text, tsq, _HEADLINE)
    stmt = select(*_columns(), headline.label("snippet")).where(
        JournalEntry.id.in_([entry_id for entry_id, _ in page])
    )
    rows = {row.id: row for row in session.execute(stmt)}
    return [_item(rows[i], rank, rows[i].snippet) for i, rank in page if i in rows]


def _newest_ranked(session: Session, matches: Select[Any], rank: Any) -> list[tuple[int, float]]:
    """(id, rank) of the newest RANK_CANDIDATES matches.

    Ranking every match of a common word costs seconds on a million rows, so only the newest
    RANK_CANDIDATES are ranked. Finding them among, say, 17,000 matches of two words still
    meant fetching all 17,000 rows to sort by id. When the planner expects many matches,
    the newest id range that should hold them (with a margin) is searched first, so the GIN
    and primary-key indexes intersect before any row is read; the rest only if it fell short.
    """
    e = JournalEntry
    expected = _estimated_rows(session, matches)
    low = 0
    if expected > 2 * RANK_CANDIDATES:
        newest = session.execute(select(func.max(e.id))).scalar() or 0
        low = max(0, newest - int(newest * 1.5 * RANK_CANDIDATES / expected))
    ranked: list[tuple[int, float]] = []
    for where in [e.id > low, e.id <= low] if low else [true()]:
        want = RANK_CANDIDATES - len(ranked)
        if want <= 0:
            break
        stmt = (
            matches.add_columns(rank.label("rank")).where(where).order_by(e.id.desc()).limit(want)
        )
        ranked += [(row.id, float(row.rank)) for row in session.execute(stmt)]
    return ranked


def _estimated_rows(session: Session, stmt: Select[Any]) -> float:
    # The planner's row estimate (tsvector statistics know how common each word is) costs
    # one planning, far less than counting.
    compiled = stmt.compile(dialect=session.get_bind().dialect)
    plan = (
        session.connection()
        .exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params)
        .scalar()
    )
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"]) if plan else 0.0


def _sqlite_rows(session: Session, query: SearchQuery, q: str) -> list[dict[str, Any]]:
    match = fts5_query(q)
    if match is None:
        return _plain_rows(session, query)
    fts = table("journal_fts", column("rowid"))
    # The FTS table drives, newest first (ORDER BY its rowid is served by FTS5 itself), and
    # bm25 is computed only for the RANK_CANDIDATES rows kept, as in PostgreSQL.
    candidates = (
        _filtered(
            query,
            select(
                *_columns(),
                JournalEntry.search_text,
                literal_column("bm25(journal_fts)").label("rank"),
            )
            .select_from(fts.join(JournalEntry, JournalEntry.id == fts.c.rowid))
            .where(text("journal_fts MATCH :match")),
            False,
        )
        .order_by(fts.c.rowid.desc())
        .limit(RANK_CANDIDATES)
        .subquery()
    )
    stmt = select(candidates).order_by(candidates.c.rank, candidates.c.id.desc())
    rows = session.execute(_window(query, stmt), {"match": match})
    # bm25 is "lower is better"; flip the sign so both backends rank higher = better.
    return [_item(row, -row.rank, snippet(row.search_text or "", q)) for row in rows]
