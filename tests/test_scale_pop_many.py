"""A worker's queue pop hands out as many requests as its downloader has free places, in one round trip (issue 23)."""

from __future__ import annotations

from types import SimpleNamespace

import redis
from scrapy import Request, Spider

from crawler.scale.connection import Keys, connect
from crawler.scale.handback import HandBack
from crawler.scale.politeness import SiteTurns
from crawler.scale.queue import ClaimingPriorityQueue
from crawler.scale.serializer import json_serializer
from tests.redis_fixture import redis_server, redis_url  # noqa: F401 - fixtures
from tests.test_scale import _two_workers

KEYS = Keys()


def _request(site: str, path: str, priority: int) -> Request:
    return Request(f"http://{site}/{path}/", priority=priority, meta={"download_slot": site})


def _evalsha_calls(server: redis.Redis) -> int:
    calls = server.info("commandstats").get("cmdstat_evalsha", {})
    return int(calls.get("calls", 0) - calls.get("failed_calls", 0) - calls.get("rejected_calls", 0))


def test_the_engine_s_asks_for_its_free_places_take_one_pop(redis_url: str) -> None:  # noqa: F811 - the fixture
    """Without a delay, the engine asks for a request once per free place of its downloader, each ask a pop of its
    own: most of a worker's round trips. One pop hands out as many as there are free places, best first; the
    engine's next asks take them with no round trip; the one after pops again."""
    server = connect(redis_url)
    with _two_workers(redis_url) as (a, a_sched, _b, b_sched):
        a_sched.stats = a.crawler.stats  # as from_crawler builds it
        for n in range(5):
            assert b_sched.enqueue_request(_request(f"127.0.0.1:{n + 1}", "p", 50 - n))
        # Four places, one downloading: three free.
        a_sched.downloader = SimpleNamespace(total_concurrency=4, active={_request("127.0.0.1:9", "x", 0)})
        server.config_resetstat()
        got = [a_sched.next_request() for _ in range(3)]
        assert [r.url for r in got if r] == [f"http://127.0.0.1:{n}/p/" for n in (1, 2, 3)]
        assert _evalsha_calls(server) == 1 and server.zcard(KEYS.requests) == 2
        assert a_sched.has_pending_requests() and len(a_sched) == 2
        popped = a_sched.next_request()
        assert popped is not None and popped.url == "http://127.0.0.1:4/p/" and _evalsha_calls(server) == 2
        assert a_sched.crawler.stats.get_value("scheduler/dequeued/redis") == 4


def test_requests_popped_and_never_started_go_back_to_the_queue_when_the_worker_closes(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    """A worker that stops (Ctrl-C, its time budget) with requests one pop handed it that its engine never started
    puts them back: another worker fetches them, none is lost to the shared seen-set."""
    server = connect(redis_url)
    with _two_workers(redis_url) as (_a, a_sched, _b, b_sched):
        for n in range(3):
            assert b_sched.enqueue_request(_request(f"127.0.0.1:{n + 1}", "p", 50 - n))
        a_sched.downloader = SimpleNamespace(total_concurrency=3, active=set())
        first = a_sched.next_request()
        assert first is not None and server.zcard(KEYS.requests) == 0
        a_sched.close("shutdown")
        assert server.zcard(KEYS.requests) == 2
        left = [b_sched.next_request(), b_sched.next_request()]
        assert [r.url for r in left if r] == ["http://127.0.0.1:2/p/", "http://127.0.0.1:3/p/"]


def test_one_pop_of_several_with_a_delay_hands_out_one_request_a_site_each_free_and_holds_them(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    """With a delay, a pop of several is as several pops: only sites that may start now, one request each, and
    each site held, so no other pop hands it out before its request has taken the turn."""
    server = connect(redis_url)
    queue = ClaimingPriorityQueue(server, Spider(name="discover"), KEYS.requests, json_serializer,
                                  busy_key=KEYS.busy, worker="w1", busy_ttl=60, hold=10.0)
    for site, path, priority in [("a.example", "1", 900), ("a.example", "2", 800), ("b.example", "1", 50),
                                 ("c.example", "1", 40), ("d.example", "1", 30)]:
        queue.push(_request(site, path, priority))
    assert SiteTurns(server, KEYS).take("c.example", 10.0) == 0.0  # another worker's request of c.example starts
    popped = queue.pop_ready(5)
    assert [r.url for r in popped] == ["http://a.example/1/", "http://b.example/1/", "http://d.example/1/"]
    assert all(server.exists(KEYS.held(site)) for site in ("a.example", "b.example", "d.example"))
    assert queue.pop_ready(5) == [] and 9.0 < queue.wait <= 10.0 and len(queue) == 2


def test_a_pop_carries_the_home_pages_verdicts_this_worker_read(redis_url: str) -> None:  # noqa: F811 - the fixture
    """A home page's verdict (its relevance, or none when its request ended without a page) waits in the worker's
    outbox and goes with its next queue pop, in the same script call: a write of its own was a round trip of the
    worker's loop per home page (200 of a bench_workers run's ~2,950)."""
    server = connect(redis_url)
    handback = HandBack(server, KEYS, "w1")
    queue = ClaimingPriorityQueue(server, Spider(name="discover"), KEYS.requests, json_serializer,
                                  busy_key=KEYS.busy, worker="w1", busy_ttl=60, handback=handback)
    server.hset(KEYS.verdicts, "http://127.0.0.1:3/", "0.75")  # another worker's page read first
    handback.publish("http://127.0.0.1:1/", 0.5)
    handback.publish("http://127.0.0.1:2/", None)
    handback.publish("http://127.0.0.1:3/", None)
    assert server.hlen(KEYS.verdicts) == 1  # none written yet
    assert queue.pop_ready(1) == [] and handback.outbox == []
    assert handback.verdicts([f"http://127.0.0.1:{n}/" for n in (1, 2, 3)]) == {
        "http://127.0.0.1:1/": 0.5, "http://127.0.0.1:2/": None, "http://127.0.0.1:3/": 0.75}
