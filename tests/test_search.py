"""Search by Russian word forms and filters, on PostgreSQL and on the embedded SQLite."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from archive.db import Database, upgrade
from archive.folder_store import FolderStore
from archive.journal import active_entry, annotate
from archive.registration import register_document
from archive.search import SearchError, SearchQuery, search
from ecm.settings import Settings
from tests.test_journal import add_case, card, make_document

DOCS = [
    ("torg12", "Товарная накладная № 12 на поставку товаров. Всего по накладной 12 200,00",
     {"seller_name": "ООО «Ромашка»", "seller_inn": "7707083893", "date": "2026-03-15",
      "total": "12200.00", "number": "12"}),
    ("act", "Акт оказанных услуг по договору поставки № 7. Претензий не имеет.",
     {"seller_name": "АО «Лютик»", "seller_inn": "7728168971", "date": "2026-05-01",
      "total": "500.00", "number": "7"}),
    ("other", "Письмо о сверке взаиморасчётов за квартал", {}),
]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def journal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, str]]:
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
    else:
        url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    upgrade(url)
    db = Database(url)
    store = FolderStore(tmp_path / "archive")
    # A case of its own: the PostgreSQL database is shared by the whole test session.
    case = f"S{secrets.token_hex(2)}-01"
    add_case(db, case)
    for doc_type, text, fields in DOCS:
        doc_id = make_document(db, store, text=text, card_=card(doc_type, **fields))
        register_document(db, store, doc_id, actor="t", case_index=case)
    yield db, case
    db.dispose()


def _find(db: Database, case: str, **kwargs: Any) -> list[dict[str, Any]]:
    with db.session() as session:
        return search(session, SearchQuery(case_index=case, **kwargs)).items


def _types(items: list[dict[str, Any]]) -> set[str | None]:
    return {i["doc_type"] for i in items}


def test_word_forms(journal: tuple[Database, str]) -> None:
    db, case = journal
    found = _find(db, case, q="накладной")
    assert _types(found) == {"torg12"}
    assert "<b>" in found[0]["snippet"] and "накладн" in found[0]["snippet"].lower()
    assert _types(_find(db, case, q="накладная")) == {"torg12"}
    assert _types(_find(db, case, q="поставка")) == {"torg12", "act"}
    assert _types(_find(db, case, q="поставки")) == {"torg12", "act"}
    assert _types(_find(db, case, q="сверка взаиморасчеты")) == {"other"}
    assert _find(db, case, q="самолёт") == []
    # The best match first: both words of the query are in the act.
    assert _find(db, case, q="договор поставки")[0]["doc_type"] == "act"


def test_filters(journal: tuple[Database, str]) -> None:
    db, case = journal
    assert _types(_find(db, case, q="поставка", inn="7707083893")) == {"torg12"}
    assert _types(_find(db, case, counterparty="лютик")) == {"act"}
    assert _types(_find(db, case, sum_min=Decimal("1000"))) == {"torg12"}
    assert _types(_find(db, case, sum_min=Decimal(100), sum_max=Decimal(600))) == {"act"}
    import datetime as dt

    assert _types(_find(db, case, date_from=dt.date(2026, 4, 1))) == {"act"}
    assert _types(_find(db, case, date_to=dt.date(2026, 3, 31))) == {"torg12"}
    today = dt.date.today()
    assert len(_find(db, case, reg_from=today, reg_to=today)) == 3
    assert _find(db, case, reg_to=today - dt.timedelta(days=1)) == []
    assert _types(_find(db, case, doc_type="act")) == {"act"}
    assert len(_find(db, f"{case}X")) == 0
    (item,) = _find(db, case, doc_type="other")
    with db.session() as session:
        entry = active_entry(session, item["document_id"])
        assert entry is not None
        annotate(session, entry, kind="cancelled", actor="t", text="ошибочно")
    assert _types(_find(db, case, status="cancelled")) == {"other"}
    assert _types(_find(db, case, status="registered")) == {"torg12", "act"}


def test_pagination_and_limits(journal: tuple[Database, str]) -> None:
    db, case = journal
    expected = {i["id"] for i in _find(db, case, q="поставка")}
    with db.session() as session:
        first = search(session, SearchQuery(q="поставка", case_index=case, page_size=1))
        second = search(session, SearchQuery(q="поставка", case_index=case, page_size=1, page=2))
        assert first.has_more and not second.has_more
        assert {first.items[0]["id"], second.items[0]["id"]} == expected
        for bad in (SearchQuery(page_size=201), SearchQuery(page=0),
                    SearchQuery(sum_min=Decimal(5), sum_max=Decimal(1)),
                    SearchQuery(status="deleted")):  # fmt: skip
            with pytest.raises(SearchError):
                search(session, bad)
        # Query syntax is never the user's problem: quotes and operators are just text.
        search(session, SearchQuery(q='"накладная OR (* -', case_index=case))


def test_api_and_cli(embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from ecm.api.app import create_app
    from ecm.cli import app as cli
    from ecm.context import AppContext
    from ecm.settings import get_settings

    with TestClient(create_app(AppContext(embedded_settings), dispatch=lambda *_: None)) as api:
        ctx = api.app.state.ctx  # type: ignore[attr-defined]
        doc_id = make_document(
            ctx.db, ctx.store, text=DOCS[0][1], card_=card("torg12", **DOCS[0][2])
        )
        register_document(ctx.db, ctx.store, doc_id, actor="t")
        reply = api.get("/api/v1/search", params={"q": "накладные", "inn": "7707083893"})
        assert reply.status_code == 200, reply.text
        assert reply.json()["items"][0]["reg_number"] == "05-12/1"
        bad = [
            {"date_from": "2026-13-01"},
            {"page_size": 1000},
            {"inn": "12ab"},
            {"sum_min": "много"},
            {"date_from": "2026-05-01", "date_to": "2026-01-01"},
        ]
        for params in bad:
            reply = api.get("/api/v1/search", params=params)
            assert reply.status_code == 422, params
            assert reply.json()["detail"]
    monkeypatch.setenv("ECM_DATA_DIR", str(embedded_settings.data_dir))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["search", "поставки", "--json"])
        assert result.exit_code == 0, result.output
        assert '"05-12/1"' in result.output
        result = CliRunner().invoke(cli, ["search", "--from", "32.01.2026"])
        assert result.exit_code == 2 and "некорректная дата" in result.output
    finally:
        get_settings.cache_clear()


def test_short_period_and_candidate_window(
    journal: tuple[Database, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    import archive.search as search_module

    db, case = journal
    march = {"date_from": dt.date(2026, 3, 1), "date_to": dt.date(2026, 3, 31)}
    # A short period is a list of days on PostgreSQL (GIN index of migration 0003).
    assert _types(_find(db, case, q="поставка", **march)) == {"torg12"}
    expected = [i["id"] for i in _find(db, case, q="поставка")]
    # As if the word were in most rows: the newest id range is searched first, then the
    # rest; the same matches in the same order either way.
    monkeypatch.setattr(search_module, "_estimated_rows", lambda *_: 1e9)
    assert [i["id"] for i in _find(db, case, q="поставка")] == expected
