"""Fetching a file over the network, bounded: the one place ``tutoral`` opens a connection
(``tutoral catalogue update``; the build never does).

``https://`` only, plain ``http://`` to this machine only; no redirect to another scheme nor,
for http, off this machine; no ``file:``, ``ftp:`` or ``data:`` handler at all (the opener is
built from the HTTP handlers alone); the size and the time are bounded.
"""

from __future__ import annotations

import http.client
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from typing import IO, Any

from ..domain.catalogue import MAX_BYTES
from ..domain.reuse import address_refusal

LIMIT = MAX_BYTES
"""The most bytes read: the largest catalogue."""
TIMEOUT = 20.0
"""The most seconds a fetch takes, connection and transfer together."""


class Refused(Exception):
    """The address is not allowed, or the fetch failed: the message says why."""


def allowed(url: str, scheme: str | None = None) -> None:
    """Refuse an address that is not https, or http off this machine (``scheme``: the one
    a redirect must keep)."""
    refusal = address_refusal(url, scheme)
    if refusal is not None:
        raise Refused(f"{url[:80]!r}: {refusal}")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only where the first address could have gone."""

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any
    ) -> Any:
        """Refuse before urllib looks at the new address (it would follow ``ftp:`` itself)."""
        target = headers.get("location") or headers.get("uri") or ""
        try:
            allowed(urllib.parse.urljoin(req.full_url, target), self.scheme)
        except Refused:
            fp.close()
            raise
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        allowed(newurl, self.scheme)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(scheme: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        _Redirects(scheme),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ]
    if scheme == "https":  # a proxy of the environment, never for this machine
        handlers.append(urllib.request.ProxyHandler())
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def get(url: str, *, limit: int = LIMIT, timeout: float = TIMEOUT) -> bytes:
    """The bytes at ``url``; :class:`Refused` with the reason otherwise."""
    allowed(url)
    scheme = urllib.parse.urlsplit(url).scheme
    request = urllib.request.Request(url, headers={"User-Agent": "tutoral_gen"})
    deadline = time.monotonic() + timeout
    try:
        with _opener(scheme).open(request, timeout=timeout) as response:
            return _read(response, limit, deadline)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise Refused(f"the server answered {exc.code} {str(exc.reason)[:80]}") from None
    except urllib.error.URLError as exc:
        raise Refused(f"cannot connect: {str(exc.reason)[:120]}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise Refused(f"the transfer failed: {str(exc)[:120] or type(exc).__name__}") from None


def _read(response: IO[bytes], limit: int, deadline: float) -> bytes:
    length = getattr(response, "headers", Message()).get("Content-Length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise Refused(f"too large ({length} bytes, at most {limit})")
    chunks, size = [], 0
    while chunk := response.read(65536):
        size += len(chunk)
        if size > limit:
            raise Refused(f"too large (more than {limit} bytes)")
        if time.monotonic() > deadline:
            raise Refused("too slow: the transfer took longer than allowed")
        chunks.append(chunk)
    return b"".join(chunks)
