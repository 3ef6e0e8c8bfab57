"""The shared request queue: best first, first come first out, and only requests whose site may start now.

A request waiting in Scrapy's downloader for its site's turn (taken by another request, here or in
another worker) holds one of the worker's ``CONCURRENT_REQUESTS`` places while other sites idle (issue 23:
a third of the requests of a polite crawl waited there). So the queue pop looks at each site's turn
(crawler/scale/politeness.py) and hands out the best request of a site whose turn is free and not
held; it holds that site for one delay, so no other pop hands out the same site before the request it
handed out has taken the turn. The downloader's turn stays the only gate; the pop only chooses well.

Layout in Redis: a sorted set of short members (``<sequence> <site>``, scored ``-priority``: equal
priorities leave in the order they came, across workers; scrapy-redis ordered them by their JSON) and
a hash from member to the request as JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http.request import _find_method
from scrapy_redis.queue import PriorityQueue

from crawler.downloadermiddlewares.siteslot import slot_of

if TYPE_CHECKING:
    from collections.abc import Callable

    import redis
    from scrapy import Spider

    from crawler.scale.handback import HandBack

# How many of the best queued requests a pop looks at for one whose site may start now: at least what four
# workers at 32 requests in flight keep queued with a delay (crawler/spiders/handout.py: 8 a place, at most two a
# site), so a site ready deeper in the queue is not passed over while the best sites wait for their turns.
LOOK = 1024
# Seconds: a site whose turn is over within this "may start now" (its request waits that long in the downloader at
# most; a pop that found nothing for a few milliseconds would cost a round trip more).
SOON = 0.005

# Pop the best request whose site may start now (within ARGV[7] seconds; ARGV[5] > 0: its turn, ARGV[3] .. site,
# is over and nobody holds it, ARGV[4] .. site; then held for ARGV[5] seconds) and mark this worker busy until it
# goes idle, in one step: no moment where a request is out of the queue and nobody is marked as working on it. Also
# says how many requests of this worker others ended (KEYS[3], the hand-back list), so it reads that list only then,
# and the seconds until another of those it looked at may start (0: one may now; -1: nothing else is queued).
POP_READY = """
local told = redis.call('LLEN', KEYS[3])
local hold = tonumber(ARGV[5])
local members = redis.call('ZRANGE', KEYS[1], 0, hold > 0 and tonumber(ARGV[6]) - 1 or 1)
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local pick, soonest, looked, SOON = nil, -1, {}, tonumber(ARGV[7])
for _, m in ipairs(members) do
  local site = string.sub(m, 17)
  local wait = 0
  if hold > 0 and site ~= '' then
    if looked[site] then
      wait = nil
    else
      looked[site] = true
      wait = tonumber(redis.call('GET', ARGV[3] .. site) or '0') - now
      local held = redis.call('PTTL', ARGV[4] .. site)
      if held > 0 and held / 1000 > wait then wait = held / 1000 end
    end
  end
  if wait ~= nil then
    if wait <= SOON and pick == nil then
      pick = m
      if hold > 0 and site ~= '' then
        redis.call('SET', ARGV[4] .. site, '1', 'PX', math.max(math.floor(hold * 1000), 1))
      end
    elseif wait <= SOON then
      soonest = 0
      break
    elseif soonest < 0 or wait < soonest then
      soonest = wait
    end
  end
end
local after = string.format('%.6f', soonest)
if pick == nil then return {false, told, after} end
redis.call('ZREM', KEYS[1], pick)
local data = redis.call('HGET', KEYS[4], pick)
redis.call('HDEL', KEYS[4], pick)
redis.call('HSET', KEYS[2], ARGV[1], tonumber(t[1]) + tonumber(ARGV[2]))
return {data, told, after}
"""

# Queue a request unless the seen-set has it (ARGV[3] '1': a retry, queued whatever the seen-set says), in one step;
# its member is the next number of the queue's sequence (KEYS[4]) and its site, ARGV[5]. Returns 0 when the
# seen-set had it, 2 when its site may start now (its turn, ARGV[6] .. site, is over and nobody holds it,
# ARGV[7] .. site), else 1.
SEE_AND_PUSH = """
if ARGV[3] ~= '1' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
local m = string.format('%015.0f', redis.call('INCR', KEYS[4])) .. ' ' .. ARGV[5]
redis.call('ZADD', KEYS[2], ARGV[2], m)
redis.call('HSET', KEYS[3], m, ARGV[4])
local t = redis.call('TIME')
local nxt = tonumber(redis.call('GET', ARGV[6] .. ARGV[5]) or '0')
if nxt > tonumber(t[1]) + tonumber(t[2]) / 1000000 or redis.call('PTTL', ARGV[7] .. ARGV[5]) > 0 then return 1 end
return 2
"""


class ClaimingPriorityQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis' priority queue whose pop hands out only a site that may start now, and marks the worker busy.

    ``hold``: the crawl's download delay (0: no turns, the best request whatever its site). After a pop,
    ``wait`` says the seconds until another queued request may start (0: one may now; -1: nothing is queued).
    """

    def __init__(self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None, *,
                 busy_key: str, worker: str, busy_ttl: int, seen_key: str = "", done_key: str = "",
                 handback: HandBack | None = None, turn_prefix: str = "", hold_prefix: str = "",
                 hold: float = 0.0) -> None:
        super().__init__(server, spider, key, serializer)
        self.busy_key = busy_key
        self.worker = worker
        self.busy_ttl = busy_ttl
        self.seen_key = seen_key or f"{key}:seen"
        self.done_key = done_key or f"{key}:done:{worker}"
        self.handback = handback
        base = key.rsplit(":", 1)[0]  # the crawl's prefix (crawler/scale/connection.Keys)
        self.turn_prefix = turn_prefix or f"{base}:next:"
        self.hold_prefix = hold_prefix or f"{base}:held:"
        self.hold = hold
        self.wait = -1.0
        self.ready = False  # the last request queued may start now
        self._names: dict[Any, str] = {}  # a callback's function: its name on the spider (_method)
        self._pop = server.register_script(POP_READY)
        self._see_and_push = server.register_script(SEE_AND_PUSH)

    def _method(self, func: Callable[..., Any] | str | None) -> str | None:
        """The spider's method name for a request's callback or errback, looked up once per method (Scrapy's
        ``Request.to_dict`` lists the spider's members for each, twice a request: a third of a worker's queueing
        CPU, issue 23)."""
        if not callable(func):
            return func
        key = getattr(func, "__func__", func)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = _find_method(self.spider, func)
        return name

    def _encode_request(self, request: Request) -> bytes:
        """``request`` as JSON: Scrapy's ``Request.to_dict``, its method names looked up once (``_method``)."""
        d: dict[str, Any] = {"url": request.url, "callback": self._method(request.callback),
                             "errback": self._method(request.errback), "headers": dict(request.headers)}
        for attr in request.attributes:
            d.setdefault(attr, getattr(request, attr))
        if type(request) is not Request:
            d["_class"] = f"{type(request).__module__}.{type(request).__name__}"
        return self.serializer.dumps(d)  # type: ignore[no-any-return]

    @property
    def bodies(self) -> str:
        return f"{self.key}:body"

    @property
    def sequence(self) -> str:
        return f"{self.key}:seq"

    def push(self, request: Request) -> None:
        self.see_and_push(request, "", retry=True)

    def pop(self, timeout: int = 0) -> Request | None:
        data, told, wait = self._pop(
            keys=[self.key, self.busy_key, self.done_key, self.bodies],
            args=[self.worker, self.busy_ttl, self.turn_prefix, self.hold_prefix, f"{self.hold:.6f}", LOOK, SOON])
        if self.handback is not None:
            self.handback.told(int(told))
        self.wait = float(wait)
        return self._decode_request(data) if data else None

    def see_and_push(self, request: Request, fingerprint: str, retry: bool) -> bool:
        """Queue ``request`` unless the seen-set has ``fingerprint`` (a retry: queued anyway); one round trip.

        ``ready`` then says whether its site may start now.
        """
        args: list[Any] = [fingerprint, -request.priority, "1" if retry else "0", self._encode_request(request),
                           slot_of(request), self.turn_prefix, self.hold_prefix]
        pushed = int(self._see_and_push(keys=[self.seen_key, self.key, self.bodies, self.sequence], args=args))
        self.ready = pushed == 2
        return bool(pushed)

    def clear(self) -> None:
        self.server.delete(self.key, self.bodies, self.sequence)
