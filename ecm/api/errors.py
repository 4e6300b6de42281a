"""Error responses in one shape, with Russian messages: {"detail": ..., "code": ...}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from archive.errors import StoreUnavailable


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.detail, "code": exc.code, **exc.extra}, status_code=exc.status
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in err.get("loc", ())), "problem": err.get("msg")}
            for err in exc.errors()
        ]
        return JSONResponse(
            {"detail": "Неверный запрос.", "code": "invalid_request", "problems": problems},
            status_code=422,
        )

    @app.exception_handler(StoreUnavailable)
    async def _store_down(_request: Request, _exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse(
            {
                "detail": "Архив временно недоступен: файлы не приняты, повторите позже.",
                "code": "archive_unavailable",
            },
            status_code=503,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "Не найдено.", 405: "Метод не поддерживается."}
        detail = messages.get(exc.status_code, str(exc.detail))
        return JSONResponse({"detail": detail, "code": f"http_{exc.status_code}"}, exc.status_code)
