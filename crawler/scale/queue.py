"""The shared request queue: best first, first come first out, and only requests whose site may start now.

A request waiting in Scrapy's downloader for its site's turn (taken by another request, here or in
another worker) holds one of the worker's ``CONCURRENT_REQUESTS`` places while other sites idle (issue 23:
a third of the requests of a polite crawl waited there). So the queue pop looks at each site's turn
(crawler/scale/politeness.py) and hands out the best request of a site whose turn is free and not
held; it holds that site for one delay, so no other pop hands out the same site before the request it
handed out has taken the turn. When the site is free at that moment the pop takes its turn too, for the
worker's downloader to use (crawler/scale/politeness.py): the turn stays the only gate.
Each pop or push also carries the worker's turns whose downloads ended since its last call, ended first
(``END_TURNS_FN``), and its word for other workers (``SEND_WORD``): no round trip of their own.

Layout in Redis: a sorted set of short members (``<sequence> <site>``, scored ``-priority``: equal
priorities leave in the order they came, across workers; scrapy-redis ordered them by their JSON) and
a hash from member to the request as JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from scrapy import Request
from scrapy.http.request import _find_method
from scrapy_redis.queue import PriorityQueue

from crawler.downloadermiddlewares.siteslot import slot_of
from crawler.scale.connection import OUT, HeldConnection
from crawler.scale.handback import COLLECT
from crawler.scale.turnlua import CLOCK_FN, END_TURNS_FN, TAKE_TURN_FN

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
# Seconds a pop without a delay guesses a site that is downloading stays so (it says when to look again, when every
# site it looked at is): about a loopback download and the END_WAIT its end may wait to reach Redis.
BUSY = 0.02
# Requests this worker queued that it keeps, as they were, for its own pops (``_popped``): the most recent this many.
# A worker pops many of its own requests (all, alone; about one in N of N workers'); each kept one is a request's
# JSON not read and a Request not built again, ~57 us of a worker's CPU (issue 23). More queued than this (a
# frontier handing out thousands at once) are read from their JSON, as another worker's are.
KEEP = 4096

# Word for other workers, sent with a pop or a push (crawler/scale/handback.py): ARGV[first] on, three values each, a
# key, a field and a value. With no field, that a request they handed out ended: the value appended to the worker's
# hand-back list (the key; kept an hour). With one, a home page's verdict (the key: the crawl's verdicts): its
# relevance written (the value), or with none, '' unless one is there.
SEND_WORD = """
local function send_word(first)
  for i = first, #ARGV, 3 do
    if ARGV[i + 1] == '' then
      redis.call('RPUSH', ARGV[i], ARGV[i + 2])
      redis.call('EXPIRE', ARGV[i], 3600)
    elseif ARGV[i + 2] == '' then
      redis.call('HSETNX', ARGV[i], ARGV[i + 1], '')
    else
      redis.call('HSET', ARGV[i], ARGV[i + 1], ARGV[i + 2])
    end
  end
end
"""

# Seconds until ``site`` may start (<= 0: now), at Redis' time ``now``: its turn (``turns`` .. site) over, nobody
# holding it (``holds`` .. site: a pop just handed it out) and not downloading (its turn's key with OUT,
# crawler/scale/politeness.py; then at least ``downloading``, a guess: it is free a delay after the download ends).
SITE_WAIT = f"local OUT = '{OUT}'" + """
local function site_wait(turns, holds, site, now, downloading)
  local wait = tonumber(redis.call('GET', turns .. site) or '0') - now
  if redis.call('EXISTS', turns .. site .. OUT) == 1 and wait < downloading then wait = downloading end
  local held = redis.call('PTTL', holds .. site)
  if held > 0 and held / 1000 > wait then wait = held / 1000 end
  return wait
end
"""

# Pop the ``want`` best requests whose sites may start now (within ARGV[7] seconds; with a delay ARGV[5] > 0 or turns
# taken, ARGV[8] > 0: SITE_WAIT, with the turns' and holds' key prefixes ARGV[3] and ARGV[4], one request a site; then,
# with a delay, each site held for ARGV[5] seconds; a site downloading, without one, guessed free in BUSY seconds) and
# mark this worker busy until it goes idle, in one step: no moment where a request is out of the queue and nobody is
# marked as working on it. Also takes the word of this worker's requests others ended (KEYS[3], the hand-back list;
# COLLECT at most, and says how many are left), so it reads that list on its own only then, and says the seconds
# until another of those it looked at may start (0: one may now; -1: nothing else is queued). With ARGV[8] > 0, it
# also takes each popped request's site's turn when it is free right now (TAKE_TURN_FN, as crawler/scale/politeness.py's
# TAKE_TURN does: its delay ARGV[5], marked downloading for ARGV[8] ms, stamped in the turn log ARGV[9] if not '');
# then that request's flag is '1' and the worker's downloader uses that turn instead of a round trip of its own (issue
# 23), or gives it back unused.
# Returns the word taken, the count left, the seconds, then each popped request's JSON and flag, best first.
# KEYS: the queue, the busy marks, this worker's hand-back list, the request bodies.
POP_FN = f"local BUSY, COLLECT = {BUSY}, {COLLECT}" + """
local function pop(want)
  local heard = redis.call('LPOP', KEYS[3], COLLECT) or {}
  local left = #heard < COLLECT and 0 or redis.call('LLEN', KEYS[3])
  local hold = tonumber(ARGV[5])
  local sites = hold > 0 or tonumber(ARGV[8]) > 0
  local members = redis.call('ZRANGE', KEYS[1], 0, sites and tonumber(ARGV[6]) - 1 or want)
  local now = redis_now()
  local picks, soonest, looked, SOON = {}, -1, {}, tonumber(ARGV[7])
  for _, m in ipairs(members) do
    local site = string.sub(m, 17)
    local wait = 0
    if sites and site ~= '' then
      if looked[site] then
        wait = nil
      else
        looked[site] = true
        wait = site_wait(ARGV[3], ARGV[4], site, now, hold > 0 and hold or BUSY)
      end
    end
    if wait ~= nil then
      if wait <= SOON and #picks < want then
        picks[#picks + 1] = m
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
  local out = {heard, left, string.format('%.6f', soonest)}
  if #picks == 0 then return out end
  redis.call('HSET', KEYS[2], ARGV[1], math.floor(now) + tonumber(ARGV[2]))
  for _, pick in ipairs(picks) do
    redis.call('ZREM', KEYS[1], pick)
    local site = string.sub(pick, 17)
    local early = '0'
    if tonumber(ARGV[8]) > 0 and site ~= '' and take_turn(ARGV[3] .. site, now, hold, ARGV[8], ARGV[9]) then
      early = '1'
    end
    out[#out + 1] = redis.call('HGET', KEYS[4], pick)
    out[#out + 1] = early
  end
  redis.call('HDEL', KEYS[4], unpack(picks))
  return out
end
"""

# Queue a request (``body``, scored ``score``, of ``site``) unless the seen-set has its fingerprint (``retry`` '1': a
# retry, queued whatever the seen-set says), in one step; its member is the next number of the queue's sequence and
# its site. Returns 0 when the seen-set had it, 2 when its site may start now (SITE_WAIT: its turn over, nobody holding
# it, not downloading), else 1.
SEE_AND_PUSH_FN = """
local function see_and_push(seen, queue, bodies, seq, fp, score, retry, body, site, turns, holds)
  if retry ~= '1' and redis.call('SADD', seen, fp) == 0 then return 0 end
  local m = string.format('%015.0f', redis.call('INCR', seq)) .. ' ' .. site
  redis.call('ZADD', queue, score, m)
  redis.call('HSET', bodies, m, body)
  if site_wait(turns, holds, site, redis_now(), 1) > 0 then return 1 end
  return 2
end
"""

# POP_FN's pop of ARGV[10] requests, after ending this worker's ended turns (ARGV[11] on, END_TURNS_FN) and sending
# its word to others (after them, SEND_WORD).
POP_READY = CLOCK_FN + END_TURNS_FN + SEND_WORD + SITE_WAIT + TAKE_TURN_FN + POP_FN + """
send_word(end_turns(11))
return pop(tonumber(ARGV[10]))
"""

# SEE_AND_PUSH_FN for one request: KEYS: the seen-set, the queue, the bodies, the sequence; ARGV: fingerprint, score,
# retry, body, site, the turns' and the holds' key prefixes; then this worker's ended turns (ARGV[8] on) and word.
SEE_AND_PUSH = CLOCK_FN + END_TURNS_FN + SEND_WORD + SITE_WAIT + SEE_AND_PUSH_FN + """
send_word(end_turns(8))
return see_and_push(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
"""

# The turns that ended in a worker since its last round trip (after its requests' values, END_TURNS_FN: ended first),
# the requests it queued since then (ARGV[10] of them, five values each from ARGV[12]: fingerprint, score, retry,
# body, site; SEE_AND_PUSH_FN), then its word to others (after the ended turns, SEND_WORD), then, with ARGV[11] > 0, a
# pop of that many (POP_FN: KEYS[1..4] and ARGV[1..9] as there; KEYS[5] the seen-set, KEYS[6] the sequence), in one
# step. Returns each request's SEE_AND_PUSH_FN answer, then the pop's values.
PUSH_ALL_AND_POP = CLOCK_FN + END_TURNS_FN + SEND_WORD + SITE_WAIT + TAKE_TURN_FN + SEE_AND_PUSH_FN + POP_FN + """
local n = tonumber(ARGV[10])
local word = end_turns(12 + 5 * n)
local pushed = {}
for i = 0, n - 1 do
  local a = 12 + 5 * i
  pushed[i + 1] = see_and_push(KEYS[5], KEYS[1], KEYS[4], KEYS[6], ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3],
                               ARGV[a + 4], ARGV[3], ARGV[4])
end
send_word(word)
if tonumber(ARGV[11]) == 0 then return {pushed} end
local got = pop(tonumber(ARGV[11]))
table.insert(got, 1, pushed)
return got
"""


# What a plain Request's ``__init__`` sets when not given it (Scrapy's ``Request``): left out of a queued request's
# JSON (``_encode_request``); ``request_from_dict`` sets them again. (A callback or errback of None is kept: it is
# two short values, and its absence would read the same.)
DEFAULTS: dict[str, Any] = {"method": "GET", "body": b"", "cookies": {}, "meta": {}, "encoding": "utf-8",
                            "priority": 0, "dont_filter": False, "flags": [], "cb_kwargs": {}}


def _headers(headers: Any) -> Any:
    """A request's headers for its JSON: as text when every name and value is ASCII (Scrapy's ``Headers`` turns
    text back into the same bytes), else as the bytes they are (the serializer writes them as base64); an empty
    set of headers as None (``Request`` reads either as none)."""
    if not headers:
        return None
    try:
        return {name.decode("ascii"): [value.decode("ascii") for value in values] for name, values in headers.items()}
    except (UnicodeDecodeError, AttributeError):
        return dict(headers)


class EndedTurns(Protocol):
    """Turns whose downloads ended in this worker, to end in Redis (crawler/scale/politeness.py's ``SiteTurns``)."""

    def carried(self) -> list[str | int]:
        """END_TURNS_FN's values (how many, then each one's turn key and delay); none waits any more."""
        ...

    def took_early(self, site: str, request: Request) -> None:
        """A pop took ``site``'s turn for ``request`` (POP_FN's fourth value): the downloader's to use or give back."""
        ...


class ClaimingPriorityQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis' priority queue whose pop hands out only a site that may start now, and marks the worker busy.

    ``hold``: the crawl's download delay (0: no site held; without ``early_lease`` either, the best request
    whatever its site, as no turns are taken; with it, a site downloading waits in the queue, not in the worker's
    downloader for a turn of its own, a round trip more a request: 146 a run of bench_workers). After a pop,
    ``wait`` says the seconds until another queued request may start (0: one may now; -1: nothing is queued).
    ``turns``: the worker's downloader's turns, whose ended ones each pop or push carries, ended first.
    ``early_lease``: with ``turns``, each pop also takes the popped request's site's turn when it is free now, marked
    downloading for that many seconds at most, and hands it to ``turns`` (0: it does not); ``turn_log``: the turn
    log's key, where such a turn is stamped (LINKTRAIL_TURN_LOG), or "".
    """

    def __init__(self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None, *,
                 busy_key: str, worker: str, busy_ttl: int, seen_key: str = "", done_key: str = "",
                 handback: HandBack | None = None, turn_prefix: str = "", hold_prefix: str = "",
                 hold: float = 0.0, turns: EndedTurns | None = None, early_lease: float = 0.0,
                 turn_log: str = "") -> None:
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
        self.turns = turns
        self.early_lease = early_lease if turns is not None else 0.0
        self.turn_log = turn_log
        self.wait = -1.0
        self._names: dict[Any, str] = {}  # a callback's function: its name on the spider (_method)
        self._kept: dict[bytes, Request] = {}  # a request this worker queued, by its JSON (KEEP, _popped)
        # The scripts go on one connection this queue holds: no pool, retry and metrics layers a call (issue 23).
        self.held = HeldConnection(server)
        self._pop = self.held.register_script(POP_READY)
        self._see_and_push = self.held.register_script(SEE_AND_PUSH)
        self._push_all_and_pop = self.held.register_script(PUSH_ALL_AND_POP)

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
        """``request`` as JSON: Scrapy's ``Request.to_dict``, its method names looked up once (``_method``), less
        what a plain Request's ``__init__`` sets by itself (``DEFAULTS``), its headers as text when they are ASCII.

        Scrapy's ``request_from_dict`` builds the same request from either form, so workers of the version before
        read these and this one reads theirs. Each default left out, and each header as text rather than bytes
        as base64, is a value less to encode, parse and revive, at each of a request's two trips (issue 23)."""
        d: dict[str, Any] = {"url": request.url, "callback": self._method(request.callback),
                             "errback": self._method(request.errback), "headers": _headers(request.headers)}
        plain = type(request) is Request
        for attr in request.attributes:
            if attr not in d:
                value = getattr(request, attr)
                if not (plain and attr in DEFAULTS and value == DEFAULTS[attr]):
                    d[attr] = value
        if not plain:
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

    def _word(self) -> list[Any]:
        """The turns ended here and this worker's word for others, to send with a pop or push (END_TURNS_FN's and
        SEND_WORD's values, after the script's own), which wait here no more."""
        word = self.handback.take_outbox() if self.handback is not None and self.handback.outbox else []
        return [*(self.turns.carried() if self.turns is not None else [0]), *word]

    def _pop_args(self) -> list[Any]:
        return [self.worker, self.busy_ttl, self.turn_prefix, self.hold_prefix, f"{self.hold:.6f}", LOOK, SOON,
                max(int(self.early_lease * 1000), 0), self.turn_log]

    def pop(self, timeout: int = 0) -> Request | None:
        popped = self.pop_ready(1)
        return popped[0] if popped else None

    def pop_ready(self, want: int) -> list[Request]:
        """Pop the ``want`` best requests that may start now (as ``pop``), in one round trip."""
        out = self._pop(keys=[self.key, self.busy_key, self.done_key, self.bodies],
                        args=[*self._pop_args(), want, *self._word()])
        return self._popped(out)

    def _popped(self, out: list[Any]) -> list[Request]:
        """POP_FN's answer: the word others sent this worker and how much more is left, the seconds until another
        may start, then each request's JSON and flag."""
        if self.handback is not None:
            self.handback.heard(out[0], int(out[1]))
        self.wait = float(out[2])
        requests = []
        for data, early in zip(out[3::2], out[4::2], strict=True):
            # One this worker queued: the request it was, as one process' memory queue gives it back (its JSON is
            # that request's: the same URL, callbacks and meta, but tuples and the objects meta holds as they were).
            kept = self._kept.pop(data, None)
            request: Request = kept if kept is not None else self._decode_request(data)
            if early in (b"1", "1") and self.turns is not None:  # its site's turn, taken in the pop
                self.turns.took_early(slot_of(request), request)
            requests.append(request)
        return requests

    def _keep(self, body: bytes, request: Request) -> None:
        """Keep a request this worker queued, for its own pops (the oldest let go past KEEP)."""
        kept = self._kept
        kept[body] = request
        if len(kept) > KEEP:
            del kept[next(iter(kept))]

    def push_all_and_pop(self, requests: list[tuple[Request, str, bool]],
                         pop: int) -> tuple[list[int], list[Request]]:
        """End the turns ended here (first), queue ``requests`` (each with its fingerprint and whether it is a retry,
        as ``see_and_push``), send this worker's word to others and pop up to ``pop`` requests (as ``pop_ready``; 0:
        none): one round trip for all. Returns each request's answer (0: the seen-set had it; 2: its site may start
        now; else 1) and the requests popped."""
        args: list[Any] = [*self._pop_args(), len(requests), pop]
        bodies = []
        for request, fingerprint, retry in requests:
            body = self._encode_request(request)
            bodies.append(body)
            args += [fingerprint, -request.priority, "1" if retry else "0", body, slot_of(request)]
        out = self._push_all_and_pop(
            keys=[self.key, self.busy_key, self.done_key, self.bodies, self.seen_key, self.sequence],
            args=[*args, *self._word()])
        pushed = [int(n) for n in out[0]]
        for (request, _fingerprint, _retry), body, answer in zip(requests, bodies, pushed, strict=True):
            if answer:  # queued (0: the seen-set had it, never to come back)
                self._keep(body, request)
        return pushed, (self._popped(out[1:]) if pop else [])

    def see_and_push(self, request: Request, fingerprint: str, retry: bool) -> int:
        """Queue ``request`` unless the seen-set has ``fingerprint`` (a retry: queued anyway); one round trip.
        Returns 0 when the seen-set had it, 2 when its site may start now, else 1 (as ``push_all_and_pop``)."""
        body = self._encode_request(request)
        args: list[Any] = [fingerprint, -request.priority, "1" if retry else "0", body, slot_of(request),
                           self.turn_prefix, self.hold_prefix, *self._word()]
        answer = int(self._see_and_push(keys=[self.seen_key, self.key, self.bodies, self.sequence], args=args))
        if answer:
            self._keep(body, request)
        return answer

    def clear(self) -> None:
        self.server.delete(self.key, self.bodies, self.sequence)
        self._kept.clear()
