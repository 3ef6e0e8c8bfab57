"""Politeness across crawl workers: one turn per site booked in Redis the moment a request starts, the only gate."""

from __future__ import annotations

import logging
import random
from time import monotonic
from typing import TYPE_CHECKING

from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import _schedule_coro

from crawler.scale.connection import REDIS_ERRORS, Keys, server_for
from crawler.scale.queue import SOON

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

BOOKED = "linktrail_turn"  # request.meta: (site, delay) of the turn it takes as it goes out

# Take the site's turn now if it is free: its next start becomes now + ARGV[1] and 0 is returned; else
# nothing changes and the seconds until it is free are returned. On Redis' clock, one atomic step, taken as the
# request goes out. With a turn log (KEYS[2], LINKTRAIL_TURN_LOG=1), "<site key> <now>" is appended: when each
# request went out.
TAKE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < nxt then return string.format('%.6f', nxt - now) end
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.6f', now + delay), 'EX', math.ceil(delay) + 60)
if KEYS[2] then
  redis.call('RPUSH', KEYS[2], KEYS[1] .. ' ' .. string.format('%.6f', now))
  redis.call('EXPIRE', KEYS[2], 3600)
end
return '0'
"""


class SiteTurns:
    """The shared booking: a site's next start time in Redis, taken by whichever worker starts a request."""

    def __init__(self, server: object, keys: Keys, log: bool = False) -> None:
        self.keys = keys
        self.log = log  # append when each request goes out to the crawl's turn log (LINKTRAIL_REDIS_TURN_LOG)
        self._take = server.register_script(TAKE_TURN)  # type: ignore[attr-defined]

    def take(self, site: str, delay: float) -> float:
        """Take ``site``'s turn for ``delay`` seconds from now if it is free (0.0); else the seconds until it is."""
        keys = [self.keys.site(site), self.keys.turns] if self.log else [self.keys.site(site)]
        return float(self._take(keys=keys, args=[f"{delay:.6f}"]))


class SharedRateDownloader(Downloader):
    """Scrapy's downloader, whose per-site delay is the shared booking instead of this process's clock.

    A site's request goes out only once this worker has taken the site's turn in Redis, in the step
    that sends it (one round trip: the turn runs from the moment it goes out, however busy this
    worker's event loop was before): so all workers together start at most one request per delay
    on a site, and no worker keeps a delay of its own. The delay is the slot's, as one process has
    it: ``download_delay``, raised by robots.txt Crawl-delay or AutoThrottle. Jitter
    (``DOWNLOAD_DELAY_JITTER``, 0 in linktrail) only lengthens a turn, never shortens it:
    ``download_delay`` stays a minimum. Each worker still keeps Scrapy's one request downloading per
    site, a request waiting for its turn included. With Redis lost, a request waits the slot's own
    delay (the scheduler stops the worker).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        server, keys = server_for(crawler.settings)
        self.turns = SiteTurns(server, keys, crawler.settings.getbool("LINKTRAIL_REDIS_TURN_LOG"))

    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall or not slot.queue or slot.free_transfer_slots() <= 0 or slot.delay <= 0:
            super()._process_queue(slot)  # a wait already set, nothing to start, or no delay to keep
            return
        request, queue_dfd = slot.queue.popleft()
        slot.lastseen = monotonic()
        delay = slot.delay * (1 + random.uniform(0, slot.jitter)) if slot.jitter else slot.delay
        request.meta[BOOKED] = (str(request.meta.get(self.DOWNLOAD_SLOT) or ""), delay)
        slot.transferring.add(request)  # the site's place here, from now on: the next request waits for this one
        _schedule_coro(self._wait_for_download(slot, request, queue_dfd))

    async def _take_turn(self, site: str, delay: float) -> None:
        """Wait for ``site``'s turn and take it."""
        while True:
            try:
                wait = self.turns.take(site, delay)
            except REDIS_ERRORS:
                await sleep(delay)  # the slot's own delay, counted from now
                return
            if wait <= 0:
                return
            if wait > SOON:  # a request the queue handed out although its site could not start (issue 23)
                self.crawler.stats.inc_value("linktrail/redis/politeness_waits")  # type: ignore[union-attr]
            await sleep(wait)

    async def _download(self, slot: Slot, request: Request) -> Response:
        booked = request.meta.pop(BOOKED, None)
        if booked is not None:
            try:
                await self._take_turn(*booked)
            except BaseException:
                slot.transferring.discard(request)
                self._process_queue(slot)
                raise
        return await super()._download(slot, request)
