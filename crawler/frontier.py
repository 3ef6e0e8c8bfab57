"""The best-first frontier: what to fetch next, with caps per site and per run, in bounded memory."""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.niche import NicheProfile

# Base priority by how a URL was found. Links to new sites through blogrolls and commenters'
# names are the best discovery signals; navigation is the weakest.
KIND_PRIORITY = {
    "seed": 1000, "home": 400, "blogroll": 300, "commenter": 280, "feed": 220, "robots": 200,
    "sitemap": 120, "content": 140, "probe": 260, "nav": 60, "carried": 250,
    "recheck": 240, "revisit": 90,
}
NEW_SITE_BONUS = 100
NICHE_LINK_WEIGHT = 200
RELEVANCE_WEIGHT = 150
SITE_DEPTH_PENALTY = 25
# Longer URLs are refused, as Scrapy's UrlLengthMiddleware would (URLLENGTH_LIMIT); the frontier
# checks before a Request is built, so the crawl runs without that middleware.
MAX_URL_LENGTH = 2083
# Once a page of a site has been read, every pending URL of that site moves by this much per
# unit of relevance above or below the niche threshold: on-niche sites rise, off-niche sink.
SITE_RELEVANCE_WEIGHT = 400
# With a cap (LINKTRAIL_OFF_NICHE_PAGES), a site whose pages read so far are all off-niche gets
# no more than that many pages a run; by default (0) such sites only sink in the order.
OFF_NICHE_PAGES = 0
# Entries of a feed or sitemap come newest first; each later one loses a little.
RANK_PENALTY = 2

# Pages worth a visit on any relevant site: where guest posts and contacts are.
OUTREACH_SLUG = re.compile(
    r"/(write-for-us|guest-post|guest-posts|guest-blogging|contribute|submissions?|"
    r"become-a-contributor|contact|contact-us|about)(/|\.html?)?$",
    re.IGNORECASE,
)
OUTREACH_BONUS = 150

# Slugs probed on relevant sites that link to no guest-post page of their own.
PROBE_SLUGS = ("write-for-us/", "contact/")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A URL the frontier hands out: where it leads, how it was found, how good it looked."""

    url: str
    site: str
    site_depth: int
    kind: str
    found_from: str | None
    priority: int


class _Site:
    """Per-site state: pending URLs (a heap), counters, relevance, in-flight requests."""

    __slots__ = ("broken", "handed", "heap", "inflight", "relevance", "seed", "version")

    def __init__(self, seed: bool) -> None:
        self.heap: list[tuple[int, int, str, int, str, str | None]] = []
        self.handed = 0
        self.inflight = 0
        self.relevance: float | None = None
        self.broken = False
        self.version = 0
        self.seed = seed


class Frontier:
    """Admission and order of URLs: a seen-set checked before any Request is built.

    ``add`` admits a URL into its site's pending heap (or says why not: seen, url_too_long, max_depth,
    max_new_sites, max_pages_per_site, binary); ``next`` hands out the best pending URL of all
    sites that have room (fewer than ``site_inflight`` requests out, under their page cap), so
    one slow or busy site never blocks the others; ``done`` tells that a request of a site ended.
    Memory stays bounded: a site keeps at most ``pending_per_site`` pending URLs (the best ones).
    """

    def __init__(
        self, profile: NicheProfile, *, max_pages: int = 2000, max_pages_per_site: int = 40,
        max_depth: int = 4, max_new_sites: int = 500, site_inflight: int = 1,
        pending_per_site: int | None = None, off_niche_pages: int = OFF_NICHE_PAGES,
        max_url_length: int = MAX_URL_LENGTH,
    ) -> None:
        self.profile = profile
        self.max_url_length = max_url_length
        self.max_pages = max_pages
        self.max_pages_per_site = max_pages_per_site
        self.max_depth = max_depth
        self.max_new_sites = max_new_sites
        self.site_inflight = max(site_inflight, 1)
        self.off_niche_pages = off_niche_pages
        self.pending_per_site = pending_per_site or max(2 * max_pages_per_site, 64)
        self.seen: set[str] = set()
        self.sites: dict[str, _Site] = {}
        self.handed = 0
        self.new_sites = 0
        self.pending = 0
        self.refused: dict[str, int] = {}
        self._ready: list[tuple[int, int, str, int]] = []
        self._seq = itertools.count()
        # Called with (url, site, priority, site_depth, kind, found_from) for each admitted URL.
        self.on_admit: Callable[[str, str, int, int, str, str | None], None] | None = None

    # -- admission -------------------------------------------------------------------------

    def knows_site(self, site: str) -> bool:
        return site in self.sites

    def add(
        self, url: str, site: str, *, kind: str = "content", anchor: str = "",
        page_relevance: float | None = None, site_depth: int = 0, found_from: str | None = None,
        seed: bool = False, rank: int = 0,
    ) -> str | None:
        """Admit ``url`` (canonical) as pending; None when admitted, else the reason it was not."""
        if url in self.seen:
            return "seen"
        if len(url) > self.max_url_length:
            return self._refuse("url_too_long")
        if site_depth > self.max_depth and not seed:
            return self._refuse("max_depth")
        state = self.sites.get(site)
        new_site = state is None
        if state is None:
            if not seed and self.new_sites >= self.max_new_sites:
                return self._refuse("max_new_sites")
            state = self.sites[site] = _Site(seed)
            self.new_sites += 0 if seed else 1
        if state.broken:
            return self._refuse("site_broken")
        if not seed and self._capped(state):
            return self._refuse("max_pages_per_site" if state.handed >= self.max_pages_per_site else "off_niche")
        priority = self.priority(url, anchor, kind, new_site=new_site and not seed,
                                 page_relevance=page_relevance, site_depth=site_depth) - RANK_PENALTY * rank
        self.seen.add(url)
        heapq.heappush(state.heap, (-priority, next(self._seq), url, site_depth, kind, found_from))
        self.pending += 1
        if self.on_admit is not None:
            self.on_admit(url, site, priority, site_depth, kind, found_from)
        if len(state.heap) > 2 * self.pending_per_site:
            self._prune(state)
        self._offer(site, state)
        return None

    def readmit(self, url: str, site: str, priority: int, site_depth: int, kind: str,
                found_from: str | None) -> None:
        """Put back a URL an interrupted run admitted, with its priority (no caps checked but seen)."""
        if url in self.seen:
            return
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = _Site(kind == "seed")
            self.new_sites += 0 if kind == "seed" else 1
        if state.broken:
            return
        self.seen.add(url)
        heapq.heappush(state.heap, (-priority, next(self._seq), url, site_depth, kind, found_from))
        self.pending += 1
        self._offer(site, state)

    def reset_inflight(self) -> None:
        """Nothing is in flight (the engine is idle): every site may send again."""
        for site, state in self.sites.items():
            if state.inflight:
                state.inflight = 0
                self._offer(site, state)

    def mark_seen(self, url: str) -> None:
        """Never admit ``url`` in this run (already stored and not due, or fetched through a redirect)."""
        self.seen.add(url)

    def _refuse(self, reason: str) -> str:
        self.refused[reason] = self.refused.get(reason, 0) + 1
        return reason

    def _prune(self, state: _Site) -> None:
        keep = heapq.nsmallest(self.pending_per_site, state.heap)
        dropped = len(state.heap) - len(keep)
        for entry in state.heap:
            self.seen.discard(entry[2])
        for entry in keep:
            self.seen.add(entry[2])
        heapq.heapify(keep)
        state.heap = keep
        self.pending -= dropped
        self.refused["pruned"] = self.refused.get("pruned", 0) + dropped

    # -- order -----------------------------------------------------------------------------

    def priority(
        self, url: str, anchor: str, kind: str, *, new_site: bool, page_relevance: float | None,
        site_depth: int,
    ) -> int:
        """Best first: niche words in anchor and URL, the linking page's relevance, the link's kind."""
        score = KIND_PRIORITY.get(kind, 100)
        score += int(NICHE_LINK_WEIGHT * self.profile.link_score(anchor, url))
        if page_relevance is not None:
            score += int(RELEVANCE_WEIGHT * page_relevance)
        if new_site:
            score += NEW_SITE_BONUS
        if OUTREACH_SLUG.search(urlsplit(url).path) and (page_relevance or 0) >= self.profile.threshold:
            score += OUTREACH_BONUS
        return score - SITE_DEPTH_PENALTY * site_depth

    def site_bonus(self, site: str) -> int:
        """How much a site's pages move once its relevance is known (0 while unknown)."""
        state = self.sites.get(site)
        if state is None or state.relevance is None:
            return 0
        return int(SITE_RELEVANCE_WEIGHT * (state.relevance - self.profile.threshold))

    def note_relevance(self, site: str, relevance: float | None) -> None:
        """A page of ``site`` was read: keep the site's best relevance, re-rank its pending URLs."""
        state = self.sites.get(site)
        if state is None or relevance is None:
            return
        if state.relevance is None or relevance > state.relevance:
            state.relevance = relevance
            if self._capped(state):
                self._drop_pending(state)
            self._offer(site, state)

    def site_relevance(self, site: str) -> float | None:
        state = self.sites.get(site)
        return None if state is None else state.relevance

    def _capped(self, state: _Site) -> bool:
        """The site has had its pages for this run: the cap, or the off-niche allowance."""
        if state.handed >= self.max_pages_per_site:
            return True
        off_niche = state.relevance is not None and state.relevance < self.profile.threshold
        return off_niche and 0 < self.off_niche_pages <= state.handed

    def _has_room(self, state: _Site) -> bool:
        return not state.broken and state.inflight < self.site_inflight and not self._capped(state)

    def _offer(self, site: str, state: _Site) -> None:
        """(Re)enter the site in the ready heap under its best pending URL, if it may send one."""
        if not state.heap or not self._has_room(state):
            return
        state.version += 1
        key = state.heap[0][0] - self.site_bonus(site)
        heapq.heappush(self._ready, (key, next(self._seq), site, state.version))

    @property
    def exhausted(self) -> bool:
        """The run's page cap is reached."""
        return self.handed >= self.max_pages

    def next(self) -> Candidate | None:
        """The best pending URL on a site with room, counted as handed out; None when there is none now."""
        if self.exhausted:
            return None
        while self._ready:
            _key, _seq, site, version = heapq.heappop(self._ready)
            state = self.sites[site]
            if version != state.version or not state.heap or not self._has_room(state):
                continue
            neg, _s, url, depth, kind, found_from = heapq.heappop(state.heap)
            self.pending -= 1
            state.handed += 1
            state.inflight += 1
            self.handed += 1
            if self._capped(state):
                self._drop_pending(state)
            self._offer(site, state)
            return Candidate(url, site, depth, kind, found_from, -neg)
        return None

    def done(self, site: str) -> None:
        """A request of ``site`` handed out by ``next`` has ended (response or failure)."""
        state = self.sites.get(site)
        if state is None or state.inflight == 0:
            return
        state.inflight -= 1
        self._offer(site, state)

    def _drop_pending(self, state: _Site) -> int:
        n = len(state.heap)
        state.heap = []
        self.pending -= n
        return n

    def drop_site(self, site: str) -> int:
        """Stop a site for this run (circuit breaker): its pending URLs go; returns how many."""
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = _Site(False)
        state.broken = True
        return self._drop_pending(state)

    def restore(self, url: str, site: str, *, seed: bool = False) -> None:
        """Count a page handed out in an earlier, interrupted run of the same job."""
        self.seen.add(url)
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = _Site(seed)
            self.new_sites += 0 if seed else 1
        state.handed += 1
        self.handed += 1

    def stats(self) -> dict[str, int]:
        """Counters for the crawl's stats."""
        return {"handed": self.handed, "pending": self.pending, "sites": len(self.sites),
                "new_sites": self.new_sites}
