"""Each site's robots.txt read by one crawl worker, the others taking its answer from Redis (crawler/scale/robots.py)."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import pytest

from crawler.scale.connection import ROUND_TRIPS, Keys, connect
from crawler.scale.robots import SharedRobots
from tests.redis_fixture import redis_server, redis_url  # noqa: F401 - fixtures

SITE = "127.0.0.1:8001"


def _done(coro: Coroutine[Any, Any, Any]) -> Any:
    """The value of a coroutine that must finish without waiting (no poll for another worker's answer)."""
    with pytest.raises(StopIteration) as stop:
        coro.send(None)
    return stop.value.value


def _round_trips(look: Coroutine[Any, Any, Any]) -> tuple[Any, int]:
    """A look's answer and the round trips to Redis it took."""
    before = ROUND_TRIPS[0]
    return _done(look), ROUND_TRIPS[0] - before


def test_a_look_for_a_sites_robots_txt_is_one_round_trip_whoever_reads_it(redis_url: str) -> None:  # noqa: F811
    """The first worker to look marks the site as its own to read, the next takes the answer stored: one command
    each (a GET then the mark were two for the reader, 200 round trips a bench_workers run of 200 sites)."""
    server = connect(redis_url)
    server.flushall()
    first, second = SharedRobots(connect(redis_url), Keys(), 30), SharedRobots(connect(redis_url), Keys(), 30)
    for n, robots in enumerate((first, second)):
        _done(robots.lookup(f"127.0.0.1:{9000 + n}"))  # each one's first call loads the script (a round trip more)
    assert _round_trips(first.lookup(SITE)) == (None, 1)  # none stored: this worker reads it
    assert 30 < server.ttl(Keys().robots(SITE)) <= 40  # marked, for its claim
    first.store(SITE, 200, b"User-agent: *\nDisallow: /private/\n")
    entry, trips = _round_trips(second.lookup(SITE))
    assert entry is not None and entry["status"] == 200 and trips == 1
    assert server.ttl(Keys().robots(SITE)) > 3000  # the answer kept as stored, not marked again
