"""Scrapy settings of the linktrail project: polite defaults; the CLI overlays linktrail.toml."""

from __future__ import annotations

from scrapy.settings import default_settings as _scrapy

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
# DOWNLOAD_DELAY is a minimum, as the README says: no random jitter (Scrapy's default makes it a mean, ±50%).
DOWNLOAD_DELAY_JITTER = 0.0
# ...counted from the end of a site's last download, so the site sees it too (crawler/pacing.py).
DOWNLOADER = "crawler.pacing.PacedDownloader"
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the spider's errback says it, in one line
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
# How many outputs of one callback Scrapy processes at once. A discover callback yields one item
# and a few requests, and the pipelines are synchronous; Scrapy's default (100) starts 100 asyncio
# tasks per response regardless, ~1 ms of CPU per page (benchmarks/bench_crawl.py).
CONCURRENT_ITEMS = 1
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control: an HTTP server on loopback in every crawl that runs any Python code sent to it
# (a token guards it, written with the port to a job file in the user's state directory). linktrail needs none, a
# nightly crawl should not leave a door open nor files behind, and aiohttp's import costs ~0.2 s at each start.
REMOTE_CONTROL_ENABLED = False
DEPTH_PRIORITY = 0  # priorities come from the spider's best-first scores
# The frontier (crawler/frontier.py) is the duplicate filter: it checks a seen-set before any
# Request is built, and hands Scrapy only a few requests per site at a time.
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"

# Stats and log lines without Scrapy's per-call overhead (crawler/lean.py): the same stats, the same
# lines at the same levels.
STATS_CLASS = "crawler.lean.StatsCollector"
LOG_FORMATTER = "crawler.lean.LogFormatter"

# Scrapy checks every callback for a generator that returns a value, once per response: for a
# bound method its cache never hits, ~0.1 ms a page. A lint for spider authors; our callbacks are
# tested.
WARN_ON_GENERATOR_RETURN_VALUE = False

# Each spider middleware wraps every output of every callback. linktrail does these jobs itself:
# the frontier refuses over-long URLs (URLLENGTH_LIMIT) and caps depth per site, and our requests
# are built fresh, never copied from response.meta. (RefererMiddleware stays: the redirect
# middlewares ask it what Referer a redirected request keeps; the spider sets the first one.)
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
    "crawler.spidermiddlewares.referer.RefererMiddleware": 700,
}

# Components linktrail never runs, left out of Scrapy's base lists rather than listed as None: Scrapy 2.19
# imports every component it names, even one switched off or set to None, at each start (the remote control's
# aiohttp alone ~0.2 s of CPU). The spider middlewares above; no proxies (an honest crawler from the user's own
# address), no HTTP auth, no allowed_domains: these three would only look at each request and pass it on; cookies
# and the HTTP cache (COOKIES_ENABLED False, no HTTPCACHE_ENABLED); no telnet, no remote control, no memory debugger.
_never = (
    "scrapy.spidermiddlewares.urllength.", "scrapy.spidermiddlewares.depth.", "scrapy.spidermiddlewares.metacopy.",
    "scrapy.downloadermiddlewares.httpproxy.", "scrapy.downloadermiddlewares.httpauth.",
    "scrapy.downloadermiddlewares.offsite.", "scrapy.downloadermiddlewares.cookies.",
    "scrapy.downloadermiddlewares.httpcache.", "scrapy.extensions.telnet.", "scrapy.extensions.remote_control.",
    "scrapy.extensions.memdebug.",
)
SPIDER_MIDDLEWARES_BASE = {k: v for k, v in _scrapy.SPIDER_MIDDLEWARES_BASE.items() if not k.startswith(_never)}
DOWNLOADER_MIDDLEWARES_BASE = {k: v for k, v in _scrapy.DOWNLOADER_MIDDLEWARES_BASE.items() if not k.startswith(_never)}
EXTENSIONS_BASE = {k: v for k, v in _scrapy.EXTENSIONS_BASE.items() if not k.startswith(_never)}

DOWNLOADER_MIDDLEWARES = {
    "crawler.downloadermiddlewares.loopback.LoopbackOnlyMiddleware": 50,
    "crawler.downloadermiddlewares.siteslot.SiteSlotMiddleware": 60,
    # Before robots.txt on requests; after retries on failures (so it counts final outcomes).
    "crawler.downloadermiddlewares.sitebreaker.SiteBreakerMiddleware": 70,
    "crawler.downloadermiddlewares.contenttype.ContentTypeMiddleware": 80,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.downloadermiddlewares.robotstxt.LinktrailRobotsTxtMiddleware": 100,
    # Sees 429/503 before RetryMiddleware (550) does.
    "crawler.downloadermiddlewares.retryafter.RetryAfterMiddleware": 560,
    # Scrapy's meta refresh handling, minus decoding every page to find none.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.downloadermiddlewares.metarefresh.MetaRefreshMiddleware": 580,
}

EXTENSIONS = {
    "crawler.progress.ProgressExtension": 500,
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
LINKTRAIL_STORE_FLUSH_SECONDS = 0.5  # a SIGKILL costs about this many seconds of fetched pages (bench_kill.py)
LINKTRAIL_RECHECK_DAYS = 7  # opportunity pages are fetched again after this many days
LINKTRAIL_REVISIT_DAYS = 30  # other pages after this many
LINKTRAIL_JOBDIR = None  # the frontier's journal, for resuming; the CLI sets <db>.job
LINKTRAIL_OFF_NICHE_PAGES = 1  # pages a run for a site read as off-niche (1, its home page only; 0: no cap, it sinks)
LINKTRAIL_MAX_POST_AGE_DAYS = 0  # feed/sitemap posts dated older wait below all else (the CLI: the plan's; 0: no gate)
LINKTRAIL_MAX_FEEDS_PER_SITE = 2  # feeds read per site and run (outside the page budget)
LINKTRAIL_MAX_SITEMAPS_PER_SITE = 3  # sitemaps per site and run, robots.txt's Sitemap: lines included
LINKTRAIL_PROBE = True  # probe /write-for-us/ and /contact/ on relevant sites
LINKTRAIL_CARRY_OVER = 500  # links of earlier runs to never-crawled sites, admitted again
LINKTRAIL_RETRY_AFTER_MAX = 600.0  # seconds; a longer Retry-After gives up on the page
LINKTRAIL_BREAKER_ERRORS = 5  # failed requests in a row that stop a site (0: never)
LINKTRAIL_PROGRESS = "auto"  # auto (rich on a terminal, log lines otherwise) / rich / log / off
LINKTRAIL_ANALYSIS_TIMINGS = False  # keep each page's analysis CPU time; p50/p95/p99/max in the stats
LINKTRAIL_PROGRESS_INTERVAL = 30.0  # seconds between two plain progress lines
LINKTRAIL_NICHE_LEARN = True  # learn niche terms from the seed sites' pages (pipelines/relevance.py)
LINKTRAIL_YOU_SITE = ""  # the user's own site: its pages teach the niche too
LINKTRAIL_WEIGHTS: dict[str, float] = {}  # opportunity rule -> points, over pipelines/opportunity.py WEIGHTS
