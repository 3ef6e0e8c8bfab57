"""CheckPipeline and the store's edges in-process on a real SQLite file: batches, counters, the crawls row, due."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
import time_machine
from pydispatch.dispatcher import getAllReceivers, liveReceivers
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.clock import utcnow_precise
from crawler.items import CheckItem
from pipelines.backlinks import (
    CheckPipeline,
    due_backlinks,
    record_checks,
    save_backlinks,
    sync_outreach,
    validate,
    waiting_count,
)
from pipelines.store import open_db

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def at(hours: float) -> str:
    return utcnow_precise(T0 + timedelta(hours=hours))


def store(path: Path, n: int) -> list[int]:
    """A store with ``n`` backlinks to me.example, one per source page: their ids in order."""
    db = open_db(path)
    save_backlinks(db, [validate(f"https://s{i}.example/post", "me.example") for i in range(n)])
    ids = [r["id"] for r in db.query("select id from backlinks order by id")]
    db.conn.close()
    return ids


def crawler_for(path: Path, **settings: Any) -> Crawler:
    crawler = get_crawler(settings_dict={"LINKTRAIL_DB": str(path), **settings})
    assert crawler.stats is not None
    crawler.stats.open_spider()
    return crawler


def counters(crawler: Crawler) -> dict[str, int]:
    assert crawler.stats is not None
    return {k.removeprefix("linktrail/backlinks/"): v for k, v in crawler.stats.get_stats().items()
            if k.startswith("linktrail/backlinks/")}


def check(bid: int, when: str, status: str, **kw: Any) -> CheckItem:
    return CheckItem(bid, when, status, 200, **kw)


def stored(path: Path) -> list[tuple[int, str, int]]:
    db = open_db(path)
    rows = [(r["backlink_id"], r["status"], r["found"])
            for r in db.query("select backlink_id, status, found from backlink_checks order by backlink_id, checked_at")]
    db.conn.close()
    return rows


def test_checks_are_written_when_a_batch_fills_and_the_rest_when_the_spider_closes(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    a, b, c = store(path, 3)
    pipeline = CheckPipeline.from_crawler(crawler_for(path, LINKTRAIL_STORE_BATCH=2))
    pipeline.open_spider()
    first = check(a, at(0), "live")
    assert pipeline.process_item(first) is first
    assert stored(path) == []  # one of two
    pipeline.process_item(check(b, at(0), "missing"))
    assert stored(path) == [(a, "live", 1), (b, "missing", 0)]  # the second fills the batch
    pipeline.process_item(check(c, at(0), "live"))
    assert stored(path) == [(a, "live", 1), (b, "missing", 0)]
    pipeline.close_spider()
    assert stored(path) == [(a, "live", 1), (b, "missing", 0), (c, "live", 1)]


def test_the_default_batch_is_two_hundred_checks(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    ids = store(path, 200)
    pipeline = CheckPipeline.from_crawler(crawler_for(path))
    pipeline.open_spider()
    for bid in ids[:199]:
        pipeline.process_item(check(bid, at(0), "live"))
    assert len(stored(path)) == 0
    pipeline.process_item(check(ids[199], at(0), "live"))
    assert len(stored(path)) == 200


def test_anything_but_a_check_passes_through_unstored(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    store(path, 1)
    pipeline = CheckPipeline.from_crawler(crawler_for(path, LINKTRAIL_STORE_BATCH=1))
    pipeline.open_spider()
    other = {"backlink_id": 1, "checked_at": at(0), "status": "live"}
    assert pipeline.process_item(other) is other
    pipeline.close_spider()
    assert stored(path) == []


def test_misses_to_lost_comes_from_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    (a,) = store(path, 1)
    crawler = crawler_for(path, LINKTRAIL_BACKLINKS_MISSES=3, LINKTRAIL_STORE_BATCH=1)
    pipeline = CheckPipeline.from_crawler(crawler)
    pipeline.open_spider()
    for hours, status in ((0, "live"), (24, "missing"), (48, "missing"), (72, "missing")):
        pipeline.process_item(check(a, at(hours), status))
    assert stored(path) == [(a, "live", 1), (a, "missing", 0), (a, "missing", 0), (a, "lost", 0)]
    assert counters(crawler) == {"checked": 4, "status/live": 1, "status/missing": 2, "status/lost": 1,
                                 "newly_lost": 1}


def test_counters_count_each_status_a_new_loss_once_and_comments_that_went_live(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    db = open_db(path)
    db.table("outreach").insert({"url": "https://s0.example/post", "domain": "s0.example", "kind": "comment",
                           "status": "done", "date": "2026-11-20"})
    db.conn.close()
    a, b = store(path, 2)
    db = open_db(path)
    db.execute("update backlinks set outreach_id = 1 where id = ?", [a])
    db.execute("update backlinks set status = 'lost', misses = 2, last_live = ? where id = ?", [at(-48), b])
    db.conn.close()
    crawler = crawler_for(path, LINKTRAIL_BACKLINKS_MISSES=1)
    pipeline = CheckPipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.process_item(check(a, at(0), "live", placement="comments"))
    pipeline.process_item(check(b, at(0), "missing"))  # lost before: still lost, not newly
    pipeline.close_spider()
    assert counters(crawler) == {"checked": 2, "status/live": 1, "status/lost": 1, "comments_live": 1}
    pipeline.process_item(check(a, at(24), "missing"))  # live, then one miss at misses_to_lost 1: newly lost
    pipeline.close_spider()
    assert counters(crawler) == {"checked": 3, "status/live": 1, "status/lost": 2, "comments_live": 1,
                                 "newly_lost": 1}


def test_closing_records_the_run_and_lets_go_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    (a,) = store(path, 1)
    crawler = crawler_for(path)
    pipeline = CheckPipeline.from_crawler(crawler)
    pipeline.open_spider()
    db = open_db(path)
    (row,) = db.query("select id, kind, finished, finish_reason, stats from crawls")
    assert (row["kind"], row["finished"], row["finish_reason"], row["stats"]) == ("backlinks", None, None, None)
    pipeline.process_item(check(a, at(0), "live"))
    pipeline.close_spider()
    # Scrapy calls it when the spider closes (called here directly: only the receivers are looked up)
    closing = list(liveReceivers(getAllReceivers(crawler.signals.sender, signals.spider_closed)))
    assert pipeline.spider_closed in closing
    pipeline.spider_closed(None, "shutdown")
    (done,) = db.query("select id, kind, finished, finish_reason, stats from crawls")
    assert (done["id"], done["kind"], done["finish_reason"]) == (row["id"], "backlinks", "shutdown")
    assert done["finished"] is not None
    kept = json.loads(done["stats"])
    assert (kept["linktrail/backlinks/checked"], kept["linktrail/backlinks/status/live"]) == (1, 1)
    assert pipeline.db is None
    pipeline.spider_closed(None, "finished")  # a second close finds nothing open: the row stays as it was
    assert next(db.query("select finish_reason from crawls"))["finish_reason"] == "shutdown"


def test_a_pipeline_without_a_crawler_stores_checks_and_records_no_finish(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    (a,) = store(path, 1)
    pipeline = CheckPipeline(str(path), misses_to_lost=1, batch_size=1)
    pipeline.open_spider()
    pipeline.process_item(check(a, at(0), "live"))
    pipeline.process_item(check(a, at(24), "missing"))
    pipeline.spider_closed(None, "finished")
    assert stored(path) == [(a, "live", 1), (a, "lost", 0)]
    db = open_db(path)
    assert [(r["kind"], r["finished"], r["finish_reason"]) for r in db.query("select * from crawls")] == [
        ("backlinks", None, None)]


def test_checks_before_the_store_opens_wait_for_it(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    (a,) = store(path, 1)
    pipeline = CheckPipeline(str(path), batch_size=1)
    pipeline.process_item(check(a, at(0), "live"))  # no store yet: kept, not lost
    pipeline.open_spider()
    pipeline.close_spider()
    assert stored(path) == [(a, "live", 1)]


def test_waiting_count_counts_sources_that_asked_to_wait_past_now(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    ids = store(path, 5)
    db: sqlite_utils.Database = open_db(path)
    for bid, not_before in zip(ids, [None, at(-1), at(0), at(1), at(1000000)], strict=True):
        db.execute("update backlinks set not_before = ? where id = ?", [not_before, bid])
    # strictly after now: the one due this very microsecond is not waiting
    assert waiting_count(db, T0) == 2
    assert waiting_count(db, T0 - timedelta(hours=2)) == 4
    assert waiting_count(db, T0 + timedelta(hours=1)) == 1
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        assert waiting_count(db) == 2  # without a time: now


def test_a_pipeline_built_by_hand_batches_two_hundred_and_loses_a_link_at_the_second_miss(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    ids = store(path, 200)
    pipeline = CheckPipeline(str(path))
    pipeline.open_spider()
    for hours, status in ((0, "live"), (24, "missing"), (48, "missing")):
        pipeline.process_item(check(ids[0], at(hours), status))
        pipeline.close_spider()  # one check per batch: each sees the one before
    assert stored(path) == [(ids[0], "live", 1), (ids[0], "missing", 0), (ids[0], "lost", 0)]
    for bid in ids[:199]:
        pipeline.process_item(check(bid, at(72), "live"))
    assert len(stored(path)) == 3
    pipeline.process_item(check(ids[199], at(72), "live"))
    assert len(stored(path)) == 203


def test_settings_without_a_misses_count_lose_a_link_at_the_second_miss(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    (a,) = store(path, 1)
    pipeline = CheckPipeline.from_crawler(crawler_for(path, LINKTRAIL_STORE_BATCH=1))
    pipeline.open_spider()
    for hours, status in ((0, "live"), (24, "missing"), (48, "missing")):
        pipeline.process_item(check(a, at(hours), status))
    assert stored(path) == [(a, "live", 1), (a, "missing", 0), (a, "lost", 0)]


def test_a_lost_link_stays_lost_however_many_misses_the_rule_asks(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    save_backlinks(db, [validate("https://s.example/post", "me.example")])
    db.execute("update backlinks set status = 'lost', misses = 2, last_live = ? where id = 1", [at(-48)])
    assert [(t.old, t.new) for t in record_checks(db, [check(1, at(0), "missing")], misses_to_lost=5)] == [
        ("lost", "lost")]
    row = db.table("backlinks").get(1)
    assert (row["status"], row["misses"]) == ("lost", 3)


def test_a_vanished_backlink_is_named_in_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = open_db(tmp_path / "lt.db")
    with caplog.at_level(logging.WARNING, logger="pipelines.backlinks"):
        assert record_checks(db, [check(7, at(0), "live")]) == []
    assert [r.getMessage() for r in caplog.records] == ["backlink #7 vanished during the check; result dropped"]


def test_targets_are_stored_canonical_or_as_a_lower_case_domain() -> None:
    url = validate("https://a.example/x", "https://Me.Example/Path/?utm_source=x&b=1")
    assert url.target_url == "https://me.example/Path/?b=1"
    assert validate("https://a.example/x", "Shop.BOX/").target_url == "shop.box"
    assert validate("https://a.example/x", "me.example", origin="").origin == "import"


def test_due_backlinks_by_default_are_those_checked_twenty_hours_ago_or_more(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    save_backlinks(db, [validate(f"https://s{i}.example/post", "me.example") for i in range(3)])
    for bid, hours in ((1, -20.5), (2, -19.5), (3, -21.5)):
        db.execute("update backlinks set last_checked = ?, status = 'live' where id = ?", [at(hours), bid])
    assert [r["id"] for r in due_backlinks(db, now=T0)] == [3, 1]


def outreach_rows(db: sqlite_utils.Database, rows: list[tuple[str, str]]) -> None:
    db.table("outreach").insert_all([{"url": url, "domain": "blog.example", "kind": "comment", "status": status,
                                      "date": "2026-11-20"} for url, status in rows])


def test_the_first_done_comment_on_a_page_is_the_one_watched(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    outreach_rows(db, [("https://blog.example/p", "live"), ("https://blog.example/p", "done"),
                       ("https://blog.example/p", "done")])
    assert sync_outreach(db, "https://my-site.example/") == 1
    assert [r["outreach_id"] for r in db.query("select outreach_id from backlinks")] == [2]


def test_no_comment_done_syncs_nothing(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    outreach_rows(db, [("https://blog.example/p", "planned")])
    assert sync_outreach(db, "https://my-site.example/") == 0
    assert db["backlinks"].count == 0


def test_a_comment_page_that_cannot_be_checked_is_named_in_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    db = open_db(tmp_path / "lt.db")
    outreach_rows(db, [("ftp://blog.example/p", "done"), ("https://blog.example/q", "done")])
    with caplog.at_level(logging.WARNING, logger="pipelines.backlinks"):
        assert sync_outreach(db, "https://my-site.example/") == 1
    assert [r.getMessage() for r in caplog.records] == [
        "outreach #1: cannot check ftp://blog.example/p: source 'ftp://blog.example/p' is not an http(s) URL"]
