"""Honour ``Retry-After`` on 429 and 503: hold that site's requests until then, then retry."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from crawler.clock import retry_after_seconds
from crawler.downloadermiddlewares.siteslot import slot_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class RetryAfterMiddleware:
    """Honour ``Retry-After`` on 429 and 503: hold that site's requests until then, then retry.

    Scrapy's RetryMiddleware retries these at once; this one (ordered before it on responses)
    sets a hold on the site's download slot; every request of that site waits in
    ``process_request`` without blocking the reactor until the hold passes. A wait longer than
    ``LINKTRAIL_RETRY_AFTER_MAX`` seconds, or more than ``RETRY_TIMES`` such retries, gives up
    on the request (``linktrail/retry_after/gave_up``).
    """

    CODES = (429, 503)

    def __init__(self, stats: StatsCollector, *, max_wait: float = 600.0, max_times: int = 2,
                 clock: Callable[[], float] = time.monotonic, crawler: Crawler | None = None) -> None:
        self.stats = stats
        self.max_wait = max_wait
        self.max_times = max_times
        self.clock = clock
        # Only for its engine's download slots, which exist once the crawl runs (``_block_slot``).
        self.crawler = crawler
        self.hold_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        s = crawler.settings
        if not s.getbool("RETRY_ENABLED", True):
            logger.debug("RetryAfterMiddleware off: RETRY_ENABLED is off")
            raise NotConfigured  # bare: a choice in the config, not a warning on every run
        assert crawler.stats is not None
        mw = cls(crawler.stats, max_wait=s.getfloat("LINKTRAIL_RETRY_AFTER_MAX", 600.0),
                 max_times=s.getint("RETRY_TIMES", 2), crawler=crawler)
        # response_downloaded comes before the downloader sends the slot's next queued request
        # (AutoThrottle adjusts delays there too); process_response would be too late.
        crawler.signals.connect(mw.response_downloaded, signal=signals.response_downloaded)
        return mw

    def wait_for(self, request: Request, response: Response) -> float | None:
        """Seconds a 429/503 asks to wait, or None when it does not say (or is not one)."""
        if response.status not in self.CODES or request.meta.get("linktrail_robots"):
            return None
        header = response.headers.get(b"Retry-After")
        return retry_after_seconds(header) if header else None

    def response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        """Hold the site at once: its requests already queued in the download slot wait too."""
        wait = self.wait_for(request, response)
        if wait is None or wait > self.max_wait:
            return
        slot = slot_of(request)
        self.hold_until[slot] = max(self.hold_until.get(slot, 0.0), self.clock() + wait)
        self._block_slot(slot, wait)

    def _block_slot(self, key: str, wait: float) -> None:
        """Keep Scrapy's download slot from sending anything for ``wait`` seconds.

        Uses the slot's ``latercall`` the way the downloader does for DOWNLOAD_DELAY; if Scrapy's
        internals change, the hold in ``process_request`` still applies to every later request.
        """
        engine = self.crawler.engine if self.crawler is not None else None
        downloader = getattr(engine, "downloader", None)
        slot = getattr(downloader, "slots", {}).get(key)
        process = getattr(downloader, "_process_queue", None)
        if slot is None or process is None or not hasattr(slot, "latercall"):
            return

        def release() -> None:
            slot.latercall = None
            process(slot)

        if slot.latercall is not None:  # pending (the downloader clears it when it fires)
            slot.latercall.cancel()
        slot.latercall = call_later(wait, release)

    async def process_request(self, request: Request) -> None:
        if not self.hold_until:
            return
        slot = slot_of(request)
        until = self.hold_until.get(slot)
        if until is None:
            return
        wait = until - self.clock()
        if wait <= 0:
            self.hold_until.pop(slot, None)
            return
        self.stats.inc_value("linktrail/retry_after/held")
        from twisted.internet import reactor  # reactor: the one Scrapy installed, never at import time

        await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))  # type: ignore[arg-type]

    def process_response(self, request: Request, response: Response) -> Request | Response:
        wait = self.wait_for(request, response)
        if wait is None:
            return response  # RetryMiddleware's usual retries
        times = int(request.meta.get("retry_after_times", 0)) + 1
        slot = slot_of(request)
        if wait > self.max_wait or times > self.max_times:
            self.stats.inc_value("linktrail/retry_after/gave_up")
            why = (f"asks to wait {wait:.0f} s (more than {self.max_wait:.0f})" if wait > self.max_wait
                   else f"still {response.status} after {times - 1} waits")
            logger.warning("%s: HTTP %d, Retry-After %s; giving up on it", request.url, response.status, why)
            raise IgnoreRequest(f"Retry-After: {why}")
        self.hold_until[slot] = max(self.hold_until.get(slot, 0.0), self.clock() + wait)
        self.stats.inc_value("linktrail/retry_after/honoured")
        logger.info("%s: HTTP %d, waiting %.1f s before asking %s again", request.url, response.status, wait, slot)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = times
        return retry
