"""The discover spider: from seeds, best-first through blogrolls, commenters and outbound links."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from crawler.analysis import analyse
from crawler.feeds import feed_links, looks_like, opml_links
from crawler.frontier import Frontier
from crawler.items import PageItem
from crawler.niche import NicheProfile
from crawler.seeds import collect_seeds
from crawler.urls import canonical_url, is_loopback_host, site_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml")
XML_TYPES = (b"xml", b"rss", b"atom", b"text/x-opml")


class DiscoverSpider(scrapy.Spider):
    """Crawl from the seeds, analyse every page, and follow the links most likely to lead to the niche."""

    name = "discover"

    def __init__(self, *args: Any, seeds: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `scrapy crawl discover -a seeds=URL[,URL...]` or `-a seeds=path/to/seeds.txt`.
        self.arg_seeds = seeds

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DiscoverSpider:
        spider: DiscoverSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.profile = NicheProfile.from_keywords(
            s.getlist("LINKTRAIL_NICHE_KEYWORDS"), s.getlist("LINKTRAIL_NICHE_NEGATIVE"),
            threshold=s.getfloat("LINKTRAIL_NICHE_THRESHOLD", 0.25),
        )
        spider.frontier = Frontier(
            spider.profile,
            max_pages=s.getint("LINKTRAIL_MAX_PAGES"),
            max_pages_per_site=s.getint("LINKTRAIL_MAX_PAGES_PER_SITE"),
            max_depth=s.getint("LINKTRAIL_MAX_DEPTH"),
            max_new_sites=s.getint("LINKTRAIL_MAX_NEW_SITES"),
        )
        spider.seed_urls = list(s.getlist("LINKTRAIL_SEEDS"))
        spider.loopback_only = s.getbool("LINKTRAIL_LOOPBACK_ONLY")
        return spider

    profile: NicheProfile
    frontier: Frontier
    seed_urls: list[str]
    loopback_only: bool

    def _stat(self, key: str, n: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"linktrail/{key}", n)

    def _seeds(self) -> list[str]:
        urls, files = list(self.seed_urls), []
        if self.arg_seeds:
            for part in self.arg_seeds.split(","):
                part = part.strip()
                if part and "://" not in part and Path(part).exists():
                    files.append(part)
                elif part:
                    urls.append(part)
        seeds, problems = collect_seeds(urls, files)
        for p in problems:
            logger.warning("bad seed %s", p)
            self._stat("seeds/bad")
        if not seeds:
            logger.error("no usable seeds: give URLs, a seeds file, or [seeds] in linktrail.toml")
        return seeds

    async def start(self) -> AsyncIterator[Any]:
        for url in self._seeds():
            request = self._request(url, kind="seed", anchor="", page_relevance=None, site_depth=0,
                                    found_from=None, seed=True)
            if request is not None:
                self._stat("seeds/used")
                yield request

    def _request(
        self, url: str, *, kind: str, anchor: str, page_relevance: float | None, site_depth: int,
        found_from: str | None, seed: bool = False,
    ) -> scrapy.Request | None:
        try:
            canon = canonical_url(url)
        except ValueError:
            return None
        if self.loopback_only and not is_loopback_host(urlsplit(canon).hostname or ""):
            self._stat("frontier/refused/not_loopback")
            return None
        site = site_of(canon)
        new_site = not self.frontier.knows_site(site)
        refused = self.frontier.admit(canon, site, site_depth, seed=seed)
        if refused:
            if refused != "seen":
                self._stat(f"frontier/refused/{refused}")
            return None
        if new_site:
            self._stat("sites_discovered")
        priority = self.frontier.priority(
            canon, anchor, kind, new_site=new_site, page_relevance=page_relevance, site_depth=site_depth
        )
        return scrapy.Request(
            canon, callback=self.parse, errback=self.on_error, priority=priority,
            meta={"kind": kind, "site": site, "site_depth": site_depth, "found_from": found_from},
        )

    def parse(self, response: Response) -> Iterator[Any]:
        """Route a response to the HTML, feed, sitemap or OPML handler; skip anything else."""
        ctype = response.headers.get(b"Content-Type", b"").lower()
        if not isinstance(response, TextResponse):
            self._stat("skipped/not_text")
            logger.info("skipped %s: not HTML or XML (%s)", response.url, ctype.decode("latin-1") or "no type")
            return
        head = response.body[:512].lstrip().lower()
        if any(t in ctype for t in HTML_TYPES) and not head.startswith(b"<?xml"):
            yield from self.parse_page(response)
            return
        kind = looks_like(response.body)
        if kind == "sitemap":
            yield from self.parse_sitemap(response)
        elif kind == "feed":
            yield from self.parse_feed(response)
        elif kind == "opml":
            yield from self.parse_opml(response)
        elif any(t in ctype for t in XML_TYPES) or head.startswith(b"<?xml"):
            self._stat("skipped/unknown_xml")
            logger.info("skipped %s: XML that is neither a feed, a sitemap nor OPML", response.url)
        else:
            yield from self.parse_page(response)

    def parse_page(self, response: TextResponse) -> Iterator[Any]:
        meta = response.meta
        url = canonical_url(response.url)
        site = meta.get("site") or site_of(url)
        facts = analyse(response.url, response.body, _headers(response), site_of=site_of)
        relevance, reasons = self.profile.score(facts.post.title, facts.post.text)
        self._stat("pages_analysed")
        if facts.warnings:
            self._stat("pages_with_warnings")
        yield PageItem(
            url=url, site=site, fetched_url=response.url, status=response.status,
            fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            depth=int(meta.get("depth", 0)), facts=facts, found_from=meta.get("found_from"),
            found_via=meta.get("kind"), etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            relevance=relevance, relevance_reasons=reasons,
        )
        site_depth = int(meta.get("site_depth", 0))
        for link in facts.links:
            target_site = site_of(link.url)
            same = target_site == site
            depth = site_depth + 1 if same else 0
            request = self._request(
                link.url, kind=link.kind, anchor=link.anchor, page_relevance=relevance,
                site_depth=depth, found_from=url,
            )
            if request is not None:
                yield request
                if not same:
                    # A new site: its home page too, so its blogroll and recent posts are seen.
                    home = self._request(
                        urljoin(link.url, "/"), kind="home", anchor=link.anchor,
                        page_relevance=relevance, site_depth=0, found_from=url,
                    )
                    if home is not None:
                        yield home
        for feed in facts.feeds[:1] + facts.sitemaps[:1]:
            kind = "sitemap" if feed in facts.sitemaps else "feed"
            request = self._request(feed, kind=kind, anchor="", page_relevance=relevance,
                                    site_depth=site_depth + 1, found_from=url)
            if request is not None:
                yield request

    def parse_feed(self, response: TextResponse) -> Iterator[Any]:
        self._stat("feeds_parsed")
        links = feed_links(response.body, response.url)
        if not links:
            self._stat("errors/bad_feed")
            logger.warning("feed %s: no entries could be read", response.url)
        yield from self._follow_all(response, links, "feed")

    def parse_sitemap(self, response: TextResponse) -> Iterator[Any]:
        self._stat("sitemaps_parsed")
        try:
            sitemap = Sitemap(response.body)
            urls = [urljoin(response.url, e["loc"]) for e in sitemap if e.get("loc")]
        except Exception as exc:  # noqa: BLE001 - any malformed XML is one bad sitemap
            self._stat("errors/bad_sitemap")
            logger.warning("sitemap %s: cannot be read (%s)", response.url, exc)
            return
        kind = "sitemap"
        yield from self._follow_all(response, [(u, "") for u in urls], kind)

    def parse_opml(self, response: TextResponse) -> Iterator[Any]:
        self._stat("opml_parsed")
        links = opml_links(response.body, response.url)
        if not links:
            self._stat("errors/bad_opml")
            logger.warning("OPML %s: no outlines with URLs", response.url)
        yield from self._follow_all(response, links, "blogroll")

    def _follow_all(self, response: TextResponse, links: list[tuple[str, str]], kind: str) -> Iterator[Any]:
        site = response.meta.get("site") or site_of(response.url)
        site_depth = int(response.meta.get("site_depth", 0))
        for url, anchor in links:
            same = site_of(url) == site
            request = self._request(url, kind=kind, anchor=anchor, page_relevance=None,
                                    site_depth=site_depth if same else 0, found_from=response.url)
            if request is not None:
                yield request

    def on_error(self, failure: Failure) -> None:
        """One line per failed fetch, saying what and where; the crawl goes on."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest):
            # robots.txt forbids it, or loopback_only refused it: a decision, not an error.
            self._stat("ignored")
            logger.debug("not fetched %s: %s", request.url, failure.getErrorMessage())
            return
        kind = failure.type.__name__ if failure.type else "error"
        status = getattr(getattr(failure.value, "response", None), "status", None)
        if status is not None:
            kind = f"http_{status}"
        self._stat(f"errors/{kind}")
        logger.warning("fetch failed %s: %s", request.url, status or failure.getErrorMessage() or kind)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}


def path_of(url: str) -> str:
    return urlsplit(url).path
