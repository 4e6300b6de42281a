"""``ecm review``: the review queue from the console, for a reviewer without the web page."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.table import Table

from archive.review import NotAwaitingReview, Verdict, complete_review, review_queue
from ecm.cli.common import fail, out
from ecm.cli.journal import archive_context, print_json

review_app = typer.Typer(help="Очередь проверки: что распознано неуверенно.",
                         no_args_is_help=True)


@review_app.command("list")
def list_queue(
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Документы, ждущие проверки, старые первыми, с неуверенными полями."""
    with archive_context() as ctx, ctx.db.session() as session:
        queue = review_queue(session, threshold=ctx.settings.review_threshold,
                             limit=limit, offset=0)
    if as_json:
        print_json(queue)
        return
    table = Table("Документ", "Файл", "Вид", "Неуверенно")
    for item in queue["items"]:
        unsure = [f"{f['field']}={f['value']!r} ({f['confidence']:.2f})"
                  for f in item["unsure_fields"]]
        if item["class_unsure"]:
            unsure.insert(0, f"вид ({item['class_confidence']:.2f})")
        table.add_row(item["id"], item["filename"], str(item["doc_type"]), "\n".join(unsure))
    out.print(table)
    out.print(f"Ждут проверки: {queue['total']}")


@review_app.command("accept")
def accept(
    document_id: Annotated[str, typer.Argument(help="id документа")],
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="исправление поля: ПОЛЕ=ЗНАЧЕНИЕ (пустое значение = null)")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="исправленный вид")] = None,
    upd_status: Annotated[int | None, typer.Option("--upd-status")] = None,
    comment: Annotated[str | None, typer.Option("--comment")] = None,
) -> None:
    """Подтвердить карточку (с исправлениями) и завершить проверку документа."""
    fields: dict[str, str | None] = {}
    for item in set_ or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise fail(f"--set ожидает ПОЛЕ=ЗНАЧЕНИЕ, получено {item!r}")
        fields[name.strip()] = value.strip() or None
    verdict = Verdict(fields=fields, doc_type=doc_type, upd_status=upd_status, comment=comment)
    actor = os.environ.get("ECM_USER") or os.environ.get("USER") or "cli"
    with archive_context() as ctx:
        try:
            result = complete_review(ctx.db, ctx.store, document_id, verdict, actor=actor,
                                     org_inn=ctx.settings.org_inn)
        except NotAwaitingReview as exc:
            raise fail(str(exc)) from exc
    changed = ", ".join(result["changed"]) or "без исправлений"
    out.print(f"Проверено: {document_id} ({changed})")
    if result["registration"]:
        out.print(f"Перерегистрирован: {result['registration']['reg_number']}")
