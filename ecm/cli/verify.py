"""``ecm verify``: integrity of the originals, the journal and the audit trail."""

from __future__ import annotations

from typing import Annotated

import typer

from archive.verify import VerifyReport, verify_archive
from ecm.cli.common import out
from ecm.cli.journal import archive_context, print_json

_CHAIN_NAMES = {
    "audit": "Журнал аудита",
    "journal": "Журнал регистрации",
    "annotations": "Отметки в журнале",
}


def verify(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    skip_originals: Annotated[
        bool, typer.Option("--skip-originals", help="не перечитывать оригиналы")
    ] = False,
) -> None:
    """Перечитать оригиналы и проверить цепочки хэшей; код 1, если найдено нарушение."""
    with archive_context() as ctx:
        report = verify_archive(ctx.db, None if skip_originals else ctx.store)
    if as_json:
        print_json(report.as_dict())
    else:
        _print(report, skip_originals)
    if not report.ok:
        raise typer.Exit(1)


def _print(report: VerifyReport, skip_originals: bool) -> None:
    for chain in report.chains:
        title = _CHAIN_NAMES.get(chain.name, chain.name)
        if chain.ok:
            out.print(f"[green]✓[/green] {title}: цепочка цела, записей {chain.checked}")
        else:
            where = f"на записи id {chain.broken_at}" if chain.broken_at else "в конце"
            out.print(f"[red]✗[/red] {title}: первое нарушение {where}: {chain.problem}")
    if report.journal_problem is None:
        out.print("[green]✓[/green] Текущие значения журнала совпадают с регистрациями и отметками")
    else:
        out.print(
            f"[red]✗[/red] Журнал, регистрация {report.journal_broken_at}: {report.journal_problem}"
        )
    if skip_originals:
        return
    for item in report.originals_altered:
        out.print(
            f"[red]✗[/red] Оригинал изменён: {item['sha256']} "
            f"(документы {', '.join(item['documents'])})"
        )
    for item in report.originals_missing:
        out.print(
            f"[red]✗[/red] Оригинал отсутствует: {item['sha256']} "
            f"(документы {', '.join(item['documents'])})"
        )
    if not report.originals_altered and not report.originals_missing:
        out.print(f"[green]✓[/green] Оригиналы: {report.originals_checked} проверено, все целы")
