"""Run a crawl in this process: linktrail.toml -> Scrapy settings -> one CrawlerProcess."""

from __future__ import annotations

import ctypes
import gc
import importlib
import inspect
import logging
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType, ModuleType
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object, walk_modules_iter

from crawler import __version__
from crawler.config import Config
from crawler.memory import CrawlMemory
from crawler.niche import TermsMemo
from crawler.progress import pages_fetched, pages_split
from crawler.scale.settings import apply_redis_settings
from crawler.words import ending, plural

logger = logging.getLogger(__name__)


def user_agent(contact_url: str) -> str:
    """The honest user agent: who we are and where to read about us."""
    return f"linktrail/{__version__} (+{contact_url})"


def default_jobdir(db: str) -> str:
    """Where a crawl keeps its frontier journal until it finishes: next to the database."""
    return f"{db}.job"


def scrapy_settings(config: Config, *, db: str, seeds: list[str] | None = None, **overrides: Any) -> Settings:
    """Scrapy settings built from the config; ``overrides`` are setting names and values."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    c = config.crawl
    values: dict[str, Any] = {
        "USER_AGENT": user_agent(config.you.contact_url),
        "ROBOTSTXT_OBEY": True,  # discovery always obeys robots.txt
        "DOWNLOAD_DELAY": c.download_delay,
        "AUTOTHROTTLE_START_DELAY": max(c.download_delay, 0.1),
        "CONCURRENT_REQUESTS": c.concurrent_requests,
        "CLOSESPIDER_TIMEOUT": int(c.time_budget_minutes * 60),
        "DOWNLOAD_TIMEOUT": c.download_timeout,
        "LINKTRAIL_DB": db,
        "LINKTRAIL_CONFIG": config.source,
        "LINKTRAIL_SEEDS": list(seeds if seeds is not None else config.seeds.urls),
        "LINKTRAIL_MAX_PAGES": c.max_pages,
        "LINKTRAIL_MAX_PAGES_PER_SITE": c.max_pages_per_site,
        "LINKTRAIL_MAX_POST_AGE_DAYS": config.plan.max_post_age_days,  # older posts are no comment target
        "LINKTRAIL_MAX_DEPTH": c.max_depth,
        "LINKTRAIL_MAX_NEW_SITES": c.max_new_sites,
        "LINKTRAIL_LOOPBACK_ONLY": c.loopback_only,
        "LINKTRAIL_RECHECK_DAYS": c.recheck_days,
        "LINKTRAIL_REVISIT_DAYS": c.revisit_days,
        "LINKTRAIL_RETRY_AFTER_MAX": c.retry_after_max,
        "LINKTRAIL_MAX_CRAWL_DELAY": c.max_crawl_delay,
        "LINKTRAIL_BREAKER_ERRORS": c.breaker_errors,
        "LINKTRAIL_JOBDIR": default_jobdir(db),
        "LINKTRAIL_NICHE_NAME": config.niche.name,
        "LINKTRAIL_NICHE_KEYWORDS": list(config.niche.keywords),
        "LINKTRAIL_NICHE_NEGATIVE": list(config.niche.negative),
        "LINKTRAIL_NICHE_THRESHOLD": config.niche.threshold,
        "LINKTRAIL_NICHE_LEARN": config.niche.learn,
        "LINKTRAIL_YOU_SITE": config.you.site,
        "LINKTRAIL_WEIGHTS": dict(config.weights),
    }
    if logging.getLogger().level > logging.WARNING:  # -q: only errors, no progress either
        values["LINKTRAIL_PROGRESS"] = "off"
    values.update(overrides)
    settings.setdict(values, priority="cmdline")
    redis_url = values.get("LINKTRAIL_REDIS_URL") or config.scale.redis
    if redis_url:  # crawl workers sharing one crawl through Redis (crawler/scale/)
        apply_redis_settings(settings, redis_url)
    return settings


# A crawl allocates a parse tree, facts and requests per page, nearly all freed by reference
# counting; the cyclic collector's default (a pass every 700 allocations) then spends ~0.35 ms a
# page walking long-lived objects (frontier, caches) for nothing. The objects of start-up are frozen
# out of the collector's view, and the first threshold spans several pages' allocations, so most of
# a page's objects are gone before a pass would walk them and move them on to older generations:
# 100,000 measured ~5% less CPU a page than 20,000 (four runs each of 4,000 pages, same session),
# for ~5 MB more peak memory; 300,000 was slower again (benchmarks/bench_crawl.py's web).
GC_THRESHOLD = (100_000, 50, 100)


# glibc's malloc serves blocks over its mmap threshold with a fresh mmap each, unmapped when freed; that threshold
# starts at 128 KB and rises to the largest such block freed so far. A page's parse tree (lexbor's blocks of several
# hundred KB on a 300-500 KB page) then comes from the kernel anew for each page, and page-faults on every page it
# touches (~730 faults a 328 KB real page, +1-3 ms of its analysis) until some page's larger block has raised the
# threshold. Fixed at 8 MB (a 1.4 MB page's tree fits) the blocks are reused from the heap from the first page; the
# heap's free top is given back past twice that (glibc's own ratio of the two).
MMAP_THRESHOLD = 8 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt's parameters (malloc.h)


def fix_malloc_thresholds() -> None:
    """Fix glibc's mmap and trim thresholds for a crawl (MMAP_THRESHOLD). Kept for the process: glibc cannot say
    what they were. A no-op where the C library is not glibc (its mallopt differs, or there is none)."""
    if not on_glibc():
        return
    libc = ctypes.CDLL(None)  # the C library this process already runs on
    libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    libc.mallopt(_M_TRIM_THRESHOLD, 2 * MMAP_THRESHOLD)


def on_glibc() -> bool:
    """Whether this process runs on glibc (whose mallopt parameters fix_malloc_thresholds sets)."""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION") is not None  # a name only glibc knows
    except (ValueError, OSError, AttributeError):  # elsewhere unknown (or no confstr at all: Windows)
        return False


@contextmanager
def crawl_gc() -> Iterator[None]:
    """Collector settings for a crawl, restored afterwards (tests run many crawls in one process), and the
    allocator's (fix_malloc_thresholds, kept)."""
    fix_malloc_thresholds()
    old = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


class Interruption:
    """Ctrl-C or SIGTERM during a crawl, from before it starts to its end: the first stops the crawl as Scrapy's
    does (the spider closes with "shutdown", the journal kept for a resume), a second stops it at once.

    Scrapy's handlers are installed only once the reactor has started, Twisted's a moment before them, and
    Scrapy's stop does nothing to an engine still starting: a signal in those moments ended the crawl with no
    finish reason (`linktrail crawl` said "did not finish", exit 4). These are installed before the reactor
    starts (not before the crawl installs it: the handler needs it), wait for the engine to run before stopping
    it, and remember that a signal came."""

    def __init__(self, process: CrawlerProcess, crawler: Crawler) -> None:
        self.process, self.crawler = process, crawler
        self.received: list[int] = []

    @contextmanager
    def installed(self) -> Iterator[None]:
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        from twisted.internet import reactor  # reactor: the crawl's, installed by CrawlerProcess

        self.received.append(signum)  # nothing else here: a signal handler may not log (the stream may be busy)
        reactor.callFromThread(self._stop if len(self.received) == 1 else self._stop_now, signum)

    def _stop(self, signum: int) -> None:
        from twisted.internet import reactor  # reactor: as above

        if self.crawler.crawling and not self._engine_running():
            reactor.callLater(0.05, self._stop, signum)  # type: ignore[arg-type]  # still starting: stop it once it runs
            return
        logger.info("Received %s, shutting down gracefully. Send again to force", signal.Signals(signum).name)
        self.process.stop()

    def _stop_now(self, signum: int) -> None:
        from twisted.internet import reactor  # reactor: as above

        logger.info("Received %s twice, forcing unclean shutdown", signal.Signals(signum).name)
        with suppress(RuntimeError):  # already stopping
            reactor.stop()  # type: ignore[misc]

    def _engine_running(self) -> bool:
        try:
            return bool(self.crawler.engine.running)
        except RuntimeError:  # Scrapy makes the engine when the crawl starts
            return False


# Scrapy's HTTP download handler, loaded as the crawler is built. Its TLS modules make deprecated aliases of their
# classes as they are imported (three in all), and scrapy.utils.deprecate.create_deprecated_class names an alias'
# module from inspect.stack()[1] and inspect.getmodule: the whole stack with a line of source for each frame, and
# the file of every loaded module looked up the first time. ~0.1 s of CPU at every `linktrail crawl`'s start
# (python -X importtime), for the name of the module being imported, which its frame's globals hold.
DOWNLOAD_HANDLER = "scrapy.core.downloader.handlers.http11"


def import_download_handler() -> None:
    """Import Scrapy's HTTP download handler with `inspect.stack` and `inspect.getmodule` that read no files: the
    same module names for its aliases, without the cost (DOWNLOAD_HANDLER). One thread, no reactor yet: nothing
    else asks inspect meanwhile."""
    if DOWNLOAD_HANDLER in sys.modules:
        return
    stack, getmodule = inspect.stack, inspect.getmodule
    inspect.stack, inspect.getmodule = _frames, _module  # type: ignore[assignment]
    try:
        importlib.import_module(DOWNLOAD_HANDLER)
    finally:
        inspect.stack, inspect.getmodule = stack, getmodule


def _frames(context: int = 1) -> list[inspect.FrameInfo]:
    """`inspect.stack()` (its caller's frame first), without source lines."""
    frames: list[inspect.FrameInfo] = []
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        frames.append(inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None))
        frame = frame.f_back
    return frames


def _module(obj: Any, _filename: str | None = None) -> ModuleType | None:
    """`inspect.getmodule` of a frame: the module whose globals it runs in."""
    return sys.modules.get(obj.f_globals.get("__name__", ""))


def spider_process(settings: Settings, spider: str) -> tuple[CrawlerProcess, Crawler]:
    """The process and crawler that run the spider ``spider`` (crawler/spiders/``spider``.py) with ``settings``."""
    settings = settings.copy()
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the CLI's logging stays
    # Scrapy's spider loader imports every module it is given when the process is made: only this spider's, not
    # the others' (a crawl does not load the backlinks' checker, nor a check the crawl's spider), which every
    # crawl worker would pay for at its start.
    settings.set("SPIDER_MODULES", [f"crawler.spiders.{spider}"], priority="cmdline")
    import_download_handler()  # before Scrapy does as it builds the crawler, at a cost (DOWNLOAD_HANDLER)
    process = CrawlerProcess(settings)
    return process, process.create_crawler(spider)


def preload_crawl(spider: str = "discover") -> None:
    """Import what a crawl worker loads as it builds its crawler: each class its settings name (Scrapy's
    and linktrail's components, download handlers, log formatter, stats) and the spider module Scrapy's spider
    loader walks (only the worker's own: spider_process). Called by `linktrail workers` before it forks them, so
    that they share it instead of each importing it anew (never the reactor: each worker installs its own)."""
    import_download_handler()
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    apply_redis_settings(settings, "")  # a worker's components (its Redis URL is not read here)
    names: list[str] = []
    for key in ("SPIDER_MIDDLEWARES", "DOWNLOADER_MIDDLEWARES", "EXTENSIONS", "ITEM_PIPELINES"):
        names += build_component_list(settings.getwithbase(key))
    names += [n for n in settings.getwithbase("DOWNLOAD_HANDLERS").values() if isinstance(n, str)]
    names += [settings[k] for k in ("LOG_FORMATTER", "STATS_CLASS", "SCHEDULER", "DOWNLOADER", "DUPEFILTER_CLASS")]
    for name in names:
        if isinstance(name, str):
            load_object(name)
    for _spiders in walk_modules_iter(f"crawler.spiders.{spider}"):
        pass


def run_spider(settings: Settings, spider: str, **spider_kwargs: Any) -> dict[str, Any]:
    """Run one spider to the end in this process (one reactor per process) and return its stats; a crawl
    stopped by a signal before its spider could close says so ("shutdown")."""
    process, crawler = spider_process(settings, spider)
    process.crawl(crawler, **spider_kwargs)  # installs the reactor (until then, a signal is the caller's)
    interruption = Interruption(process, crawler)
    with interruption.installed(), crawl_gc():
        process.start(install_signal_handlers=False)  # Interruption's, from before the reactor starts
    assert crawler.stats is not None
    stats = dict(crawler.stats.get_stats())
    if interruption.received and not stats.get("finish_reason"):
        stats["finish_reason"] = "shutdown"  # stopped by the second signal, before the spider closed
    return stats


def run_discover(config: Config, db: str, seeds: list[str], *, memory: CrawlMemory | None = None,
                 terms: TermsMemo | None = None, **overrides: Any) -> dict[str, Any]:
    """Run the discover spider in this process and return its stats.

    ``memory`` is what earlier runs stored (read by the floor above); without it the crawl starts as new.
    ``terms``: where the spider keeps the terms of the pages it scored (`TermsMemo`), for the settle after.
    """
    settings = scrapy_settings(config, db=db, seeds=seeds, **overrides)
    return run_spider(settings, "discover", memory=memory or CrawlMemory(), terms=terms)


def crawl_summary(stats: dict[str, Any], db: str) -> str:
    """One line a person (or a log) reads after a crawl. The pages and sites are the crawl's, a resumed one's
    with those of the run it resumes (said apart); what was stored, found and failed is this run's."""
    errors = sum(v for k, v in stats.items() if k.startswith("linktrail/errors/"))
    opportunities = sum(v for k, v in stats.items() if k.startswith("linktrail/opportunities/"))
    not_modified = stats.get("linktrail/incremental/not_modified", 0)
    before, this_run = pages_split(stats)
    resumed = bool(stats.get("linktrail/resume/started"))
    sep = "," if resumed else ";"  # resumed: "this run: N stored in DB, N opportunities, N errors"
    return (
        f"crawled {plural(pages_fetched(stats), 'page')} on "
        f"{plural(stats.get('linktrail/sites_discovered', 0), 'site')} ({stats.get('linktrail/sites_new', 0)} new)"
        + (f": {before} before the interruption, {this_run} this run; this run:" if resumed else ",")
        + f" {stats.get('linktrail/pages_stored', 0)} stored in {db}"
        + (f", {not_modified} unchanged" if not_modified else "")
        + f"{sep} {plural(opportunities, 'opportunity')}{sep} {plural(errors, 'error')}"
        + (f" (seeds not fetched: {', '.join(failed_seeds(stats))})" if failed_seeds(stats) else "") + "; "
        + ("nothing fetched" if fetched_nothing(stats) else ending(stats.get("finish_reason")))
    )


def resumed_line(stats: dict[str, Any]) -> str | None:
    """'resumed the crawl interrupted at 2026-11-23 09:30 UTC (24 pages done before)', or None for a fresh crawl."""
    started = stats.get("linktrail/resume/started")
    if not started:
        return None
    when = str(started)[:16].replace("T", " ")
    return (f"resumed the crawl interrupted at {when} UTC "
            f"({plural(int(stats.get('linktrail/resume/restored_pages', 0)), 'page')} done before)")


def failed_seeds(stats: dict[str, Any]) -> list[str]:
    """'URL (why)' for each seed that could not be fetched in this crawl."""
    return [str(s) for s in stats.get("linktrail/seeds/failed") or []]


def fetched_nothing(stats: dict[str, Any]) -> bool:
    """No seed answered at all (refused, timed out, no DNS, robots.txt unreachable) and no page was
    fetched (a 304 counts as fetched; an HTTP error is an answer)."""
    fetched = stats.get("linktrail/pages_analysed", 0) + stats.get("linktrail/incremental/not_modified", 0)
    unreachable = int(stats.get("linktrail/seeds/unreachable", 0))
    return not fetched and unreachable >= max(1, int(stats.get("linktrail/seeds/used", 0)))
