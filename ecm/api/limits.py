"""Refuse oversized requests before their body is read."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send



class BodySizeLimit:
    """Pure ASGI middleware: 413 on a declared or actual body larger than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        received = 0

        async def counting_receive() -> dict[str, object]:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))  # type: ignore[arg-type]
            if received > self.limit:
                raise _BodyTooLarge
            return message  # type: ignore[return-value]

        try:
            await self.app(scope, counting_receive, send)  # type: ignore[arg-type]
        except _BodyTooLarge:
            await _too_large(send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = (
        '{"detail":"Запрос слишком большой: не более %d МБ за один запрос.",'
        '"code":"request_too_large"}' % (limit // (1024 * 1024))
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})
