"""What the frontier keeps per site (pending pages and hubs, counters) and the candidate URL it hands out."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.priorities import HUB_KINDS

# (-priority, sequence, url, site depth, kind, found from): a pending URL, best first in a heap.
Entry = tuple[int, int, str, int, str, "str | None"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A URL the frontier hands out: where it leads, how it was found, how good it looked."""

    url: str
    site: str
    site_depth: int
    kind: str
    found_from: str | None
    priority: int

    @property
    def hub(self) -> bool:
        """A feed or sitemap: fetched for its links, outside the page budget."""
        return self.kind in HUB_KINDS


class SiteState:
    """Per-site state: pending pages (a heap) and hubs, counters, relevance, votes, requests out."""

    __slots__ = ("broken", "heap", "home", "hub_out", "hubs", "hubs_taken", "inflight", "judge", "judging", "pages",
                 "queued", "relevance", "reserved", "seed", "version", "voters")

    def __init__(self, seed: bool) -> None:
        self.heap: list[Entry] = []
        self.queued: dict[str, int] = {}  # pending page URL -> its current priority (older heap entries are stale)
        self.hubs: list[Entry] = []  # pending feeds and sitemaps
        self.hubs_taken: dict[str, int] = {}  # "feed"/"sitemap" -> handed out or pending
        self.hub_out = 0
        self.pages = 0  # pages fetched and analysed (the budget's unit)
        self.reserved = 0  # page requests out, not yet known to be pages
        self.inflight = 0
        self.relevance: float | None = None
        self.broken = False
        self.version = 0
        self.seed = seed
        self.home: str | None = None
        self.voters: set[str] = set()
        # A new site's home page, whose verdict its other pages wait for (the off-niche stop must not depend on
        # which of two pages out at once answers first); ``judging``: it is out.
        self.judge: str | None = None
        self.judging = False

    def first_page(self) -> Entry | None:
        """While the site waits for its home page's verdict: that page's entry (None once it is out); else
        the best pending page. The home page that left the queue without going out (pruned) ends the wait."""
        if self.judge is not None and self.relevance is None:
            if self.judging:
                return None
            if self.judge in self.queued:
                priority = self.queued[self.judge]
                return next(e for e in self.heap if e[2] == self.judge and -e[0] == priority)
            self.judge = None
        return self.heap[0]

    def ended(self, hub: bool) -> None:
        """A request of the site ended: if it was the home page it waited for, the rest may go."""
        if self.judging and not hub:
            self.judge, self.judging = None, False
