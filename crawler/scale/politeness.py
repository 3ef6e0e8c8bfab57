"""Politeness across crawl workers: one turn per site booked in Redis the moment a request starts, the only gate,
and given back, a delay on, when its download ends."""

from __future__ import annotations

import logging
import random
from contextlib import suppress
from time import monotonic
from typing import TYPE_CHECKING

from scrapy.core.downloader import Slot
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import _schedule_coro

from crawler.pacing import PacedDownloader
from crawler.scale.connection import REDIS_ERRORS, Keys, server_for
from crawler.scale.queue import SOON
from crawler.settings import DOWNLOAD_TIMEOUT

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

BOOKED = "linktrail_turn"  # request.meta: (site, delay) of the turn it takes as it goes out
TAKEN = "linktrail_turn_taken"  # request.meta: (site, delay) of the turn it took, to end when its download ends
# Seconds a site stays marked downloading past its request's download timeout, if its worker never says it ended.
LEASE_MARGIN = 5.0
LEASE = DOWNLOAD_TIMEOUT + LEASE_MARGIN  # linktrail's download timeout, for callers without a request

# Take the site's turn now if it is free: its next start becomes now + ARGV[1], it is marked downloading (KEYS[2],
# for ARGV[2] ms at most: a worker that dies mid-download holds it no longer) and 0 is returned; else nothing changes
# and the seconds until it is free are returned (while it downloads, one delay: a guess, asked again then). On
# Redis' clock, one atomic step, taken as the request goes out. With a turn log (KEYS[3], LINKTRAIL_TURN_LOG=1),
# "<site key> <now>" is appended: when each request went out.
TAKE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local delay = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then return string.format('%.6f', delay) end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < nxt then return string.format('%.6f', nxt - now) end
redis.call('SET', KEYS[1], string.format('%.6f', now + delay), 'EX', math.ceil(delay) + 60)
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
if KEYS[3] then
  redis.call('RPUSH', KEYS[3], KEYS[1] .. ' ' .. string.format('%.6f', now))
  redis.call('EXPIRE', KEYS[3], 3600)
end
return '0'
"""

# The site's download has ended: it is no longer marked downloading (KEYS[2]) and its next start is at least
# ARGV[1] seconds from now (KEYS[1]), so the site sees the delay between the end of one request and the next.
END_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local delay = tonumber(ARGV[1])
redis.call('DEL', KEYS[2])
local nxt = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now + delay)
redis.call('SET', KEYS[1], string.format('%.6f', nxt), 'EX', math.ceil(delay) + 60)
"""


class SiteTurns:
    """The shared booking: a site's next start time in Redis, taken by whichever worker starts a request."""

    def __init__(self, server: object, keys: Keys, log: bool = False) -> None:
        self.keys = keys
        self.log = log  # append when each request goes out to the crawl's turn log (LINKTRAIL_REDIS_TURN_LOG)
        self._take = server.register_script(TAKE_TURN)  # type: ignore[attr-defined]
        self._end = server.register_script(END_TURN)  # type: ignore[attr-defined]

    def take(self, site: str, delay: float, lease: float = LEASE) -> float:
        """Take ``site``'s turn if it is free and not downloading (0.0), marked downloading for ``lease`` seconds at
        most; else the seconds until it may be free."""
        keys = [self.keys.site(site), self.keys.out(site), *([self.keys.turns] if self.log else [])]
        return float(self._take(keys=keys, args=[f"{delay:.6f}", max(int(lease * 1000), 1)]))

    def end(self, site: str, delay: float) -> None:
        """``site``'s download has ended: its next turn is at least ``delay`` seconds from now."""
        self._end(keys=[self.keys.site(site), self.keys.out(site)], args=[f"{delay:.6f}"])


class SharedRateDownloader(PacedDownloader):
    """Scrapy's downloader, whose per-site delay is the shared booking instead of this process's clock.

    A site's request goes out only once this worker has taken the site's turn in Redis, in the step
    that sends it: the site must not be downloading (in any worker) and its delay since the end of its
    last download must be over. When the download ends (a response or a failure) the site's next turn
    is set to at least a delay from then, and its mark is cleared. So all workers together keep one
    request at a time per site and the delay between the end of one and the start of the next, as one
    process does (crawler/pacing.py): the site sees the gap, however busy a worker's event loop was.
    The delay is the slot's, as one process has it: ``download_delay``, raised by robots.txt
    Crawl-delay or AutoThrottle. Jitter (``DOWNLOAD_DELAY_JITTER``, 0 in linktrail) only lengthens a
    turn, never shortens it: ``download_delay`` stays a minimum. A worker that dies mid-download holds
    its site no longer than the request's download timeout and ``LEASE_MARGIN``. With Redis lost, a
    request waits the slot's own delay (the scheduler stops the worker).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        server, keys = server_for(crawler.settings)
        self.turns = SiteTurns(server, keys, crawler.settings.getbool("LINKTRAIL_REDIS_TURN_LOG"))
        self.timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT")

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

    async def _take_turn(self, site: str, delay: float, lease: float) -> bool:
        """Wait for ``site``'s turn and take it; False if Redis was lost (the slot's own delay was waited)."""
        while True:
            try:
                wait = self.turns.take(site, delay, lease)
            except REDIS_ERRORS:
                await sleep(delay)  # the slot's own delay, counted from now
                return False
            if wait <= 0:
                return True
            if wait > SOON:  # a request the queue handed out although its site could not start (issue 23)
                self.crawler.stats.inc_value("linktrail/redis/politeness_waits")  # type: ignore[union-attr]
            await sleep(wait)

    async def _download(self, slot: Slot, request: Request) -> Response:
        booked = request.meta.pop(BOOKED, None)
        if booked is not None:
            lease = float(request.meta.get("download_timeout") or self.timeout) + LEASE_MARGIN
            try:
                site, delay = booked
                if await self._take_turn(site, delay, lease):
                    request.meta[TAKEN] = booked
            except BaseException:
                slot.transferring.discard(request)
                self._process_queue(slot)
                raise
        return await super()._download(slot, request)

    def download_ended(self, request: Request) -> None:
        super().download_ended(request)
        taken = request.meta.pop(TAKEN, None)
        if taken is not None:
            with suppress(*REDIS_ERRORS):  # lost: the mark expires with its lease; the scheduler stops the worker
                self.turns.end(*taken)
