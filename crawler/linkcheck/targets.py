"""Backlink targets and sources: parse and check them, and the URL identity links are matched by."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

from crawler.urls import TRACKING_PARAMS, is_http_url


class TargetError(ValueError):
    """A target (or a source) that linktrail cannot check; the message says why in a few words."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a backlink should point to: one page, or any page of a host (a domain target)."""

    raw: str
    host: str  # ASCII (punycode), lower-case, without "www."
    port: int | None  # a non-default port, else None
    path: str | None  # normalised path and query; None for a domain target
    unicode_host: str  # the same host in Unicode, to spot it in raw hrefs

    @property
    def is_domain(self) -> bool:
        return self.path is None


# URL identity for link matching: scheme ignored, www ignored, IDN folded, trailing slash and
# tracking parameters dropped, query sorted.

@lru_cache(maxsize=16384)
def norm_host(host: str) -> str:
    """ASCII, lower-case host without a trailing dot or a leading "www."."""
    host = host.strip().rstrip(".").lower()
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host.removeprefix("www.")


def _unicode_host(host: str) -> str:
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def norm_path(path: str, query: str) -> str:
    """Path and query as a key: percent-encoding normalised, no trailing slash, no tracking, sorted."""
    path = quote(unquote(path), safe=_PATH_SAFE + "%").rstrip("/")
    if query:
        params = sorted(p for p in query.split("&") if p and not TRACKING_PARAMS.match(p.split("=", 1)[0]))
        if params:
            return f"{path}?{'&'.join(params)}"
    return path


def nondefault_port(scheme: str, port: int | None) -> int | None:
    if port is None or (port == 80 and scheme in ("http", "")) or (port == 443 and scheme == "https"):
        return None
    return port


_DOMAIN = re.compile(r"^[^\s/?#@:]+(:\d{1,5})?/?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+-]*:(?!\d)")  # "mailto:", "ftp:"; not "host:8080"


def _other_scheme(raw: str) -> bool:
    return "://" not in raw and bool(_SCHEME.match(raw))


def parse_target(value: str) -> Target:
    """A Target from a URL (one page) or a bare domain such as ``example.com`` (any page of it).

    Raises:
        TargetError: an empty value, a scheme other than http(s), or a path without a scheme.
    """
    raw = value.strip()
    if not raw:
        raise TargetError("empty target")
    if _other_scheme(raw):
        raise TargetError(f"{raw!r} is not an http(s) URL")
    if "://" in raw:
        parts = urlsplit(raw)
        if not is_http_url(raw, require_host=False):
            raise TargetError(f"{raw!r} is not an http(s) URL")
        try:
            port = parts.port
        except ValueError:
            raise TargetError(f"{raw!r} has a bad port") from None
        if not parts.hostname:
            raise TargetError(f"{raw!r} has no host")
        host = norm_host(parts.hostname)
        return Target(raw, host, nondefault_port(parts.scheme.lower(), port), norm_path(parts.path, parts.query),
                      _unicode_host(host))
    if not _DOMAIN.match(raw) or ("." not in raw and not raw.lower().startswith("localhost")):
        raise TargetError(f"{raw!r} has no scheme (write https://{raw})")
    parts = urlsplit("http://" + raw)
    try:
        port = parts.port
    except ValueError:
        raise TargetError(f"{raw!r} has a bad port") from None
    host = norm_host(parts.hostname or "")
    if not host:
        raise TargetError(f"{raw!r} has no host")
    return Target(raw, host, nondefault_port("http", port), None, _unicode_host(host))


def check_source(url: str) -> str:
    """The source URL stripped, or TargetError saying why linktrail cannot fetch it."""
    raw = url.strip()
    if not raw:
        raise TargetError("empty source URL")
    if _other_scheme(raw):
        raise TargetError(f"{raw!r} is not an http(s) URL")
    if "://" not in raw:
        raise TargetError(f"{raw!r} has no scheme (write https://{raw})")
    parts = urlsplit(raw)
    if not is_http_url(raw, require_host=False):
        raise TargetError(f"{raw!r} is not an http(s) URL")
    if not parts.hostname:
        raise TargetError(f"{raw!r} has no host")
    return raw


def page_key(url: str) -> tuple[str, int | None, str]:
    """A page's identity for "did the source move?": host, port and path key, scheme ignored."""
    parts = urlsplit(url)
    return (norm_host(parts.hostname or ""), nondefault_port(parts.scheme, parts.port),
            norm_path(parts.path, parts.query))


def moved(source: str, final: str) -> bool:
    """True when a redirect led to another page (not just http->https, www or a trailing slash)."""
    try:
        return page_key(source) != page_key(final)
    except ValueError:
        return True
