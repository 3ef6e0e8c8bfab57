"""A turn whose download ended goes to Redis with the worker's next call (crawler/scale/politeness.py), real Redis."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from scrapy import Request, Spider
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import CallLaterResult
from scrapy.utils.test import get_crawler
from twisted.internet.task import Clock

from crawler.scale import politeness
from crawler.scale.connection import Keys, connect
from crawler.scale.politeness import END_WAIT, TAKEN, SharedRateDownloader, SiteTurns
from crawler.scale.queue import ClaimingPriorityQueue
from crawler.scale.scheduler import RedisScheduler
from crawler.scale.serializer import json_serializer
from tests.redis_fixture import redis_server, redis_url  # noqa: F401 - fixtures

KEYS = Keys()
SITE, OTHER, THIRD = "127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"


def _queue(server: redis.Redis, turns: SiteTurns | None, hold: float = 0.0) -> ClaimingPriorityQueue:
    return ClaimingPriorityQueue(server, Spider(name="discover"), KEYS.requests, json_serializer, busy_key=KEYS.busy,
                                 worker="A", busy_ttl=60, hold=hold, turns=turns)


def _calls(server: redis.Redis) -> int:
    """Script calls that ran since the last CONFIG RESETSTAT (a first call of a script also fails once,
    NOSCRIPT: redis-py loads it then)."""
    stats = server.info("commandstats").get("cmdstat_evalsha", {})
    return int(stats.get("calls", 0)) - int(stats.get("failed_calls", 0)) - int(stats.get("rejected_calls", 0))


def _redis_now(server: redis.Redis) -> float:
    seconds, micros = server.time()
    return seconds + micros / 1e6


def _next_start(server: redis.Redis, site: str) -> float:
    return float(server.get(KEYS.site(site)) or 0)


def test_an_ended_turn_goes_with_the_next_pop_before_it_and_its_delay_runs_from_then(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    """Issue 23: pop, take, end were three round trips a page; the end now rides on the next pop."""
    server = connect(redis_url)
    turns, other = SiteTurns(server, KEYS), SiteTurns(connect(redis_url), KEYS)
    queue = _queue(server, turns)
    queue.push(Request(f"http://{OTHER}/a/", meta={"download_slot": OTHER}))
    assert turns.take(SITE, 2.0) == 0.0
    turns.end_later(SITE, 2.0)  # its download ended here; nothing sent yet
    assert server.exists(KEYS.out(SITE))
    assert other.take(SITE, 5.0) == 5.0  # another worker still sees it downloading: it waits (a guess, one delay)
    before = _redis_now(server)
    server.config_resetstat()
    popped = queue.pop()
    assert popped is not None and popped.url == f"http://{OTHER}/a/"
    assert _calls(server) == 1  # the end and the pop: one round trip
    assert not server.exists(KEYS.out(SITE)) and turns.ended == []
    # Ended by Redis' clock as the pop ran: later than the download ended, so the gap only grows.
    assert before + 2.0 <= _next_start(server, SITE) <= _redis_now(server) + 2.0
    assert 1.0 < other.take(SITE, 5.0) <= 2.0  # no longer downloading: the rest of its delay


def test_ended_turns_go_first_with_the_next_push_and_pop_and_with_the_next_turn_taken(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    server = connect(redis_url)
    turns = SiteTurns(server, KEYS)
    queue = _queue(server, turns, hold=0.001)
    for site in (SITE, OTHER):
        assert turns.take(site, 0.001) == 0.0
    turns.end_later(SITE, 0.001)
    server.config_resetstat()
    # The push's answer and the pop already see SITE free: its end ran first in the same script.
    pushed, popped = queue.push_all_and_pop([(Request(f"http://{SITE}/b/", meta={"download_slot": SITE}), "fp",
                                              False)], pop=0)
    assert _calls(server) == 1 and not server.exists(KEYS.out(SITE)) and turns.ended == []
    assert pushed == [1]  # queued; its site's delay (a millisecond) still to run as it was pushed
    # The next turn taken carries the ends too, first: this worker's own site is free for it in one round trip.
    turns.end_later(OTHER, 0.001)
    server.config_resetstat()
    assert turns.take(OTHER, 0.001) == pytest.approx(0.001, abs=1e-4)  # ended just now: the delay is still ahead
    assert _calls(server) == 1 and not server.exists(KEYS.out(OTHER)) and turns.ended == []


def test_several_ended_turns_end_in_one_round_trip_on_their_own(redis_url: str) -> None:  # noqa: F811 - the fixture
    server = connect(redis_url)
    turns = SiteTurns(server, KEYS)
    for site in (SITE, OTHER):
        assert turns.take(site, 1.0) == 0.0
        turns.end_later(site, 1.0)
    server.config_resetstat()
    turns.flush()
    turns.flush()  # nothing left: no round trip
    assert _calls(server) == 1 and not server.exists(KEYS.out(SITE), KEYS.out(OTHER))


class Timers:
    """The downloader's timer and clock (``call_later``, ``monotonic``) on Twisted's test Clock: time moves only
    when the test says."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.clock = Clock()
        monkeypatch.setattr(politeness, "monotonic", self.clock.seconds)
        monkeypatch.setattr(politeness, "call_later", self.call_later)

    def call_later(self, delay: float, func: Any, *args: Any) -> CallLaterResult:
        return CallLaterResult.from_twisted(self.clock.callLater(delay, func, *args))


def _downloader(url: str) -> SharedRateDownloader:
    crawler = get_crawler(Spider, {"LINKTRAIL_REDIS_URL": url})
    crawler.stats.open_spider()
    return SharedRateDownloader(crawler)


def _ended(downloader: SharedRateDownloader, site: str, delay: float) -> None:
    """``site``'s download, whose turn this worker took, ends here (as the HTTP handler returns)."""
    assert downloader.turns.take(site, delay) == 0.0
    downloader.download_ended(Request(f"http://{site}/", meta={TAKEN: (site, delay)}))


def test_an_ended_turn_no_call_carries_is_ended_on_its_own_after_a_short_wait(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    timers = Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)
    other = SiteTurns(connect(redis_url), KEYS)
    _ended(downloader, SITE, 1.0)
    timers.clock.advance(END_WAIT / 2)
    assert server.exists(KEYS.out(SITE))  # still waiting for a call to carry it
    timers.clock.advance(END_WAIT / 2)
    assert not server.exists(KEYS.out(SITE)) and downloader.turns.ended == []  # nothing came: ended on its own
    assert 0.5 < other.take(SITE, 5.0) <= 1.0  # another worker now waits only the rest of the delay
    assert downloader.crawler.stats.get_value("linktrail/redis/turn_ends_alone") == 1
    # A call carried the first; one that ended after it waits its own END_WAIT, not what was left of the first's.
    _ended(downloader, THIRD, 1.0)
    timers.clock.advance(END_WAIT / 2)
    _queue(server, downloader.turns).pop()
    _ended(downloader, OTHER, 1.0)
    timers.clock.advance(END_WAIT / 2)  # the first's timer: the second waited half of END_WAIT
    assert server.exists(KEYS.out(OTHER)) and not server.exists(KEYS.out(THIRD))
    timers.clock.advance(END_WAIT)
    assert not server.exists(KEYS.out(OTHER)) and not timers.clock.getDelayedCalls()
    assert downloader.crawler.stats.get_value("linktrail/redis/turn_ends_alone") == 2


def test_an_idle_or_closing_worker_ends_its_ended_turns_at_once(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    timers = Timers(monkeypatch)
    server, downloader = connect(redis_url), _downloader(redis_url)
    scheduler = RedisScheduler(server, crawler=downloader.crawler, url=redis_url, keys=KEYS, worker="A",
                               busy_ttl=60, poll=0.5)
    scheduler.open(Spider(name="discover"))
    scheduler.downloader = downloader  # as the engine's (open)
    _ended(downloader, SITE, 1.0)
    with pytest.raises(DontCloseSpider):
        scheduler.spider_idle(scheduler.spider)
    assert not server.exists(KEYS.out(SITE))
    _ended(downloader, OTHER, 1.0)
    downloader.close()
    assert not server.exists(KEYS.out(OTHER)) and not timers.clock.getDelayedCalls()
    _ended(downloader, THIRD, 1.0)  # a download that ends after the close: no timer will run
    assert not server.exists(KEYS.out(THIRD)) and not timers.clock.getDelayedCalls()
    scheduler.close("finished")
