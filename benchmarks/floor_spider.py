"""The floor under any crawler that reads its pages with Scrapy: Scrapy's own cost per page, and lxml's parse.

Run: scrapy runspider benchmarks/floor_spider.py -a seeds=SEEDS_FILE [-a parse=1] [-a stats=STATS.json] -s ...
(benchmarks/bench_crawl.py --mode command --floor runs it so, beside the bare spider and linktrail).

It follows the same links as the bare spider (the ``<a href>`` of each page, http and https, no
fragments), but finds them with one regular expression over the raw bytes instead of Scrapy's
LinkExtractor, and makes a Request only for a URL it has not seen (one set lookup a link, as
linktrail's frontier does, instead of a Request and a fingerprint for every link of every page), so
what it costs a page is about all Scrapy's own: download, middlewares, scheduler, engine. It runs
with the cuts linktrail makes to Scrapy's machinery (crawler/settings.py: no duplicate filter, lean
stats and log formatter, no generator-return check, the spider and downloader middlewares linktrail
drops, its garbage collector threshold) but none of linktrail's own components; robots.txt is
obeyed with Scrapy's middleware. With ``parse=1`` it also parses every page with lxml, which any
crawler that judges a page's HTML must do at least once. What linktrail spends beyond this floor is
what its own middlewares, analysis, scoring and storage cost.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
import scrapy
from bare_spider import LOOPBACK_GUARD, BareSpider
from scrapy.http import Response

from crawler import settings as linktrail_settings
from crawler.runner import GC_THRESHOLD

ROBOTS = "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"
# Only the cuts: what linktrail switches off or swaps for a leaner class, not its own components.
CUTS = {
    "DUPEFILTER_CLASS": linktrail_settings.DUPEFILTER_CLASS,  # the spider drops what it has seen itself
    "STATS_CLASS": linktrail_settings.STATS_CLASS,
    "LOG_FORMATTER": linktrail_settings.LOG_FORMATTER,
    "WARN_ON_GENERATOR_RETURN_VALUE": False,
    "SPIDER_MIDDLEWARES": {k: v for k, v in linktrail_settings.SPIDER_MIDDLEWARES.items() if v is None},
    "DOWNLOADER_MIDDLEWARES": {**{k: v for k, v in linktrail_settings.DOWNLOADER_MIDDLEWARES.items()
                                  if v is None and k != ROBOTS}, **LOOPBACK_GUARD["DOWNLOADER_MIDDLEWARES"]},
}

A_HREF = re.compile(rb"""<a\s[^>]*?href\s*=\s*["']?([^"'#\s>]+)""", re.IGNORECASE)


class FloorSpider(BareSpider):
    """Scrapy's machinery, one regular expression for the links, and (``parse=1``) lxml's parse of each page."""

    name = "floor"
    custom_settings = {**LOOPBACK_GUARD, **CUTS}

    def __init__(self, parse: str = "0", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parse_html = parse == "1"
        self.seen: set[str] = set()
        gc.set_threshold(*GC_THRESHOLD)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        if self.parse_html:
            lxml.html.document_fromstring(response.text)
        seen = self.seen
        for m in A_HREF.finditer(response.body):
            url = response.urljoin(m.group(1).decode("utf-8", "replace"))
            if url not in seen and url.startswith(("http://", "https://")):
                seen.add(url)
                yield scrapy.Request(url)
