"""robots.txt read once per site for all crawl workers: the answer shared in Redis for an hour."""

from __future__ import annotations

import base64
import json
from time import monotonic
from typing import TYPE_CHECKING, Any

from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import task

from crawler.downloadermiddlewares import failure_reason
from crawler.downloadermiddlewares.robotstxt import LinktrailRobotsTxtMiddleware
from crawler.failures import failure_kind
from crawler.scale.connection import REDIS_ERRORS, Keys, server_for

if TYPE_CHECKING:
    import redis
    from scrapy import Request
    from scrapy.crawler import Crawler

# How long a site's robots.txt answer is shared: a crawl reads it once, a crawl an hour later again.
TTL = 3600
FETCHING = b"fetching"  # the mark of the worker reading it now
REQUEUED = "linktrail_requeued"  # request.meta: sent back to the shared queue after robots.txt took its turn
POLL = 0.1  # seconds between two looks while another worker reads it

# A look: a site's robots.txt entry (KEYS[1]) as it is, and when there is none, the mark ARGV[1] set for ARGV[2]
# seconds, in one step (Redis 7's SET NX GET; the queue's LMOVE asks for 6.2 only).
LOOK = """
local v = redis.call('GET', KEYS[1])
if not v then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return v
"""


class RobotsUnreachable(Exception):
    """Another worker could not read this site's robots.txt: ``why`` and ``plain`` as it said them."""

    def __init__(self, why: str, plain: str) -> None:
        super().__init__(why)
        self.why = why
        self.plain = plain


class SharedRobots:
    """One worker reads a site's robots.txt; the others take its answer (status and body) from Redis."""

    def __init__(self, server: redis.Redis, keys: Keys, fetch_timeout: float) -> None:
        self.server = server
        self.keys = keys
        self.claim = int(fetch_timeout) + 10  # a reader that died frees the site after this
        self._look = server.register_script(LOOK)

    async def lookup(self, netloc: str) -> dict[str, Any] | None:
        """The answer another worker stored, or None: this worker reads it (and then calls ``store``).

        One round trip a look (``LOOK``): a GET, then the mark, were two for the worker that reads it, a fifth of
        the workers' round trips to Redis with ``store``'s and the other worker's look (issue 23: 800 of ~2,600 for
        bench_workers' 200 sites)."""
        key = self.keys.robots(netloc)
        deadline = monotonic() + self.claim
        try:
            while True:
                raw = self._look(keys=[key], args=[FETCHING, self.claim])
                if raw is not None and raw != FETCHING:
                    return dict(json.loads(raw))
                if raw is None or monotonic() > deadline:
                    return None  # marked: this worker reads it (or the reader took too long: read it here too)
                from twisted.internet import reactor  # reactor: the one Scrapy installed, never at import time

                await maybe_deferred_to_future(task.deferLater(reactor, POLL, lambda: None))
        except (*REDIS_ERRORS, ValueError):
            return None  # read it here (a lost Redis stops the worker anyway)

    def store(self, netloc: str, status: int | None, body: bytes = b"", why: str = "", plain: str = "") -> None:
        """This worker's answer for ``netloc``: an HTTP status and body, or no answer (``why``)."""
        entry = {"status": status, "body": base64.b64encode(body).decode("ascii"), "why": why, "plain": plain}
        try:
            self.server.set(self.keys.robots(netloc), json.dumps(entry), ex=TTL)
        except REDIS_ERRORS:
            return


def body_of(entry: dict[str, Any]) -> bytes:
    return base64.b64decode(entry.get("body") or "")


class SharedRobotsTxtMiddleware(LinktrailRobotsTxtMiddleware):
    """linktrail's robots.txt middleware for a crawl worker: each site's robots.txt read by one worker.

    The request that made this worker read a site's robots.txt goes back to the shared queue once it is
    allowed: robots.txt took the site's turn, and waiting for the next one in the downloader would hold
    one of the worker's places (at the start of a crawl, every place: one home page a place and a delay).
    The queue hands it out again when the site may start (crawler/scale/queue.py).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        server, keys = server_for(crawler.settings)
        self.shared = SharedRobots(server, keys, crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 30.0))
        self.fetched: set[str] = set()  # sites whose robots.txt this worker just read: their turn is taken

    async def process_request(self, request: Request, spider: Any = None) -> Request | None:  # type: ignore[override]
        await super().process_request(request)  # robots.txt read or looked up; IgnoreRequest if not allowed
        netloc = urlparse_cached(request).netloc
        if netloc not in self.fetched:
            return None
        self.fetched.discard(netloc)
        if self.download_delay <= 0:
            return None
        self._stats.inc_value("linktrail/robots/requeued")
        request.meta[REQUEUED] = True  # the shared seen-set has it: queued all the same (crawler/scale/scheduler.py)
        return request

    async def download_robots(self, robots: Request, netloc: str) -> Response:
        entry = await self.shared.lookup(netloc)
        if entry is not None:
            self._stats.inc_value("linktrail/robots/shared")
            if entry.get("status") is None:
                raise RobotsUnreachable(str(entry.get("why")), str(entry.get("plain")))
            return Response(robots.url, status=int(entry["status"]), body=body_of(entry), request=robots)
        try:
            response = await super().download_robots(robots, netloc)
        except Exception as exc:
            self.shared.store(netloc, None, why=failure_reason(exc), plain=failure_kind(exc).why)
            raise
        self.shared.store(netloc, response.status, response.body)
        self.fetched.add(netloc)
        return response

    def failure_words(self, exc: Exception) -> tuple[str, str]:
        if isinstance(exc, RobotsUnreachable):
            return exc.why, exc.plain
        return super().failure_words(exc)
