"""The backlinks spider: fetch each due source page once, politely, and say whether it links to the target."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DontCloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response, TextResponse

from crawler.analysis.encoding import decode
from crawler.clock import retry_after_seconds, utcnow_precise
from crawler.headers import header_lists
from crawler.items import CheckItem
from crawler.linkcheck import (
    FoundLink,
    LinkReport,
    Observation,
    Target,
    TargetError,
    http_verdict,
    moved,
    page_verdict,
    parse_target,
    scan_page,
)
from crawler.urls import site_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure


logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml")

# Download failures, most specific first: (exception class, what a person reads).
FAILURES: tuple[tuple[type[BaseException], str], ...] = (
    (DownloadTimeoutError, "timeout"),
    (CannotResolveHostError, "DNS lookup failed"),
    (DownloadConnectionRefusedError, "connection refused"),
    (DownloadCancelledError, "download cancelled (too large?)"),
)

# Settings this spider needs whatever the project says: every status reaches the callback (but
# redirects are still followed: HTTPERROR_ALLOW_ALL, not meta handle_httpstatus_all); no retry on
# answers that mean "go away" (403, 429, 503); its own pipeline.
CUSTOM_SETTINGS: dict[str, Any] = {
    "HTTPERROR_ALLOW_ALL": True,
    "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
    "ITEM_PIPELINES": {"pipelines.backlinks.CheckPipeline": 900},
}
# Discovery's downloader middlewares a check does without: a 429 or 503 is recorded as `blocked`
# (and its Retry-After kept for the next run) rather than held and retried; a PDF or an image
# source is recorded as such rather than dropped.
UNWANTED_MIDDLEWARES = ("crawler.downloadermiddlewares.retryafter.RetryAfterMiddleware",
                        "crawler.downloadermiddlewares.contenttype.ContentTypeMiddleware")


class BacklinksSpider(scrapy.Spider):
    """Check every due backlink: one request per source page, all its targets checked in one parse."""

    name = "backlinks"
    custom_settings = CUSTOM_SETTINGS

    due: list[dict[str, Any]]  # the due backlinks, in order, handed in when the crawl is built
    timeout: float
    sites_at_once: int
    pending: dict[str, deque[scrapy.Request]]  # per site, the source pages not yet handed to Scrapy
    waiting: deque[scrapy.Request]  # the first page of each site not started yet

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
        middlewares.update({path: None for path in UNWANTED_MIDDLEWARES if path in middlewares})
        settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BacklinksSpider:
        spider: BacklinksSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.due = list(kwargs.get("due") or [])
        if "due" not in kwargs:
            logger.warning("no due backlinks were handed to this spider: run `linktrail backlinks check`")
        spider.timeout = s.getfloat("DOWNLOAD_TIMEOUT", 30.0)
        spider.sites_at_once = max(1, s.getint("LINKTRAIL_BACKLINKS_SITES_AT_ONCE", 100))
        spider.pending = {}
        spider.waiting = deque()
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    def _stat(self, key: str, n: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"linktrail/{key}", n)

    async def start(self) -> AsyncIterator[Any]:
        """The first due source page of each site (``sites_at_once`` of them); a site's next page follows
        when one is done.

        Handing Scrapy one request per site at a time costs nothing (a site is fetched one page
        at a time anyway) and keeps every request of a site behind its robots.txt: in Scrapy 2.19
        requests that wait together on a robots.txt still being fetched are let through unchecked.
        """
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in self.due:
            groups.setdefault(row["source_url"], []).append(row)
        self._stat("backlinks/due", sum(len(g) for g in groups.values()))
        self._stat("backlinks/pages", len(groups))
        total = len(groups)
        heads = []
        for position, (source, rows) in enumerate(groups.items()):
            site = site_of(source) or source
            # Higher priority first: the due order survives Scrapy's LIFO queues.
            request = scrapy.Request(
                source, callback=self.parse, errback=self.on_error, dont_filter=True,
                priority=total - position, meta={"source": source, "backlinks": rows, "queue": site},
            )
            queue = self.pending.get(site)
            if queue is None:
                self.pending[site] = deque()
                heads.append(request)
            else:
                queue.append(request)
        self.waiting.extend(heads[self.sites_at_once:])
        for request in heads[:self.sites_at_once]:
            yield request

    def _next(self, meta: dict[str, Any]) -> Iterator[scrapy.Request]:
        """The next source page of the site just done; when the site is done, the first page of a waiting site."""
        key = meta.get("queue")
        queue = self.pending.get(key) if key else None
        if queue:
            yield queue.popleft()
            return
        if queue is not None and key:
            del self.pending[key]
        if self.waiting:
            yield self.waiting.popleft()

    def spider_idle(self) -> None:
        """Never stop with pages still queued (a callback that failed would leave its site waiting)."""
        if not self.waiting and not any(self.pending.values()):
            return
        assert self.crawler.engine is not None
        if self.waiting:
            self.crawler.engine.crawl(self.waiting.popleft())
        for key, queue in list(self.pending.items()):
            if queue:
                self.crawler.engine.crawl(queue.popleft())
            else:
                del self.pending[key]
        raise DontCloseSpider("backlink source pages still queued")

    def parse(self, response: Response) -> Iterator[CheckItem | scrapy.Request]:
        """One CheckItem per backlink on this source page, then the site's next page."""
        yield from self.check(response)
        yield from self._next(response.meta)

    def check(self, response: Response) -> Iterator[CheckItem]:
        """One CheckItem per backlink on this source page."""
        meta = response.meta
        rows: list[dict[str, Any]] = meta["backlinks"]
        checked_at = utcnow_precise()
        redirects = [str(u) for u in meta.get("redirect_urls", [])]
        headers = _headers(response)
        content_type = (headers.get("content-type") or [""])[0]
        ctype = content_type.split(";")[0].strip().lower()
        # The rule discovery's analysis decodes by (not Scrapy's response.text): one decoding for every page.
        text = decode(response.body, {"content-type": content_type})[0] if isinstance(response, TextResponse) else ""
        common: dict[str, Any] = {"http_status": response.status, "final_url": response.url, "redirects": redirects}
        self._stat(f"backlinks/http/{response.status}")
        verdict = http_verdict(response.status, headers, text)
        retry_after = None
        if verdict is not None and response.status in (429, 503):
            wait = retry_after_seconds(next(iter(headers.get("retry-after", [])), None), datetime.now(UTC))
            retry_after = None if wait is None else int(wait)  # whole seconds, in the log and the row
            if retry_after is not None:
                verdict = Observation(verdict.status, f"{verdict.reason}; Retry-After {retry_after}s")
        if verdict is None and (not isinstance(response, TextResponse) or not any(t in ctype for t in HTML_TYPES)):
            verdict = Observation("error",
                                  f"not an HTML page ({ctype or 'no content type'}); links in it are not checked")
        if verdict is not None:
            for row in rows:
                yield CheckItem(backlink_id=row["id"], checked_at=checked_at, status=verdict.status,
                                error=verdict.reason if verdict.status in ("error", "blocked") else None,
                                extra={"found": False, "content_type": ctype, "retry_after": retry_after,
                                       "notes": [verdict.reason] if verdict.status not in ("error", "blocked") else []},
                                **common)
            return
        targets: list[Target] = []
        for row in rows:
            try:
                targets.append(parse_target(row["target_url"]))
            except TargetError as exc:  # stored before validation existed, or edited by hand
                targets.append(Target(row["target_url"], "invalid.invalid", None, "", "invalid.invalid"))
                logger.warning("backlink #%s: bad target: %s", row["id"], exc)
        scan = scan_page(response.url, text, targets, headers)
        moved_to = response.url if redirects and moved(meta["source"], response.url) else None
        for row, report in zip(rows, scan.reports, strict=True):
            obs = page_verdict(report, noindex=scan.noindex, moved_to=moved_to)
            yield self._item(row, report, obs, checked_at, ctype, scan.noindex, common)

    def _item(self, row: dict[str, Any], report: LinkReport, obs: Observation, checked_at: str, ctype: str,
              noindex: str | None, common: dict[str, Any]) -> CheckItem:
        best = report.best
        if row.get("origin") == "comment":  # a comment's link is the one in the comment area, if any
            best = next((x for x in report.links if x.placement == "comments"), best)
        notes = [obs.reason] if obs.reason else []
        expected = " ".join((row.get("expected_anchor") or "").split())
        if best is not None and expected and expected.lower() != best.anchor.lower():
            notes.append(f"anchor {best.anchor!r}, expected {expected!r}")
        return CheckItem(
            backlink_id=row["id"], checked_at=checked_at, status=obs.status,
            rel=list(best.rel) if best else [], anchor=best.anchor if best else None,
            link_count=len(report.links), placement=best.placement if best else None,
            extra={"found": obs.found, "noindex": noindex, "content_type": ctype, "notes": notes,
                   "links": [_link_json(x) for x in report.links + report.site_links]},
            **common,
        )

    def on_error(self, failure: Failure) -> Iterator[CheckItem | scrapy.Request]:
        """A fetch that failed: robots.txt said no, a timeout, DNS, TLS, a refused connection."""
        request = failure.request  # type: ignore[attr-defined]
        yield from self.failed(failure, request)
        yield from self._next(request.meta)

    def failed(self, failure: Failure, request: scrapy.Request) -> Iterator[CheckItem]:
        """One CheckItem per backlink of a source page that could not be fetched."""
        rows: list[dict[str, Any]] = request.meta.get("backlinks", [])
        exc = failure.value
        if isinstance(exc, IgnoreRequest) and "robots.txt unreachable" in str(exc):
            # RFC 9309 says "disallow all", but what a person needs to hear is that the site is down.
            status, reason = "error", "source site unreachable (its robots.txt could not be fetched)"
        elif isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
            status = "robots_blocked"
            reason = "robots.txt disallows linktrail here" if "Forbidden" in str(exc) else str(exc)
            reason += "; not fetched"
        else:
            status = "error"
            reason = next((label for cls, label in FAILURES if failure.check(cls)), "")
            if reason == "timeout":
                reason = f"timeout after {self.timeout:g}s"
            elif not reason:
                message = failure.getErrorMessage() or ""
                kind = type(exc).__name__
                tls = "SSL" in kind or "SSL" in message or "TLS" in message
                reason = f"TLS error: {message}" if tls else f"{kind}: {message}"
        self._stat(f"backlinks/failed/{status}")
        logger.info("backlink source %s: %s", request.url, reason)
        checked_at = utcnow_precise()
        for row in rows:
            yield CheckItem(backlink_id=row["id"], checked_at=checked_at, status=status,
                            error=reason if status == "error" else None,
                            redirects=[str(u) for u in request.meta.get("redirect_urls", [])],
                            extra={"found": False, "notes": [reason] if status != "error" else []})


def _link_json(link: FoundLink) -> dict[str, Any]:
    return {"url": link.url, "anchor": link.anchor, "rel": list(link.rel), "placement": link.placement,
            "image": link.image, "exact": link.exact, "commenter": link.commenter, "author": link.author}


def _headers(response: Response) -> dict[str, list[str]]:
    return header_lists(response.headers)
