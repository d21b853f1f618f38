"""HTTP hardening as one ASGI middleware: a request body limit and security headers.

* A body larger than ``max_body_bytes`` is refused with 413 in the one JSON error shape,
  from its ``Content-Length`` before anything is read, or while a chunked body streams in.
* Every response gets ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  no-referrer``, ``X-Frame-Options: DENY`` and a self-only ``Content-Security-Policy``
  (scripts, styles, fonts, connections only from this origin; images also ``data:``; no
  plugins, no framing, no foreign form targets). A response that sets its own CSP (the API
  docs page allows its one inline script by hash) keeps it.
"""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kodoku_graph.api.errors import error_body
from kodoku_graph.errors import BodyTooLargeError

#: The policy of every page.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def csp_allowing_inline_scripts(html: str) -> str:
    """:data:`CSP` with the sha256 of each inline ``<script>`` of ``html`` allowed.

    >>> "'sha256-" in csp_allowing_inline_scripts("<script>var a = 1;</script>")
    True
    """
    hashes = " ".join(
        f"'sha256-{b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in _INLINE_SCRIPT.findall(html)
    )
    return CSP.replace("script-src 'self'", f"script-src 'self' {hashes}".rstrip())


class HardeningMiddleware:
    """Body limit (413) and security headers for every HTTP response of ``app``."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send)
            return
        if declared is None:  # a chunked body: read it here (at most the limit), then replay
            chunks: list[Message] = []
            seen = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    chunks.append(message)
                    break
                seen += len(message.get("body", b""))
                if seen > limit:
                    await self._refuse(send)
                    return
                chunks.append(message)
                if not message.get("more_body", False):
                    break

            original = receive

            async def replay() -> Message:
                return chunks.pop(0) if chunks else await original()

            receive = replay

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _refuse(self, send: Send) -> None:
        body = error_body(
            BodyTooLargeError(f"request body larger than {self.max_body_bytes} bytes")
        )
        payload = body.model_dump_json(exclude_none=True).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            (b"connection", b"close"),
            *HEADERS,
            (b"content-security-policy", CSP.encode()),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
