"""The discover spider: from seeds, best-first through blogrolls, commenters and outbound links."""

from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Response, TextResponse

from crawler.analysis import analyse
from crawler.clock import utcnow
from crawler.failures import failure_kind, seed_failed
from crawler.frontier import Candidate, Frontier
from crawler.headers import header_values
from crawler.hubs import HubLinks, hub_links, response_kind
from crawler.items import PageItem, TouchItem
from crawler.journal import Journal, resume
from crawler.linkfilters import home_of, is_binary_url, is_non_content
from crawler.memory import CarriedLink, CrawlMemory
from crawler.niche import NicheProfile, TermsMemo
from crawler.priorities import PROBE_SLUGS
from crawler.progress import PAGES_STAT, closing_stats
from crawler.recall import recall
from crawler.seeds import collect_seeds, split_seed_argument
from crawler.signals import site_broken
from crawler.spiders.handout import HandOutCount, feed_ahead
from crawler.timings import Timings, summary, timed
from crawler.urls import canonical_url, site_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

FINISHED_REASONS = frozenset({  # close reasons after which the job is complete and its journal can go
    "finished", "max_pages", "closespider_timeout", "closespider_itemcount", "closespider_pagecount",
    "closespider_errorcount"})


class DiscoverSpider(HandOutCount, scrapy.Spider):
    """Crawl from the seeds, analyse every page, and follow the links most likely to lead to the niche.

    Links go into the frontier, not straight to Scrapy: each callback hands Scrapy the best pending URLs of
    sites that have room, keeping about two requests per download slot queued. So the order is best-first
    over all sites, memory stays bounded, and the journal in the job directory lets a killed crawl resume.
    """

    name = "discover"

    def __init__(self, *args: Any, seeds: str | None = None, memory: CrawlMemory | None = None,
                 terms: TermsMemo | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What earlier runs stored, read by the floor above (pipelines.store.reads) when it built the crawl.
        self.memory = memory or CrawlMemory()
        self.terms = TermsMemo(0) if terms is None else terms  # the scored pages' terms, for the settle after
        self.arg_seeds = seeds  # `scrapy crawl discover -a seeds=URL[,URL...]` or `-a seeds=path/to/seeds.txt`
        self.outstanding = 0
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.known_sites: set[str] = set()
        self.seed_urls: list[str] = []
        self.journal: Journal | None = None
        self.resumed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DiscoverSpider:
        spider: DiscoverSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.profile = NicheProfile.from_keywords(
            s.getlist("LINKTRAIL_NICHE_KEYWORDS"), s.getlist("LINKTRAIL_NICHE_NEGATIVE"),
            name=s.get("LINKTRAIL_NICHE_NAME") or "", threshold=s.getfloat("LINKTRAIL_NICHE_THRESHOLD", 0.25),
        )
        per_site = max(s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 1), 1)
        spider.frontier = Frontier(
            spider.profile,
            max_pages=s.getint("LINKTRAIL_MAX_PAGES"),
            max_pages_per_site=s.getint("LINKTRAIL_MAX_PAGES_PER_SITE"),
            max_depth=s.getint("LINKTRAIL_MAX_DEPTH"), max_new_sites=s.getint("LINKTRAIL_MAX_NEW_SITES"),
            site_inflight=per_site + 1,  # one downloading, one waiting its turn in the slot
            off_niche_pages=s.getint("LINKTRAIL_OFF_NICHE_PAGES"), max_url_length=s.getint("URLLENGTH_LIMIT") or 2**30,
            max_feeds_per_site=s.getint("LINKTRAIL_MAX_FEEDS_PER_SITE", 2),
            max_sitemaps_per_site=s.getint("LINKTRAIL_MAX_SITEMAPS_PER_SITE", 3),
            max_post_age_days=s.getint("LINKTRAIL_MAX_POST_AGE_DAYS") or None,
        )
        spider.feed_ahead = feed_ahead(s)
        spider.seed_urls = list(s.getlist("LINKTRAIL_SEEDS"))
        spider.recheck_days = s.getfloat("LINKTRAIL_RECHECK_DAYS", 7)
        spider.revisit_days = s.getfloat("LINKTRAIL_REVISIT_DAYS", 30)
        spider.probe = s.getbool("LINKTRAIL_PROBE", True)
        spider.carry_over = s.getint("LINKTRAIL_CARRY_OVER", 500)
        jobdir = s.get("LINKTRAIL_JOBDIR")
        spider.journal = Journal(jobdir) if jobdir else None
        spider.timings = Timings() if s.getbool("LINKTRAIL_ANALYSIS_TIMINGS") else None
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._on_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._on_robots, signal=signals.robots_parsed)
        crawler.signals.connect(spider._on_site_broken, signal=site_broken)
        return spider

    profile: NicheProfile
    frontier: Frontier
    feed_ahead: int
    recheck_days: float
    revisit_days: float
    probe: bool
    carry_over: int
    timings: Timings | None

    # -- bookkeeping ------------------------------------------------------------------------

    def _stat(self, key: str, n: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"linktrail/{key}", n)

    def _seeds(self) -> list[str]:
        urls, files = split_seed_argument(self.arg_seeds or "")
        seeds, problems = collect_seeds(list(self.seed_urls) + urls, files)
        for p in problems:
            logger.warning("skipped %s", p)  # "seed #1: ..." or "FILE:LINE: ..."
            self._stat("seeds/bad")
        if not seeds:
            logger.error("no usable seeds: give URLs, a seeds file, or [seeds] in linktrail.toml")
        return seeds

    def _recall(self, seeds: set[str]) -> tuple[list[tuple[str, str, bool]], list[CarriedLink]]:
        """Earlier runs (``self.memory``): pages not due are seen, due ones and seeds get validators; returns
        the pages due again (url, site, is an opportunity) and links carried over to never-crawled sites."""
        memory = self.memory
        found = recall(memory.pages, seeds, datetime.now(UTC), recheck_days=self.recheck_days,
                       revisit_days=self.revisit_days)
        self.validators.update(found.validators)
        for url in found.not_due:
            self.frontier.mark_seen(url)
        due, kept = found.due, len(found.not_due)
        self.known_sites = set(memory.sites)
        if memory.pages or memory.sites:
            self._stat("incremental/known_pages", kept)
            self._stat("incremental/due_pages", len(due))
        return due, list(memory.carried[: self.carry_over] if self.carry_over else ())

    def _resume(self, journal: Journal) -> None:
        """Rebuild the frontier of an interrupted run from its journal and the pages it stored."""
        replay = journal.replay()
        done = resume(self.frontier, replay, self.memory.stored_since(replay.started) if replay.started else set())
        self.resumed = True
        self.known_sites = self.memory.sites_known_before(replay.started)  # what it found first is new to the crawl
        self._stat("resume/restored_pages", done.restored)
        self._stat("resume/refetched_pages", done.requeued)
        self._count_pages()
        if replay.bad_lines:  # a line cut short by the kill: skipped, counted
            self._stat("resume/journal_bad_lines", replay.bad_lines)
        self.crawler.stats.set_value("linktrail/resume/started", replay.started)  # type: ignore[union-attr]
        logger.info("resuming the crawl interrupted in %s (started %s): %d done, %d pending",
                    journal.dir, replay.started, done.restored, self.frontier.pending)

    # -- requests ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        seeds = self._seeds()
        canon_seeds: list[str] = []
        for url in seeds:
            try:
                canon_seeds.append(canonical_url(url))
            except ValueError:
                self._stat("seeds/bad")
        due, carried = self._recall(set(canon_seeds))
        started = utcnow()
        if self.journal is not None:
            if self.journal.exists():
                self._resume(self.journal)
            self.journal.open(started)
            self.frontier.on_admit = self.journal.admitted
        for url in canon_seeds:
            site = site_of(url)
            if self.frontier.add(url, site, kind="seed", seed=True) is None:
                self._stat("seeds/used")
        for url, site, opportunity in due:
            self._add(url, site, kind="recheck" if opportunity else "revisit", site_depth=1)
        for link in carried:
            self._add_link(link.to_url, "carried" if link.kind in (None, "content") else link.kind, link.anchor or "",
                           None, "", 0, link.from_url)
        for request in self._feed():
            yield request
        self._flush()

    def _feed(self) -> Iterator[scrapy.Request]:
        """Hand Scrapy the best pending URLs while fewer than ``feed_ahead`` requests are out."""
        frontier = self.frontier
        self._collect_handed_back()
        while self.outstanding < self.feed_ahead:
            candidate = frontier.next()
            if candidate is None:
                return
            self.outstanding += 1
            if self.journal is not None:
                self.journal.handed(candidate.url, candidate.site)
            yield self._request(candidate)

    def _request(self, c: Candidate) -> scrapy.Request:
        meta: dict[str, Any] = {"lt": c, "download_slot": c.site, **self._origin_meta()}
        # The page that linked here (Scrapy's RefererMiddleware: the page whose callback handed it out).
        headers: dict[str, str] = {"Referer": c.found_from} if c.found_from else {}
        validators = self.validators.get(c.url)
        if validators is not None:
            etag, last_modified = validators
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            meta["handle_httpstatus_list"] = [304]
            self._stat("incremental/conditional_requests")
        return scrapy.Request(c.url, callback=self.parse, errback=self.on_error, priority=c.priority,
                              meta=meta, headers=headers or None, dont_filter=True)

    def _add(self, url: str, site: str, **kwargs: Any) -> bool:
        refused = self.frontier.add(url, site, **kwargs)
        if refused is None:
            return True
        if refused != "seen":
            self._stat(f"frontier/refused/{refused}")
        return False

    def _add_link(self, url: str, kind: str, anchor: str, page_relevance: float | None, from_site: str,
                  from_depth: int, found_from: str | None, rank: int = 0, published: date | None = None) -> None:
        """Admit a link: same-site one hop deeper; another site's page with its home page; a post may rise."""
        if url in self.frontier.seen and kind != "post":  # most links of a page: its canonical form is itself, seen
            return
        if is_binary_url(url):
            self._stat("skipped/binary_url")
            return
        if is_non_content(url):
            self._stat("skipped/non_content")
            return
        try:
            canon = canonical_url(url)
        except ValueError:
            return
        if canon in self.frontier.seen and kind != "post":
            return
        site = site_of(canon)
        if site == from_site:
            self._add(canon, site, kind=kind, anchor=anchor, page_relevance=page_relevance,
                      site_depth=from_depth + 1, found_from=found_from, rank=rank, published=published)
            return
        if not self.frontier.knows_site(site):
            home = home_of(canon)
            added = self._add(home, site, kind="home", anchor=anchor, page_relevance=page_relevance,
                              found_from=found_from, via=kind)
            if home == canon or (not added and not self.frontier.knows_site(site)):
                return  # the home page itself, or refused (max_new_sites): not its pages either
        self._add(canon, site, kind=kind, anchor=anchor, page_relevance=page_relevance, rank=rank, published=published,
                  site_depth=0 if kind in ("home", "seed") else 1, found_from=found_from)

    def _flush(self) -> None:
        if self.journal is not None:
            self.journal.flush()

    def _ended(self, c: Candidate, stored: bool, final: str | None = None, page: bool = False,
               origin: str | None = None, *, dropped: bool = False) -> None:
        """A request ended; ``page``: a page fetched and analysed (or not modified), counted against the caps;
        ``dropped``: never fetched (the shared seen-set: another worker found it first)."""
        if not dropped:
            self._ended_home(c, dropped=False)
            if c.url in self.robots_later:  # read with another worker's request, now answered (or failed) here
                self._add_robots_sitemaps(c.site, self.robots_later.pop(c.url))
        if self._told_origin(c, page, origin):  # another worker's request: its frontier counts it
            return
        self._returned(c.site, c.hub, page)
        if self.journal is not None:
            self.journal.done(c.url, stored, final)

    def _count_pages(self) -> None:  # the budget's count, the one the progress and summary show
        self.crawler.stats.set_value(PAGES_STAT, self.frontier.pages)  # type: ignore[union-attr]

    # -- responses --------------------------------------------------------------------------

    def parse(self, response: Response) -> Iterator[Any]:
        """Route a response to the HTML, feed, sitemap or OPML handler; skip anything else."""
        c: Candidate | None = response.meta.get("lt")
        if c is None:  # a request made by someone else (scrapy shell, a test)
            c = Candidate(canonical_url(response.url), site_of(response.url), 0, "seed", None, 0)
        stored = page = False
        if response.status == 304:
            page = True
            self._stat("incremental/not_modified")
            headers = header_values(response.headers)
            yield TouchItem(url=c.url, fetched_at=utcnow(), etag=headers.get("etag"),
                            last_modified=headers.get("last-modified"))
        else:
            for out in self._route(response, c):
                if isinstance(out, PageItem):
                    stored = page = True
                yield out
        final = None
        if response.url != c.url:
            try:
                final = canonical_url(response.url)
                self.frontier.mark_seen(final)
            except ValueError:
                final = None
        self._ended(c, stored, final, page, response.meta.get("lt_origin"))
        yield from self._feed()
        self._flush()

    def _route(self, response: Response, c: Candidate) -> Iterator[Any]:
        ctype = (response.headers.get(b"Content-Type") or b"").lower()
        if not isinstance(response, TextResponse):
            self._stat("skipped/not_text")
            logger.info("skipped %s: not HTML or XML (%s)", response.url, ctype.decode("latin-1") or "no type")
            return
        kind = response_kind(ctype, response.body, c.kind)
        if kind == "page":
            yield from self.parse_page(response, c)
        elif kind == "bad_xml":
            self._stat("errors/bad_xml")
            logger.warning("%s: XML that is neither a feed, a sitemap nor OPML; skipped", response.url)
        elif kind.startswith("bad_"):
            self._stat(f"errors/{kind}")
            logger.warning("%s: linked as a %s but is not one; skipped", response.url, c.kind)
        else:
            self.parse_hub(kind, response, c)

    def parse_page(self, response: TextResponse, c: Candidate) -> Iterator[Any]:
        """Analyse an HTML page, yield its item, and admit its links into the frontier."""
        url = canonical_url(response.url)
        site = c.site if url == c.url else site_of(url)
        headers = header_values(response.headers)
        facts = timed(self.timings, analyse, response.url, response.body, headers, site_of=site_of)
        relevance, reasons = self.profile.score(facts.post.title, facts.post.text)  # tokenized once: page_terms
        self.terms.keep(url, facts.post.text)
        self._stat("pages_analysed")
        if facts.warnings:
            self._stat("pages_with_warnings")
        self._note_relevance(c, site, relevance, response.meta.get("lt_origin"))
        yield PageItem(
            url=url, site=site, fetched_url=response.url, status=response.status,
            fetched_at=utcnow(), depth=c.site_depth, facts=facts, found_from=c.found_from,
            found_via=c.kind, etag=headers.get("etag"), last_modified=headers.get("last-modified"),
            relevance=relevance, relevance_reasons=reasons,
        )
        depth = c.site_depth
        seen, votes = self.frontier.seen, relevance >= self.profile.threshold
        for link in facts.links:
            # _add_link's own first test, here: most of a page's links are seen already, and a call costs more
            if link.url not in seen or link.kind == "post":
                self._add_link(link.url, link.kind, link.anchor, relevance, site, depth, url)
            if votes and link.external:
                self.frontier.vote(site_of(link.url), url, relevance)
        is_home = urlsplit(url).path == "/" or c.kind in ("seed", "home")
        if is_home:
            for feed in facts.feeds[:1]:
                self._add_link(feed, "feed", "", relevance, site, depth, url)
            for sitemap in facts.sitemaps[:1]:
                self._add_link(sitemap, "sitemap", "", relevance, site, depth, url)
            if self.probe and relevance >= self.profile.threshold and not facts.guest_post.is_guest_post_page:
                home = home_of(url)
                for slug in PROBE_SLUGS:
                    if self._add(canonical_url(home + slug), site, kind="probe", page_relevance=relevance,
                                 site_depth=depth + 1, found_from=url):
                        self._stat("probes/sent")

    def parse_hub(self, kind: str, response: TextResponse, c: Candidate) -> None:
        """Admit the links of a feed, a sitemap or an OPML blogroll."""
        hub = hub_links(kind, response.body, response.url, self.frontier.max_pages_per_site)
        self._stat(hub.stat)
        if hub.error is not None:
            self._stat(hub.error)
            logger.warning("%s: %s", response.url, hub.problem)
        self._follow_all(c, hub)

    def _follow_all(self, c: Candidate, hub: HubLinks) -> None:
        relevance, dates = self.frontier.site_relevance(c.site), hub.dates or [None] * len(hub.links)
        for rank, ((url, anchor), published) in enumerate(zip(hub.links, dates, strict=True)):
            self._add_link(url, hub.follow_as, anchor, relevance, c.site, max(c.site_depth - 1, 0), c.url, rank=rank,
                           published=published)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """One line per failed fetch, saying what and where; the crawl goes on."""
        request = failure.request  # type: ignore[attr-defined]
        c: Candidate | None = request.meta.get("lt")
        what = failure_kind(failure.value, c.kind if c else None)
        self._stat(what.stat)
        logger.log(what.level, "fetch failed %s: %s", request.url, what.why)
        if c is not None and c.kind == "seed":
            seed_failed(self.crawler.stats, request.url, what)
        if c is not None:
            self._ended(c, False, origin=request.meta.get("lt_origin"))
        yield from self._feed()
        self._flush()

    # -- signals ----------------------------------------------------------------------------

    def _on_idle(self) -> None:
        """Nothing in flight: hand out more, or close (the frontier is empty, or the page cap is reached)."""
        if self.handback is None:  # a shared crawl's worker may be idle while others fetch its requests
            self.release_all()
        requests = list(self._feed())
        self._flush()
        if requests:
            assert self.crawler.engine is not None
            for request in requests:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        if self.frontier.exhausted:
            raise CloseSpider("max_pages")

    def _on_site_broken(self, site: str, reason: str) -> None:
        dropped = self.frontier.drop_site(site)
        self._stat("breaker/dropped", dropped)
        if self.journal is not None:
            self.journal.broken(site)

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        for name, value in closing_stats(self.frontier, self.known_sites, summary(self.timings)).items():
            stats.set_value(f"linktrail/{name}", value)
        if self.journal is not None:
            self.journal.close()
            if reason in FINISHED_REASONS:
                shutil.rmtree(self.journal.dir, ignore_errors=True)
            else:
                logger.info("crawl stopped (%s): run it again to resume from %s", reason, self.journal.dir)
