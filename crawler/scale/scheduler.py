"""scrapy-redis' scheduler for crawl workers: JSON requests, a busy mark per worker, the end of a shared crawl."""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING, Any

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler.scale.connection import REDIS_ERRORS, Keys, redact, server_for, worker_id
from crawler.scale.handback import HandBack
from crawler.scale.queue import ClaimingPriorityQueue
from crawler.scale.robots import REQUEUED
from crawler.scale.serializer import json_serializer

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Seconds a worker leaves the queue alone after a pop found no site that may start yet, unless it queues a request
# itself (the engine asks at every download's end; each ask is a round trip).
QUIET = 0.5

# Seconds between an idle worker's looks at Redis (for work, and whether the shared crawl is over). The end of a
# crawl takes two looks in a row at each worker: with 0.5 s the workers agreed 0.5-1 s after the last response
# (issue 23); an idle worker's look is one or two round trips, 10 a second at most.
POLL = 0.1

# Seconds a request queued here waits in this worker for the next queue pop to carry it to Redis, at most (its
# downloader full, the engine does not ask for one): pushed then on its own. A request pushed as it came, and a pop
# for each one the engine started, were two round trips a request, 4,700 of a worker's 10,600 (issue 23).
GATHER = 0.02

# The crawl is over when nothing is queued and no live worker is busy; then clear it. A mark is the time
# it expires, negative for a worker idle but holding URLs (waiting). With ARGV[2] (a worker): is anything
# queued, or is any other worker working (not waiting)? Then something it handed out may be out.
FINISH_IF_DONE = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
local now = tonumber(redis.call('TIME')[1])
local busy = redis.call('HGETALL', KEYS[2])
for i = 1, #busy, 2 do
  local mark = tonumber(busy[i + 1])
  if ARGV[2] then
    if busy[i] ~= ARGV[2] and mark > now then return 0 end
  elseif math.abs(mark) > now then return 0 end
end
if ARGV[1] == '1' then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[1] .. ':body', KEYS[1] .. ':seq', KEYS[1] .. ':verdicts')
end
return 1
"""


class RedisScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis' scheduler, adapted: JSON requests, the end of a shared crawl, Redis lost.

    A lost Redis closes this worker's spider with the reason ``redis_lost`` (one error line): the
    queue and seen-set stay in Redis and the next `crawl --redis` resumes from them.
    """

    def __init__(self, server: redis.Redis, *, crawler: Crawler, url: str, keys: Keys, worker: str,
                 busy_ttl: int, poll: float, hold: float = 0.0, batch: bool = False) -> None:
        dupefilter = RFPDupeFilter(server, key=keys.seen)
        super().__init__(
            server, persist=True, queue_key=keys.requests, queue_cls="scrapy_redis.queue.PriorityQueue",
            dupefilter=dupefilter, dupefilter_key=keys.seen, serializer=json_serializer,
        )
        self.crawler = crawler
        self.url = url
        self.keys = keys
        self.worker = worker
        self.busy_ttl = busy_ttl
        self.poll = poll
        self.hold = hold  # the download delay: a site handed out is held that long (crawler/scale/queue.py)
        self._wake: CallLaterResult | None = None
        self._wake_at = 0.0
        self._quiet_until = 0.0  # no site queued may start before then, as far as this worker knows
        # With ``batch`` (a worker's engine: from_crawler), requests queued here go to Redis with the next pop, in
        # one round trip (``_flush``), or GATHER seconds later; without, each as it comes (a test's scheduler).
        self.batch = batch
        self._outgoing: list[tuple[Request, str, bool]] = []  # (request, fingerprint, retry) not pushed yet
        # Requests one pop handed out beyond the first, for the engine's next asks in the same loop (``_places``).
        self._ready: deque[Request] = deque()
        self._gather: CallLaterResult | None = None
        self.lost = False
        self.downloader: Any = None  # the engine's (open): a SharedRateDownloader's ended turns go with a pop
        self.done_seen = False
        self._finish = server.register_script(FINISH_IF_DONE)
        self._refresh: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        s = crawler.settings
        server, keys = server_for(s)
        worker = s.get("LINKTRAIL_WORKER_ID") or worker_id()
        scheduler = cls(
            server, crawler=crawler, url=s.get("LINKTRAIL_REDIS_URL"), keys=keys,
            worker=worker, busy_ttl=s.getint("LINKTRAIL_REDIS_BUSY_TTL", 20),
            poll=s.getfloat("LINKTRAIL_REDIS_POLL", POLL), hold=max(s.getfloat("DOWNLOAD_DELAY"), 0.0), batch=True,
        )
        scheduler.stats = crawler.stats
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        handback = HandBack(self.server, self.keys, self.worker)
        engine = self.crawler.engine if self.crawler.crawling else None  # None: a test's scheduler
        # The shared-rate downloader's turns (crawler/scale/politeness.py): those ended go with the next pop or push.
        self.downloader = getattr(engine, "downloader", None)
        turns = getattr(self.downloader, "turns", None)  # a pop takes its request's turn for them (issue 23)
        self.queue = ClaimingPriorityQueue(
            self.server, spider, self.keys.requests, self.serializer,
            busy_key=self.keys.busy, worker=self.worker, busy_ttl=self.busy_ttl,
            seen_key=self.keys.seen, done_key=self.keys.done(self.worker), handback=handback,
            turn_prefix=self.keys.site(""), hold_prefix=self.keys.held(""), hold=self.hold,
            turns=turns, early_lease=getattr(self.downloader, "early_lease", 0.0) if turns is not None else 0.0,
            turn_log=self.keys.turns if getattr(turns, "log", False) else "",
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("linktrail/worker", self.worker)
        if hasattr(spider, "handback"):  # the discover spider: its frontier hears of its requests others ended
            spider.handback = handback
        # An idle worker asks Redis for work every `poll` seconds instead of Scrapy's 5 s heartbeat
        # (a private engine attribute, read when the engine starts sending requests).
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = self.poll
        self._refresh = task.LoopingCall(self._keep_claim)
        self._refresh.start(max(self.busy_ttl / 4, 1), now=False)
        try:
            queued = len(self.queue)
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return
        if queued:
            logger.info("joining a crawl in Redis with %d requests queued", queued)

    def close(self, reason: str) -> None:
        if self._refresh is not None and self._refresh.running:
            self._refresh.stop()
        if self._wake is not None:
            self._wake.cancel()
        if self._gather is not None:
            self._gather.cancel()
        if self.lost:
            return
        with contextlib.suppress(*REDIS_ERRORS):
            for request in self._ready:  # popped, never started: back to the queue for whoever goes on
                self.queue.push(request)
        self._ready.clear()
        self._flush()  # requests queued here and word for others that no pop carried
        self._send_word()
        with contextlib.suppress(*REDIS_ERRORS):
            self.server.hdel(self.keys.busy, self.worker)
            self.server.delete(self.keys.done(self.worker))

    def _claim(self, waiting: bool = False) -> None:
        """Mark this worker busy for ``busy_ttl`` seconds more, on Redis' clock (``waiting``: idle, holding URLs)."""
        now = int(self.server.time()[0])
        self.server.hset(self.keys.busy, self.worker, -(now + self.busy_ttl) if waiting else now + self.busy_ttl)

    def _keep_claim(self) -> None:
        """A worker busy with a long download keeps its busy mark alive."""
        if self.lost:
            return
        try:
            mark = self.server.hget(self.keys.busy, self.worker)
            if mark is not None:
                self._claim(waiting=float(mark) < 0)
        except REDIS_ERRORS as exc:
            self._lose(exc)

    def _send_word(self) -> None:
        """Send this worker's word for others (crawler/scale/handback.py) now, when no pop or push carries it."""
        handback = getattr(getattr(self, "queue", None), "handback", None)
        if handback is not None:
            handback.send()

    def _lose(self, exc: Exception) -> None:
        if self.lost:
            return
        self.lost = True
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("linktrail/redis/lost")
        logger.error("Redis at %s lost (%s): this worker stops; the crawl resumes from Redis when it is back",
                     redact(self.url), exc)
        engine = self.crawler.engine if self.crawler.crawling else None  # None: a test's scheduler
        if engine is not None:
            from twisted.internet import reactor  # reactor: the one Scrapy installed, never at import time

            def stop() -> Any:
                return deferred_from_coro(engine.close_spider_async(reason="redis_lost"))

            reactor.callLater(0, stop)  # type: ignore[attr-defined,arg-type]

    def __len__(self) -> int:
        if self.lost:
            return 0
        self._flush()
        try:
            return len(self.queue) + len(self._ready)
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return 0

    def has_pending_requests(self) -> bool:
        # The engine asks whenever nothing downloads here (a worker waiting for its sites' turns): within the quiet
        # time after a pop saw requests queued for later it is not asked again (one round trip each time).
        return (not self.lost and (bool(self._ready) or bool(self._outgoing) or monotonic() < self._quiet_until)) \
            or len(self) > 0

    def enqueue_request(self, request: Request) -> bool:
        if self.lost:
            return False
        try:
            # The shared seen-set decides for every request but a retry or one sent back after robots.txt
            # (crawler/scale/robots.py): the discover spider marks its requests dont_filter because its own
            # frontier filtered them, in this process only.
            retry = "retry_times" in request.meta or bool(request.meta.pop(REQUEUED, False))
            if self.batch:
                self._outgoing.append((request, self.df.request_fingerprint(request), retry))
                if self._gather is None:
                    self._gather = call_later(GATHER, self._flush)
                return True  # queued here: the seen-set's word comes with the push (``_flush``)
            answer = self.queue.see_and_push(request, self.df.request_fingerprint(request), retry)
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return False
        return self._pushed(answer)

    def _pushed(self, answer: int) -> bool:
        """Count a request's push by the queue's answer (0: the shared seen-set had it, another worker found it
        first; 2: its site may start now; else 1); False when it was not queued."""
        if answer == 0:
            if self.stats:
                self.stats.inc_value("linktrail/redis/duplicates")
            return False
        if answer == 2:
            self._quiet_until = 0.0  # it may start now
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.lost:
            return None
        if self._ready:
            return self._dequeued(self._ready.popleft())
        want = self._places()
        if self._outgoing:  # this pop carries the requests queued here since the last one (one round trip)
            popped = self._flush(pop=want)
            if popped is None:
                return None
        elif monotonic() < self._quiet_until:
            self._send_word()  # no pop now to carry this worker's word for others
            return None
        else:
            try:
                popped = self.queue.pop_ready(want)
            except REDIS_ERRORS as exc:
                self._lose(exc)
                return None
        self._ready.extend(popped[1:])
        if not popped and self.stats and self.queue.wait > 0:
            self.stats.inc_value("linktrail/redis/none_ready")
        if self.queue.wait > 0:
            # No other queued site may start before `wait`: ask Redis again then, or once this worker queues a
            # request that may start, or in QUIET seconds (another worker may queue one that may).
            self._wake_in(self.queue.wait)
            self._quiet_until = monotonic() + min(self.queue.wait, QUIET)
        return self._dequeued(popped[0]) if popped else None

    def _dequeued(self, request: Request) -> Request:
        """``request``, handed to the engine: this worker is at work again (``spider_idle``'s two looks start over)."""
        self.done_seen = False
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _places(self) -> int:
        """How many requests the engine starts now, as many as its downloader has free places (at least one): asked
        for one at a time, it popped them one round trip each, most of a worker's round trips without a delay
        (issue 23: the engine's loop asked 1-32 times, ~10 on average; bench_workers' 4,400 requests now take 1,008
        pops). Those it does not start stay in ``_ready``."""
        downloader = self.downloader
        free = getattr(downloader, "total_concurrency", 0) - len(getattr(downloader, "active", ()))
        return max(free, 1)

    def _flush(self, pop: int = 0) -> list[Request] | None:
        """Push the requests queued here since the last round trip (and this worker's word for others) and pop up to
        ``pop`` requests: one round trip. A request the shared seen-set had is dropped now, as the engine drops one
        the scheduler refuses (``request_dropped``). Returns the requests popped, or None when nothing was asked of
        Redis or Redis is lost."""
        if self._gather is not None:
            self._gather.cancel()  # (nothing, when this is the GATHER call itself)
            self._gather = None
        if self.lost or not (self._outgoing or pop):
            return None
        outgoing, self._outgoing = self._outgoing, []
        try:
            pushed, popped = self.queue.push_all_and_pop(outgoing, pop)
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return None
        for (queued, _fingerprint, _retry), answer in zip(outgoing, pushed, strict=True):
            if not self._pushed(answer):  # dropped now, as the engine drops one the scheduler refuses
                self.crawler.signals.send_catch_log(signals.request_dropped, request=queued, spider=self.spider)
        return popped

    def _wake_in(self, seconds: float) -> None:
        """Have the engine ask for a request again in ``seconds`` (sooner if a download ends first)."""
        engine = self.crawler.engine if self.crawler.crawling else None
        slot = getattr(engine, "_slot", None)  # the engine's private slot: its nextcall starts queued requests
        if slot is None:
            return
        at = monotonic() + seconds
        if self._wake is not None and monotonic() < self._wake_at <= at:
            return  # an earlier wake-up is due
        if self._wake is not None:
            self._wake.cancel()
        self._wake, self._wake_at = call_later(seconds, slot.nextcall.schedule), at

    @staticmethod
    def _still_feeding(spider: Spider) -> bool:
        """The spider's own frontier (the discover spider's) has URLs left that it will hand out."""
        frontier = getattr(spider, "frontier", None)
        return bool(frontier is not None and frontier.pending and not frontier.exhausted)

    def spider_idle(self, spider: Spider) -> None:
        """Idle here: let go of the busy mark; close only when the whole shared crawl is over.

        "Over" must be seen on two idle checks in a row (one poll apart), so a spider_idle
        handler that queues more requests on the first one is never cut short.
        """
        if self.lost:
            # Its close, as ``redis_lost``, is on its way (``_lose``): closing now would call it "finished".
            raise DontCloseSpider("Redis lost")
        self._flush()  # requests queued here go to Redis before this worker says whether it is busy
        self._send_word()  # idle: no pop or push carries this worker's word for others now
        if hasattr(self.downloader, "flush_ends"):
            self.downloader.flush_ends()  # nor the turns ended here: other workers may start those sites
        if self._still_feeding(spider):
            # Its own frontier still holds URLs to hand out (a spider_idle handler feeds them a few
            # at a time; those another worker already found are dropped as seen). Letting go of the
            # mark now would let another worker call the crawl over and clear the seen-set, and then
            # every URL still held here would be fetched a second time.
            try:
                self._claim(waiting=True)
                quiet = bool(self._finish(keys=[self.keys.requests, self.keys.busy, self.keys.seen],
                                          args=["0", self.worker]))
            except REDIS_ERRORS as exc:
                self._lose(exc)
                raise DontCloseSpider("Redis lost") from None
            if quiet and hasattr(spider, "release_all"):
                # Nothing queued and no other worker busy: nothing it handed out is out anywhere (a worker
                # killed with one of its requests included). Its sites may send again, on the next idle tick.
                spider.release_all()
            self.done_seen = False
            raise DontCloseSpider("the frontier still has URLs to hand out")
        try:
            self.server.hdel(self.keys.busy, self.worker)
            done = bool(self._finish(keys=[self.keys.requests, self.keys.busy, self.keys.seen],
                                     args=["1" if self.done_seen else "0"]))
        except REDIS_ERRORS as exc:
            self._lose(exc)
            raise DontCloseSpider("Redis lost") from None
        if done and self.done_seen:
            logger.info("the shared crawl is over: queue empty, no worker busy")
            return
        self.done_seen = done
        raise DontCloseSpider("other workers are still crawling" if not done else "checking once more")
