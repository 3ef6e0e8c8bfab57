"""Unit tests of crawler/scale/, pipelines/redisqueue.py and pipelines/ingest.py against a real redis-server."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from scrapy import FormRequest, Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.analysis.facts import CommentFacts, Contact, GuestPostFacts, Link, PageFacts, PostFacts
from crawler.downloadermiddlewares.siteslot import slot_of
from crawler.frontier import Frontier
from crawler.items import PageItem
from crawler.niche import NicheProfile
from crawler.scale import queue as queue_module
from crawler.scale.connection import Keys, RedisUnavailable, connect
from crawler.scale.politeness import SiteTurns
from crawler.scale.queue import ClaimingPriorityQueue
from crawler.scale.scheduler import FINISH_IF_DONE, RedisScheduler
from crawler.scale.serializer import json_serializer
from crawler.sitestate import Candidate
from crawler.spiders.discover import DiscoverSpider
from linktrail.workers import exit_code_of
from pipelines.ingest import IngestResult, drain, drain_until_signal, write_batch
from pipelines.redisqueue import crawl_message, page_from_message, page_message
from pipelines.store import PageWriter, open_db, page_row
from tests.loopback import refused_port
from tests.redis_fixture import LocalRedis, redis_server, redis_url  # noqa: F401 - fixtures
from tests.test_ingest_rows import v1_message

KEYS = Keys()


def page(n: int, state: str = "open") -> PageItem:
    url = f"http://127.0.0.1:1/post-{n}/"
    facts = PageFacts(
        url=url, platform="wordpress",
        comments=CommentFacts(state=state, system="wordpress", website_field=True, rel=("nofollow", "ugc"), count=3),
        guest_post=GuestPostFacts(contacts=(Contact("ed@example.org", url, True),)),
        post=PostFacts(title=f"Post {n}", published="2026-11-01", word_count=400, text="sourdough starter"),
        links=(Link("http://127.0.0.1:2/", "a friend", ("nofollow",), "blogroll", True),),
        feeds=("http://127.0.0.1:1/feed.xml",),
    )
    return PageItem(url=url, site="127.0.0.1:1", fetched_url=url, status=200, fetched_at="2026-11-23T10:00:00+00:00",
                    depth=1, facts=facts, found_via="content", relevance=0.5, relevance_reasons=["starter +1"],
                    opportunity="comment", value=42.0, value_reasons=["open form +20"])


def test_a_version_1_page_item_survives_the_trip_through_json() -> None:
    """What workers before version 2 sent (tests/test_ingest_rows.py has version 2, the rows themselves)."""
    item = page(1)
    back = page_from_message(json.loads(v1_message(item))["item"])
    assert back == item
    assert page_row(back) == page_row(item)


def test_a_page_message_carries_only_the_links_the_store_keeps(tmp_path: Path) -> None:
    """Same-site and navigation links are the worker's frontier's business, never stored: left out of the message
    (most of a real page's message, and of ingest's decoding), the pages row and the links rows are as one process
    writes them."""
    item = page(1)
    kept = item.facts.links[0]
    item.facts = dataclasses.replace(item.facts, links=(
        Link("http://127.0.0.1:1/about/", "About", (), "nav"), kept, Link("http://127.0.0.1:1/post-2/", "next"),
        Link("http://127.0.0.1:3/", "their menu", (), "nav", True)))
    message = json.loads(page_message(item))
    assert [link[0] for link in message["links"]] == [kept.url]
    assert [link["url"] for link in json.loads(message["row"]["facts"])["links"]] == [kept.url]
    direct, ingested = open_db(tmp_path / "direct.db"), open_db(tmp_path / "ingested.db")
    writer = PageWriter(direct)
    writer.add(item)
    writer.flush()
    write_batch(ingested, [page_message(item)], IngestResult())
    assert list(direct.query("select * from links")) == list(ingested.query("select * from links"))
    assert list(direct.query("select * from pages")) == list(ingested.query("select * from pages"))
    assert len(list(direct.query("select * from links"))) == 1


def test_requests_travel_as_json_not_pickles() -> None:
    request = Request("http://127.0.0.1:1/a/", priority=7, meta={"site": "127.0.0.1:1", "site_depth": 2},
                      headers={"X-Test": "1"}, body=b"\x00\xff")
    data = json_serializer.dumps(request.to_dict())
    assert data.startswith(b"{")
    obj = json_serializer.loads(data)
    assert obj == request.to_dict()
    again = request_from_dict(obj)
    assert (again.url, again.priority, again.body, again.meta) == (request.url, 7, b"\x00\xff", request.meta)


def test_a_requests_meta_travels_with_its_dataclasses_bytes_and_keys_that_are_not_strings() -> None:
    """What the discover spider's requests carry (a Candidate in meta) and the rarer values, each back as it was; the
    bytes in Redis are those of the first encoder (a worker of either version reads the other's)."""
    candidate = Candidate("http://127.0.0.1:1/a/", "127.0.0.1:1", 1, "post", None, 5)
    meta = {"lt": candidate, "download_slot": "127.0.0.1:1", "ids": {3: b"\x00", 4: [b"\xff", (1, 2)]},
            "nested": [{"b": b"z", "none": None, "f": 1.5, "yes": True}], "depth": 2}
    data = json_serializer.dumps(meta)
    assert data == (b'{"depth":2,"download_slot":"127.0.0.1:1","ids":{"__d":[[3,{"__b":"AA=="}],[4,[{"__b":"/w=="},[1,2]]]]},'
                    b'"lt":{"__dc":"crawler.sitestate.Candidate","f":{"found_from":null,"kind":"post","priority":5,'
                    b'"site":"127.0.0.1:1","site_depth":1,"url":"http://127.0.0.1:1/a/"}},'
                    b'"nested":[{"b":{"__b":"eg=="},"f":1.5,"none":null,"yes":true}]}')
    back = json_serializer.loads(data)
    assert back == {**meta, "ids": {3: b"\x00", 4: [b"\xff", [1, 2]]}}  # tuples come back as lists, as JSON has them
    assert type(back["lt"]) is Candidate
    # Only linktrail's dataclasses are rebuilt: a name from Redis never names other code to run.
    assert json_serializer.loads(b'{"x":{"__dc":"os.system","f":{"command":"true"}}}') == {
        "x": {"__dc": "os.system", "f": {"command": "true"}}}
    # ... nor a function of linktrail's, nor a name that is not there: each stays the dict it was.
    for name in ("crawler.scale.connection.connect", "crawler.no_such_module.Thing", "crawler.sitestate.nothing"):
        data = b'{"x":{"__dc":"%s","f":{"url":"redis://127.0.0.1:1/0"}}}' % name.encode()
        assert json_serializer.loads(data) == {"x": {"__dc": name, "f": {"url": "redis://127.0.0.1:1/0"}}}


def _no_spider(response: Any) -> None: ...


class _Callbacks(Spider):
    name = "discover"

    def parse_page(self, response: Any) -> None: ...

    def on_error(self, failure: Any) -> None: ...


def _attributes(request: Request) -> tuple[Any, ...]:
    return (type(request), *(getattr(request, attr) for attr in request.attributes))


def test_a_queued_request_comes_back_as_it_was_with_its_method_names_looked_up_once() -> None:
    """Every attribute back as it was (Scrapy's ``request_from_dict``), from this encoding and from Scrapy's
    ``to_dict`` (what workers of the version before queued)."""
    spider = _Callbacks()
    queue = ClaimingPriorityQueue(redis.Redis(port=1), spider, KEYS.requests, json_serializer,  # never connects
                                  busy_key=KEYS.busy, worker="w1", busy_ttl=60)
    requests = [Request("http://127.0.0.1:1/a/", callback=spider.parse_page, errback=spider.on_error, priority=3,
                        meta={"site": "127.0.0.1:1"}, dont_filter=True, headers={"Referer": "http://127.0.0.1:1/"}),
                Request("http://127.0.0.1:1/b/", callback=spider.parse_page, headers={"X-Raw": b"caf\xe9"}),
                Request("http://127.0.0.1:1/c/"),
                Request("http://127.0.0.1:1/p/", method="POST", body=b"\x00\xff", cookies={"c": "1"}, encoding="latin-1",
                        flags=["f"], cb_kwargs={"k": 1}, priority=-2),
                FormRequest("http://127.0.0.1:1/d/", formdata={"q": "x"}, callback=spider.parse_page)]
    for request in requests:
        for data in (queue._encode_request(request), json_serializer.dumps(request.to_dict(spider=spider))):
            assert _attributes(request_from_dict(json_serializer.loads(data), spider=spider)) == _attributes(request)
    assert queue._names == {_Callbacks.parse_page: "parse_page", _Callbacks.on_error: "on_error"}
    with pytest.raises(ValueError, match="not an instance method"):  # as Scrapy's: a function of no spider
        queue._encode_request(Request("http://127.0.0.1:1/e/", callback=_no_spider))


def test_a_queued_request_leaves_out_what_request_sets_by_itself_and_writes_ascii_headers_as_text() -> None:
    """A plain request's defaults are not written (``request_from_dict`` sets them again), nor its headers' bytes as
    base64 when they are ASCII: fewer values to encode and decode at each of a request's trips (issue 23). Headers
    that are not ASCII stay bytes; a Request subclass keeps every attribute (its defaults may differ)."""
    spider = _Callbacks()
    queue = ClaimingPriorityQueue(redis.Redis(port=1), spider, KEYS.requests, json_serializer,  # never connects
                                  busy_key=KEYS.busy, worker="w1", busy_ttl=60)
    plain = json.loads(queue._encode_request(Request("http://127.0.0.1:1/a/", callback=spider.parse_page,
                                                     headers={"Referer": "http://127.0.0.1:1/"})))
    assert plain == {"url": "http://127.0.0.1:1/a/", "callback": "parse_page", "errback": None,
                     "headers": {"Referer": ["http://127.0.0.1:1/"]}}
    raw = json.loads(queue._encode_request(Request("http://127.0.0.1:1/b/", headers={"X-Raw": b"caf\xe9"})))
    assert raw["headers"] == {"__d": [[{"__b": "WC1SYXc="}, [{"__b": "Y2Fm6Q=="}]]]}
    form = json.loads(queue._encode_request(FormRequest("http://127.0.0.1:1/d/", formdata={"q": "x"})))
    assert set(FormRequest.attributes) <= set(form) and form["_class"] == "scrapy.http.request.form.FormRequest"


def test_redis_down_is_one_clear_error() -> None:
    with refused_port() as port, pytest.raises(RedisUnavailable, match=r"not reachable.*start redis-server"):
        connect(f"redis://127.0.0.1:{port}/0")
    with pytest.raises(RedisUnavailable, match="not a Redis URL"):
        connect("http://127.0.0.1:6379/")


def test_queue_keeps_best_first_and_claims_the_worker(redis_url: str) -> None:  # noqa: F811 - the fixture
    server = connect(redis_url)
    spider = Spider(name="discover")
    queue = ClaimingPriorityQueue(server, spider, KEYS.requests, json_serializer, busy_key=KEYS.busy,
                                  worker="w1", busy_ttl=60)
    for priority in (5, 900, 40):
        queue.push(Request(f"http://127.0.0.1:1/{priority}/", priority=priority))
    assert [queue.pop().priority for _ in range(3)] == [900, 40, 5]  # type: ignore[union-attr]
    assert queue.pop() is None
    assert server.hexists(KEYS.busy, "w1")


def test_a_worker_pops_the_requests_it_queued_as_they_were_and_others_from_their_json(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    """Issue 23: a request a worker queued comes back to it as the Request it queued (as from one process' memory
    queue: no JSON read, no Request built); one another worker queued, or one past KEEP, from its JSON."""
    server = connect(redis_url)
    mine, other = _queue(server, hold=0.0), _queue(server, hold=0.0)
    other.worker = "w2"
    monkeypatch.setattr(queue_module, "KEEP", 2)
    candidate = Candidate("http://127.0.0.1:1/a/", "127.0.0.1:1", 1, "post", None, 5)
    a = Request(candidate.url, priority=9, meta={"lt": candidate, "pair": (1, 2)})
    b = Request("http://127.0.0.1:1/b/", priority=8, meta={"pair": (3, 4)})
    pushed, [popped] = mine.push_all_and_pop([(a, "fa", False), (b, "fb", False), (a, "fa", False)], pop=1)
    assert pushed == [2, 2, 0] and popped is a and popped.meta["pair"] == (1, 2)  # the third: seen, not queued
    other.push(Request("http://127.0.0.1:1/c/", priority=7, meta={"pair": (5, 6)}))
    got = other.pop()  # b, queued by the other worker: from its JSON
    assert got is not None and got is not b and got.url == b.url and got.meta == {"pair": [3, 4]}
    d = [Request(f"http://127.0.0.1:1/d{n}/", priority=1, meta={"pair": (n, n)}) for n in range(3)]
    for n, request in enumerate(d):  # past KEEP: the oldest let go (b's, which the other worker popped, then d0's)
        assert mine.see_and_push(request, f"fd{n}", retry=False) == 2
    c = mine.pop()
    assert c is not None and c.url == "http://127.0.0.1:1/c/" and c.meta == {"pair": [5, 6]}
    popped_d = [mine.pop() for _ in range(3)]
    assert popped_d[0] is not d[0] and popped_d[0] is not None and popped_d[0].meta == {"pair": [0, 0]}
    assert popped_d[1:] == d[1:] and popped_d[1] is d[1] and popped_d[2] is d[2]
    assert not mine._kept and mine.pop() is None


def _queue(server: redis.Redis, hold: float) -> ClaimingPriorityQueue:
    return ClaimingPriorityQueue(server, Spider(name="discover"), KEYS.requests, json_serializer, busy_key=KEYS.busy,
                                 worker="w1", busy_ttl=60, hold=hold)


def _request(site: str, path: str, priority: int) -> Request:
    return Request(f"http://{site}/{path}/", priority=priority, meta={"download_slot": site})


def test_the_queue_hands_out_only_sites_that_may_start_now(redis_url: str) -> None:  # noqa: F811 - the fixture
    """Issue 23: a request whose site's turn is taken must not wait in the downloader, holding one of its places."""
    server = connect(redis_url)
    queue = _queue(server, hold=10.0)
    for site, path, priority in [("a.example", "1", 900), ("a.example", "2", 800), ("b.example", "1", 5),
                                 ("c.example", "1", 5), ("c.example", "2", 4)]:
        queue.push(_request(site, path, priority))
    assert SiteTurns(server, KEYS).take("a.example", 10.0) == 0.0  # another worker's request of a.example starts
    # a.example's pages are the best but its turn is taken: b.example's starts, then c.example's; another may now.
    first = queue.pop()
    assert first is not None and first.url == "http://b.example/1/" and queue.wait == 0.0
    second = queue.pop()
    assert second is not None and second.url == "http://c.example/1/"
    # c.example's second page may not start before the first took its turn (held), a.example's not before its
    # turn is over: nothing to hand out, and the seconds until a.example's turn is over.
    assert 9.0 < queue.wait <= 10.0
    assert queue.pop() is None and len(queue) == 3
    assert 9.0 < queue.wait <= 10.0
    # Without a delay, no turn is looked at: best first.
    assert [r.url for r in iter(_queue(server, hold=0.0).pop, None)] == [
        "http://a.example/1/", "http://a.example/2/", "http://c.example/2/"]


def test_equal_priorities_leave_the_queue_in_the_order_they_came(redis_url: str) -> None:  # noqa: F811 - the fixture
    """scrapy-redis ordered them by their JSON: the same request lost every tie, its site last (the end's tail)."""
    server = connect(redis_url)
    queue = _queue(server, hold=0.0)
    sites = ["z.example", "m.example", "a.example", "q.example"]
    for site in sites:
        queue.push(_request(site, "post", 7))
    queue.push(_request("best.example", "post", 8))
    assert [slot_of(r) for r in iter(queue.pop, None)] == ["best.example", *sites]


def test_the_crawl_is_over_only_when_nothing_is_queued_and_nobody_is_busy(redis_url: str) -> None:  # noqa: F811 - the fixture
    server = connect(redis_url)
    finish = server.register_script(FINISH_IF_DONE)
    keys = [KEYS.requests, KEYS.busy, KEYS.seen]
    server.sadd(KEYS.seen, "fp")
    now = int(server.time()[0])
    server.hset(KEYS.busy, "w2", now + 60)
    assert finish(keys=keys, args=["1"]) == 0  # w2 is still working
    server.hset(KEYS.busy, "w2", now - 1)  # w2 died: its mark expired
    server.zadd(KEYS.requests, {"r": 1})
    assert finish(keys=keys, args=["1"]) == 0  # something is queued
    server.delete(KEYS.requests)
    assert finish(keys=keys, args=["0"]) == 1 and server.exists(KEYS.seen)  # seen once: nothing cleared yet
    assert finish(keys=keys, args=["1"]) == 1
    assert not server.exists(KEYS.seen) and not server.exists(KEYS.busy)


def test_workers_share_one_rate_per_site(redis_url: str) -> None:  # noqa: F811 - the fixture
    a, b = SiteTurns(connect(redis_url), KEYS), SiteTurns(connect(redis_url), KEYS)
    assert a.take("blog.example", 10.0) == 0.0  # taken: a request starts now
    # Whichever worker asks next waits the rest of the turn; asking books nothing, so the wait does not grow.
    first, again = b.take("blog.example", 10.0), a.take("blog.example", 10.0)
    assert 9.0 < again <= first <= 10.0
    assert b.take("other.example", 10.0) == 0.0
    # With the turn log (LINKTRAIL_TURN_LOG=1), a turn taken is logged with Redis' time as it went out; a wait is not.
    server, logged = connect(redis_url), SiteTurns(connect(redis_url), KEYS, log=True)
    assert logged.take("third.example", 10.0) == 0.0 and logged.take("third.example", 10.0) > 9.0
    (line,) = [str(v, "utf-8") for v in server.lrange(KEYS.turns, 0, -1)]  # type: ignore[arg-type]
    key, at = line.rsplit(" ", 1)
    assert key == KEYS.site("third.example") and float(server.get(key) or 0) == pytest.approx(float(at) + 10)


def test_a_site_downloading_in_one_worker_waits_in_all_and_its_delay_runs_from_the_end(redis_url: str) -> None:  # noqa: F811 - the fixture
    """One request at a time per site across workers, and the delay from the end of one to the start of the next:
    the site sees the gap (a turn counted from the start let a server see 0.746 s against 1.0 s)."""
    server = connect(redis_url)
    a, b = SiteTurns(server, KEYS), SiteTurns(connect(redis_url), KEYS)
    assert a.take("slow.example", 0.001, lease=40.0) == 0.0  # a short delay, a long download
    assert 0 < server.pttl(KEYS.out("slow.example")) <= 40_000  # marked downloading, for its lease at most
    # Its delay is long over, but the site is downloading: nobody starts it; the wait is a guess of one delay.
    assert b.take("slow.example", 0.001) == pytest.approx(0.001)
    queue = _queue(server, hold=5.0)
    queue.push(_request("slow.example", "2", 9))
    assert queue.pop() is None and queue.wait == pytest.approx(5.0, abs=0.01)  # nor does the queue hand it out
    a.end("slow.example", 10.0)  # ended: the mark is gone, the next turn a delay from now
    assert not server.exists(KEYS.out("slow.example"))
    assert 9.0 < b.take("slow.example", 10.0) <= 10.0
    assert queue.pop() is None and 9.0 < queue.wait <= 10.0


def _rows(path: Path) -> dict[str, Any]:
    db = sqlite3.connect(path)
    out = {
        "pages": sorted(db.execute("select url, comment_state, first_seen, value from pages")),
        "links": db.execute("select count(*) from links").fetchone()[0],
        "changes": db.execute("select count(*) from page_changes").fetchone()[0],
        "crawls": db.execute("select count(*) from crawls").fetchone()[0],
    }
    db.close()
    return out


def test_ingest_is_batched_idempotent_and_survives_a_crash_before_its_ack(redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    server = connect(redis_url)
    for n in range(5):
        server.rpush(KEYS.items, page_message(page(n)))
    server.rpush(KEYS.items, crawl_message("host:1:abc", "2026-11-23T10:00:00+00:00", "finished", {"x": 1}))
    server.rpush(KEYS.items, b"not json")
    db_path = tmp_path / "linktrail.db"
    result = drain(server, open_db(db_path), batch=2)
    assert (result.pages, result.crawls, result.bad, result.batches) == (5, 1, 1, 4)
    assert server.llen(KEYS.items) == 0 and server.llen(KEYS.ingesting) == 0
    first = _rows(db_path)
    assert len(first["pages"]) == 5 and first["links"] == 5 and first["crawls"] == 1
    # An ingest killed after its commit but before dropping its batch leaves the batch aside;
    # the next one writes it again: same rows, no page_changes, the worker's run recorded once.
    server.rpush(KEYS.ingesting, page_message(page(0)), page_message(page(1)),
                 crawl_message("host:1:abc", "2026-11-23T10:00:00+00:00", "finished", {"x": 1}))
    again = drain(server, open_db(db_path), batch=2)
    assert again.pages == 2 and again.crawls == 0
    assert _rows(db_path) == first
    # A later crawl of the same page updates it in place and records the change.
    changed = page(3, state="closed")
    changed.fetched_at = "2026-11-24T10:00:00+00:00"
    server.rpush(KEYS.items, page_message(changed))
    drain(server, open_db(db_path))
    rows = _rows(db_path)
    assert len(rows["pages"]) == 5 and rows["changes"] >= 1
    assert ("http://127.0.0.1:1/post-3/", "closed", "2026-11-23T10:00:00+00:00", 42.0) in rows["pages"]


def test_ingest_with_redis_gone_says_so(tmp_path: Path) -> None:
    with refused_port() as port, pytest.raises(RedisUnavailable, match="lost during ingest"):
        drain(redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1), open_db(tmp_path / "x.db"))


def test_exit_code_of_a_killed_child() -> None:
    assert exit_code_of(0) == 0 and exit_code_of(2) == 2 and exit_code_of(-15) == 143


def test_a_worker_whose_frontier_still_holds_urls_stays_busy(redis_url: str) -> None:  # noqa: F811 - the fixture
    """Its spider_idle handler feeds the frontier a few URLs at a time; until it is empty the worker
    keeps its busy mark, so no other worker calls the crawl over and clears the seen-set early."""
    server = connect(redis_url)
    scheduler = RedisScheduler(server, crawler=get_crawler(Spider), url=redis_url, keys=KEYS, worker="w1",
                               busy_ttl=60, poll=0.5)
    spider = Spider(name="discover")
    spider.frontier = Frontier(NicheProfile())  # type: ignore[attr-defined]
    assert spider.frontier.add("http://127.0.0.1:1/left/", "127.0.0.1:1") is None  # type: ignore[attr-defined]
    server.sadd(KEYS.seen, "fp")
    finish = server.register_script(FINISH_IF_DONE)
    with pytest.raises(DontCloseSpider, match="frontier"):
        scheduler.spider_idle(spider)
    assert server.hexists(KEYS.busy, "w1")
    assert finish(keys=[KEYS.requests, KEYS.busy, KEYS.seen], args=["1"]) == 0  # another worker sees it busy
    assert server.exists(KEYS.seen)
    assert spider.frontier.next() is not None  # type: ignore[attr-defined]  # handed out: nothing left here
    with pytest.raises(DontCloseSpider, match="once more"):
        scheduler.spider_idle(spider)
    assert not server.hexists(KEYS.busy, "w1")
    scheduler.spider_idle(spider)  # over, seen twice: the worker may close
    assert not server.exists(KEYS.seen)


def _worker(url: str, name: str, **settings: Any) -> tuple[DiscoverSpider, RedisScheduler]:
    """A discover spider and its Redis scheduler, as one worker of a shared crawl runs them (no reactor)."""
    crawler = get_crawler(DiscoverSpider, {
        "LINKTRAIL_REDIS_URL": url, "CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "LINKTRAIL_MAX_PAGES": 100,
        "LINKTRAIL_MAX_PAGES_PER_SITE": 10, "LINKTRAIL_MAX_DEPTH": 4, "LINKTRAIL_MAX_NEW_SITES": 10, **settings})
    spider = DiscoverSpider.from_crawler(crawler)
    crawler.spider = spider
    crawler.stats.open_spider()
    scheduler = RedisScheduler(connect(url), crawler=crawler, url=url, keys=KEYS, worker=name,
                               busy_ttl=60, poll=0.5)
    scheduler.open(spider)
    return spider, scheduler


# A niche, and one page of a site read as off-niche, then none (the stop's setting).
OFF_NICHE_STOP: dict[str, Any] = {"LINKTRAIL_NICHE_KEYWORDS": ["sourdough", "levain"], "LINKTRAIL_OFF_NICHE_PAGES": 1}


@contextlib.contextmanager
def _two_workers(url: str, **settings: Any) -> Iterator[
        tuple[DiscoverSpider, RedisScheduler, DiscoverSpider, RedisScheduler]]:
    """Workers A and B of one shared crawl (``_worker``), closed when the test is done with them."""
    a, a_sched = _worker(url, "A", **settings)
    b, b_sched = _worker(url, "B", **settings)
    try:
        yield a, a_sched, b, b_sched
    finally:
        a_sched.close("finished")
        b_sched.close("finished")


def test_a_request_another_worker_ends_frees_its_site_at_the_worker_that_handed_it_out(redis_url: str) -> None:  # noqa: F811 - the fixture
    """Issue 23's stall: worker A's frontier marks a site in flight when it hands a URL out; worker B pops and
    ends that request; A must hear of it, or it keeps the site (and its feed-ahead) held with nothing out."""
    with _two_workers(redis_url) as (a, a_sched, b, b_sched):
        site = "127.0.0.1:1"
        for path in ("a", "b", "c"):
            assert a.frontier.add(f"http://{site}/{path}/", site) is None
        handed = list(a._feed())
        assert [r.url for r in handed] == [f"http://{site}/a/", f"http://{site}/b/"]  # two out per site at most
        assert list(a._feed()) == []
        for request in handed:
            assert a_sched.enqueue_request(request)
        popped = b_sched.next_request()  # B fetches A's request; it fails there
        failure = Failure(ConnectionRefusedError("refused"))
        failure.request = popped  # type: ignore[attr-defined]
        list(b.on_error(failure))
        assert b.handback.outbox  # B's word for A goes with B's next pop or push; here, sent on its own
        b.handback.send()
        # A's queue pops take its hand-back list (no round trip per feed): its engine asks for the next request
        # between two feeds, and that pop brings the word.
        assert a.handback.pending == 0 and list(a._feed()) == []
        assert a_sched.next_request().url == f"http://{site}/b/"  # type: ignore[union-attr]
        assert len(a.handback.inbox) == 1 and a.handback.pending == 0 and not a.handback.server.exists(KEYS.done("A"))
        assert [r.url for r in a._feed()] == [f"http://{site}/c/"]  # the site has room again at A
        assert a.handback.inbox == []
        assert a.crawler.stats.get_value("linktrail/frontier/handed_back") == 1
        # B found the same URL and handed it out too: the shared seen-set drops it, and B is not left holding it.
        assert b.frontier.add(f"http://{site}/a/", site) is None and b.frontier.add(f"http://{site}/d/", site) is None
        mine = list(b._feed())
        assert [r.url for r in mine] == [f"http://{site}/a/", f"http://{site}/d/"]
        assert not b_sched.enqueue_request(mine[0])
        b.crawler.signals.send_catch_log(signals.request_dropped, request=mine[0], spider=b)
        assert b.outstanding == 1 and b.frontier.sites[site].inflight == 1


def test_requests_a_worker_queues_and_its_word_to_others_go_to_redis_with_its_next_pop_in_one_round_trip(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    """Issue 23: a push per request and a round trip per word to another worker were over half a worker's round
    trips. A worker's engine (``batch``) keeps what it queues until its next pop, which carries it all; the shared
    seen-set still decides, and a request it had is dropped then as the engine drops one the scheduler refuses."""
    server = connect(redis_url)
    with _two_workers(redis_url) as (a, a_sched, b, b_sched):
        assert b_sched.enqueue_request(_request("127.0.0.1:1", "seen", 0))  # B found it first (pushed as it came)
        a_sched.batch, a_sched.stats = True, a.crawler.stats  # as from_crawler builds it
        dropped: list[str] = []

        def on_dropped(request: Request, spider: Spider) -> None:
            dropped.append(request.url)

        a.crawler.signals.connect(on_dropped, signal=signals.request_dropped)
        queued = [_request("127.0.0.1:1", "seen", 0), _request("127.0.0.1:2", "new", 5),
                  _request("127.0.0.1:3", "best", 50)]
        assert all(a_sched.enqueue_request(r) for r in queued)  # kept here: nothing went to Redis
        assert server.zcard(KEYS.requests) == 1 and a_sched.has_pending_requests()
        a.handback.tell("B", "127.0.0.1:4", False, True, 0.5)  # A ended a request B handed out
        server.config_resetstat()
        popped = a_sched.next_request()
        assert popped is not None and popped.url == "http://127.0.0.1:3/best/"
        calls = server.info("commandstats")["cmdstat_evalsha"]
        assert calls["calls"] - calls["failed_calls"] - calls["rejected_calls"] == 1  # pushes, word, pop: one call
        # (a first call of a script also fails once, NOSCRIPT: redis-py loads it then)
        assert dropped == ["http://127.0.0.1:1/seen/"]  # the shared seen-set had it
        assert a.crawler.stats.get_value("linktrail/redis/duplicates") == 1
        assert a.crawler.stats.get_value("scheduler/enqueued/redis") == 2
        assert server.llen(KEYS.done("B")) == 1 and not a.handback.outbox
        assert sorted(r.url for r in (b_sched.next_request(), b_sched.next_request()) if r) == [
            "http://127.0.0.1:1/seen/", "http://127.0.0.1:2/new/"]
        # Its downloader full, the engine asks for no request: what it queued goes GATHER seconds later, alone.
        assert a_sched.enqueue_request(_request("127.0.0.1:5", "later", 1)) and a_sched._gather is not None
        a_sched._flush()  # (the GATHER call)
        assert server.zcard(KEYS.requests) == 1 and not a_sched._outgoing


def test_a_site_another_worker_read_as_off_niche_stops_at_both_workers(redis_url: str) -> None:  # noqa: F811 - the fixture
    """The off-niche stop (one page of a site read as off-niche, then none) holds across workers, as in one
    process: B reads the home page A handed out (alone: the site's other pages wait for its verdict); B admits
    none of the links it finds there, and A, told the page's relevance with the word back, hands out none of
    the site's pages it holds."""
    with _two_workers(redis_url, **OFF_NICHE_STOP) as (a, a_sched, b, b_sched):
        site = "127.0.0.1:1"
        assert a.frontier.add(f"http://{site}/", site, kind="home", via="commenter") is None
        for path in ("a", "b", "c"):
            assert a.frontier.add(f"http://{site}/{path}/", site) is None
        handed = list(a._feed())
        assert [r.url for r in handed] == [f"http://{site}/"]  # its other pages wait for the home page's verdict
        for request in handed:
            assert a_sched.enqueue_request(request)
        popped = b_sched.next_request()
        assert popped is not None and popped.url == f"http://{site}/"
        body = (b"<html><head><title>Payday loans today</title></head><body><article><h1>Payday loans today</h1>"
                b"<p>Fast payday loans and car insurance quotes, cash in one hour.</p>" * 5 +
                b'<a href="/d/">more loans</a> <a href="/e/">insurance</a></article></body></html>')
        items = list(b.parse(HtmlResponse(popped.url, body=body, request=popped, encoding="utf-8")))
        assert [getattr(i, "url", None) for i in items] == [f"http://{site}/"] and items[0].relevance < 0.25
        assert f"http://{site}/d/" not in b.frontier.seen and f"http://{site}/e/" not in b.frontier.seen
        assert [r.url for r in b._feed()] == []
        # B's engine asks for its next request (none is queued): that pop carries B's word for A.
        assert b_sched.next_request() is None and not b.handback.outbox
        # A's engine asks for its next request (none is queued), and that pop says B's word is there.
        assert a_sched.next_request() is None
        assert [r.url for r in a._feed()] == []  # /a/, /b/ and /c/ dropped: the site read off-niche
        assert a.frontier.site_relevance(site) == items[0].relevance


OFF_NICHE_HOME = (b"<html><head><title>Payday loans today</title></head><body><article><h1>Payday loans today</h1>"
                  + b"<p>Fast payday loans and car insurance quotes, cash in one hour.</p>" * 5
                  + b"</article></body></html>")


def _both_find_a_new_site(a: DiscoverSpider, b: DiscoverSpider, a_sched: RedisScheduler, b_sched: RedisScheduler,
                          site: str) -> Any:
    """A and B each find the same new site (its home page and a post of it); A's home page request is queued
    first, B's is dropped by the shared seen-set. Returns A's request, popped for fetching."""
    for spider in (a, b):
        assert spider.frontier.add(f"http://{site}/", site, kind="home", via="commenter") is None
        assert spider.frontier.add(f"http://{site}/post/", site, site_depth=1) is None
    handed = list(a._feed())
    assert [r.url for r in handed] == [f"http://{site}/"]
    assert a_sched.enqueue_request(handed[0])
    mine = list(b._feed())
    assert [r.url for r in mine] == [f"http://{site}/"]  # B's post waits for the home page's verdict too
    assert not b_sched.enqueue_request(mine[0])
    b.crawler.signals.send_catch_log(signals.request_dropped, request=mine[0], spider=b)
    popped = a_sched.next_request()
    assert popped is not None and popped.url == f"http://{site}/"
    return popped


def test_a_home_page_another_worker_fetches_still_judges_the_site_here(redis_url: str) -> None:  # noqa: F811 - the fixture
    """The e2e test's flake (issue 23: the same pages as one process): B's own home page request for a new site
    was dropped as seen, and B let the site's post go unjudged: an off-niche site's post and pages fetched that
    one process never fetches. Now B waits for the verdict of whoever fetched the home page."""
    with _two_workers(redis_url, **OFF_NICHE_STOP) as (a, a_sched, b, b_sched):
        site = "127.0.0.1:1"
        popped = _both_find_a_new_site(a, b, a_sched, b_sched, site)
        assert list(b._feed()) == []  # the home page is out at A: B's post still waits (it went before the fix)
        items = list(a.parse(HtmlResponse(popped.url, body=OFF_NICHE_HOME, request=popped, encoding="utf-8")))
        assert items[0].relevance < 0.25
        assert list(b._feed()) == [] and b.frontier.pending == 1  # A's verdict goes with its next pop or push
        a.handback.send()  # here, sent on its own
        assert list(b._feed()) == [] and b.frontier.pending == 0  # the verdict came: off-niche, the post dropped
        assert b.crawler.stats.get_value("linktrail/frontier/verdicts_from_others") == 1
        assert b.awaiting == {}


def test_a_home_page_reached_by_another_link_still_gives_its_verdict(redis_url: str) -> None:  # noqa: F811 - the fixture
    """A knew the site already (a page of it read for another worker) and reached its home page by a plain link,
    not as a new site's home page: its answer is still the verdict B waits for."""
    with _two_workers(redis_url, **{**OFF_NICHE_STOP, "LINKTRAIL_OFF_NICHE_PAGES": 2}) as (a, a_sched, b, b_sched):
        site = "127.0.0.1:1"
        a.frontier.read_here(site)
        assert a.frontier.add(f"http://{site}/", site, kind="blogroll", site_depth=1) is None
        handed = list(a._feed())
        assert [(r.url, r.meta["lt"].kind) for r in handed] == [(f"http://{site}/", "blogroll")]
        assert a_sched.enqueue_request(handed[0])
        assert b.frontier.add(f"http://{site}/", site, kind="home", via="commenter") is None
        assert b.frontier.add(f"http://{site}/post/", site, site_depth=1) is None
        mine = list(b._feed())
        assert not b_sched.enqueue_request(mine[0])
        b.crawler.signals.send_catch_log(signals.request_dropped, request=mine[0], spider=b)
        popped = a_sched.next_request()
        assert popped is not None
        list(a.parse(HtmlResponse(popped.url, body=OFF_NICHE_HOME, request=popped, encoding="utf-8")))
        a.handback.send()  # A's verdict, sent on its own (else with its next pop or push)
        assert b.awaiting == {f"http://{site}/": site}
        # off-niche, with two pages a run for such a site: B keeps the post (the home page counted here)
        assert [r.url for r in b._feed()] == [f"http://{site}/post/"] and b.awaiting == {}
        assert b.crawler.stats.get_value("linktrail/frontier/verdicts_from_others") == 1


def test_a_home_page_that_failed_elsewhere_lets_the_sites_pages_go_here(redis_url: str) -> None:  # noqa: F811 - the fixture
    """As in one process when its home page fails: no verdict, the site's other pages go."""
    with _two_workers(redis_url) as (a, a_sched, b, b_sched):
        site = "127.0.0.1:1"
        popped = _both_find_a_new_site(a, b, a_sched, b_sched, site)
        failure = Failure(ConnectionRefusedError("refused"))
        failure.request = popped  # type: ignore[attr-defined]
        list(a.on_error(failure))
        a.handback.send()  # A's word that the home page ended without one, sent on its own
        assert [r.url for r in b._feed()] == [f"http://{site}/post/"]


def test_a_verdict_that_never_comes_ends_the_wait_when_nothing_is_out(redis_url: str) -> None:  # noqa: F811 - the fixture
    """The worker fetching the home page was killed: once nothing is queued and no other worker is busy, the
    scheduler releases the waiting worker's sites (release_all), the site's pages go and the crawl can end."""
    with _two_workers(redis_url) as (a, a_sched, b, b_sched):
        site = "127.0.0.1:1"
        _both_find_a_new_site(a, b, a_sched, b_sched, site)  # A popped it, and never answers
        assert list(b._feed()) == []
        b.release_all()
        assert [r.url for r in b._feed()] == [f"http://{site}/post/"] and b.awaiting == {}


@pytest.mark.parametrize(("body", "sitemaps_read"), [(OFF_NICHE_HOME, 0), (b"<html><head><title>Sourdough levain"
                                                   b"</title></head><body><article><h1>Sourdough levain</h1><p>"
                                                   + b"Sourdough levain starter, fed daily. " * 20
                                                   + b"</p></article></body></html>", 1)])
def test_robots_sitemaps_read_with_another_workers_request_wait_for_its_answer(
        redis_url: str, body: bytes, sitemaps_read: int) -> None:  # noqa: F811 - the fixture
    """B downloads A's home page request of a new site, and reads the site's robots.txt first: its Sitemap line
    is a hub of a site B has not judged. As in one process (the hub waits while the home page is out), it is
    admitted once that request has been answered here: never for an off-niche site (the e2e flake's sitemap)."""
    with _two_workers(redis_url, **OFF_NICHE_STOP) as (a, a_sched, b, b_sched):
        site = "127.0.0.1:1"
        assert a.frontier.add(f"http://{site}/", site, kind="home", via="commenter") is None
        handed = list(a._feed())
        assert a_sched.enqueue_request(handed[0])
        popped = b_sched.next_request()
        assert popped is not None
        robots = SimpleNamespace(rp=SimpleNamespace(sitemaps=[f"http://{site}/sitemap.xml"]))
        b.crawler.signals.send_catch_log(signals.robots_parsed, robotparser=robots, request=popped)
        assert list(b._feed()) == []  # before the fix: the sitemap went out at once
        out = list(b.parse(HtmlResponse(popped.url, body=body, request=popped, encoding="utf-8"))) + list(b._feed())
        sent = [r.url for r in out if isinstance(r, Request)]
        assert sent.count(f"http://{site}/sitemap.xml") == sitemaps_read, sent


def test_redis_lost_when_the_worker_goes_idle_closes_it_as_lost_not_finished(redis_url: str) -> None:  # noqa: F811 - the fixture
    """The e2e test of a lost Redis failed one run in three: the idle check met the dead Redis, let go, and Scrapy
    closed the spider as "finished" (exit 0) before the close as "redis_lost" it had scheduled (exit 2)."""
    spider, scheduler = _worker(redis_url, "A")
    with refused_port() as port:
        scheduler.server = redis.Redis.from_url(f"redis://127.0.0.1:{port}/0")
        with pytest.raises(DontCloseSpider, match="Redis lost"):
            scheduler.spider_idle(spider)
    assert scheduler.lost
    with pytest.raises(DontCloseSpider, match="Redis lost"):
        scheduler.spider_idle(spider)  # and on every idle tick until that close


def test_ingest_follow_writes_items_that_trickle_in_as_full_batches(redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    """Workers push one item per page; `ingest --follow` waits a short window for more (issue 23: 3,390 batches
    of mostly one item)."""
    server, db_path = connect(redis_url), tmp_path / "linktrail.db"
    server.config_resetstat()
    stop, results = threading.Event(), []
    ingest = threading.Thread(target=lambda: results.append(
        drain(connect(redis_url), open_db(db_path), batch=10, follow=True, stop=stop, window=30.0)))
    ingest.start()
    try:
        for n in range(20):
            server.rpush(KEYS.items, page_message(page(n)))
            time.sleep(0.02)  # a worker's pace: one page at a time, not an outcome awaited
        deadline = time.monotonic() + 60
        while server.llen(KEYS.items) or server.llen(KEYS.ingesting):
            assert time.monotonic() < deadline, "ingest did not take the items"
            time.sleep(0.05)  # poll interval while waiting for the drain
    finally:
        stop.set()
        ingest.join(30)
    assert (results[0].pages, results[0].batches) == (20, 2)
    assert len(_rows(db_path)["pages"]) == 20
    # A blocking move waits for a batch's first item only, not for each item after it (one round trip per page).
    blocking = server.info("commandstats").get("cmdstat_blmove", {}).get("calls", 0)
    assert blocking <= 4, blocking


def test_ingest_follow_stopped_stores_what_is_queued_and_a_second_stop_leaves_it(redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    """Stopped once the workers are done, `ingest --follow` stores what they left and ends (no `--once` after it,
    issue 23); halted (a second signal), it ends after the batch it is writing and leaves the rest queued."""
    server, db_path = connect(redis_url), tmp_path / "linktrail.db"
    for n in range(25):
        server.rpush(KEYS.items, page_message(page(n)))
    stop = threading.Event()
    stop.set()
    result = drain(server, open_db(db_path), batch=10, follow=True, stop=stop, window=30.0)
    assert (result.pages, result.batches) == (25, 3)  # full batches, no window waited for
    assert server.llen(KEYS.items) == 0 and server.llen(KEYS.ingesting) == 0
    for n in range(25, 30):
        server.rpush(KEYS.items, page_message(page(n)))
    halt = threading.Event()
    halt.set()
    result = drain(server, open_db(db_path), batch=10, follow=True, stop=stop, halt=halt)
    assert (result.pages, result.batches) == (0, 0)
    assert server.llen(KEYS.items) == 5
    assert len(_rows(db_path)["pages"]) == 25


def test_ingest_follow_told_to_stop_by_a_signal_stores_what_is_queued_then(redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    server, db_path = connect(redis_url), tmp_path / "linktrail.db"
    for n in range(5):
        server.rpush(KEYS.items, page_message(page(n)))

    def workers_done() -> None:  # the items taken, the workers push their last ones and exit: SIGTERM
        deadline = time.monotonic() + 60
        while server.llen(KEYS.items):
            assert time.monotonic() < deadline
            time.sleep(0.02)  # poll interval while the ingest takes the first items
        for n in range(5, 12):
            server.rpush(KEYS.items, page_message(page(n)))
        os.kill(os.getpid(), signal.SIGTERM)

    helper = threading.Thread(target=workers_done)
    helper.start()
    result = drain_until_signal(connect(redis_url), open_db(db_path), batch=200, follow=True)
    helper.join(30)
    assert result.pages == 12 and server.llen(KEYS.items) == 0
    assert len(_rows(db_path)["pages"]) == 12


def test_ingest_once_stops_at_the_first_signal_after_its_batch(redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    server, db_path = connect(redis_url), tmp_path / "linktrail.db"
    server.rpush(KEYS.items, *[page_message(page(n)) for n in range(1000)])

    def interrupt() -> None:  # Ctrl-C once the drain has begun
        deadline = time.monotonic() + 60
        while server.llen(KEYS.items) == 1000:
            assert time.monotonic() < deadline
            time.sleep(0.005)  # poll interval while the drain starts
        os.kill(os.getpid(), signal.SIGINT)

    helper = threading.Thread(target=interrupt)
    helper.start()
    result = drain_until_signal(connect(redis_url), open_db(db_path), batch=1, follow=False)
    helper.join(30)
    assert 0 < result.pages < 1000 and server.llen(KEYS.items) == 1000 - result.pages


def test_workers_idle_but_holding_urls_see_each_other_as_waiting_not_working(redis_url: str) -> None:  # noqa: F811 - the fixture
    """Two idle workers, each holding URLs, must not each wait for the other: a waiting mark keeps the crawl
    from being called over, but tells another worker that nothing it handed out is being worked on."""
    server = connect(redis_url)
    finish = server.register_script(FINISH_IF_DONE)
    keys = [KEYS.requests, KEYS.busy, KEYS.seen]
    now = int(server.time()[0])
    server.hset(KEYS.busy, mapping={"A": -(now + 60), "B": -(now + 60)})
    assert finish(keys=keys, args=["0", "A"]) == 1  # quiet for A: B only waits
    assert finish(keys=keys, args=["1"]) == 0  # but the crawl is not over
    server.hset(KEYS.busy, "B", now + 60)  # B works: something of A's may be at B
    assert finish(keys=keys, args=["0", "A"]) == 0


def test_a_worker_with_a_delay_keeps_enough_requests_queued_for_every_site_to_have_one_at_its_turn(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    """Issue 23's polite stall: a worker's requests wait in the shared queue for their sites' turns and count as
    out; with one process's two a place, two workers left sites idle past their turns for want of a request."""
    sites = [f"127.0.0.1:{port}" for port in range(1, 13)]
    for delay, out in ((1.0, 8), (0.0, 4)):  # eight a place with a delay; one process's two (and at least 4) without
        w, sched = _worker(redis_url, f"w{delay}", DOWNLOAD_DELAY=delay, LINKTRAIL_MAX_NEW_SITES=50)
        try:
            for site in sites:
                assert w.frontier.add(f"http://{site}/", site) is None
            assert len(list(w._feed())) == out
        finally:
            sched.close("finished")
            connect(redis_url).flushdb()
    one = get_crawler(DiscoverSpider, {"CONCURRENT_REQUESTS": 1, "DOWNLOAD_DELAY": 1.0})
    assert DiscoverSpider.from_crawler(one).feed_ahead == 4  # one process: its downloader holds what waits


def test_a_pop_finds_a_site_that_may_start_behind_many_requests_of_sites_that_may_not(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    """Four workers' feeds are queued at once: a pop that looked only at the best 256 handed nothing out while
    a site deeper in the queue was free."""
    server = connect(redis_url)
    queue = _queue(server, hold=10.0)
    for n in range(600):
        queue.push(_request(f"busy{n % 300}.example", str(n), 900))
    queue.push(_request("free.example", "1", 5))
    turns = SiteTurns(server, KEYS)
    for n in range(300):
        assert turns.take(f"busy{n}.example", 10.0) == 0.0  # other workers' requests of those sites start
    popped = queue.pop()
    assert popped is not None and popped.url == "http://free.example/1/"
    assert queue.pop() is None and 9.0 < queue.wait <= 10.0


def test_the_list_sender_pushes_in_order_in_few_round_trips_and_says_what_it_lost(
        redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    """Issue 23: the worker's event loop waited a round trip per page; the sender's thread pushes instead."""
    from crawler.scale.sender import ListSender

    server = connect(redis_url)
    sent: list[Any] = []
    lost: list[tuple[list[Any], str]] = []
    sender = ListSender(server, "items", sent=sent.extend,
                        lost=lambda tags, exc: lost.append((tags, type(exc).__name__)))
    server.config_resetstat()
    with sender._cond:  # the thread cannot push while this test holds its lock: all 300 are queued first
        for n in range(300):
            sender.send(f"m{n}", n)
    sender.flush()
    assert [m.decode() for m in server.lrange("items", 0, -1)] == [f"m{n}" for n in range(300)]
    assert sent == list(range(300)) and not lost
    assert server.info("commandstats")["cmdstat_rpush"]["calls"] == 2  # 200 and 100 in one RPUSH each
    sender.close()
    # Redis gone: what was given is reported lost, once pushed and failed, and nothing after it is tried.
    dead = LocalRedis(tmp_path / "dead").start()
    gone = ListSender(connect(dead.url), "items", sent=sent.extend,
                      lost=lambda tags, exc: lost.append((tags, type(exc).__name__)))
    dead.stop()
    gone.send("a", "first")
    gone.send("b", "second")
    gone.close()
    assert [tag for tags, _ in lost for tag in tags] == ["first", "second"]
    assert {name for _, name in lost} == {"ConnectionError"} and gone.failure is not None


def test_a_home_page_verdict_is_written_once_and_a_page_s_is_never_overwritten(redis_url: str) -> None:  # noqa: F811 - the fixture
    """A home page read here publishes its relevance, then its request's end: the end sends nothing (one write per
    home page, not two); a home page request that ended without a page writes its empty verdict unless one is
    there."""
    from crawler.scale.handback import HandBack

    server = connect(redis_url)
    server.config_resetstat()
    mine = HandBack(server, KEYS, "A")
    mine.publish("http://127.0.0.1:1/", 0.25)
    mine.publish("http://127.0.0.1:1/", None)
    mine.publish("http://127.0.0.1:2/", None)  # ended without a page
    theirs = HandBack(server, KEYS, "B")
    theirs.publish("http://127.0.0.1:1/", None)  # another worker's end of the same page
    assert not server.exists(KEYS.verdicts)  # word waits for the next pop or push (or goes alone, ``send``)
    mine.send()
    theirs.send()
    stats = server.info("commandstats")
    assert stats["cmdstat_hset"]["calls"] == 1 and stats["cmdstat_hsetnx"]["calls"] == 2
    assert mine.verdicts(["http://127.0.0.1:1/", "http://127.0.0.1:2/", "http://127.0.0.1:3/"]) == {
        "http://127.0.0.1:1/": 0.25, "http://127.0.0.1:2/": None}
    assert not mine.published
