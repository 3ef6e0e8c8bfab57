"""One polite GET outside a crawl (`classify URL`, your own feed): a total deadline, a size cap, http(s) only."""

from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.headers import header_values
from crawler.text import clean
from crawler.urls import is_http_url

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A GET that brought no page: ``status`` for an HTTP error answer, else None; ``reason`` says why.

    ``body`` is what an HTTP error answer carried (at most the GET's ``max_bytes``), else empty.
    """

    def __init__(self, url: str, reason: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(f"{url}: {f'HTTP {status} ' if status else ''}{reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.body = body


class _DeadlineReader(io.RawIOBase):
    """A socket's reads that all end by one monotonic ``deadline``: a server trickling bytes cannot stretch it."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        self._sock.settimeout(left)
        return self._sock.recv_into(buffer)

    def close(self) -> None:
        self._sock.close()
        super().close()


class _DeadlineSocket:
    """What http.client needs of a socket (sendall, makefile, close), every read bounded by the deadline.

    Once an answer is being read, its reader owns the socket (as with a real socket's makefile).
    """

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline
        self._reading = False

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(max(self._deadline - time.monotonic(), 0.001))
        self._sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        self._reading = True
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self) -> None:
        if not self._reading:
            self._sock.close()


def _answer(url: str, deadline: float, headers: dict[str, str]) -> tuple[http.client.HTTPConnection,
                                                                        http.client.HTTPResponse]:
    """Connect, send the GET and read the status line and headers, all before ``deadline``."""
    parts = urlsplit(url)
    left = deadline - time.monotonic()
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname or "", parts.port, timeout=left,
                                           context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=left)
    conn.connect()
    conn.sock = _DeadlineSocket(conn.sock, deadline)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    conn.request("GET", path, headers=headers)
    return conn, conn.getresponse()


def _get(url: str, deadline: float, request_headers: dict[str, str], max_bytes: int) -> tuple[str, bytes,
                                                                                            dict[str, str]]:
    for _ in range(MAX_REDIRECTS + 1):
        conn, response = _answer(url, deadline, request_headers)
        try:
            headers = header_values(response.headers)
            if response.status in _REDIRECTS and "location" in headers:
                target = urljoin(url, headers["location"])
                if not is_http_url(target):
                    raise FetchError(url, f"redirected to a non-http(s) URL ({urlsplit(target).scheme or '?'}:)")
                url = target
                continue
            body = response.read(max_bytes)
            if response.status >= 400:
                raise FetchError(url, clean(response.reason), response.status, body)
            return url, body, headers
        finally:
            response.close()
            conn.close()
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def fetch_once(
    url: str, *, agent: str, accept: str, max_bytes: int, timeout: float = 20.0
) -> tuple[str, bytes, dict[str, str]]:
    """(final URL, at most ``max_bytes`` of body, headers) of one GET, all of it within ``timeout`` seconds.

    Redirects are followed to http(s) URLs only. Headers as crawler/headers.py gives them: lower-case names,
    each with its first value.

    Raises:
        FetchError: not http(s), an HTTP error status, a redirect elsewhere, no HTTP answer, the deadline passed,
            or the host could not be reached.
    """
    if not is_http_url(url):
        raise FetchError(url, "not an http(s) URL")
    deadline = time.monotonic() + timeout
    request_headers = {"User-Agent": agent, "Accept": accept, "Accept-Encoding": "identity"}
    try:
        return _get(url, deadline, request_headers, max_bytes)
    except TimeoutError:
        raise FetchError(url, f"no complete answer within {timeout:g} s") from None
    except http.client.LineTooLong:
        raise FetchError(url, "not an HTTP answer (a header line too long)") from None
    except http.client.HTTPException as exc:
        # The exception's text may carry the server's bytes: name the kind only.
        raise FetchError(url, f"not an HTTP answer ({type(exc).__name__})") from None
    except (OSError, ValueError) as exc:
        raise FetchError(url, str(getattr(exc, "strerror", None) or exc)) from None
