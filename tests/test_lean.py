"""crawler/lean.py: Scrapy's stats collector and log formatter, minus their per-call costs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.logformatter import CRAWLEDMSG
from scrapy.utils.test import get_crawler

from crawler.config import Config
from crawler.lean import LogFormatter, StatsCollector
from crawler.runner import scrapy_settings


def test_stats_collector_counts_as_scrapys_does() -> None:
    stats = StatsCollector(get_crawler())
    stats.inc_value("pages")
    stats.inc_value("pages", 2, spider=None)
    stats.max_value("peak", 3)
    stats.max_value("peak", 1)
    stats.min_value("low", 5)
    stats.min_value("low", 2)
    stats.set_value("reason", "finished")
    assert stats.get_stats() == {"pages": 3, "peak": 3, "low": 2, "reason": "finished"}
    assert stats.get_value("missing", 7) == 7


def test_the_crawl_settings_use_them() -> None:
    settings = scrapy_settings(Config(), db="x.db")
    assert settings["STATS_CLASS"] == "crawler.lean.StatsCollector"
    assert settings["LOG_FORMATTER"] == "crawler.lean.LogFormatter"


@pytest.fixture
def engine_level() -> Iterator[logging.Logger]:
    loggers = [logging.getLogger("scrapy.core.engine"), logging.getLogger("scrapy.core.scraper")]
    levels = [lg.level for lg in loggers]
    yield loggers[0]
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


def test_crawled_and_scraped_lines_are_built_only_when_debug_is_on(engine_level: logging.Logger) -> None:
    formatter = LogFormatter()
    spider = Spider("t")
    request = Request("http://127.0.0.1/page/")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    for name in ("scrapy.core.engine", "scrapy.core.scraper"):
        logging.getLogger(name).setLevel(logging.WARNING)
    assert formatter.crawled(request, response, spider) is None
    assert formatter.scraped({"a": 1}, response, spider) is None
    for name in ("scrapy.core.engine", "scrapy.core.scraper"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    crawled = formatter.crawled(request, response, spider)
    assert crawled is not None and crawled["msg"] == CRAWLEDMSG and crawled["args"]["status"] == 200
    scraped = formatter.scraped({"a": 1}, response, spider)
    assert scraped is not None and scraped["level"] == logging.DEBUG
