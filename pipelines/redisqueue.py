"""RedisQueuePipeline: crawl workers push their items to a Redis list; `linktrail ingest` stores them.

A message is one JSON object: ``{"v": 1, "type": "page", "item": {...}}`` for a PageItem
(its fields, written by the store's JSON writer; its frozen PageFacts rebuilt on ingest by the
store's own reader), and
``{"v": 1, "type": "crawl", ...}`` once per worker run, with its stats, for the crawls table.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals

from crawler.clock import utcnow
from crawler.items import PageItem, TouchItem
from crawler.scale.connection import REDIS_ERRORS, ROUND_TRIPS, Keys, server_for
from pipelines.store import compact_json, facts_from_json, plain_stats

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler


logger = logging.getLogger(__name__)

VERSION = 1


def page_message(item: PageItem) -> str:
    """A PageItem as one JSON message."""
    return compact_json({"v": VERSION, "type": "page", "item": item})


def touch_message(item: TouchItem) -> str:
    """A TouchItem (a 304 Not Modified) as one JSON message."""
    return compact_json({"v": VERSION, "type": "touch", "item": item})


def crawl_message(worker: str, started: str, reason: str, stats: dict[str, Any]) -> str:
    """One worker run (its stats) as one JSON message."""
    return compact_json({"v": VERSION, "type": "crawl", "kind": "discover", "worker": worker,
                         "started": started, "finished": utcnow(), "finish_reason": reason,
                         "stats": plain_stats(stats)})


def page_from_message(data: dict[str, Any]) -> PageItem:
    """Rebuild a PageItem (and its frozen PageFacts) from a page message's ``item``."""
    fields = {f.name for f in dataclasses.fields(PageItem)}
    values = {k: v for k, v in data.items() if k in fields}
    values["facts"] = facts_from_json(json.dumps(data.get("facts") or {}), data["url"])
    return PageItem(**values)


class RedisQueuePipeline:
    """Push each PageItem to the crawl's Redis list (the last pipeline, instead of the store)."""

    def __init__(self, server: redis.Redis, keys: Keys, crawler: Crawler | None = None) -> None:
        self.server = server
        self.keys = keys
        self.crawler = crawler
        self.started = utcnow()
        self.lost = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisQueuePipeline:
        server, keys = server_for(crawler.settings)
        pipeline = cls(server, keys, crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def _stat(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"linktrail/{key}")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, (PageItem, TouchItem)) and not self.lost:
            message = page_message(item) if isinstance(item, PageItem) else touch_message(item)
            try:
                self.server.rpush(self.keys.items, message)
            except REDIS_ERRORS as exc:
                # The scheduler stops the worker; this page is fetched again by a later crawl.
                self.lost = True
                self._stat("redis/items_lost")
                logger.error("cannot queue %s: Redis lost (%s)", item.url, exc)
            else:
                self._stat("pages_queued" if isinstance(item, PageItem) else "pages_touched")
        return ItemAdapter(item).item

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Queue this worker's run for the crawls table (when Redis is still there)."""
        if self.lost or self.crawler is None or self.crawler.stats is None:
            return
        self.crawler.stats.set_value("linktrail/redis/round_trips", ROUND_TRIPS[0])
        stats = self.crawler.stats.get_stats()
        worker = str(stats.get("linktrail/worker", ""))
        try:
            self.server.rpush(self.keys.items, crawl_message(worker, self.started, reason, stats))
        except REDIS_ERRORS as exc:
            logger.error("cannot queue this worker's run record: Redis lost (%s)", exc)
