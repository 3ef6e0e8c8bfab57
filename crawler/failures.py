"""Discovery's error accounting: the stat, log level and reason each failed fetch is counted under."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy.exceptions import (
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    StopDownload,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector


@dataclass(frozen=True)
class FailureKind:
    """How a failed fetch is counted (``linktrail/<stat>``) and how loudly it is said."""

    stat: str
    level: int
    why: str


def failure_kind(exc: BaseException, kind: str | None = None) -> FailureKind:
    """Name a fetch failure: the stat it counts under, the log level, and a short reason."""
    if isinstance(exc, HttpError):
        status = exc.response.status
        if kind == "probe" and status in (404, 410):
            return FailureKind("probes/missed", logging.DEBUG, f"HTTP {status}")
        return FailureKind(f"errors/http_{status}", logging.WARNING, f"HTTP {status}")
    if isinstance(exc, StopDownload):
        return FailureKind("skipped/content_type", logging.DEBUG, "not HTML, a feed or a sitemap")
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        for needle, stat, level in (
            ("Forbidden by robots.txt", "skipped/robots", logging.DEBUG),
            ("robots.txt unreachable", "skipped/robots_unreachable", logging.DEBUG),
            ("circuit breaker", "skipped/site_broken", logging.DEBUG),
            ("max redirections", "errors/redirect_loop", logging.WARNING),
            ("Retry-After", "errors/retry_after", logging.DEBUG),
            ("content type", "skipped/content_type", logging.DEBUG),
            ("not loopback", "skipped/not_loopback", logging.DEBUG),
        ):
            if needle in text:
                return FailureKind(stat, level, text)
        return FailureKind("skipped/ignored", logging.DEBUG, text or "ignored")
    if isinstance(exc, DNSLookupError):
        return FailureKind("errors/dns", logging.WARNING, "DNS lookup failed")
    if isinstance(exc, (ConnectionRefusedError, DownloadConnectionRefusedError)):
        return FailureKind("errors/connection_refused", logging.WARNING, "connection refused")
    if isinstance(exc, (TimeoutError, TCPTimedOutError, DownloadTimeoutError)):
        return FailureKind("errors/timeout", logging.WARNING, "timed out")
    name = type(exc).__name__
    return FailureKind(f"errors/{name.lower()}", logging.WARNING, name)


def seed_failed(stats: StatsCollector, url: str, what: FailureKind) -> None:
    """A seed that could not be fetched: an error whatever stopped it, named with why in
    ``linktrail/seeds/failed``; ``linktrail/seeds/unreachable`` when it got no answer at all."""
    if not what.stat.startswith("errors/"):
        stats.inc_value("linktrail/errors/seed_unreachable")
    failed = stats.get_value("linktrail/seeds/failed") or []
    stats.set_value("linktrail/seeds/failed", [*failed, f"{url} ({what.why})"])
    if not what.stat.startswith("errors/http_"):  # an HTTP error is an answer
        stats.inc_value("linktrail/seeds/unreachable")
