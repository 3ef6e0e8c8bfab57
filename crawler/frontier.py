"""The best-first frontier: what to fetch next, with caps per site and per run, in bounded memory."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from datetime import date
from functools import partial
from operator import lt

from crawler.clock import today as local_today
from crawler.niche import NicheProfile
from crawler.priorities import (
    HOME_PRIORITY,
    HUB_KINDS,
    KIND_PRIORITY,
    MAX_FEEDS_PER_SITE,
    MAX_SITEMAPS_PER_SITE,
    MAX_URL_LENGTH,
    MAX_VOTES,
    OFF_NICHE_PAGES,
    SITE_RELEVANCE_WEIGHT,
    STALE_POST_PRIORITY,
    VOTE_WEIGHT,
    entry_penalty,
    link_priority,
)
from crawler.sharedsites import SharedSites
from crawler.sitestate import Candidate, Entry, SiteState


class Frontier(SharedSites):
    """Admission and order of URLs: a seen-set checked before any Request is built.

    ``add`` admits a URL into its site's pending pages or hubs (or says why not: seen, url_too_long, max_depth,
    max_new_sites, max_pages_per_site, off_niche, max_feeds_per_site, max_sitemaps_per_site); ``next``
    hands out the best pending URL of all sites that have room (fewer than ``site_inflight`` requests out,
    under their page cap), so one slow or busy site never blocks the others; ``done`` tells that a request
    ended and whether it was a page. The page caps (``max_pages``, ``max_pages_per_site``) count pages
    fetched and analysed (``page_fetched``): a request refused before it is sent, failed, or not a page
    costs nothing; pages out are reserved so the caps are never overshot. Near the end of the budget a page
    waits rather than take a place that better pages pending on busy sites (one request at a time each)
    need. A site's feeds and sitemaps go before its pages (so its newest posts come first) once the site
    reads as on-niche, outside the page budget, under their own per-site caps. Memory stays bounded: a site
    keeps at most ``pending_per_site`` pending URLs (the best ones).
    """

    def __init__(
        self, profile: NicheProfile, *, max_pages: int = 2000, max_pages_per_site: int = 40,
        max_depth: int = 4, max_new_sites: int = 500, site_inflight: int = 1,
        pending_per_site: int | None = None, off_niche_pages: int = OFF_NICHE_PAGES,
        max_url_length: int = MAX_URL_LENGTH, max_feeds_per_site: int = MAX_FEEDS_PER_SITE,
        max_sitemaps_per_site: int = MAX_SITEMAPS_PER_SITE, max_post_age_days: int | None = None,
        today: date | None = None,
    ) -> None:
        self.profile = profile
        self.max_post_age_days = max_post_age_days  # posts dated older wait for nothing better (None: no gate)
        self.today = today or local_today()
        self.max_url_length = max_url_length
        self.max_pages = max_pages
        self.max_pages_per_site = max_pages_per_site
        self.max_depth = max_depth
        self.max_new_sites = max_new_sites
        self.site_inflight = max(site_inflight, 1)
        self.off_niche_pages = off_niche_pages
        self.hub_caps = {"feed": max_feeds_per_site, "sitemap": max_sitemaps_per_site}
        self.pending_per_site = pending_per_site or max(2 * max_pages_per_site, 64)
        self.seen: set[str] = set()
        self.sites: dict[str, SiteState] = {}
        self.handed = 0  # requests handed out (pages and hubs)
        self.pages = 0  # pages fetched and analysed: what the page caps count
        self.reserved = 0
        self.new_sites = 0
        self.pending = 0
        self.refused: dict[str, int] = {}
        self._busy: set[str] = set()  # sites with requests out
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
        seed: bool = False, rank: int = 0, via: str = "", published: date | None = None,
    ) -> str | None:
        """Admit ``url`` (canonical) as pending; None when admitted, else the reason it was not.

        A URL already pending on ``site`` rises when admitted again with a higher priority (a post
        linked from the home page, then listed first in the feed), or sinks to the bottom when its
        ``published`` date says it is past the age gate. ``via`` is how a new site's home page was found
        (blogroll, commenter, content). A post's date orders it whichever feed or sitemap gave it.
        """
        state = self.sites.get(site)
        if url in self.seen:
            if state is not None and url in state.queued:
                self._raise(site, state, url, self._score(url, anchor, kind, page_relevance, site_depth, rank, via,
                                                          state, new_site=False, published=published))
            return "seen"
        if len(url) > self.max_url_length:
            return self._refuse("url_too_long")
        if site_depth > self.max_depth and not seed:
            return self._refuse("max_depth")
        new_site = state is None
        if state is None:
            if not seed and self.new_sites >= self.max_new_sites:
                return self._refuse("max_new_sites")
            state = self.sites[site] = SiteState(seed)
            self.new_sites += 0 if seed else 1
        if state.broken:
            return self._refuse("site_broken")
        if kind in HUB_KINDS:
            if not self._hubs_wanted(state):
                return self._refuse("off_niche")  # never handed out: it must not stay pending
            group = "feed" if kind == "feed" else "sitemap"
            if state.hubs_taken.get(group, 0) >= self.hub_caps[group]:
                return self._refuse(f"max_{group}s_per_site")
            state.hubs_taken[group] = state.hubs_taken.get(group, 0) + 1
        elif not seed and self._capped(state, final=True):
            return self._refuse("max_pages_per_site" if state.pages >= self.max_pages_per_site else "off_niche")
        priority = self._score(url, anchor, kind, page_relevance, site_depth, rank, via, state,
                               new_site=new_site and not seed, published=published)
        self.seen.add(url)
        self._push(state, url, priority, site_depth, kind, found_from)
        if kind == "home":
            state.home = url
            state.judge = url if new_site and not seed else state.judge
        if self.on_admit is not None:
            self.on_admit(url, site, priority, site_depth, kind, found_from)
        if len(state.heap) > 2 * self.pending_per_site:
            self._prune(state)
        self._offer(site, state)
        return None

    def _score(self, url: str, anchor: str, kind: str, page_relevance: float | None, site_depth: int, rank: int,
               via: str, state: SiteState, *, new_site: bool, published: date | None = None) -> int:
        penalty = entry_penalty(kind, published, rank, self.today, self.max_post_age_days)
        if penalty is None:
            return STALE_POST_PRIORITY
        score = self.priority(url, anchor, kind, new_site=new_site, page_relevance=page_relevance,
                              site_depth=site_depth) - penalty
        if kind == "home" and via in HOME_PRIORITY:
            score += HOME_PRIORITY[via] - KIND_PRIORITY["home"]
        if kind == "home":
            score += VOTE_WEIGHT * max(min(len(state.voters), MAX_VOTES) - 1, 0)
        return score

    def _push(self, state: SiteState, url: str, priority: int, site_depth: int, kind: str,
              found_from: str | None) -> None:
        entry = (-priority, next(self._seq), url, site_depth, kind, found_from)
        if kind in HUB_KINDS:
            state.hubs.append(entry)
        else:
            heapq.heappush(state.heap, entry)
            state.queued[url] = priority
        self.pending += 1

    def _raise(self, site: str, state: SiteState, url: str, priority: int) -> None:
        """Give a pending URL a higher priority, or the lowest once known to be past the age gate (its older heap
        entry becomes stale)."""
        old = state.queued[url]
        if priority == old or (priority < old and priority != STALE_POST_PRIORITY):
            return
        entry = next(e for e in state.heap if e[2] == url and -e[0] == old)
        state.queued[url] = priority
        heapq.heappush(state.heap, (-priority, next(self._seq), url, entry[3], entry[4], entry[5]))
        self._offer(site, state)

    def vote(self, site: str, from_url: str, relevance: float) -> None:
        """An on-niche page (``relevance`` at or above the threshold) links to ``site``: a site not yet
        fetched that many on-niche pages link to rises (its home page, VOTE_WEIGHT a page, up to MAX_VOTES)."""
        state = self.sites.get(site)
        if relevance < self.profile.threshold or state is None or state.pages or len(state.voters) >= MAX_VOTES:
            return
        if from_url in state.voters:
            return
        state.voters.add(from_url)
        if state.home is not None and state.home in state.queued and len(state.voters) > 1:
            self._raise(site, state, state.home, state.queued[state.home] + VOTE_WEIGHT)

    def readmit(self, url: str, site: str, priority: int, site_depth: int, kind: str,
                found_from: str | None) -> None:
        """Put back a URL an interrupted run admitted, with its priority (no caps checked but seen)."""
        if url in self.seen:
            return
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = SiteState(kind == "seed")
            self.new_sites += 0 if kind == "seed" else 1
        if state.broken:
            return
        self.seen.add(url)
        self._push(state, url, priority, site_depth, kind, found_from)
        self._offer(site, state)

    def reset_inflight(self) -> int:
        """Nothing is in flight (the engine is idle): every site may send again; returns how many were held."""
        self.reserved = 0
        self._busy.clear()
        held = 0
        for site, state in self.sites.items():
            if state.inflight or state.reserved or state.hub_out:
                held += 1
                state.inflight = state.reserved = state.hub_out = 0
                state.ended(hub=False)
                self._offer(site, state)
        return held

    def mark_seen(self, url: str) -> None:
        """Never admit ``url`` in this run (already stored and not due, or fetched through a redirect)."""
        self.seen.add(url)

    def _refuse(self, reason: str) -> str:
        self.refused[reason] = self.refused.get(reason, 0) + 1
        return reason

    def _prune(self, state: SiteState) -> None:
        live = [e for e in state.heap if state.queued.get(e[2]) == -e[0]]
        keep = heapq.nsmallest(self.pending_per_site, live)
        dropped = len(live) - len(keep)
        for entry in live:
            self.seen.discard(entry[2])
        state.queued = {}
        for entry in keep:
            self.seen.add(entry[2])
            state.queued[entry[2]] = -entry[0]
        heapq.heapify(keep)
        state.heap = keep
        self.pending -= dropped
        self.refused["pruned"] = self.refused.get("pruned", 0) + dropped

    # -- order -----------------------------------------------------------------------------

    def priority(self, url: str, anchor: str, kind: str, *, new_site: bool, page_relevance: float | None,
                 site_depth: int) -> int:
        """Best first (see ``link_priority``)."""
        return link_priority(self.profile, url, anchor, kind, new_site=new_site, page_relevance=page_relevance,
                             site_depth=site_depth)

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
            if not self._hubs_wanted(state):
                self.pending -= len(state.hubs)
                state.hubs = []
            if self._capped(state, final=True):
                self._drop_pending(state)
            self._offer(site, state)

    def site_relevance(self, site: str) -> float | None:
        state = self.sites.get(site)
        return None if state is None else state.relevance

    def _hubs_wanted(self, state: SiteState) -> bool:
        """A site's feeds and sitemaps are read once a page of it reads as on-niche (a seed's always)."""
        return state.seed or state.relevance is None or state.relevance >= self.profile.threshold

    def _capped(self, state: SiteState, *, final: bool = False) -> bool:
        """The site has had its pages for this run (``final``: counting fetched pages only, not those out)."""
        taken = state.pages + (0 if final else state.reserved)
        if taken >= self.max_pages_per_site:
            return True
        off_niche = state.relevance is not None and state.relevance < self.profile.threshold and not state.seed
        return off_niche and 0 < self.off_niche_pages <= taken

    def _clean(self, state: SiteState) -> None:
        heap = state.heap
        while heap and state.queued.get(heap[0][2]) != -heap[0][0]:
            heapq.heappop(heap)

    def _pick(self, state: SiteState) -> Entry | None:
        """The entry the site would send next, if it may send one now: a hub first, pages once no hub is out."""
        if state.broken or state.inflight >= self.site_inflight:
            return None
        # Once the site is read (or nothing else of it is pending or out: its home page failed, or was
        # fetched by another worker), so a pending hub never keeps a crawl waiting.
        ready_hubs = self._hubs_wanted(state) and (state.relevance is not None or not (state.queued or state.inflight))
        if state.hubs and ready_hubs:
            return min(state.hubs)
        if state.hub_out:
            return None  # its feed or sitemap first
        self._clean(state)
        if not state.heap or self._capped(state):
            return None
        return state.first_page()

    def _offer(self, site: str, state: SiteState) -> None:
        """(Re)enter the site in the ready heap under its best pending URL, if it may send one."""
        entry = self._pick(state)
        if entry is None:
            return
        state.version += 1
        heapq.heappush(self._ready, (entry[0] - self.site_bonus(site), next(self._seq), site, state.version))

    @property
    def exhausted(self) -> bool:
        """The run's page cap is reached."""
        return self.pages >= self.max_pages

    def next(self) -> Candidate | None:
        """The best pending URL on a site with room, counted as handed out; None when there is none now."""
        if self.pages + self.reserved >= self.max_pages:
            return None  # the page cap is reached, or will be if the pages out are pages
        while self._ready:
            _key, _seq, site, version = heapq.heappop(self._ready)
            state = self.sites[site]
            if version != state.version:
                continue
            entry = self._pick(state)
            if entry is None:
                continue
            neg, _s, url, depth, kind, found_from = entry
            if kind not in HUB_KINDS and self._outranked(site, neg - self.site_bonus(site)):
                heapq.heappush(self._ready, (_key, _seq, site, version))
                return None  # the pages left in the budget are for better ones, pending on busy sites
            if kind in HUB_KINDS:
                state.hubs.remove(entry)
                state.hub_out += 1
            else:
                del state.queued[url]  # its heap entry is stale now, wherever it is in the heap
                self._clean(state)
                state.judging = state.judging or url == state.judge
                state.reserved += 1
                self.reserved += 1
            self.pending -= 1
            state.inflight += 1
            self._busy.add(site)
            self.handed += 1
            self._offer(site, state)
            return Candidate(url, site, depth, kind, found_from, -neg)
        return None

    def _outranked(self, site: str, key: int) -> bool:
        """As many pages as the budget has left are pending, better than ``key``, on sites that have requests
        out (one at a time per site: they wait their turn), so a worse page now would spend one of theirs."""
        left = self.max_pages - self.pages - self.reserved
        busy = [b for b in self._busy if b != site]
        if sum(len(self.sites[b].queued) for b in busy) < left:
            return False  # the usual case, cheap: the budget has room for all of them
        better = 0
        for b in busy:
            state, bar = self.sites[b], self.site_bonus(b) + key  # better: -priority - bonus < key
            room = self.max_pages_per_site - state.pages - state.reserved
            # As many of the site's pending pages better than the bar as can count (its room, what the budget
            # has left), found in C (filter, islice) and no further: -priority < bar is -bar < priority.
            wanted = min(max(room, 0), left - better)
            better += len(list(itertools.islice(filter(partial(lt, -bar), state.queued.values()), wanted)))
            if better >= left:
                return True
        return False

    def done(self, site: str, *, hub: bool = False, page: bool = False, judged_elsewhere: bool = False) -> None:
        """A request of ``site`` handed out by ``next`` has ended: a ``hub``, or a page request that was
        (``page``) or was not (failed, refused, not HTML) a page fetched and analysed. ``judged_elsewhere``: the
        site's home page, which another worker of a shared crawl fetches: the site's other pages wait on for its
        verdict (``verdict``)."""
        state = self.sites.get(site)
        if state is None:
            return
        # Each count on its own: after reset_inflight (an idle engine) a late answer must not stick one.
        state.inflight = max(state.inflight - 1, 0)
        if not state.inflight:
            self._busy.discard(site)
        if not judged_elsewhere:
            state.ended(hub)
        if hub:
            state.hub_out = max(state.hub_out - 1, 0)
        elif state.reserved:
            state.reserved -= 1
            self.reserved = max(self.reserved - 1, 0)
        if page:
            self.page_fetched(state)
        self._offer(site, state)

    def page_fetched(self, state: SiteState) -> None:
        state.pages += 1
        self.pages += 1
        if self._capped(state, final=True):
            self._drop_pending(state)

    def _drop_pending(self, state: SiteState) -> int:
        n = len(state.queued) + len(state.hubs)
        state.heap, state.queued, state.hubs = [], {}, []
        self.pending -= n
        return n

    def drop_site(self, site: str) -> int:
        """Stop a site for this run (circuit breaker): its pending URLs go; returns how many."""
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = SiteState(False)
        state.broken = True
        return self._drop_pending(state)

    def restore(self, url: str, site: str, *, seed: bool = False, page: bool = True) -> None:
        """Count a request of an earlier, interrupted run of the same job (``page``: a page fetched and analysed)."""
        self.seen.add(url)
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = SiteState(seed)
            self.new_sites += 0 if seed else 1
        self.handed += 1
        if page:
            state.pages += 1
            self.pages += 1

    def stats(self) -> dict[str, int]:
        """Counters for the crawl's stats."""
        return {"handed": self.handed, "pages": self.pages, "pending": self.pending, "sites": len(self.sites),
                "new_sites": self.new_sites}

