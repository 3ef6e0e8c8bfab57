"""Scrapy settings of the linktrail project: polite defaults; the CLI overlays linktrail.toml."""

from __future__ import annotations

from crawler import __version__

BOT_NAME = "linktrail"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# An honest user agent with a contact URL; the CLI puts the config's contact URL here.
USER_AGENT = f"linktrail/{__version__} (+https://github.com/linktrail/linktrail)"
ROBOTSTXT_OBEY = True

# One request at a time per site, with a delay; AutoThrottle backs off slow sites.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
DEPTH_PRIORITY = 0  # priorities come from the spider's best-first scores

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.LoopbackOnlyMiddleware": 50,
    "crawler.middlewares.SiteSlotMiddleware": 60,
}

ITEM_PIPELINES = {
    "pipelines.relevance.RelevancePipeline": 300,
    "pipelines.opportunity.OpportunityPipeline": 400,
    "pipelines.store.StorePipeline": 900,
}

LOG_LEVEL = "INFO"

# linktrail's own settings (the CLI fills them from linktrail.toml).
LINKTRAIL_DB = "linktrail.db"
LINKTRAIL_CONFIG = None  # path of linktrail.toml, None for built-in defaults
LINKTRAIL_SEEDS: list[str] = []
LINKTRAIL_MAX_PAGES = 2000
LINKTRAIL_MAX_PAGES_PER_SITE = 40
LINKTRAIL_MAX_DEPTH = 4
LINKTRAIL_MAX_NEW_SITES = 500
LINKTRAIL_LOOPBACK_ONLY = False
LINKTRAIL_STORE_BATCH = 200
