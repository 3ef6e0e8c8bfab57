"""The discover spider's count of requests out, in one process or as one worker of a shared crawl; as a worker,
what it hears of its sites' verdicts and robots.txt from the others."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.linkfilters import home_of
from crawler.urls import site_of

if TYPE_CHECKING:
    from datetime import date

    import scrapy
    from scrapy.settings import BaseSettings

    from crawler.frontier import Candidate, Frontier


# A worker of a crawl shared through Redis with a download delay keeps this many requests out per place in
# CONCURRENT_REQUESTS (one process: 2). Its requests wait in the shared queue for their sites' turns
# (crawler/scale/queue.py hands out only a site that may start now), and a request waiting there counts as out
# here: with two per place, two workers at 32 kept at most 128 requests queued for a 200-site crawl at 1 s, and a
# site whose turn came round often had none (issue 23: 4.4 s a site of turns missed against 2.1 s with eight).
SHARED_FEED_PER_PLACE = 8


def feed_ahead(settings: BaseSettings) -> int:
    """How many requests the spider keeps out (handed to Scrapy and not yet answered)."""
    places = settings.getint("CONCURRENT_REQUESTS", 16)
    if settings.get("LINKTRAIL_REDIS_URL") and settings.getfloat("DOWNLOAD_DELAY") > 0:
        return max(SHARED_FEED_PER_PLACE * places, 4)
    return max(2 * places, 4)


def _home_page(c: Candidate) -> bool:
    """A site's home page, whose verdict a worker may wait for: handed out as one, or reached by another link
    (by a worker that knew the site already)."""
    return c.kind == "home" or c.url == home_of(c.url)


class HandOutCount:
    """Requests the spider handed out and not yet heard back from: its feed-ahead and its frontier's sites in flight.

    As one worker of a shared crawl (``handback`` set by crawler/scale/scheduler.py), another worker
    may end a request this one handed out: it says so through crawler/scale/handback.py, and this
    one frees the site when it next feeds. Whoever ends a request made elsewhere tells its origin.
    """

    handback: Any = None  # crawler/scale/handback.HandBack for a worker of a shared crawl
    read_for_others: dict[str, float]  # relevance of pages read here for requests another worker handed out
    awaiting: dict[str, str]  # home page URL -> site: dropped here as seen, its verdict awaited (handback.py)
    robots_later: dict[str, list[str]]  # another worker's request -> its site's robots sitemaps, read here
    frontier: Frontier
    outstanding: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_for_others = {}
        self.awaiting = {}
        self.robots_later = {}

    def _stat(self, key: str, n: int = 1) -> None:
        raise NotImplementedError

    def _count_pages(self) -> None:
        raise NotImplementedError

    def _add_link(self, url: str, kind: str, anchor: str, page_relevance: float | None, from_site: str,
                  from_depth: int, found_from: str | None, rank: int = 0, published: date | None = None) -> None:
        raise NotImplementedError

    def _ended(self, c: Candidate, stored: bool, final: str | None = None, page: bool = False,
               origin: str | None = None, *, dropped: bool = False) -> None:
        raise NotImplementedError

    def _origin_meta(self) -> dict[str, str]:
        """What a request carries so that whoever ends it can tell this worker (nothing in one process)."""
        return {} if self.handback is None else {"lt_origin": self.handback.worker}

    def _told_origin(self, c: Candidate, page: bool, origin: str | None) -> bool:
        """Another worker handed this request out: tell it (it counts it), and count nothing here."""
        if self.handback is None or self.handback.mine(origin):
            return False
        self.handback.tell(origin, c.site, c.hub, page, self.read_for_others.pop(c.url, None))
        return True

    def _note_relevance(self, c: Candidate, site: str, relevance: float, origin: str | None) -> None:
        """A page of ``site`` was read (for ``c``): its relevance ranks the site's pending pages.

        As a worker reading a page another worker handed out, this one counts the page against the
        site's caps here too (the links it adds next are the site's pages), and keeps its relevance
        for the word back to the origin, which holds the site's pending pages.
        """
        if self.handback is not None and not self.handback.mine(origin):
            self.frontier.read_here(site)
            self.read_for_others[c.url] = relevance
        if self.handback is not None and _home_page(c):
            self.handback.publish(c.url, relevance)  # for a worker whose own request for it was dropped
            if c.url in self.awaiting:  # that worker is this one: its verdict is here
                self.frontier.verdict(self.awaiting.pop(c.url), relevance, read_here=True)
                return
        self.frontier.note_relevance(site, relevance)

    def _collect_handed_back(self) -> None:
        """This worker's requests that other workers ended since it last fed, and the verdicts it waits for."""
        for site, hub, page, relevance in self.handback.collect() if self.handback is not None else ():
            self._stat("frontier/handed_back")
            self._returned(site, hub, page, relevance)
        self._collect_verdicts()

    def _collect_verdicts(self, *, final: bool = False) -> None:
        """The verdicts of the home pages this worker waits for that have come; with ``final`` (nothing is out
        anywhere) the others end the wait without one, as a home page request that failed does."""
        if not self.awaiting or self.handback is None:
            return
        came = self.handback.verdicts(list(self.awaiting))
        for url in [u for u in self.awaiting if u in came or final]:
            self._stat("frontier/verdicts_from_others")
            self.frontier.verdict(self.awaiting.pop(url), came.get(url))

    def _ended_home(self, c: Candidate, dropped: bool) -> bool:
        """A home page request ended here. As one worker of a shared crawl: fetched here (not ``dropped``), its
        verdict is written for the others if no page said one; dropped as seen (another worker fetches it) while
        its site waits for it, the wait goes on for that worker's verdict (True: counted here as ended)."""
        if self.handback is None or not _home_page(c):
            return False
        if not dropped:
            self.handback.publish(c.url, None)
            return False
        if not self.frontier.judging(c.site, c.url):
            return False
        self.awaiting[c.url] = c.site
        self._returned(c.site, False, False, judged_elsewhere=True)
        return True

    def _returned(self, site: str, hub: bool, page: bool, relevance: float | None = None, *,
                  judged_elsewhere: bool = False) -> None:
        self.outstanding = max(self.outstanding - 1, 0)
        if relevance is not None:  # read by another worker: known here before the site may send again
            self.frontier.note_relevance(site, relevance)
        self.frontier.done(site, hub=hub, page=page, judged_elsewhere=judged_elsewhere)
        if page:
            self._count_pages()

    def release_all(self) -> None:
        """Nothing this spider handed out is out anywhere any more: every site may send again."""
        for site, hub, page, relevance in self.handback.collect(force=True) if self.handback is not None else ():
            self._returned(site, hub, page, relevance)
        self._collect_verdicts(final=True)
        self.outstanding = 0
        # Sites still marked in flight here although nothing is out: a request ended where this spider was
        # never told (as one worker of a shared crawl: a worker killed while holding one).
        held = self.frontier.reset_inflight()
        if held:
            self._stat("frontier/held_when_idle", held)

    def _on_dropped(self, request: scrapy.Request) -> None:
        """The scheduler refused a request (the shared seen-set: another worker found it first): it is not out."""
        c: Candidate | None = request.meta.get("lt")
        if c is not None and not self._ended_home(c, dropped=True):
            self._ended(c, False, origin=request.meta.get("lt_origin"), dropped=True)

    def _on_robots(self, robotparser: Any, request: scrapy.Request) -> None:
        """A robots.txt was read: its ``Sitemap:`` lines are hubs of that site."""
        sitemaps = list(getattr(getattr(robotparser, "rp", None), "sitemaps", None) or ())[:3]
        c: Candidate | None = request.meta.get("lt")
        if sitemaps and c is not None and self.handback is not None and not self.handback.mine(
                request.meta.get("lt_origin")):
            # Another worker's request (its frontier judges the site): here, as in one process, the site's
            # sitemaps wait for the answer to it (an off-niche home page reads none), so until it ends here.
            self.robots_later[c.url] = sitemaps
            return
        self._add_robots_sitemaps(site_of(request.url), sitemaps)

    def _add_robots_sitemaps(self, site: str, sitemaps: list[str]) -> None:
        for rank, url in enumerate(sitemaps):
            self._add_link(url, "robots", "", self.frontier.site_relevance(site), site, 0, None, rank=rank)
            self._stat("robots_sitemaps")
