"""crawler/lean.py: Scrapy's stats collector and log formatter, minus their per-call costs."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.logformatter import CRAWLEDMSG
from scrapy.utils.test import get_crawler

from crawler import lean
from crawler.config import Config
from crawler.lean import LogFormatter, StatsCollector, writes_debug
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


def test_crawled_and_scraped_lines_are_built_only_when_debug_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # Loggers like Scrapy's at DEBUG (as Scrapy sets them) under a parent with one handler at WARNING
    # (as `linktrail` installs on the root): a tree of their own, set up here, after pytest has added
    # its capture handlers (which take every level).
    top = logging.getLogger("lean-test")
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    monkeypatch.setattr(top, "handlers", [handler])
    monkeypatch.setattr(top, "propagate", False)
    for name in ("engine", "scraper"):
        logger = logging.getLogger(f"lean-test.{name}")
        logger.setLevel(logging.DEBUG)
        monkeypatch.setattr(lean, f"_{name.upper()}_LOG", logger)
    formatter = LogFormatter()
    spider = Spider("t")
    request = Request("http://127.0.0.1/page/")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    assert not writes_debug(logging.getLogger("lean-test.engine"))
    assert formatter.crawled(request, response, spider) is None
    assert formatter.scraped({"a": 1}, response, spider) is None
    handler.setLevel(logging.DEBUG)  # linktrail -vv
    crawled = formatter.crawled(request, response, spider)
    assert crawled is not None and crawled["msg"] == CRAWLEDMSG and crawled["args"]["status"] == 200
    scraped = formatter.scraped({"a": 1}, response, spider)
    assert scraped is not None and scraped["level"] == logging.DEBUG


@pytest.mark.parametrize("overrides", [{}, {"LINKTRAIL_REDIS_URL": "redis://127.0.0.1:1/0"}], ids=["one", "worker"])
def test_components_linktrail_never_runs_are_never_named_nor_imported(overrides: dict[str, str]) -> None:
    # Scrapy imports every component its lists name, switched off or not (the remote control's aiohttp ~0.1 s a
    # start, ~0.4 s in each forked worker): those linktrail never runs are out of the base lists, one process and
    # crawl workers alike (a worker's settings are the same, switched to Redis), and every other one is as Scrapy
    # has it.
    import subprocess
    import sys

    from scrapy.settings import default_settings
    from scrapy.utils.conf import build_component_list

    settings = scrapy_settings(Config(), db="x.db", **overrides)
    never = ("urllength", "depth", "metacopy", "httpproxy", "httpauth", "offsite", "cookies", "httpcache", "telnet",
             "remote_control", "memdebug")
    for name in ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES"):
        named = set(settings.getwithbase(name))
        assert not [c for c in named if c.split(".")[2] in never], name
        kept = {c for c in getattr(default_settings, f"{name}_BASE") if c.split(".")[2] not in never}
        assert kept <= named, name
        assert set(build_component_list(settings.getwithbase(name))) >= kept - {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware",  # linktrail's own stand in for these
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware",
            "scrapy.spidermiddlewares.referer.RefererMiddleware"}
    # ... and they would have done nothing: each is switched off in linktrail's settings
    assert not any(settings.getbool(k) for k in ("COOKIES_ENABLED", "HTTPCACHE_ENABLED", "TELNETCONSOLE_ENABLED",
                                                  "REMOTE_CONTROL_ENABLED", "MEMDEBUG_ENABLED"))
    code = ("import sys; from crawler.config import Config; from crawler.runner import scrapy_settings; "
            "from scrapy.utils.conf import build_component_list; from scrapy.utils.misc import load_object; "
            f"s = scrapy_settings(Config(), db='x.db', **{overrides!r}); "
            "[load_object(c) for n in ('EXTENSIONS', 'DOWNLOADER_MIDDLEWARES', 'SPIDER_MIDDLEWARES') "
            "for c in build_component_list(s.getwithbase(n))]; "
            "print(sorted(m for m in sys.modules if m.startswith(('aiohttp', 'scrapy.extensions.telnet', "
            "'scrapy.extensions.remote_control', 'scrapy.downloadermiddlewares.cookies'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
