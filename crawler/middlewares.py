"""Middlewares: per-site slots, loopback guard, robots.txt, Retry-After, circuit breaker, content types;
meta refresh and Referer as Scrapy does them, with less work per page."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import HtmlResponse, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.spidermiddlewares.referer import RefererMiddleware as ScrapyRefererMiddleware
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer, task

from crawler.clock import retry_after_seconds
from crawler.urls import is_loopback_host, site_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# Sent by SiteBreakerMiddleware when it stops a site: handlers get ``site`` and ``reason``.
site_broken = object()

# What discovery reads: HTML, feeds, sitemaps, OPML (and robots.txt, as text/plain).
ALLOWED_TYPES = (
    "text/html", "application/xhtml+xml", "application/xml", "text/xml", "application/rss+xml",
    "application/atom+xml", "application/rdf+xml", "application/feed+json", "text/x-opml",
    "application/x-opml", "text/plain",
)


def slot_of(request: Request) -> str:
    """The site a request belongs to: its download slot (set by SiteSlotMiddleware)."""
    return str(request.meta.get("download_slot") or site_of(request.url) or urlsplit(request.url).netloc)


class SiteSlotMiddleware:
    """Key Scrapy's download slot by linktrail's site identity, not the bare host name.

    Scrapy keys slots by host without the port, so two blogs on 127.0.0.1 would share one
    slot, and ``blog.example.com`` and ``www.example.com`` would get two. The per-site
    concurrency and delay only mean "per site" when the slot is the site.
    """

    def process_request(self, request: Request) -> None:
        # Set every time: a request redirected to another site carries its old site's slot.
        request.meta["download_slot"] = site_of(request.url) or urlsplit(request.url).netloc


class LoopbackOnlyMiddleware:
    """Refuse any request outside 127.0.0.0/8 (``LINKTRAIL_LOOPBACK_ONLY``: the demo and tests)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoopbackOnlyMiddleware:
        if not crawler.settings.getbool("LINKTRAIL_LOOPBACK_ONLY"):
            raise NotConfigured("LINKTRAIL_LOOPBACK_ONLY is off")
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if not is_loopback_host(host):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("linktrail/refused/not_loopback")
            logger.info("refused %s: not a loopback address (loopback_only is on)", request.url)
            raise IgnoreRequest(f"not loopback: {request.url}")


class DisallowAll:
    """The robots.txt of a site whose robots.txt could not be read (RFC 9309: assume disallow)."""

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        return None


class LinktrailRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with RFC 9309 on failures and one line per problem.

    A robots.txt that answers 5xx, times out or cannot be reached means "disallow all" for that
    site in this run (RFC 9309, 2.3.1.4), said in one warning line and counted under
    ``linktrail/robots/unreachable``; 4xx means "allow all", as in Scrapy.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = defer.Deferred()
            url = urlparse_cached(request)
            robots = Request(
                f"{url.scheme}://{netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True, "linktrail_robots": True}, callback=NO_CALLBACK,
            )
            try:
                assert self.crawler.engine is not None
                response = await self.crawler.engine.download_async(robots)
            except Exception as exc:  # noqa: BLE001 - every failure is "unreachable"
                self._unreachable(netloc, robots.url, _reason(exc))
            else:
                if response.status >= 500:
                    self._unreachable(netloc, robots.url, f"HTTP {response.status}")
                else:
                    await self._parse_robots(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, defer.Deferred):
            # Awaiting the shared Deferred itself would consume its result: every other request
            # of this site waiting on robots.txt would get None and be fetched unchecked
            # (Scrapy 2.19's own robot_parser does that). Each waiter gets its own Deferred.
            waiter: defer.Deferred[RobotParser | None] = defer.Deferred()
            parser.addCallback(_hand_on, waiter)
            return await maybe_deferred_to_future(waiter)  # type: ignore[no-any-return]
        return parser

    def _unreachable(self, netloc: str, url: str, why: str) -> None:
        self._stats.inc_value("linktrail/robots/unreachable")
        logger.warning("%s: %s; not crawling %s this run (robots.txt unreachable means disallow)", url, why, netloc)
        pending = self._parsers[netloc]
        parser: Any = DisallowAll()
        self._parsers[netloc] = parser
        if isinstance(pending, defer.Deferred):
            pending.callback(parser)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, DisallowAll):
            self._stats.inc_value("linktrail/robots/refused")
            raise IgnoreRequest("robots.txt unreachable")
        super().process_request_2(rp, request)


def _hand_on(result: Any, waiter: defer.Deferred[Any]) -> Any:
    """Fire ``waiter`` with a shared Deferred's result and keep the result for the next waiter."""
    waiter.callback(result)
    return result


def _reason(exc: BaseException) -> str:
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{name}: {text}" if text and len(text) < 160 else name


class RetryAfterMiddleware:
    """Honour ``Retry-After`` on 429 and 503: hold that site's requests until then, then retry.

    Scrapy's RetryMiddleware retries these at once; this one (ordered before it on responses)
    sets a hold on the site's download slot; every request of that site waits in
    ``process_request`` without blocking the reactor until the hold passes. A wait longer than
    ``LINKTRAIL_RETRY_AFTER_MAX`` seconds, or more than ``RETRY_TIMES`` such retries, gives up
    on the request (``linktrail/retry_after/gave_up``).
    """

    CODES = (429, 503)

    def __init__(self, stats: StatsCollector, *, max_wait: float = 600.0, max_times: int = 2,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stats = stats
        self.max_wait = max_wait
        self.max_times = max_times
        self.clock = clock
        self.hold_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        s = crawler.settings
        if not s.getbool("RETRY_ENABLED", True):
            raise NotConfigured("RETRY_ENABLED is off")
        assert crawler.stats is not None
        mw = cls(crawler.stats, max_wait=s.getfloat("LINKTRAIL_RETRY_AFTER_MAX", 600.0),
                 max_times=s.getint("RETRY_TIMES", 2))
        mw.crawler = crawler
        # response_downloaded comes before the downloader sends the slot's next queued request
        # (AutoThrottle adjusts delays there too); process_response would be too late.
        crawler.signals.connect(mw.response_downloaded, signal=signals.response_downloaded)
        return mw

    crawler: Crawler | None = None

    def wait_for(self, request: Request, response: Response) -> float | None:
        """Seconds a 429/503 asks to wait, or None when it does not say (or is not one)."""
        if response.status not in self.CODES or request.meta.get("linktrail_robots"):
            return None
        header = response.headers.get(b"Retry-After")
        return retry_after_seconds(header) if header else None

    def response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        """Hold the site at once: its requests already queued in the download slot wait too."""
        wait = self.wait_for(request, response)
        if wait is None or wait > self.max_wait:
            return
        slot = slot_of(request)
        self.hold_until[slot] = max(self.hold_until.get(slot, 0.0), self.clock() + wait)
        self._block_slot(slot, wait)

    def _block_slot(self, key: str, wait: float) -> None:
        """Keep Scrapy's download slot from sending anything for ``wait`` seconds.

        Uses the slot's ``latercall`` the way the downloader does for DOWNLOAD_DELAY; if Scrapy's
        internals change, the hold in ``process_request`` still applies to every later request.
        """
        engine = self.crawler.engine if self.crawler is not None else None
        downloader = getattr(engine, "downloader", None)
        slot = getattr(downloader, "slots", {}).get(key)
        process = getattr(downloader, "_process_queue", None)
        if slot is None or process is None or not hasattr(slot, "latercall"):
            return

        def release() -> None:
            slot.latercall = None
            process(slot)

        if slot.latercall is not None:  # pending (the downloader clears it when it fires)
            slot.latercall.cancel()
        slot.latercall = call_later(wait, release)

    async def process_request(self, request: Request) -> None:
        if not self.hold_until:
            return
        slot = slot_of(request)
        until = self.hold_until.get(slot)
        if until is None:
            return
        wait = until - self.clock()
        if wait <= 0:
            self.hold_until.pop(slot, None)
            return
        self.stats.inc_value("linktrail/retry_after/held")
        from twisted.internet import reactor  # the one Scrapy installed, never at import time

        await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))  # type: ignore[arg-type]

    def process_response(self, request: Request, response: Response) -> Request | Response:
        wait = self.wait_for(request, response)
        if wait is None:
            return response  # RetryMiddleware's usual retries
        times = int(request.meta.get("retry_after_times", 0)) + 1
        slot = slot_of(request)
        if wait > self.max_wait or times > self.max_times:
            self.stats.inc_value("linktrail/retry_after/gave_up")
            why = (f"asks to wait {wait:.0f} s (more than {self.max_wait:.0f})" if wait > self.max_wait
                   else f"still {response.status} after {times - 1} waits")
            logger.warning("%s: HTTP %d, Retry-After %s; giving up on it", request.url, response.status, why)
            raise IgnoreRequest(f"Retry-After: {why}")
        self.hold_until[slot] = max(self.hold_until.get(slot, 0.0), self.clock() + wait)
        self.stats.inc_value("linktrail/retry_after/honoured")
        logger.info("%s: HTTP %d, waiting %.1f s before asking %s again", request.url, response.status, wait, slot)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = times
        return retry


class SiteBreakerMiddleware:
    """A per-site circuit breaker: after N failed requests in a row, stop the site for this run.

    Counts final outcomes (after retries): connection errors, timeouts, DNS failures, 5xx and
    429. Any other response resets the count. When the breaker opens it logs one line, counts
    ``linktrail/breaker/opened``, sends ``site_broken`` (the spider drops the site's pending
    URLs) and refuses the site's further requests (``linktrail/breaker/refused``).
    """

    def __init__(self, stats: StatsCollector, send: Callable[..., Any], threshold: int = 5) -> None:
        self.stats = stats
        self.send = send
        self.threshold = threshold
        self.errors: dict[str, int] = {}
        self.broken: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBreakerMiddleware:
        threshold = crawler.settings.getint("LINKTRAIL_BREAKER_ERRORS", 5)
        if threshold <= 0:
            raise NotConfigured("LINKTRAIL_BREAKER_ERRORS is 0")
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.signals.send_catch_log, threshold)

    def process_request(self, request: Request) -> None:
        if self.broken and slot_of(request) in self.broken:
            self.stats.inc_value("linktrail/breaker/refused")
            raise IgnoreRequest("site stopped by the circuit breaker")

    def process_response(self, request: Request, response: Response) -> Response:
        slot = slot_of(request)
        if response.status >= 500 or response.status == 429:
            self._failed(slot, request.url, f"HTTP {response.status}")
        elif slot in self.errors:
            del self.errors[slot]
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, (IgnoreRequest, StopDownload)):
            self._failed(slot_of(request), request.url, _reason(exception))

    def _failed(self, slot: str, url: str, why: str) -> None:
        if slot in self.broken:
            return
        n = self.errors[slot] = self.errors.get(slot, 0) + 1
        if n >= self.threshold:
            self.broken.add(slot)
            self.stats.inc_value("linktrail/breaker/opened")
            logger.warning("site %s: %d failed requests in a row (last %s: %s); no more requests to it this run",
                           slot, n, url, why)
            self.send(signal=site_broken, site=slot, reason=why)


class ContentTypeMiddleware:
    """Fetch only HTML, feeds, sitemaps and OPML: stop other downloads once their headers arrive."""

    def __init__(self, stats: StatsCollector, allowed: tuple[str, ...] = ALLOWED_TYPES) -> None:
        self.stats = stats
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContentTypeMiddleware:
        assert crawler.stats is not None
        mw = cls(crawler.stats)
        crawler.signals.connect(mw.headers_received, signal=signals.headers_received)
        return mw

    def unwanted(self, content_type: bytes | str | None) -> str | None:
        """The media type when it is not one discovery reads; None when it is (or is missing)."""
        if not content_type:
            return None
        text = content_type.decode("latin-1") if isinstance(content_type, bytes) else content_type
        media = text.split(";", 1)[0].strip().lower()
        if not media or media in self.allowed or media.endswith("+xml"):
            return None
        return media

    def _skip(self, request: Request, media: str) -> None:
        self.stats.inc_value(f"linktrail/skipped/content_type/{media.replace('/', '_')}")
        logger.info("skipped %s: %s is not HTML, a feed or a sitemap", request.url, media)

    def headers_received(self, headers: Any, body_length: int, request: Request, spider: Any) -> None:
        if request.meta.get("linktrail_robots"):
            return
        media = self.unwanted(headers.get(b"Content-Type"))
        if media is not None:
            self._skip(request, media)
            raise StopDownload(fail=True)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("linktrail_robots"):
            return response
        media = self.unwanted(response.headers.get(b"Content-Type"))
        if media is not None:
            self._skip(request, media)
            raise IgnoreRequest(f"content type {media}")
        return response


# The characters Scrapy reads for a <meta http-equiv=refresh>, and the bytes that cover them (4 bytes
# a character at most in UTF-8 and the other multi-byte encodings a page may use).
REFRESH_CHARS = 4096
REFRESH_WINDOW = 4 * REFRESH_CHARS
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def may_refresh(body: bytes) -> bool:
    """False when a page cannot hold a meta refresh where Scrapy looks for one: no "refresh" in
    its first bytes, in any case. UTF-16 and UTF-32 pages (no ASCII bytes) always may."""
    if body.startswith(_UTF16_32_BOMS) or b"\x00" in body[:256]:
        return True
    head = body[:REFRESH_CHARS]
    if not head.isascii():  # a character may take several bytes: look as far as REFRESH_CHARS reach
        head = body[:REFRESH_WINDOW]
    return b"refresh" in head.lower()


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's, with a look at the bytes first.

    Scrapy decodes the whole body (``response.text``) of every HTML page and runs three regexes
    over its head to find a ``<meta http-equiv=refresh>``, which nearly no page has; the analysis
    then decodes the body again. A page without the word "refresh" near its start is passed on
    untouched (0.1 ms a page in the crawl benchmark); any other page goes through Scrapy's code.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if isinstance(response, HtmlResponse) and not may_refresh(response.body):
            return response
        return super().process_response(request, response)


class RefererMiddleware(ScrapyRefererMiddleware):
    """Scrapy's, without working out a Referer for a request that has one already.

    Scrapy's policy only ever sets the header if it is missing (``setdefault``), but computes it
    for every request a callback yields. The discover spider gives each request the page that
    linked to it, so the policy's answer was thrown away. Requests without the header (seeds,
    redirects, whose header Scrapy's redirect code removes first) get the policy's, as before.
    """

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if b"Referer" in request.headers:
            return request
        return super().get_processed_request(request, response)
