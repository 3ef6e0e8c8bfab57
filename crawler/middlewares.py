"""Downloader middlewares: per-site download slots and the loopback-only guard."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.urls import is_loopback_host, site_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class SiteSlotMiddleware:
    """Key Scrapy's download slot by linktrail's site identity, not the bare host name.

    Scrapy keys slots by host without the port, so two blogs on 127.0.0.1 would share one
    slot, and ``blog.example.com`` and ``www.example.com`` would get two. The per-site
    concurrency and delay only mean "per site" when the slot is the site.
    """

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("download_slot", site_of(request.url) or urlsplit(request.url).netloc)


class LoopbackOnlyMiddleware:
    """Refuse any request outside 127.0.0.0/8 (``LINKTRAIL_LOOPBACK_ONLY``: the demo and tests)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoopbackOnlyMiddleware:
        if not crawler.settings.getbool("LINKTRAIL_LOOPBACK_ONLY"):
            raise NotConfigured("LINKTRAIL_LOOPBACK_ONLY is off")
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if not is_loopback_host(host):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("linktrail/refused/not_loopback")
            logger.info("refused %s: not a loopback address (loopback_only is on)", request.url)
            raise IgnoreRequest(f"not loopback: {request.url}")
