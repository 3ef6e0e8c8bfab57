"""`ingest --follow`: the end of the shared crawl seen in the workers' messages, so the scores settle before they exit."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.scale.connection import Keys, connect
from pipelines.ingest import IngestResult, drain
from pipelines.redisqueue import crawl_message, page_message
from pipelines.store import open_db
from tests.redis_fixture import redis_server, redis_url  # noqa: F401 - fixtures
from tests.test_scale import page

KEYS = Keys()


def _follow(url: str, db: Path, messages: list[str], over: bool) -> tuple[list[tuple[int, bool]], IngestResult]:
    """Follow the items list (a batch window far longer than the waits below) with ``messages`` queued; stopped
    once ``crawl_over`` was called (``over``), else once the messages are taken and stored. Returns the calls
    (pages stored then, stopped then) and the result."""
    server = connect(url)
    server.rpush(KEYS.items, *messages)
    stop, called = threading.Event(), threading.Event()
    calls: list[tuple[int, bool]] = []
    results: list[IngestResult] = []

    def crawl_over(so_far: IngestResult) -> None:
        calls.append((so_far.pages, stop.is_set()))
        called.set()

    def follow() -> None:
        results.append(drain(connect(url), open_db(db), batch=200, follow=True, stop=stop, window=60.0,
                             crawl_over=crawl_over))

    ingest = threading.Thread(target=follow)
    ingest.start()
    try:
        if over:
            called.wait(30)  # within the batch window: a run record ends the batch at once
        else:
            deadline = time.monotonic() + 30
            while server.llen(KEYS.items) or server.exists(KEYS.ingesting):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.02)  # poll interval while the ingest stores them
    finally:
        stop.set()
        ingest.join(60)
    return calls, results[0]


def test_a_worker_run_that_ended_the_shared_crawl_settles_it_while_following(redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    pages = [page_message(page(n)) for n in range(5)]
    calls, result = _follow(redis_url, tmp_path / "linktrail.db",
                            [*pages, crawl_message("w1", "2026-12-04T10:00:00+00:00", "finished", {})], over=True)
    assert calls == [(5, False)]  # once, its pages stored, before the ingest was told to stop
    assert (result.pages, result.crawls, result.finished, result.batches) == (5, 1, 1, 1)


@pytest.mark.parametrize("reason", ["shutdown", "closespider_timeout", "redis_lost"])
def test_a_worker_stopped_early_leaves_the_settle_to_the_end(reason: str, redis_url: str, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    record: Any = crawl_message("w1", "2026-12-04T10:00:00+00:00", reason, {})
    calls, result = _follow(redis_url, tmp_path / "linktrail.db", [page_message(page(1)), record], over=False)
    assert calls == [] and (result.pages, result.crawls, result.finished) == (1, 1, 0)
