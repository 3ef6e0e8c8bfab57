"""Crawl workers beyond one process: scrapy-redis scheduler and seen-set, shared politeness, a launcher.

Design (issue 10). Any number of `linktrail crawl --redis URL` processes, on any machines, split
one crawl through Redis:

- **Queue and seen-set.** scrapy-redis' ``Scheduler`` with its ``PriorityQueue`` (a sorted set
  scored by ``-request.priority``, so best-first survives) and ``RFPDupeFilter`` (a set of
  fingerprints): a URL is enqueued once, whoever found it, and fetched once. We subclass the
  scheduler (``RedisScheduler``) because scrapy-redis 0.9.1 passes ``spider=`` to the stats
  collector (deprecated in Scrapy 2.19), pickles requests (Redis shared between machines must
  not carry pickles: ``json_serializer`` here instead), and has no way to tell when a crawl split
  over several workers is over.
- **The end of a shared crawl.** A worker pops a request and marks itself busy in one Lua script;
  when it goes idle (nothing queued, nothing in flight, every item pushed) it clears its mark. The
  crawl is over when the queue is empty and no live worker is busy. A live worker renews its mark
  every ``LINKTRAIL_REDIS_BUSY_TTL`` / 4 seconds; the mark of a killed worker (or of one cut off
  from Redis) expires after ``LINKTRAIL_REDIS_BUSY_TTL`` (20) seconds, so it holds the others no
  longer than that. The
  last idle worker then clears the queue and the seen-set; a worker stopped early (Ctrl-C, its
  time budget, Redis lost) leaves them, and the next `crawl --redis` resumes the crawl.
- **Politeness across workers: a shared per-site rate.** ``SharedPolitenessMiddleware`` reserves
  the next start time of a request to a site in Redis (``max(now, next) + download_delay``,
  Redis' clock, one atomic script), and the request waits for its turn. So all workers together
  start at most one request per ``download_delay`` on a site, whatever their number; each worker
  still keeps Scrapy's one request in flight per site. A rate rather than a lease held for the
  whole download: nothing to release on every error path, and nothing stuck when a worker dies.
- **Items** go to a Redis list (pipelines/redisqueue.py); `linktrail ingest` is the one writer
  of the SQLite file (pipelines/ingest.py).

Caps are per worker: each worker's frontier (crawler/frontier.py) admits at most ``max_pages``
URLs that *it* found, ``max_pages_per_site`` per site, ``max_new_sites`` new sites, so N workers
crawl at most N times the caps. Its seen-set only saves building Requests it already built; the
shared seen-set in Redis decides what is fetched.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet import task

from crawler.extras import ScaleExtraMissing
from crawler.urls import site_of

try:  # the optional [scale] extra; without it, one line that names it (crawler/extras.py)
    import redis
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.queue import PriorityQueue
    from scrapy_redis.scheduler import Scheduler
except ModuleNotFoundError as exc:
    raise ScaleExtraMissing(exc.name) from exc

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

logger = logging.getLogger(__name__)

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# Seconds to wait for Redis before a worker or `ingest` gives up: short, so a lost Redis stops
# a worker within seconds instead of blocking its reactor.
SOCKET_TIMEOUT = 5.0


class RedisUnavailable(Exception):
    """Redis cannot be reached or used; the message says which URL and what to do."""


def redact(url: str) -> str:
    """The Redis URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url


def connect(url: str) -> redis.Redis:
    """A Redis client for ``url``, checked with PING.

    Raises:
        RedisUnavailable: a malformed URL, or no Redis answering there.
    """
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise RedisUnavailable(f"--redis: {url!r} is not a Redis URL like redis://127.0.0.1:6379/0")
    try:
        client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT)
        client.ping()
    except ValueError as exc:
        raise RedisUnavailable(f"--redis: {redact(url)}: {exc}") from None
    except redis.exceptions.RedisError as exc:
        raise RedisUnavailable(
            f"Redis at {redact(url)} is not reachable ({exc}); start redis-server or give another --redis"
        ) from None
    return client


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one crawl job (the spider's name is the job)."""

    prefix: str = "linktrail:discover"

    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def seen(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def busy(self) -> str:
        return f"{self.prefix}:busy"

    @property
    def items(self) -> str:
        return f"{self.prefix}:items"

    @property
    def ingesting(self) -> str:
        return f"{self.prefix}:items:ingesting"

    def site(self, site: str) -> str:
        return f"{self.prefix}:next:{site}"


def worker_id() -> str:
    """Who this worker is, in Redis and in the crawls table: host, pid and a random tail."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def apply_redis_settings(settings: Settings, url: str) -> None:
    """Switch a crawl's Scrapy settings to the shared Redis scheduler, politeness and item list."""
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines = {k: v for k, v in pipelines.items() if not k.endswith("store.StorePipeline")}
    pipelines["pipelines.redisqueue.RedisQueuePipeline"] = 900
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    # After robots.txt (100): a disallowed URL reserves no turn.
    middlewares["crawler.scale.SharedPolitenessMiddleware"] = 120
    settings.setdict({
        "LINKTRAIL_REDIS_URL": url,
        "LINKTRAIL_JOBDIR": None,  # the crawl's state lives in Redis, not in a per-process journal
        "SCHEDULER": "crawler.scale.RedisScheduler",
        "ITEM_PIPELINES": pipelines,
        "DOWNLOADER_MIDDLEWARES": middlewares,
    }, priority="cmdline")


# -- serialisation of requests ----------------------------------------------------------------


# Dataclasses a request's meta may carry (the discover spider's Candidate), rebuilt on decode.
# Only classes of this package are rebuilt: what comes out of Redis never names code to run.
DATACLASS_PREFIX = "crawler."


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = f"{type(value).__module__}.{type(value).__qualname__}"
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__dc": name, "f": fields}
    if isinstance(value, bytes):
        return {"__b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"__d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b"}:
            return base64.b64decode(value["__b"])
        if set(value) == {"__d"}:
            return {_decode(k): _decode(v) for k, v in value["__d"]}
        if set(value) == {"__dc", "f"} and str(value["__dc"]).startswith(DATACLASS_PREFIX):
            from scrapy.utils.misc import load_object

            return load_object(value["__dc"])(**{k: _decode(v) for k, v in value["f"].items()})
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class json_serializer:
    """Requests as JSON (bytes as base64), never pickles: Redis may be shared between machines."""

    @staticmethod
    def dumps(obj: Any) -> bytes:
        return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True).encode("utf-8")

    @staticmethod
    def loads(data: bytes | str) -> Any:
        return _decode(json.loads(data))


# -- the scheduler ----------------------------------------------------------------------------

# Pop the best request and mark this worker busy until it goes idle, in one step: no moment
# where a request is out of the queue and nobody is marked as working on it.
POP_AND_CLAIM = """
local r = redis.call('ZPOPMIN', KEYS[1])
if #r == 0 then return false end
local t = redis.call('TIME')
redis.call('HSET', KEYS[2], ARGV[1], tonumber(t[1]) + tonumber(ARGV[2]))
return r[1]
"""

# The crawl is over when nothing is queued and no live worker is busy; then clear it.
FINISH_IF_DONE = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
local now = tonumber(redis.call('TIME')[1])
local busy = redis.call('HGETALL', KEYS[2])
for i = 1, #busy, 2 do
  if tonumber(busy[i + 1]) > now then return 0 end
end
if ARGV[1] == '1' then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
return 1
"""


class ClaimingPriorityQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis' priority queue whose pop also marks the worker busy (``POP_AND_CLAIM``)."""

    def __init__(self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None, *,
                 busy_key: str, worker: str, busy_ttl: int) -> None:
        super().__init__(server, spider, key, serializer)
        self.busy_key = busy_key
        self.worker = worker
        self.busy_ttl = busy_ttl
        self._pop = server.register_script(POP_AND_CLAIM)

    def pop(self, timeout: int = 0) -> Request | None:
        data = self._pop(keys=[self.key, self.busy_key], args=[self.worker, self.busy_ttl])
        return self._decode_request(data) if data else None


class RedisScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis' scheduler, adapted: JSON requests, the end of a shared crawl, Redis lost.

    A lost Redis closes this worker's spider with the reason ``redis_lost`` (one error line): the
    queue and seen-set stay in Redis and the next `crawl --redis` resumes from them.
    """

    def __init__(self, server: redis.Redis, *, crawler: Crawler, url: str, keys: Keys, worker: str,
                 busy_ttl: int, poll: float) -> None:
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
        self.lost = False
        self.done_seen = False
        self._finish = server.register_script(FINISH_IF_DONE)
        self._refresh: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        s = crawler.settings
        url = s.get("LINKTRAIL_REDIS_URL")
        if not url:
            raise NotConfigured("LINKTRAIL_REDIS_URL is empty")
        try:
            server = connect(url)
        except RedisUnavailable as exc:
            raise RuntimeError(str(exc)) from None
        worker = s.get("LINKTRAIL_WORKER_ID") or worker_id()
        scheduler = cls(
            server, crawler=crawler, url=url, keys=Keys(s.get("LINKTRAIL_REDIS_PREFIX", "linktrail:discover")),
            worker=worker, busy_ttl=s.getint("LINKTRAIL_REDIS_BUSY_TTL", 20),
            poll=s.getfloat("LINKTRAIL_REDIS_POLL", 0.5),
        )
        scheduler.stats = crawler.stats
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = ClaimingPriorityQueue(
            self.server, spider, self.keys.requests, self.serializer,
            busy_key=self.keys.busy, worker=self.worker, busy_ttl=self.busy_ttl,
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("linktrail/worker", self.worker)
        # An idle worker asks Redis for work every `poll` seconds instead of Scrapy's 5 s heartbeat
        # (a private engine attribute, read when the engine starts sending requests).
        engine = self.crawler.engine
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
        if self.lost:
            return
        with contextlib.suppress(*REDIS_ERRORS):
            self.server.hdel(self.keys.busy, self.worker)

    def _claim(self) -> None:
        """Mark this worker busy for ``busy_ttl`` seconds more, on Redis' clock."""
        now = int(self.server.time()[0])
        self.server.hset(self.keys.busy, self.worker, now + self.busy_ttl)

    def _keep_claim(self) -> None:
        """A worker busy with a long download keeps its busy mark alive."""
        if self.lost:
            return
        try:
            if self.server.hexists(self.keys.busy, self.worker):
                self._claim()
        except REDIS_ERRORS as exc:
            self._lose(exc)

    def _lose(self, exc: Exception) -> None:
        if self.lost:
            return
        self.lost = True
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("linktrail/redis/lost")
        logger.error("Redis at %s lost (%s): this worker stops; the crawl resumes from Redis when it is back",
                     redact(self.url), exc)
        engine = self.crawler.engine
        if engine is not None:
            from twisted.internet import reactor  # the running one; never imported at module level

            def stop() -> Any:
                return deferred_from_coro(engine.close_spider_async(reason="redis_lost"))

            reactor.callLater(0, stop)  # type: ignore[attr-defined,arg-type]

    def __len__(self) -> int:
        if self.lost:
            return 0
        try:
            return len(self.queue)
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return 0

    def has_pending_requests(self) -> bool:
        return len(self) > 0

    def enqueue_request(self, request: Request) -> bool:
        if self.lost:
            return False
        try:
            # The shared seen-set decides for every request but a retry: the discover spider marks
            # its requests dont_filter because its own frontier filtered them, in this process only.
            if "retry_times" not in request.meta and self.df.request_seen(request):
                if self.stats:
                    self.stats.inc_value("linktrail/redis/duplicates")
                return False
            self.queue.push(request)
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.lost:
            return None
        try:
            request = self.queue.pop()
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return None
        if request is not None:
            self.done_seen = False
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request

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
            return
        if self._still_feeding(spider):
            # Its own frontier still holds URLs to hand out (a spider_idle handler feeds them a few
            # at a time; those another worker already found are dropped as seen). Letting go of the
            # mark now would let another worker call the crawl over and clear the seen-set, and then
            # every URL still held here would be fetched a second time.
            try:
                self._claim()
            except REDIS_ERRORS as exc:
                self._lose(exc)
                return
            self.done_seen = False
            raise DontCloseSpider("the frontier still has URLs to hand out")
        try:
            self.server.hdel(self.keys.busy, self.worker)
            done = bool(self._finish(keys=[self.keys.requests, self.keys.busy, self.keys.seen],
                                     args=["1" if self.done_seen else "0"]))
        except REDIS_ERRORS as exc:
            self._lose(exc)
            return
        if done and self.done_seen:
            logger.info("the shared crawl is over: queue empty, no worker busy")
            return
        self.done_seen = done
        raise DontCloseSpider("other workers are still crawling" if not done else "checking once more")


# -- politeness across workers ----------------------------------------------------------------

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
        url = s.get("LINKTRAIL_REDIS_URL")
        if not url:
            raise NotConfigured("LINKTRAIL_REDIS_URL is empty")
        delay = s.getfloat("DOWNLOAD_DELAY")
        if delay <= 0:
            raise NotConfigured("DOWNLOAD_DELAY is 0: no per-site rate to share")
        try:
            server = connect(url)
        except RedisUnavailable as exc:
            raise RuntimeError(str(exc)) from None
        return cls(server, Keys(s.get("LINKTRAIL_REDIS_PREFIX", "linktrail:discover")), delay, crawler)

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
            from twisted.internet import reactor

            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
