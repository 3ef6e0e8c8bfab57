"""StorePipeline: the Scrapy item pipeline that hands each page to the PageWriter and records the run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlite_utils
from scrapy import signals
from twisted.internet import task

from crawler.items import PageItem, TouchItem
from pipelines.store.connection import close_db, open_db
from pipelines.store.writer import PageWriter, finish_crawl, plain_stats, start_crawl

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class StorePipeline:
    """Store pages, sites and links in SQLite, in batches, through one connection on the reactor thread."""

    def __init__(self, db_path: str, batch_size: int = 200, crawler: Crawler | None = None) -> None:
        self.db_path = db_path
        self.batch_size = batch_size
        self.crawler = crawler
        self.db: sqlite_utils.Database | None = None
        self.writer: PageWriter | None = None
        self.crawl_id: int | None = None
        self._timer: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        pipeline = cls(s.get("LINKTRAIL_DB"), s.getint("LINKTRAIL_STORE_BATCH", 200), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.db = open_db(self.db_path)
        self.writer = PageWriter(self.db, self.batch_size)
        if self.crawler is not None:  # a crash (or SIGKILL) loses at most about this many seconds of pages
            self.writer.flush_seconds = self.crawler.settings.getfloat("LINKTRAIL_STORE_FLUSH_SECONDS", 0) or None
            if self.writer.flush_seconds:  # also when no page comes (every site slow): the bound is in time
                self._timer = task.LoopingCall(self.writer.flush_due)
                self._timer.start(self.writer.flush_seconds / 4, now=False)
        kind = self.crawler.spider.name if self.crawler and self.crawler.spider else "crawl"
        self.crawl_id = start_crawl(self.db, kind)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem) and self.writer is not None:
            self.writer.add(item)
            if self.crawler and self.crawler.stats:
                self.crawler.stats.inc_value("linktrail/pages_stored")
        elif isinstance(item, TouchItem) and self.writer is not None:
            self.writer.touch(item.url, item.fetched_at, item.etag, item.last_modified)
            if self.crawler and self.crawler.stats:
                self.crawler.stats.inc_value("linktrail/pages_touched")
        return item

    def close_spider(self) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        if self.writer is not None:
            self.writer.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run in the crawls table (after the pipelines closed), then let go of the file."""
        if self.db is None:
            return
        if self.crawl_id is not None and self.crawler and self.crawler.stats:
            finish_crawl(self.db, self.crawl_id, reason, plain_stats(self.crawler.stats.get_stats()))
        close_db(self.db)
        self.db = None
