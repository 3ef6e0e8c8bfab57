"""The bare Scrapy spider the crawl benchmark measures linktrail against: follow every link, nothing else.

Run: scrapy runspider benchmarks/bare_spider.py -a seeds=SEEDS_FILE [-a stats=STATS.json] -s ...
(benchmarks/bench_crawl.py --mode command runs it so, with linktrail's politeness settings).
Scrapy's LinkExtractor finds the links and its duplicate filter drops what was seen; linktrail's
loopback guard keeps every request on 127.0.0.0/8. With ``stats`` the crawl's stats are written
there as JSON when the spider closes.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor

# Bare Scrapy gets linktrail's loopback guard too: nothing in these runs may leave 127.0.0.0/8.
LOOPBACK_GUARD = {"DOWNLOADER_MIDDLEWARES": {"crawler.downloadermiddlewares.loopback.LoopbackOnlyMiddleware": 50},
                  "LINKTRAIL_LOOPBACK_ONLY": True}


class BareSpider(scrapy.Spider):
    """Every page's links, as requests."""

    name = "bare"
    custom_settings = LOOPBACK_GUARD
    extractor = LinkExtractor()

    def __init__(self, seeds: str | list[str] = "", stats: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seed_urls = seeds if isinstance(seeds, list) else Path(seeds).read_text().split()
        self.stats_file = stats

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.seed_urls:
            yield scrapy.Request(url)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for link in self.extractor.extract_links(response):
            yield scrapy.Request(link.url)

    def closed(self, reason: str) -> None:
        if self.stats_file and self.crawler.stats is not None:
            stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
            Path(self.stats_file).write_text(json.dumps(stats, default=str))
