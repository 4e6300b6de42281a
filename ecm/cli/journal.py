"""``ecm nomenclature``, ``ecm register``, ``ecm retention``: the journal from the console."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from archive import nomenclature, retention
from archive.errors import StoreError
from archive.journal import JournalError
from archive.nomenclature import CaseSpec, NomenclatureError
from archive.registration import register_document
from ecm.cli.common import fail, out
from ecm.context import AppContext

nomenclature_app = typer.Typer(help="Номенклатура дел.", no_args_is_help=True)
retention_app = typer.Typer(help="Сроки хранения.", no_args_is_help=True)


@contextmanager
def archive_context() -> Iterator[AppContext]:
    """A prepared context; archive refusals become one Russian line and exit code 2."""
    ctx = AppContext()
    try:
        ctx.prepare()
        yield ctx
    except (JournalError, NomenclatureError) as exc:
        raise fail(str(exc)) from exc
    except StoreError as exc:
        raise fail(f"архив недоступен: {exc}", code=3) from exc
    finally:
        ctx.close()


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=1, default=str))


@nomenclature_app.command("list")
def list_cases(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Показать дела номенклатуры."""
    with archive_context() as ctx, ctx.db.session() as session:
        cases = nomenclature.list_cases(session)
    if as_json:
        print_json([asdict(c) for c in cases])
        return
    table = Table("Индекс", "Заголовок", "Срок", "Основание", "Виды документов")
    for c in cases:
        mark = " (по умолчанию)" if c.is_fallback else ""
        table.add_row(
            c.index, c.title + mark, c.retention_label, c.legal_basis, ", ".join(c.doc_types)
        )
    out.print(table)


def _spec_changes(**options: Any) -> dict[str, Any]:
    changes = {k: v for k, v in options.items() if v is not None}
    if "doc_types" in changes:
        changes["doc_types"] = [t.strip() for t in changes["doc_types"].split(",") if t.strip()]
    if changes.pop("permanent", False):
        changes["retention_years"] = None
    return changes


_Title = Annotated[str | None, typer.Option("--title", help="заголовок дела")]
_Years = Annotated[int | None, typer.Option("--years", help="срок хранения, лет")]
_Label = Annotated[str | None, typer.Option("--label", help="срок словами: «5 лет ЭПК»")]
_Basis = Annotated[str | None, typer.Option("--basis", help="основание: статья Перечня")]
_Types = Annotated[str | None, typer.Option("--doc-types", help="виды через запятую")]
_Epk = Annotated[bool | None, typer.Option("--epk/--no-epk", help="уничтожение через ЭПК")]
_Fallback = Annotated[bool | None, typer.Option("--fallback", help="дело для прочих видов")]
_Permanent = Annotated[bool, typer.Option("--permanent", help="хранить постоянно")]


@nomenclature_app.command("add")
def add_case(
    index: Annotated[str, typer.Argument(help="индекс дела, например 05-12")],
    title: _Title = None,
    years: _Years = None,
    label: _Label = None,
    basis: _Basis = None,
    doc_types: _Types = None,
    epk: _Epk = None,
    fallback: _Fallback = None,
    permanent: _Permanent = False,
) -> None:
    """Добавить дело в номенклатуру."""
    data = _spec_changes(
        title=title,
        retention_years=years,
        retention_label=label,
        legal_basis=basis,
        doc_types=doc_types,
        expert_review=epk,
        is_fallback=fallback,
        permanent=permanent,
    )
    with archive_context() as ctx, ctx.db.session() as session:
        spec = nomenclature.upsert_case(
            session, CaseSpec.from_dict({"index": index, **data}), create_only=True
        )
    out.print(f"Дело {spec.index} «{spec.title}» добавлено.")


@nomenclature_app.command("edit")
def edit_case(
    index: Annotated[str, typer.Argument(help="индекс дела")],
    title: _Title = None,
    years: _Years = None,
    label: _Label = None,
    basis: _Basis = None,
    doc_types: _Types = None,
    epk: _Epk = None,
    fallback: _Fallback = None,
    permanent: _Permanent = False,
) -> None:
    """Изменить дело; новый срок действует для следующих регистраций."""
    changes = _spec_changes(
        title=title,
        retention_years=years,
        retention_label=label,
        legal_basis=basis,
        doc_types=doc_types,
        expert_review=epk,
        is_fallback=fallback,
        permanent=permanent,
    )
    with archive_context() as ctx, ctx.db.session() as session:
        spec = nomenclature.edit_case(session, index, changes)
    out.print(f"Дело {spec.index} изменено: {spec.retention_label}, {spec.legal_basis}.")


@nomenclature_app.command("load")
def load_cases(
    path: Annotated[Path, typer.Argument(help="JSON-файл: массив дел")],
) -> None:
    """Загрузить номенклатуру из файла (дела добавляются или обновляются)."""
    with archive_context() as ctx:
        specs = nomenclature.read_file(path)
        with ctx.db.session() as session:
            count = nomenclature.load(session, specs)
    out.print(f"Загружено дел: {count}.")


def register(
    doc_id: Annotated[str, typer.Argument(help="идентификатор документа")],
    case: Annotated[str | None, typer.Option("--case", help="индекс дела")] = None,
    user: Annotated[str, typer.Option("--user", help="кто регистрирует")] = "cli",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Зарегистрировать документ в журнале (в дело по виду документа или в --case)."""
    with archive_context() as ctx:
        entry = register_document(
            ctx.db,
            ctx.store,
            doc_id.strip(),
            actor=user,
            case_index=case,
            org_inn=ctx.settings.org_inn,
        )
    if as_json:
        print_json(entry)
        return
    out.print(
        f"Зарегистрирован № {entry['reg_number']} от {entry['reg_date']}; "
        f"хранить до {entry['retain_until']} ({entry['retention_label']})."
    )


@retention_app.command("report")
def retention_report(
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="что станет возможно уничтожить к концу этого года", min=1900, max=3000
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Документы, у которых истекает срок хранения. Ничего не уничтожается автоматически."""
    with archive_context() as ctx, ctx.db.session() as session:
        rows = retention.report(session, year)
    summary = retention.summarize(rows)
    if as_json:
        print_json({"summary": summary, "documents": rows})
        return
    table = Table("Год", "Дело", "Документов", "Можно уничтожить с", "ЭПК")
    for g in summary:
        table.add_row(
            str(g["eligible_year"]),
            g["case_index"],
            str(g["documents"]),
            g["first_eligible"],
            "да" if g["expert_review"] else "",
        )
    out.print(table)
    out.print(f"Всего документов: {len(rows)}. Уничтожение — только по акту, после ЭПК.")
