"""Refuse any request outside 127.0.0.0/8 when ``LINKTRAIL_LOOPBACK_ONLY`` is on (the demo and tests)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.urls import is_loopback_host

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class LoopbackOnlyMiddleware:
    """Refuse any request outside 127.0.0.0/8 (``LINKTRAIL_LOOPBACK_ONLY``: the demo and tests)."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoopbackOnlyMiddleware:
        if not crawler.settings.getbool("LINKTRAIL_LOOPBACK_ONLY"):
            # Off is the normal case (a real crawl): a bare NotConfigured, so Scrapy logs no warning for it.
            logger.debug("LoopbackOnlyMiddleware off: LINKTRAIL_LOOPBACK_ONLY is off")
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if not is_loopback_host(host):
            self.stats.inc_value("linktrail/refused/not_loopback")
            logger.info("refused %s: not a loopback address (loopback_only is on)", request.url)
            raise IgnoreRequest(f"not loopback: {request.url}")
