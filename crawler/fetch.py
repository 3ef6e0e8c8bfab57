"""One polite GET outside a crawl (`classify URL`, your own feed): the honest user agent and a size cap."""

from __future__ import annotations

import urllib.error
import urllib.request

from crawler.headers import header_values


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


def _error_body(exc: urllib.error.HTTPError, max_bytes: int) -> bytes:
    """The body of an HTTP error answer, or nothing when it cannot be read."""
    try:
        return bytes(exc.read(max_bytes))
    except (OSError, ValueError):
        return b""
    finally:
        exc.close()


def fetch_once(
    url: str, *, agent: str, accept: str, max_bytes: int, timeout: float = 20.0
) -> tuple[str, bytes, dict[str, str]]:
    """(final URL, at most ``max_bytes`` of body, headers) of one GET; the caller checked the scheme.

    Headers as crawler/headers.py gives them: lower-case names, each with its first value.

    Raises:
        FetchError: an HTTP error status, or the host could not be reached or read.
    """
    request = urllib.request.Request(url, headers={"User-Agent": agent, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.geturl(), bytes(response.read(max_bytes)), header_values(response.headers)
    except urllib.error.HTTPError as exc:
        raise FetchError(url, str(exc.reason), exc.code, _error_body(exc, max_bytes)) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(url, str(getattr(exc, "reason", exc))) from None
