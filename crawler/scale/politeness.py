"""Politeness across crawl workers: all of them together start at most one request per delay on a site."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import redis
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from crawler.scale.connection import REDIS_ERRORS, Keys, server_for
from crawler.urls import site_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

# Reserve the next start of a request to a site: max(now, next) + delay, on Redis' clock.
RESERVE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, nxt)
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.6f', start + delay), 'EX', math.ceil(delay) + 60)
return string.format('%.6f', start - now)
"""


class SharedPolitenessMiddleware:
    """All workers together start at most one request per ``download_delay`` on a site."""

    def __init__(self, server: redis.Redis, keys: Keys, delay: float, crawler: Crawler | None = None) -> None:
        self.server = server
        self.keys = keys
        self.delay = delay
        self.crawler = crawler
        self._reserve = server.register_script(RESERVE_TURN)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPolitenessMiddleware:
        s = crawler.settings
        if not s.get("LINKTRAIL_REDIS_URL"):
            raise NotConfigured("LINKTRAIL_REDIS_URL is empty")
        delay = s.getfloat("DOWNLOAD_DELAY")
        if delay <= 0:
            raise NotConfigured("DOWNLOAD_DELAY is 0: no per-site rate to share")
        server, keys = server_for(s)
        return cls(server, keys, delay, crawler)

    def wait_for(self, site: str) -> float:
        """Reserve this site's next turn; seconds to wait for it."""
        return float(self._reserve(keys=[self.keys.site(site)], args=[f"{self.delay:.6f}"]))

    async def process_request(self, request: Request) -> None:
        site = request.meta.get("site") or site_of(request.url) or urlsplit(request.url).netloc
        try:
            wait = self.wait_for(site)
        except REDIS_ERRORS:
            return  # the scheduler notices and stops the worker; Scrapy's own per-site delay still holds
        if wait > 0:
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value("linktrail/redis/politeness_waits")
            from twisted.internet import reactor  # reactor: the one Scrapy installed, never at import time

            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
