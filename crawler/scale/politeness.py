"""Politeness across crawl workers: one turn per site booked in Redis as a request starts (or is popped), the only
gate, and given back, a delay on, when its download ends: with the worker's next call to Redis, or END_WAIT later."""

from __future__ import annotations

import logging
import random
from contextlib import suppress
from time import monotonic
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader import Slot
from scrapy.utils.asyncio import CallLaterResult, call_later, sleep
from scrapy.utils.defer import _schedule_coro

from crawler.downloadermiddlewares.siteslot import slot_of
from crawler.pacing import PacedDownloader
from crawler.scale.connection import REDIS_ERRORS, HeldConnection, Keys, server_for
from crawler.scale.queue import SOON
from crawler.scale.turnlua import CLOCK_FN, END_TURNS_FN, TAKE_TURN_FN
from crawler.settings import DOWNLOAD_TIMEOUT

if TYPE_CHECKING:
    from collections.abc import Callable

    import redis
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

BOOKED = "linktrail_turn"  # request.meta: (site, delay) of the turn it takes as it goes out
TAKEN = "linktrail_turn_taken"  # request.meta: (site, delay) of the turn it took, to end when its download ends
# Seconds a site stays marked downloading past its request's download timeout, if its worker never says it ended.
LEASE_MARGIN = 5.0
LEASE = DOWNLOAD_TIMEOUT + LEASE_MARGIN  # linktrail's download timeout, for callers without a request
# Seconds a turn whose download ended here waits, at most, for the worker's next call to Redis (a queue pop or push,
# a turn taken) to end it in Redis; then it is ended on its own. An end sent on its own was a third of a worker's
# round trips without a delay (issue 23: pop, take, end a page; each round trip holds the worker's event loop).
END_WAIT = 0.02
# Seconds a site's turn a queue pop took with its request (crawler/scale/queue.py) waits, at most, for a request of
# that site to start here; then it is given back unused (ended with no delay). Taking it in the pop spares the turn's
# own round trip, one of a worker's two a page without a delay (issue 23). A request dropped or sent back on its way
# (robots.txt, a filter) gives it back as it leaves the downloader; this is for one that waits in a middleware: for
# another worker to read its site's robots.txt, which needs that very turn. A busy worker's start took 0.1-0.2 s from
# the pop to the download (the e2e test under load): well under this, or the turn is taken a second time.
EARLY_WAIT = 0.5

# First the turns ended here since the last call (ARGV[3] on, END_TURNS_FN). Then take the site's turn (KEYS[1]) now if
# it is free (TAKE_TURN_FN, as a queue pop does: its delay ARGV[1], marked downloading for ARGV[2] ms at most, stamped
# in the turn log KEYS[2] with LINKTRAIL_TURN_LOG=1) and return 0; else the seconds until it is free. On Redis' clock,
# one atomic step, taken as the request goes out.
TAKE_TURN = CLOCK_FN + END_TURNS_FN + TAKE_TURN_FN + """
end_turns(3)
local _, wait = take_turn(KEYS[1], redis_now(), tonumber(ARGV[1]), ARGV[2], KEYS[2] or '')
return string.format('%.6f', wait)
"""

# Sites' downloads have ended (END_TURNS_FN, from ARGV[1]): none is marked downloading any more and each one's next
# start is at least its delay from now, so the site sees the delay between the end of one request and the next.
END_TURNS = CLOCK_FN + END_TURNS_FN + """
end_turns(1)
"""


class SiteTurns:
    """The shared booking: a site's next start time in Redis, taken by whichever worker starts a request.

    A turn whose download ended here is ended in Redis by the next script this worker sends that carries
    ``carried()`` (a take here, a queue pop or push), first thing in it, or by ``flush``: until then the site
    stays marked downloading, so nobody starts it, and its delay runs from when Redis ends the turn.
    """

    def __init__(self, server: redis.Redis, keys: Keys, log: bool = False) -> None:
        self.keys = keys
        self.log = log  # append when each request goes out to the crawl's turn log (LINKTRAIL_REDIS_TURN_LOG)
        self.ended: list[str] = []  # turns ended here, not yet in Redis: the site's turn key, the delay, ...
        self.since = 0.0  # monotonic(): when the first of those ended
        # Sites whose turn a queue pop took (``took_early``), not used yet: the request it came with and when.
        self.early: dict[str, tuple[Request, float]] = {}
        self.watch: Callable[[], None] | None = None  # told when a pop took one (the downloader's release timer)
        held = HeldConnection(server)  # one connection for the turns' scripts (issue 23)
        self._take = held.register_script(TAKE_TURN)
        self._end = held.register_script(END_TURNS)

    def take(self, site: str, delay: float, lease: float = LEASE) -> float:
        """End the turns ended here, then take ``site``'s turn if it is free and not downloading (0.0), marked
        downloading for ``lease`` seconds at most; else the seconds until it may be free."""
        keys = [self.keys.site(site), *([self.keys.turns] if self.log else [])]
        return float(self._take(keys=keys, args=[f"{delay:.6f}", max(int(lease * 1000), 1), *self.carried()]))

    def end(self, site: str, delay: float) -> None:
        """``site``'s download has ended: its next turn is at least ``delay`` seconds from now (with any turn ended
        here before, in one round trip)."""
        self.end_later(site, delay)
        self.flush()

    def end_later(self, site: str, delay: float) -> None:
        """``site``'s download has ended: its turn is ended with this worker's next call that carries it (``carried``)
        or by ``flush``."""
        if not self.ended:
            self.since = monotonic()
        self.ended += [self.keys.site(site), f"{delay:.6f}"]

    def took_early(self, site: str, request: Request) -> None:
        """A queue pop took ``site``'s turn with ``request``: the next request of ``site`` to start here uses it
        (``use_early``), or it is given back unused (``give_back``)."""
        self.early[site] = (request, monotonic())
        if self.watch is not None:
            self.watch()

    def use_early(self, site: str) -> bool:
        """Use ``site``'s turn a pop took, if there is one: no round trip."""
        return self.early.pop(site, None) is not None

    def give_back(self, site: str) -> None:
        """``site``'s turn a pop took went unused: end it with no delay (its next start stays as the pop set it),
        with this worker's next call that carries it or by ``flush``."""
        if self.early.pop(site, None) is not None:
            self.end_later(site, 0.0)

    def carried(self) -> list[str | int]:
        """The turns ended here, for a script that ends them (END_TURNS_FN's values: how many, then key and delay
        each); none waits any more."""
        out, self.ended = self.ended, []
        return [len(out) // 2, *out]

    def flush(self) -> None:
        """End the turns ended here now, on their own (one round trip; none when there are none)."""
        if self.ended:
            self._end(args=self.carried())


class SharedRateDownloader(PacedDownloader):
    """Scrapy's downloader, whose per-site delay is the shared booking instead of this process's clock.

    A site's request goes out only once this worker has taken the site's turn in Redis, in the step
    that sends it or in the queue pop that handed it out (``EARLY_WAIT``): the site must not be
    downloading (in any worker) and its delay since the end of its last download must be over. When
    the download ends (a response or a failure) the turn is ended in Redis with the next call this
    worker makes to it anyway, first thing in that script: the queue pop or push
    (crawler/scale/queue.py) or the next turn taken here; when none comes within ``END_WAIT`` seconds,
    on its own (also when the worker goes idle or closes). Then the site's mark is cleared and
    its next turn set to at least a delay from then, by Redis' clock: a turn ended later only lengthens
    the gap. So all workers together keep one request at a time per site and the delay between the end
    of one and the start of the next, as one process does (crawler/pacing.py): the site sees the gap,
    however busy a worker's event loop was, at one round trip a page fewer than an end sent on its own.
    The delay is the slot's, as one process has it: ``download_delay``, raised by robots.txt
    Crawl-delay or AutoThrottle. Jitter (``DOWNLOAD_DELAY_JITTER``, 0 in linktrail) only lengthens a
    turn, never shortens it: ``download_delay`` stays a minimum. A worker that dies mid-download, or
    with ended turns not yet sent, holds their sites no longer than the request's download timeout and
    ``LEASE_MARGIN``. With Redis lost, a request waits the slot's own delay, and ended turns not sent
    expire with their lease (the scheduler stops the worker).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        server, keys = server_for(crawler.settings)
        self.turns = SiteTurns(server, keys, crawler.settings.getbool("LINKTRAIL_REDIS_TURN_LOG"))
        self.timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT")
        self._flusher: CallLaterResult | None = None
        self.closed = False
        # A turn a queue pop takes (crawler/scale/queue.py) is marked downloading this long at most: a request's
        # lease, or the longest delay a site may get here if longer, so a worker that dies between the pop and the
        # download's end holds the site at least as long as a turn taken here would have kept it (its next start).
        s = crawler.settings
        longest = max(s.getfloat("DOWNLOAD_DELAY"), s.getfloat("LINKTRAIL_MAX_CRAWL_DELAY", 30.0),
                      s.getfloat("AUTOTHROTTLE_MAX_DELAY") if s.getbool("AUTOTHROTTLE_ENABLED") else 0.0)
        self.early_lease = max(self.timeout + LEASE_MARGIN, longest * (1 + max(float(self._jitter or 0), 0.0)))
        if s.getfloat("DOWNLOAD_DELAY") <= 0 and not s.getbool("AUTOTHROTTLE_ENABLED"):
            self.early_lease = 0.0  # no delay anywhere: this worker takes no turns, so pops take none for it
        self.turns.watch = self._watch_early
        self._early_timer: CallLaterResult | None = None

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
            if site in self.turns.early:  # a queue pop took this site's turn here (crawler/scale/queue.py)
                if lease <= self.early_lease:
                    self.turns.use_early(site)
                    return True
                self.turns.give_back(site)  # marked for less than this request's lease: taken anew (ended first)
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
        if self.turns.early:
            # A turn a pop took with this request for another site (a redirect keeps its old site's slot in the queue):
            # given back now, not when the download is over.
            self._give_back([s for s, (r, _) in self.turns.early.items() if r is request and s != (booked or ("",))[0]])
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
        if taken is None:
            return
        self.turns.end_later(*taken)
        self._ended_here()

    def _ended_here(self) -> None:
        """A turn was ended here: to Redis with the next call, or on its own ``END_WAIT`` seconds on."""
        if self.closed:  # no next call, no timer: now
            self.flush_ends()
        elif self._flusher is None:
            self._flusher = call_later(END_WAIT, self._flush_due)

    def fetch(self, request: Request, spider: Spider | None = None) -> Deferred[Response | Request]:
        fetched: Deferred[Response | Request] = super().fetch(request)
        fetched.addBoth(self._fetched, request)
        return fetched

    def _fetched(self, result: Any, request: Request) -> Any:
        """``request`` left the downloader (downloaded, dropped or sent back by a middleware): a turn a pop took with
        it that no request used is given back now."""
        site = slot_of(request)
        early = self.turns.early.get(site)
        if early is not None and early[0] is request:
            self._give_back([site])
        return result

    def _watch_early(self) -> None:
        """A queue pop took a site's turn here: give it back if no request uses it within ``EARLY_WAIT``."""
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("linktrail/redis/early_turns")
        if self._early_timer is None and not self.closed:
            self._early_timer = call_later(EARLY_WAIT, self._early_due)

    def _early_due(self) -> None:
        """The timer: give back the turns pops took that waited ``EARLY_WAIT`` seconds unused."""
        self._early_timer = None
        now = monotonic()
        self._give_back([site for site, (_, at) in self.turns.early.items() if now - at >= EARLY_WAIT])
        if self.turns.early and not self.closed:
            first = min(at for _, at in self.turns.early.values())
            self._early_timer = call_later(max(first + EARLY_WAIT - now, 0.0), self._early_due)

    def _give_back(self, sites: list[str]) -> None:
        """Give back the turns pops took for ``sites``, unused (ended with no delay, as ended turns go)."""
        if not sites:
            return
        for site in sites:
            self.turns.give_back(site)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("linktrail/redis/early_turns_unused", len(sites))
        self._ended_here()

    def _flush_due(self) -> None:
        """The timer: end the turns ended here that waited ``END_WAIT`` seconds for a call to carry them."""
        self._flusher = None
        if not self.turns.ended:
            return  # a call carried them
        left = self.turns.since + END_WAIT - monotonic()
        if left > 0:  # those waiting now ended after the ones this timer was for, which a call carried
            self._flusher = call_later(left, self._flush_due)
            return
        self.flush_ends()

    def flush_ends(self) -> None:
        """End the turns ended here in Redis now, on their own (an idle or closing worker, or none came to carry them
        in time); with Redis lost, their marks expire with their leases (the scheduler stops the worker)."""
        if not self.turns.ended:
            return
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("linktrail/redis/turn_ends_alone")
        with suppress(*REDIS_ERRORS):
            self.turns.flush()

    def close(self) -> None:
        self.closed = True
        if self._flusher is not None:
            self._flusher.cancel()
            self._flusher = None
        if self._early_timer is not None:
            self._early_timer.cancel()
            self._early_timer = None
        for site in list(self.turns.early):
            self.turns.give_back(site)
        self.flush_ends()
        super().close()
