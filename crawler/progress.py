"""A crawl's progress from its stats (a Scrapy extension: rich on a terminal, log lines otherwise); closing stats."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.items import PageItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from crawler.frontier import Frontier

MODES = ("auto", "rich", "log", "off")
# The page budget's count: pages fetched and analysed (or answered "not modified"), including those of
# the interrupted run a crawl resumes. The discover spider keeps it (from its frontier); the progress
# line, the crawl summary and --max-pages all mean this number.
PAGES_STAT = "linktrail/pages_fetched"


def pages_fetched(stats: dict[str, Any]) -> int:
    """The pages a crawl's budget counted (see PAGES_STAT); from the analysed and unchanged pages without it."""
    if PAGES_STAT in stats:
        return int(stats[PAGES_STAT])
    return int(stats.get("linktrail/pages_analysed", 0)) + int(stats.get("linktrail/incremental/not_modified", 0))


def pages_split(stats: dict[str, Any]) -> tuple[int, int]:
    """(pages the interrupted run did before a resume, pages this run fetched): of ``pages_fetched``."""
    before = int(stats.get("linktrail/resume/restored_pages", 0))
    return before, pages_fetched(stats) - before


def snapshot(stats: dict[str, Any]) -> dict[str, int]:
    """The few numbers a person watches, from a crawl's stats."""
    return {
        "pages": pages_fetched(stats),
        "not_modified": int(stats.get("linktrail/incremental/not_modified", 0)),
        "sites": int(stats.get("linktrail/frontier/sites_crawled", 0)),
        "opportunities": sum(int(v) for k, v in stats.items() if k.startswith("linktrail/opportunities/")),
        "errors": sum(int(v) for k, v in stats.items() if k.startswith("linktrail/errors/")),
        "pending": int(stats.get("linktrail/frontier/pending", 0)),
    }


def progress_line(snap: dict[str, int], elapsed: float, max_pages: int) -> str:
    """One plain line: pages of the cap (not modified ones included), sites, opportunities, errors, pending, rate."""
    rate = snap["pages"] / elapsed if elapsed > 0 else 0.0
    minutes, seconds = divmod(int(elapsed), 60)
    return (f"progress: {snap['pages']}/{max_pages} pages ({snap['not_modified']} not modified), "
            f"{snap['sites']} sites, {snap['opportunities']} opportunities, {snap['errors']} errors, "
            f"{snap['pending']} pending; {rate:.1f} pages/s, {minutes}:{seconds:02d} elapsed")


class ProgressExtension:
    """Show pages, sites, opportunities and errors while a crawl runs (``LINKTRAIL_PROGRESS``).

    ``auto`` draws a rich progress bar when stderr is a terminal and writes a plain line every
    ``LINKTRAIL_PROGRESS_INTERVAL`` seconds otherwise (logs, cron, CI). It also counts
    opportunities by kind (``linktrail/opportunities/<kind>``) as items leave the pipelines.
    """

    def __init__(self, stats: StatsCollector, *, mode: str = "auto", interval: float = 30.0,
                 max_pages: int = 0, stream: TextIO | None = None) -> None:
        if mode not in MODES:
            raise NotConfigured(f"LINKTRAIL_PROGRESS must be one of {', '.join(MODES)}, not {mode!r}")
        self.stats = stats
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "rich" if getattr(self.stream, "isatty", lambda: False)() else "log"
        self.mode = mode
        self.interval = interval
        self.max_pages = max_pages
        self.started = time.monotonic()
        self._loop: task.LoopingCall | None = None
        self._progress: Any = None
        self._task: Any = None
        self._spider: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        s = crawler.settings
        mode = s.get("LINKTRAIL_PROGRESS", "auto")
        assert crawler.stats is not None
        ext = cls(crawler.stats, mode=mode, interval=s.getfloat("LINKTRAIL_PROGRESS_INTERVAL", 30.0),
                  max_pages=s.getint("LINKTRAIL_MAX_PAGES", 0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self._spider = spider
        if self.mode == "off":
            return  # -q or LINKTRAIL_PROGRESS = off: nothing shown, the opportunities still counted
        if getattr(spider, "frontier", None) is None:
            return  # only the discover crawl reports progress
        if self.mode == "rich":
            # heavy: rich (~0.1 s of imports), drawn only on a terminal: a crawl logging to a file never needs it
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # heavy: as above

            self._progress = Progress(
                TextColumn("[bold]crawl"), BarColumn(), TextColumn("{task.completed}/{task.total} pages"),
                TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
                console=Console(file=self.stream), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("crawl", total=self.max_pages or None, detail="")
            interval = 0.5
        else:
            interval = self.interval
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(interval, now=False)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, PageItem) and item.opportunity:
            self.stats.inc_value(f"linktrail/opportunities/{item.opportunity}")

    def _frontier(self) -> None:
        frontier = getattr(self._spider, "frontier", None)
        if frontier is not None:
            self.stats.set_value("linktrail/frontier/pending", frontier.pending)
            self.stats.set_value("linktrail/frontier/sites_crawled",
                                 sum(1 for s in frontier.sites.values() if s.pages))

    def tick(self) -> str:
        """Update the display; returns the plain line (for logs and tests)."""
        self._frontier()
        snap = snapshot(self.stats.get_stats())
        line = progress_line(snap, time.monotonic() - self.started, self.max_pages)
        if self._progress is not None:
            detail = (f"{snap['sites']} sites · {snap['opportunities']} opportunities · "
                      f"{snap['errors']} errors · {snap['pending']} pending")
            self._progress.update(self._task, completed=snap["pages"], detail=detail)
        else:
            print(line, file=self.stream, flush=True)
        return line

    def spider_closed(self, spider: Any) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self._frontier()
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def closing_stats(frontier: Frontier, known_sites: set[str], analysis_ms: dict[str, float]) -> dict[str, float]:
    """What a crawl's stats keep of its frontier at the end (under ``linktrail/``): sites crawled and new,
    URLs handed out and left pending, and the analysis cost per page when it was timed."""
    crawled = [s for s, st in frontier.sites.items() if st.pages]
    return {"sites_discovered": len(crawled), "sites_new": len([s for s in crawled if s not in known_sites]),
            "frontier/handed": frontier.handed, "frontier/pending_left": frontier.pending,
            **{f"analysis_ms/{name}": value for name, value in analysis_ms.items()}}
