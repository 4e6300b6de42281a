"""Search and export for auditors: ``GET /api/v1/search``, ``POST /api/v1/export``."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from archive.errors import IntegrityError
from archive.export import ExportError, Organization, write_export
from archive.search import MAX_PAGE_SIZE, MAX_QUERY, SearchError, SearchQuery, search
from ecm.api.errors import ApiError
from ecm.api.requests import actor as _actor
from ecm.api.requests import app_context as _ctx

router = APIRouter(prefix="/api/v1", tags=["search"])


def search_query(
    q: Annotated[
        str | None, Query(max_length=MAX_QUERY, description="слова, «фраза», -исключить")
    ] = None,
    doc_type: Annotated[str | None, Query(max_length=32)] = None,
    inn: Annotated[
        str | None, Query(pattern=r"^(\d{10}|\d{12})$", description="ИНН контрагента")
    ] = None,
    counterparty: Annotated[str | None, Query(max_length=255, description="часть названия")] = None,
    date_from: Annotated[dt.date | None, Query(description="дата документа, с")] = None,
    date_to: Annotated[dt.date | None, Query(description="дата документа, по")] = None,
    reg_from: Annotated[dt.date | None, Query(description="дата регистрации, с")] = None,
    reg_to: Annotated[dt.date | None, Query(description="дата регистрации, по")] = None,
    sum_min: Annotated[Decimal | None, Query(ge=0, le=Decimal("1e15"))] = None,
    sum_max: Annotated[Decimal | None, Query(ge=0, le=Decimal("1e15"))] = None,
    case_index: Annotated[str | None, Query(max_length=16)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> SearchQuery:
    query = SearchQuery(
        q=q, doc_type=doc_type, inn=inn, counterparty=counterparty, date_from=date_from,
        date_to=date_to, reg_from=reg_from, reg_to=reg_to, sum_min=sum_min, sum_max=sum_max,
        case_index=case_index, status=status, page=page, page_size=page_size,
    )  # fmt: skip
    try:
        query.validate()
    except SearchError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc
    return query


@router.get("/search")
def search_journal(
    request: Request, query: Annotated[SearchQuery, Depends(search_query)]
) -> dict[str, Any]:
    with _ctx(request).db.session() as session:
        return search(session, query).as_dict()


@router.post("/export")
def export(
    request: Request,
    query: Annotated[SearchQuery, Depends(search_query)],
    fns_names: Annotated[bool, Query(description="имена файлов по ст. 93 НК")] = False,
) -> FileResponse:
    """ZIP: the selected originals, опись (CSV, XLSX), manifest.json, SHA256SUMS."""
    ctx = _ctx(request)
    settings = ctx.settings
    org = (
        Organization(settings.org_inn, settings.org_kpp, settings.tax_office, settings.fns_knd)
        if fns_names
        else None
    )
    # An inspection package can hold thousands of scans: it is written to a file in the data
    # folder and streamed from there, never held in memory; the file goes once it is sent.
    spool = settings.data_dir / "exports"
    spool.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=spool, suffix=".zip", delete=False) as out:
        try:
            summary = write_export(
                ctx.db, ctx.store, out, query=query, actor=_actor(request), org=org
            )
        except (ExportError, IntegrityError) as exc:
            out.close()
            os.unlink(out.name)
            if isinstance(exc, ExportError):
                raise ApiError(422, "export_refused", str(exc)) from exc
            raise ApiError(409, "integrity_error", str(exc)) from exc
    headers = {
        "X-Export-Id": summary.export_id,
        "X-Export-Documents": str(summary.documents),
    }
    return FileResponse(
        out.name,
        media_type="application/zip",
        filename=f"export_{summary.export_id}.zip",
        headers=headers,
        background=BackgroundTask(os.unlink, out.name),
    )
