"""A queue pop takes its request's site's turn when it is free (crawler/scale/queue.py), and every way it ends, real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import pytest
import redis
from scrapy import Request, Spider
from scrapy.core.downloader import Downloader, Slot
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.test import get_crawler

from crawler.scale.connection import connect
from crawler.scale.politeness import BOOKED, EARLY_WAIT, END_WAIT, TAKEN, SharedRateDownloader, SiteTurns
from crawler.scale.queue import BUSY, ClaimingPriorityQueue
from crawler.scale.serializer import json_serializer
from tests.redis_fixture import redis_server, redis_url  # noqa: F401 - fixtures
from tests.test_scale_turns import KEYS, OTHER, SITE, Timers, _calls, _next_start, _redis_now

DELAY = 1.0


class Refuse:
    """A downloader middleware that drops every request (as robots.txt drops a disallowed page)."""

    def process_request(self, request: Request) -> None:
        raise IgnoreRequest("refused")


def _downloader(url: str, **settings: Any) -> SharedRateDownloader:
    crawler = get_crawler(Spider, {"LINKTRAIL_REDIS_URL": url, "DOWNLOAD_DELAY": DELAY, **settings})
    crawler.stats.open_spider()
    return SharedRateDownloader(crawler)


def _queue(server: redis.Redis, downloader: SharedRateDownloader, hold: float = DELAY) -> ClaimingPriorityQueue:
    return ClaimingPriorityQueue(server, Spider(name="discover"), KEYS.requests, json_serializer, busy_key=KEYS.busy,
                                 worker="A", busy_ttl=60, hold=hold, turns=downloader.turns,
                                 early_lease=downloader.early_lease)


def _popped(server: redis.Redis, downloader: SharedRateDownloader, site: str = SITE, hold: float = DELAY) -> Request:
    queue = _queue(server, downloader, hold)
    queue.push(Request(f"http://{site}/a/", meta={"download_slot": site}))
    request = queue.pop()
    assert request is not None
    return request


def _done(coro: Coroutine[Any, Any, Any]) -> Any:
    """The value of a coroutine that must finish without waiting (a turn taken at once)."""
    with pytest.raises(StopIteration) as stop:
        coro.send(None)
    return stop.value.value


def _unused(downloader: SharedRateDownloader) -> int:
    return int(downloader.crawler.stats.get_value("linktrail/redis/early_turns_unused", 0))


def test_a_pop_takes_a_free_sites_turn_and_the_download_uses_it_with_no_round_trip(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)
    before = _redis_now(server)
    request = _popped(server, downloader)
    # Taken in the pop, as a turn taken by the downloader: marked downloading, its next start a delay on.
    assert downloader.turns.early[SITE][0] is request
    assert server.exists(KEYS.out(SITE))
    assert server.pttl(KEYS.out(SITE)) > (downloader.early_lease - 1) * 1000
    assert before + DELAY <= _next_start(server, SITE) <= _redis_now(server) + DELAY
    assert SiteTurns(connect(redis_url), KEYS).take(SITE, DELAY) > 0  # no other worker may start it
    server.config_resetstat()
    assert _done(downloader._take_turn(SITE, DELAY, downloader.early_lease)) is True
    assert _calls(server) == 0 and downloader.turns.early == {}  # used: no round trip of its own
    assert downloader.crawler.stats.get_value("linktrail/redis/early_turns") == 1 and _unused(downloader) == 0


def test_a_pop_takes_no_turn_of_a_site_downloading_or_not_due_yet(redis_url: str) -> None:  # noqa: F811 - the fixture
    server, downloader = connect(redis_url), _downloader(redis_url)
    other = SiteTurns(connect(redis_url), KEYS)
    assert other.take(SITE, 5.0) == 0.0  # another worker downloads it
    assert _queue(server, downloader).pop() is None
    other.end(SITE, 5.0)  # its download ended: its next start is 5 s on
    _queue(server, downloader).pop()
    assert downloader.turns.early == {} and not server.exists(KEYS.out(SITE)) and 4.0 < other.take(SITE, 5.0) <= 5.0


def test_without_a_delay_a_pop_leaves_a_site_downloading_or_not_due_yet_queued(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    """Without a download delay (AutoThrottle's turns only) a pop handed out the best request whatever its site: one
    whose site another download held waited in the worker's downloader, holding a place other sites could use, for
    a turn of its own, a round trip more (bench_workers: 146 a run). Now it stays queued, as with a delay but with no
    site held, and the first pop after its site may start hands it out with its turn."""
    Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)
    queue = _queue(server, downloader, hold=0.0)
    other = SiteTurns(connect(redis_url), KEYS)
    assert other.take(SITE, 0.0) == 0.0  # another worker downloads it
    queue.push(Request(f"http://{SITE}/a/", meta={"download_slot": SITE}))
    queue.push(Request(f"http://{OTHER}/a/", meta={"download_slot": OTHER}, priority=-1))
    assert [r.url for r in queue.pop_ready(2)] == [f"http://{OTHER}/a/"] and 0 < queue.wait <= BUSY
    assert list(downloader.turns.early) == [OTHER]
    other.end(SITE, 5.0)  # its download ended: its next start is 5 s on (a Crawl-delay)
    assert queue.pop() is None and 4.0 < queue.wait <= 5.0 and len(queue) == 1
    server.delete(KEYS.site(SITE))  # its 5 s are over
    request = queue.pop()
    assert request is not None and downloader.turns.early[SITE][0] is request and server.exists(KEYS.out(SITE))
    assert not server.exists(KEYS.held(SITE))  # no site held without a delay


def test_a_turn_a_pop_took_goes_back_unused_when_its_request_is_dropped_on_its_way(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    timers = Timers(monkeypatch)
    server = connect(redis_url)

    async def dropped() -> SharedRateDownloader:  # the downloader's middlewares run on an asyncio loop, as in a worker
        downloader = _downloader(redis_url, DOWNLOADER_MIDDLEWARES={f"{__name__}.Refuse": 1})
        request = _popped(server, downloader)
        with pytest.raises(IgnoreRequest):
            await maybe_deferred_to_future(downloader.fetch(Request(f"http://{OTHER}/", meta={"download_slot": OTHER})))
        assert SITE in downloader.turns.early  # another request's drop leaves it
        with pytest.raises(IgnoreRequest):
            await maybe_deferred_to_future(downloader.fetch(request))
        return downloader

    downloader = asyncio.run(dropped())
    set_by_pop = _next_start(server, SITE)
    assert downloader.turns.early == {} and _unused(downloader) == 1
    assert server.exists(KEYS.out(SITE))  # given back with the next call, or END_WAIT on
    timers.clock.advance(END_WAIT)
    assert not server.exists(KEYS.out(SITE)) and _next_start(server, SITE) == set_by_pop  # no delay added
    assert SiteTurns(connect(redis_url), KEYS).take(SITE, DELAY) > 0  # still the pop's hold: the site waits it out


def test_a_turn_a_pop_took_goes_back_when_no_request_of_its_site_starts_in_time(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    timers = Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)
    _popped(server, downloader)
    timers.clock.advance(EARLY_WAIT / 2)
    _popped(server, downloader, OTHER)
    timers.clock.advance(EARLY_WAIT / 2)
    assert list(downloader.turns.early) == [OTHER] and _unused(downloader) == 1  # the first only
    timers.clock.advance(END_WAIT)
    assert not server.exists(KEYS.out(SITE)) and server.exists(KEYS.out(OTHER))
    timers.clock.advance(EARLY_WAIT / 2)
    timers.clock.advance(END_WAIT)
    assert not server.exists(KEYS.out(OTHER)) and _unused(downloader) == 2 and not timers.clock.getDelayedCalls()


def test_a_closing_worker_gives_back_the_turns_pops_took(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    timers = Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)
    _popped(server, downloader)
    downloader.close()
    assert not server.exists(KEYS.out(SITE)) and downloader.turns.early == {} and not timers.clock.getDelayedCalls()


def test_a_request_with_a_longer_lease_gives_the_turn_back_and_takes_its_own(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)
    _popped(server, downloader, hold=0.0)
    lease = downloader.early_lease + 100
    server.config_resetstat()
    assert _done(downloader._take_turn(SITE, DELAY, lease)) is True
    assert _calls(server) == 1 and downloader.turns.early == {}  # given back and taken again: one round trip
    assert server.pttl(KEYS.out(SITE)) > (lease - 1) * 1000


def test_a_dead_workers_turn_from_a_pop_holds_its_site_for_the_longest_delay(redis_url: str) -> None:  # noqa: F811 - the fixture
    settings = {"DOWNLOAD_TIMEOUT": 5, "LINKTRAIL_MAX_CRAWL_DELAY": 30.0, "AUTOTHROTTLE_ENABLED": False}
    downloader = _downloader(redis_url, **settings, DOWNLOAD_DELAY_JITTER=0.0)
    assert downloader.early_lease == 30.0  # not the 10 s of a request's lease: a Crawl-delay of 30 s still holds
    assert _downloader(redis_url, **settings, DOWNLOAD_DELAY_JITTER=0.5).early_lease == 45.0  # jitter lengthens it
    assert _downloader(redis_url, **{**settings, "AUTOTHROTTLE_ENABLED": True}, AUTOTHROTTLE_MAX_DELAY=50.0,
                       DOWNLOAD_DELAY_JITTER=0.0).early_lease == 50.0  # as AutoThrottle's longest delay does
    assert _downloader(redis_url, DOWNLOAD_DELAY=0.0, AUTOTHROTTLE_ENABLED=False).early_lease == 0.0  # no turns


def test_a_turn_a_pop_took_for_a_site_its_request_left_goes_back_as_it_starts(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    """A redirected request keeps its old site's slot in the queue: the turn the pop took there goes back as the request
    starts on its new site, not once its download is over."""
    timers = Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)

    async def downloaded(self: Downloader, slot: Slot, request: Request) -> str:
        return "response"  # Scrapy's download, done

    monkeypatch.setattr(Downloader, "_download", downloaded)
    request = _popped(server, downloader)
    request.meta["download_slot"] = OTHER  # SiteSlotMiddleware: the site its URL is on
    request.meta[BOOKED] = (OTHER, DELAY)
    assert _done(downloader._download(Slot(1, DELAY, 0.0), request)) == "response"  # type: ignore[arg-type]
    assert downloader.turns.early == {} and _unused(downloader) == 1 and request.meta[TAKEN] == (OTHER, DELAY)
    timers.clock.advance(END_WAIT)
    assert not server.exists(KEYS.out(SITE)) and server.exists(KEYS.out(OTHER))


def _taken(server: redis.Redis, site: str) -> tuple[float | None, int]:
    """What taking ``site``'s turn left in Redis: its next start past the turn log's one stamp for it (None: not set)
    and its mark's lease in whole seconds."""
    [stamp] = [float(at) for key, at in (e.decode().split() for e in server.lrange(KEYS.turns, 0, -1))
               if key == KEYS.site(site)]
    nxt = server.get(KEYS.site(site))
    return (None if nxt is None else round(float(nxt) - stamp, 6)), round(server.pttl(KEYS.out(site)) / 1000)


@pytest.mark.parametrize("delay", [DELAY, 0.0])
def test_a_pops_take_and_the_downloaders_are_one_gate(redis_url: str, delay: float) -> None:  # noqa: F811 - the fixture
    """The same turn taken by the downloader (TAKE_TURN) and by a queue pop (POP_FN) leaves Redis the same: with no
    delay, neither writes a next start (it would be reached already)."""
    server = connect(redis_url)
    turns = SiteTurns(server, KEYS, log=True)
    assert turns.take(SITE, delay, lease=20.0) == 0.0
    queue = ClaimingPriorityQueue(server, Spider(name="discover"), KEYS.requests, json_serializer, busy_key=KEYS.busy,
                                  worker="A", busy_ttl=60, hold=delay, turns=turns, early_lease=20.0,
                                  turn_log=KEYS.turns)
    queue.push(Request(f"http://{OTHER}/a/", meta={"download_slot": OTHER}))
    assert queue.pop() is not None and OTHER in turns.early
    assert _taken(server, SITE) == _taken(server, OTHER) == ((delay or None), 20)
