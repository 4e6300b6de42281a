"""``ecm search``: the journal's full-text search and filters from the console."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from rich.table import Table

from archive.search import SearchError, SearchQuery, search
from ecm.cli.common import fail, out
from ecm.cli.journal import archive_context, print_json


def parse_date(value: str | None, what: str) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise fail(f"некорректная дата {what}: «{value}» (ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)")


def parse_sum(value: str | None, what: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation as exc:
        raise fail(f"некорректная сумма {what}: «{value}»") from exc


_Opt = typer.Option


def build_query(
    q: str | None, doc_type: str | None, inn: str | None, counterparty: str | None,
    date_from: str | None, date_to: str | None, reg_from: str | None, reg_to: str | None,
    sum_min: str | None, sum_max: str | None, case: str | None, status: str | None,
    page: int = 1, page_size: int = 20,
) -> SearchQuery:  # fmt: skip
    query = SearchQuery(
        q=q, doc_type=doc_type, inn=inn, counterparty=counterparty,
        date_from=parse_date(date_from, "документа (--from)"),
        date_to=parse_date(date_to, "документа (--to)"),
        reg_from=parse_date(reg_from, "регистрации (--reg-from)"),
        reg_to=parse_date(reg_to, "регистрации (--reg-to)"),
        sum_min=parse_sum(sum_min, "--sum-min"), sum_max=parse_sum(sum_max, "--sum-max"),
        case_index=case, status=status, page=page, page_size=page_size,
    )  # fmt: skip
    try:
        query.validate()
    except SearchError as exc:
        raise fail(str(exc)) from exc
    return query


Q = Annotated[str | None, typer.Argument(help="слова для поиска (словоформы находятся)")]
DocType = Annotated[str | None, _Opt("--type", help="вид: upd, torg12, act, ...")]
Inn = Annotated[str | None, _Opt("--inn", help="ИНН контрагента")]
Counterparty = Annotated[str | None, _Opt("--counterparty", help="часть названия")]
DateFrom = Annotated[str | None, _Opt("--from", help="дата документа с")]
DateTo = Annotated[str | None, _Opt("--to", help="дата документа по")]
RegFrom = Annotated[str | None, _Opt("--reg-from", help="дата регистрации с")]
RegTo = Annotated[str | None, _Opt("--reg-to", help="дата регистрации по")]
SumMin = Annotated[str | None, _Opt("--sum-min", help="сумма от")]
SumMax = Annotated[str | None, _Opt("--sum-max", help="сумма до")]
Case = Annotated[str | None, _Opt("--case", help="индекс дела")]
Status = Annotated[str | None, _Opt("--status", help="registered / cancelled")]


def search_command(
    q: Q = None, doc_type: DocType = None, inn: Inn = None, counterparty: Counterparty = None,
    date_from: DateFrom = None, date_to: DateTo = None, reg_from: RegFrom = None,
    reg_to: RegTo = None, sum_min: SumMin = None, sum_max: SumMax = None, case: Case = None,
    status: Status = None,
    page: Annotated[int, _Opt("--page", min=1)] = 1,
    page_size: Annotated[int, _Opt("--page-size", min=1, help="не больше 200")] = 20,
    as_json: Annotated[bool, _Opt("--json")] = False,
) -> None:  # fmt: skip
    """Найти документы в журнале: полнотекстовый поиск с морфологией и фильтры."""
    query = build_query(q, doc_type, inn, counterparty, date_from, date_to, reg_from, reg_to,
                        sum_min, sum_max, case, status, page, page_size)  # fmt: skip
    with archive_context() as ctx, ctx.db.session() as session:
        result = search(session, query)
    if as_json:
        print_json(result.as_dict())
        return
    _print(result.items)
    more = "; есть следующая страница (--page)" if result.has_more else ""
    out.print(f"Страница {result.page}, найдено на странице: {len(result.items)}{more}")


def _print(items: list[dict[str, Any]]) -> None:
    table = Table("Рег. №", "Дата", "Вид", "Контрагент", "ИНН", "Сумма", "Фрагмент")
    for item in items:
        snippet = (item["snippet"] or "").replace("<b>", "[bold]").replace("</b>", "[/bold]")
        table.add_row(
            f"{item['reg_number']} ({item['year']})", item["reg_date"], item["doc_type"] or "",
            item["counterparty_name"] or "", item["counterparty_inn"] or "",
            item["total"] or "", snippet,
        )  # fmt: skip
    out.print(table)
