"""Fetch only HTML, feeds, sitemaps and OPML: stop other downloads once their headers arrive."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response

from crawler.headers import header_text

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# What discovery reads: HTML, feeds, sitemaps, OPML (and robots.txt, as text/plain).
ALLOWED_TYPES = (
    "text/html", "application/xhtml+xml", "application/xml", "text/xml", "application/rss+xml",
    "application/atom+xml", "application/rdf+xml", "application/feed+json", "text/x-opml",
    "application/x-opml", "text/plain",
)


class ContentTypeMiddleware:
    """Fetch only HTML, feeds, sitemaps and OPML: stop other downloads once their headers arrive."""

    def __init__(self, stats: StatsCollector, allowed: tuple[str, ...] = ALLOWED_TYPES) -> None:
        self.stats = stats
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContentTypeMiddleware:
        assert crawler.stats is not None
        mw = cls(crawler.stats)
        crawler.signals.connect(mw.headers_received, signal=signals.headers_received)
        return mw

    def unwanted(self, content_type: bytes | str | None) -> str | None:
        """The media type when it is not one discovery reads; None when it is (or is missing)."""
        if not content_type:
            return None
        media = header_text(content_type).split(";", 1)[0].strip().lower()
        if not media or media in self.allowed or media.endswith("+xml"):
            return None
        return media

    def _skip(self, request: Request, media: str) -> None:
        self.stats.inc_value(f"linktrail/skipped/content_type/{media.replace('/', '_')}")
        logger.info("skipped %s: %s is not HTML, a feed or a sitemap", request.url, media)

    def headers_received(self, headers: Any, body_length: int, request: Request, spider: Any) -> None:
        if request.meta.get("linktrail_robots"):
            return
        media = self.unwanted(headers.get(b"Content-Type"))
        if media is not None:
            self._skip(request, media)
            raise StopDownload(fail=True)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("linktrail_robots"):
            return response
        media = self.unwanted(response.headers.get(b"Content-Type"))
        if media is not None:
            self._skip(request, media)
            raise IgnoreRequest(f"content type {media}")
        return response
