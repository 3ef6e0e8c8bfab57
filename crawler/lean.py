"""Scrapy's stats collector and log formatter without their per-call costs on the crawl's hot path.

Both stand in for Scrapy's own (``STATS_CLASS``, ``LOG_FORMATTER`` in crawler/settings.py) and
behave the same; each is measured in benchmarks/bench_crawl.py's figures.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter as ScrapyLogFormatter
from scrapy.statscollectors import MemoryStatsCollector

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.logformatter import LogFormatterResult
    from twisted.python.failure import Failure


class StatsCollector(MemoryStatsCollector):
    """Scrapy's MemoryStatsCollector, minus the hook that wraps every attribute look-up.

    Scrapy 2.13+ routes each attribute of its stats collector through a ``__getattribute__`` that
    looks for a cached warning wrapper first (to warn about the deprecated ``spider`` argument):
    ~2 us for every ``inc_value``, of which a crawl makes some twenty a page (downloader, scheduler,
    items, ours). Plain attribute look-up takes 0.1 us. Passing ``spider=`` still works; it is only
    not warned about.
    """

    __getattribute__ = object.__getattribute__


_ENGINE_LOG = logging.getLogger("scrapy.core.engine")
_SCRAPER_LOG = logging.getLogger("scrapy.core.scraper")


def writes_debug(logger: logging.Logger) -> bool:
    """Would a DEBUG record of `logger` be written anywhere? Its level, and the levels of the handlers
    it reaches (Scrapy sets its loggers to DEBUG and lets the handlers filter)."""
    if not logger.isEnabledFor(logging.DEBUG):
        return False
    node: logging.Logger | None = logger
    found = False
    while node is not None:
        for handler in node.handlers:
            found = True
            if handler.level <= logging.DEBUG:
                return True
        if not node.propagate:
            break
        node = node.parent
    # No handler anywhere: logging's last resort writes WARNING and above only.
    return not found and logging.lastResort is not None and logging.lastResort.level <= logging.DEBUG


class LogFormatter(ScrapyLogFormatter):
    """Scrapy's messages, but "Crawled (200) ..." and "Scraped from ..." are only built when their
    DEBUG lines would be written (`linktrail -vv`): the engine logs what this returns, and None
    means no line."""

    def crawled(self, request: Request, response: Response, spider: Spider) -> LogFormatterResult:
        if not writes_debug(_ENGINE_LOG):
            return None  # type: ignore[return-value]
        return super().crawled(request, response, spider)

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        if not writes_debug(_SCRAPER_LOG):
            return None  # type: ignore[return-value]
        return super().scraped(item, response, spider)
