"""Scrapy's robots.txt middleware: crawler/robots.py on failures, one line per problem, and Crawl-delay."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer

from crawler.downloadermiddlewares import failure_reason
from crawler.downloadermiddlewares.siteslot import slot_of
from crawler.failures import failure_kind
from crawler.robots import UNREACHABLE, DisallowAll, disallows_all, robots_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


class LinktrailRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with RFC 9309 on failures and one line per problem.

    A robots.txt that answers 5xx, times out or cannot be reached means "disallow all" for that
    site in this run (crawler/robots.py), said in one warning line and counted under
    ``linktrail/robots/unreachable``; any other answer is parsed as Scrapy parses it, and its
    Crawl-delay (up to ``LINKTRAIL_MAX_CRAWL_DELAY`` seconds) spaces that site's requests.
    """

    def __init__(self, crawler: Crawler) -> None:
        # Scrapy's middleware switches itself off on ROBOTSTXT_OBEY=False; linktrail's never does (README: Politeness)
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise ValueError("ROBOTSTXT_OBEY=False: linktrail always obeys robots.txt; remove the setting")
        super().__init__(crawler)
        self.max_crawl_delay = crawler.settings.getfloat("LINKTRAIL_MAX_CRAWL_DELAY", 30.0)
        self.download_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = defer.Deferred()
            robots = Request(
                robots_url(request.url), priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True, "linktrail_robots": True}, callback=NO_CALLBACK,
            )
            try:
                response = await self.download_robots(robots, netloc)
            except Exception as exc:  # noqa: BLE001 - every failure is "unreachable"
                self._unreachable(netloc, robots.url, *self.failure_words(exc))
            else:
                if disallows_all(response.status):
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

    async def download_robots(self, robots: Request, netloc: str) -> Response:
        """The answer to ``netloc``'s robots.txt (crawl workers share it: crawler/scale/robots.py)."""
        assert self.crawler.engine is not None
        return await self.crawler.engine.download_async(robots)

    def failure_words(self, exc: Exception) -> tuple[str, str]:
        """Why robots.txt could not be read: the reason and its plain words."""
        return failure_reason(exc), failure_kind(exc).why

    def _unreachable(self, netloc: str, url: str, why: str, plain: str = "") -> None:
        self._stats.inc_value("linktrail/robots/unreachable")
        logger.warning("%s: %s; not crawling %s this run (%s)", url, why, netloc, UNREACHABLE)
        pending = self._parsers[netloc]
        parser: Any = DisallowAll(plain or why)
        self._parsers[netloc] = parser
        if isinstance(pending, defer.Deferred):
            pending.callback(parser)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, DisallowAll):
            self._stats.inc_value("linktrail/robots/refused")
            raise IgnoreRequest(f"robots.txt unreachable: {rp.why}" if rp.why else "robots.txt unreachable")
        super().process_request_2(rp, request)
        self._keep_crawl_delay(rp, request)

    def _keep_crawl_delay(self, rp: RobotParser | None, request: Request) -> None:
        """Space the site's requests at least its robots.txt Crawl-delay apart, cut to ``max_crawl_delay``.

        The delay goes on the site's download slot (and on the slot Scrapy would make again after
        its idle slots are dropped), and AutoThrottle is told not to lower it.
        """
        delay_of = getattr(rp, "crawl_delay", None)  # Protego's parser reads it; Scrapy's API does not ask
        if delay_of is None:
            return
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        asked = delay_of(agent)
        if not asked or asked <= 0:
            return
        delay = max(min(float(asked), self.max_crawl_delay), self.download_delay)
        request.meta["autothrottle_dont_adjust_delay"] = True
        assert self.crawler.engine is not None
        downloader = self.crawler.engine.downloader
        key = slot_of(request)
        kept = downloader.per_slot_settings.setdefault(key, {})
        if kept.get("delay", 0.0) < delay:
            kept["delay"] = delay
            self._stats.inc_value("linktrail/robots/crawl_delay")
            logger.info("%s: robots.txt asks Crawl-delay %g s; %g s between requests", key, asked, delay)
        slot = downloader.slots.get(key)
        if slot is not None and slot.delay < delay:
            slot.delay = delay


def _hand_on(result: Any, waiter: defer.Deferred[Any]) -> Any:
    """Fire ``waiter`` with a shared Deferred's result and keep the result for the next waiter."""
    waiter.callback(result)
    return result
