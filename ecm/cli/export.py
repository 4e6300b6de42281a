"""``ecm export``: a ZIP package for an audit or a ФНС demand."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from archive.errors import IntegrityError
from archive.export import ExportError, Organization, write_export
from ecm.cli.common import fail, out
from ecm.cli.journal import archive_context
from ecm.cli.search import (
    Case,
    Counterparty,
    DateFrom,
    DateTo,
    DocType,
    Inn,
    Q,
    RegFrom,
    RegTo,
    Status,
    SumMax,
    SumMin,
    build_query,
)


def export(
    out_path: Annotated[Path, typer.Option("--out", help="куда записать ZIP")],
    q: Q = None, doc_type: DocType = None, inn: Inn = None, counterparty: Counterparty = None,
    date_from: DateFrom = None, date_to: DateTo = None, reg_from: RegFrom = None,
    reg_to: RegTo = None, sum_min: SumMin = None, sum_max: SumMax = None, case: Case = None,
    status: Status = None,
    fns_names: Annotated[bool, typer.Option("--fns-names", help="имена по ст. 93 НК")] = False,
    user: Annotated[str, typer.Option("--user", help="кто выгружает")] = "cli",
) -> None:  # fmt: skip
    """Выгрузить оригиналы с описью (CSV, XLSX), manifest.json и SHA256SUMS."""
    query = build_query(q, doc_type, inn, counterparty, date_from, date_to, reg_from, reg_to,
                        sum_min, sum_max, case, status)  # fmt: skip
    if out_path.exists():
        raise fail(f"файл {out_path} уже существует: укажите другой --out")
    partial = out_path.with_name(out_path.name + ".part")
    with archive_context() as ctx:
        s = ctx.settings
        org = Organization(s.org_inn, s.org_kpp, s.tax_office, s.fns_knd) if fns_names else None
        try:
            with partial.open("wb") as handle:
                summary = write_export(ctx.db, ctx.store, handle, query=query, actor=user, org=org)
        except (ExportError, IntegrityError) as exc:
            partial.unlink(missing_ok=True)
            raise fail(str(exc)) from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        # Only a complete package gets the requested name.
        os.replace(partial, out_path)
    out.print(f"Выгружено документов: {summary.documents} → {out_path} "
              f"(выгрузка {summary.export_id}; проверка: sha256sum -c SHA256SUMS)")  # fmt: skip
