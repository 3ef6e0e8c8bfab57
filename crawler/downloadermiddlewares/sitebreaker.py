"""A per-site circuit breaker: after N failed requests in a row, stop the site for this run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import Response

from crawler.downloadermiddlewares import failure_reason
from crawler.downloadermiddlewares.siteslot import slot_of
from crawler.signals import site_broken

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class SiteBreakerMiddleware:
    """A per-site circuit breaker: after N failed requests in a row, stop the site for this run.

    Counts final outcomes (after retries): connection errors, timeouts, DNS failures, 5xx and
    429. Any other response resets the count. When the breaker opens it logs one line, counts
    ``linktrail/breaker/opened``, sends ``site_broken`` (the spider drops the site's pending
    URLs) and refuses the site's further requests (``linktrail/breaker/refused``).
    """

    def __init__(self, stats: StatsCollector, send: Callable[..., Any], threshold: int = 5) -> None:
        self.stats = stats
        self.send = send
        self.threshold = threshold
        self.errors: dict[str, int] = {}
        self.broken: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBreakerMiddleware:
        threshold = crawler.settings.getint("LINKTRAIL_BREAKER_ERRORS", 5)
        if threshold <= 0:
            logger.debug("SiteBreakerMiddleware off: LINKTRAIL_BREAKER_ERRORS is 0")
            raise NotConfigured  # bare: a choice in the config, not a warning on every run
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.signals.send_catch_log, threshold)

    def process_request(self, request: Request) -> None:
        if self.broken and slot_of(request) in self.broken:
            self.stats.inc_value("linktrail/breaker/refused")
            raise IgnoreRequest("site stopped by the circuit breaker")

    def process_response(self, request: Request, response: Response) -> Response:
        slot = slot_of(request)
        if response.status >= 500 or response.status == 429:
            self._failed(slot, request.url, f"HTTP {response.status}")
        elif slot in self.errors:
            del self.errors[slot]
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, (IgnoreRequest, StopDownload)):
            self._failed(slot_of(request), request.url, failure_reason(exception))

    def _failed(self, slot: str, url: str, why: str) -> None:
        if slot in self.broken:
            return
        n = self.errors[slot] = self.errors.get(slot, 0) + 1
        if n >= self.threshold:
            self.broken.add(slot)
            self.stats.inc_value("linktrail/breaker/opened")
            logger.warning("site %s: %d failed requests in a row (last %s: %s); no more requests to it this run",
                           slot, n, url, why)
            self.send(signal=site_broken, site=slot, reason=why)
