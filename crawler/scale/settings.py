"""Switch a crawl's Scrapy settings to the shared Redis scheduler, politeness and item list."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import Settings


def apply_redis_settings(settings: Settings, url: str) -> None:
    """Switch a crawl's Scrapy settings to the shared Redis scheduler, politeness and item list."""
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines = {k: v for k, v in pipelines.items() if not k.endswith("store.StorePipeline")}
    pipelines["pipelines.redisqueue.RedisQueuePipeline"] = 900
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    # Each site's robots.txt read by one worker, the answer shared (crawler/scale/robots.py).
    middlewares["crawler.downloadermiddlewares.robotstxt.LinktrailRobotsTxtMiddleware"] = None
    middlewares["crawler.scale.robots.SharedRobotsTxtMiddleware"] = 100
    settings.setdict({
        "LINKTRAIL_REDIS_URL": url,
        "LINKTRAIL_JOBDIR": None,  # the crawl's state lives in Redis, not in a per-process journal
        "SCHEDULER": "crawler.scale.scheduler.RedisScheduler",
        "ITEM_PIPELINES": pipelines,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        # The per-site delay is a turn booked in Redis as each request starts (crawler/scale/politeness.py).
        "DOWNLOADER": "crawler.scale.politeness.SharedRateDownloader",
        # LINKTRAIL_TURN_LOG=1: Redis keeps when each request went out, by Redis' clock (tests, bench_workers.py).
        "LINKTRAIL_REDIS_TURN_LOG": os.environ.get("LINKTRAIL_TURN_LOG") == "1",
    }, priority="cmdline")
