"""Politeness across crawl workers: one turn per site booked in Redis the moment a request starts, the only gate."""

from __future__ import annotations

import contextlib
import logging
import random
from time import monotonic
from typing import TYPE_CHECKING

from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro

from crawler.scale.connection import REDIS_ERRORS, Keys, server_for
from crawler.scale.queue import SOON

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

BOOKED = "linktrail_turn"  # request.meta: (site, delay) of the turn it took, until it goes out

# Take the site's turn now if it is free: its next start becomes now + ARGV[1] and 0 is returned; else
# nothing changes and the seconds until it is free are returned. On Redis' clock, one atomic step.
TAKE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < nxt then return string.format('%.6f', nxt - now) end
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.6f', now + delay), 'EX', math.ceil(delay) + 60)
return '0'
"""

# A booked request is about to go out: its turn runs from now (the event loop may have been busy since).
# With a turn log (KEYS[2], LINKTRAIL_TURN_LOG=1), "<site key> <now>" is appended: when each request went out.
RESTAMP = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local delay = tonumber(ARGV[1])
if now + delay > nxt then
  redis.call('SET', KEYS[1], string.format('%.6f', now + delay), 'EX', math.ceil(delay) + 60)
end
if KEYS[2] then
  redis.call('RPUSH', KEYS[2], KEYS[1] .. ' ' .. string.format('%.6f', now))
  redis.call('EXPIRE', KEYS[2], 3600)
end
return 1
"""


class SiteTurns:
    """The shared booking: a site's next start time in Redis, taken by whichever worker starts a request."""

    def __init__(self, server: object, keys: Keys, log: bool = False) -> None:
        self.keys = keys
        self.log = log  # append when each request goes out to the crawl's turn log (LINKTRAIL_REDIS_TURN_LOG)
        self._take = server.register_script(TAKE_TURN)  # type: ignore[attr-defined]
        self._restamp = server.register_script(RESTAMP)  # type: ignore[attr-defined]

    def take(self, site: str, delay: float) -> float:
        """Take ``site``'s turn for ``delay`` seconds if it is free (0.0); else the seconds until it is."""
        return float(self._take(keys=[self.keys.site(site)], args=[f"{delay:.6f}"]))

    def restamp(self, site: str, delay: float) -> None:
        """The request that took ``site``'s turn goes out now: the turn lasts ``delay`` from now."""
        keys = [self.keys.site(site), self.keys.turns] if self.log else [self.keys.site(site)]
        self._restamp(keys=keys, args=[f"{delay:.6f}"])


class SharedRateDownloader(Downloader):
    """Scrapy's downloader, whose per-site delay is the shared booking instead of this process's clock.

    A site's request starts only once this worker has taken the site's turn in Redis, in the same
    step that starts it: so all workers together start at most one request per delay on a site, and
    nothing waits between the booking and the start (no local delay or queue a booked request could
    sit in). The delay is the slot's, as one process has it: ``download_delay``, raised by robots.txt
    Crawl-delay or AutoThrottle. Jitter (``DOWNLOAD_DELAY_JITTER``, 0 in linktrail) only lengthens a
    turn, never shortens it: ``download_delay`` stays a minimum. Each worker still keeps Scrapy's one
    request downloading per site. With Redis lost, the slot's own delay applies (the scheduler stops
    the worker).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        server, keys = server_for(crawler.settings)
        self.turns = SiteTurns(server, keys, crawler.settings.getbool("LINKTRAIL_REDIS_TURN_LOG"))

    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall or not slot.queue or slot.free_transfer_slots() <= 0 or slot.delay <= 0:
            super()._process_queue(slot)  # a wait already set, nothing to start, or no delay to keep
            return
        request, queue_dfd = slot.queue[0]
        site = str(request.meta.get(self.DOWNLOAD_SLOT) or "")
        delay = slot.delay * (1 + random.uniform(0, slot.jitter)) if slot.jitter else slot.delay
        try:
            wait = self.turns.take(site, delay)
        except REDIS_ERRORS:
            super()._process_queue(slot)
            return
        if wait > 0:
            if wait > SOON:  # a request the queue handed out although its site could not start (issue 23)
                self.crawler.stats.inc_value("linktrail/redis/politeness_waits")  # type: ignore[union-attr]
            slot.latercall = call_later(wait, self._latercall, slot)
            return
        slot.queue.popleft()
        slot.lastseen = monotonic()
        request.meta[BOOKED] = (site, delay)
        _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
        if slot.queue:
            self._process_queue(slot)  # the next one waits for its own turn

    async def _download(self, slot: Slot, request: Request) -> Response:
        booked = request.meta.pop(BOOKED, None)
        if booked is not None:
            # Between the booking and now this worker's event loop may have been busy (a page parsed,
            # other processes on the CPU): the site's next turn counts from the moment it goes out.
            with contextlib.suppress(*REDIS_ERRORS):
                self.turns.restamp(*booked)
        return await super()._download(slot, request)
