"""RedisQueuePipeline: crawl workers push their items to a Redis list; `linktrail ingest` stores them.

A message is one JSON object. Version 2 (what workers send): ``{"v": 2, "type": "page", "row": {...},
"links": [[...], ...], "site_name": ...}`` for a PageItem: its pages row as the store's PageWriter builds it
(`page_row`, every column in PAGE_COLUMNS' order), its links rows (`link_rows`, without the page's URL and fetch
time, which the row holds) and the name its site gives itself, so the ingest only writes them (issue 23: decoding
each page back into a PageItem, its facts into frozen dataclasses, and dumping them again was most of the
ingest's CPU, beside workers that need every core), and, since a later linktrail, ``"terms"``: the page's terms as
the worker scored it (`sent_terms`, one space-joined string), which the ingest hands to its settle instead of
tokenizing the page again (`keep_terms`; a message without them, from an earlier worker, is stored all the same);
``{"v": 2, "type": "touch", "item": {...}}`` for a
TouchItem (a 304), and ``{"v": 2, "type": "crawl", ...}`` once per worker run, with its stats, for the crawls
table. Version 1's page message, ``{"v": 1, "type": "page", "item": {...}}`` (the PageItem's fields, its facts as
the store keeps them), is still read (`page_from_message`), so an ingest after an upgrade stores what older
workers left.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import TYPE_CHECKING, Any

import orjson

from crawler.clock import utcnow
from crawler.items import PageItem, TouchItem
from crawler.niche import TermsMemo, sent_terms
from crawler.scale.connection import REDIS_ERRORS, ROUND_TRIPS, Keys, server_for
from crawler.scale.sender import ListSender
from pipelines.store import (
    PAGE_COLUMNS,
    compact_json,
    facts_from_plain,
    link_values,
    page_row,
    plain_stats,
    stored_facts,
)

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler


logger = logging.getLogger(__name__)

VERSION = 2
# The versions `linktrail ingest` reads (1: a page as its PageItem's fields, see above).
READABLE = (1, 2)
# A worker run's record: its type, and how that reads in the record's JSON (compact_json, right after the version),
# for the ingest to see a run ended in a batch without decoding it (pipelines/ingest.py).
RUN_TYPE = "crawl"
RUN_RECORD = compact_json({"type": RUN_TYPE})[1:-1].encode()


def page_message(item: PageItem) -> str:
    """A PageItem as one JSON message: the rows the store writes for it (`page_row`, `link_rows`), ready-made.

    The rows are built from the page's `stored_facts` (the same rows), made once: the page's other links, most of
    them, are looked at once, not once per row, and the item is not copied to hold them (issue 23).
    """
    stored = stored_facts(item.facts)
    message = {"v": VERSION, "type": "page", "row": page_row(item, stored), "links": link_values(stored),
               "site_name": item.facts.post.site_name or None}
    terms = sent_terms(item.facts.post.text)  # scored a moment ago: `page_terms` has them cached
    if terms is not None:
        message["terms"] = terms
    return compact_json(message)


def decode(data: bytes | str) -> dict[str, Any]:
    """A message as the JSON object it is (orjson; what it refuses, such as a lone surrogate's escape, through the
    json module). ValueError: not one.

    orjson 3.13 reads an integer past 64 bits as a float, without an error, where the json module keeps it exact; a
    page message holds none (its numbers are counts, statuses, depths and scores), so none is read inexactly.
    """
    try:
        message = orjson.loads(data)
    except orjson.JSONDecodeError:
        message = json.loads(data)
    if not isinstance(message, dict):
        raise ValueError("not a JSON object")
    if message.get("v") not in READABLE:
        raise ValueError(f"message version {message.get('v')!r}, this linktrail reads versions "
                         f"{', '.join(map(str, READABLE))}: workers and ingest of different linktrail versions?")
    return message


def page_rows(message: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[Any, ...]], str | None]:
    """A version 2 page message's pages row, links rows and site name, as PageWriter.add_rows takes them.

    ValueError: the row's columns are not this linktrail's (a worker of another version).
    """
    row = message["row"]
    if not isinstance(row, dict) or tuple(row) != PAGE_COLUMNS:
        raise ValueError("a pages row of other columns than this linktrail's: workers and ingest of different "
                         "linktrail versions?")
    url, fetched_at = row["url"], row["fetched_at"]
    try:  # unpacking checks each link's length (a check of its own cost as much again)
        links = [(url, to_url, to_site, anchor, rel, kind, fetched_at)
                 for to_url, to_site, anchor, rel, kind in message["links"]]
    except ValueError:
        raise ValueError("a links row of other columns than this linktrail's") from None
    return row, links, message.get("site_name")


def keep_terms(memo: TermsMemo, url: str, message: dict[str, Any]) -> None:
    """Keep the page's terms a version 2 page message carries (``"terms"``: `sent_terms`, since issue 23; a message
    without them, or with them not in that form, is stored all the same: the settle tokenizes its page)."""
    sent = message.get("terms")
    if type(sent) is list and len(sent) == 3:
        length, check, joined = sent
        if type(length) is int and type(check) is int and type(joined) is str:
            memo.keep_sent(url, length, check, joined)


def touch_message(item: TouchItem) -> str:
    """A TouchItem (a 304 Not Modified) as one JSON message."""
    return compact_json({"v": VERSION, "type": "touch", "item": item})


def crawl_message(worker: str, started: str, reason: str, stats: dict[str, Any]) -> str:
    """One worker run (its stats) as one JSON message."""
    return compact_json({"v": VERSION, "type": RUN_TYPE, "kind": "discover", "worker": worker,
                         "started": started, "finished": utcnow(), "finish_reason": reason,
                         "stats": plain_stats(stats)})


def page_from_message(data: dict[str, Any]) -> PageItem:
    """Rebuild a PageItem (and its frozen PageFacts) from a version 1 page message's ``item``."""
    fields = {f.name for f in dataclasses.fields(PageItem)}
    values = {k: v for k, v in data.items() if k in fields}
    values["facts"] = facts_from_plain(data.get("facts") or {}, data["url"])
    return PageItem(**values)


class RedisQueuePipeline:
    """Push each PageItem to the crawl's Redis list (the last pipeline, instead of the store), from a thread of its
    own (crawler/scale/sender.py): the worker's event loop goes on while a push is out."""

    def __init__(self, server: redis.Redis, keys: Keys, crawler: Crawler | None = None) -> None:
        self.server = server
        self.keys = keys
        self.crawler = crawler
        self.started = utcnow()
        self.items_lost = 0
        self.sender = ListSender(server, keys.items, sent=self._sent, lost=self._lost)

    @property
    def lost(self) -> bool:
        return self.sender.failure is not None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisQueuePipeline:
        from scrapy import signals  # heavy: Scrapy; `linktrail ingest` reads this module without it

        server, keys = server_for(crawler.settings)
        pipeline = cls(server, keys, crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def _stat(self, key: str, n: int = 1) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"linktrail/{key}", n)

    def _sent(self, tags: list[tuple[str, str]]) -> None:
        """In the sender's thread: these pages are queued for `linktrail ingest`."""
        pages = sum(kind == "page" for kind, _url in tags)
        if pages:
            self._stat("pages_queued", pages)
        if len(tags) > pages:
            self._stat("pages_touched", len(tags) - pages)

    def _lost(self, tags: list[tuple[str, str]], exc: Exception) -> None:
        """In the sender's thread: these pages could not be queued (the scheduler stops the worker; a later crawl
        fetches them again)."""
        if not self.items_lost:
            logger.error("cannot queue %s: Redis lost (%s)", tags[0][1] if len(tags) == 1 else
                         f"{len(tags)} pages ({tags[0][1]} first)", exc)
        self.items_lost += len(tags)
        self._stat("redis/items_lost", len(tags))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, (PageItem, TouchItem)) and not self.lost:
            if isinstance(item, PageItem):
                self.sender.send(page_message(item), ("page", item.url))
            else:
                self.sender.send(touch_message(item), ("touch", item.url))
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Push what is still waiting, then this worker's run for the crawls table (when Redis is still there)."""
        self.sender.close()
        if self.lost or self.crawler is None or self.crawler.stats is None:
            return
        self.crawler.stats.set_value("linktrail/redis/round_trips", ROUND_TRIPS[0])
        stats = self.crawler.stats.get_stats()
        worker = str(stats.get("linktrail/worker", ""))
        try:
            self.server.rpush(self.keys.items, crawl_message(worker, self.started, reason, stats))
        except REDIS_ERRORS as exc:
            logger.error("cannot queue this worker's run record: Redis lost (%s)", exc)
