"""The best-first frontier: what to fetch next, with caps per site and per run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.niche import NicheProfile

# Base priority by how a URL was found. Links to new sites through blogrolls and commenters'
# names are the best discovery signals; navigation is the weakest.
KIND_PRIORITY = {
    "seed": 1000, "blogroll": 300, "commenter": 280, "feed": 160, "sitemap": 120,
    "content": 140, "home": 400, "nav": 60,
}
NEW_SITE_BONUS = 100
NICHE_LINK_WEIGHT = 200
RELEVANCE_WEIGHT = 150
SITE_DEPTH_PENALTY = 25

# Pages worth a visit on any relevant site: where guest posts and contacts are.
OUTREACH_SLUG = re.compile(
    r"/(write-for-us|guest-post|guest-posts|guest-blogging|contribute|submissions?|"
    r"become-a-contributor|contact|contact-us|about)(/|\.html?)?$",
    re.IGNORECASE,
)
OUTREACH_BONUS = 150


@dataclass
class Frontier:
    """Admission and priority of URLs: a seen-set checked before any Request is built."""

    profile: NicheProfile
    max_pages: int = 2000
    max_pages_per_site: int = 40
    max_depth: int = 4
    max_new_sites: int = 500
    seen: set[str] = field(default_factory=set)
    per_site: dict[str, int] = field(default_factory=dict)
    admitted: int = 0
    new_sites: int = 0
    refused: dict[str, int] = field(default_factory=dict)

    def knows_site(self, site: str) -> bool:
        return site in self.per_site

    def admit(self, url: str, site: str, site_depth: int, *, seed: bool = False) -> str | None:
        """None when ``url`` may be fetched (and count it), else the reason it may not."""
        if url in self.seen:
            return "seen"
        if self.admitted >= self.max_pages:
            return self._refuse("max_pages")
        if site_depth > self.max_depth:
            return self._refuse("max_depth")
        count = self.per_site.get(site)
        if count is None:
            if not seed and self.new_sites >= self.max_new_sites:
                return self._refuse("max_new_sites")
            self.new_sites += 0 if seed else 1
            count = 0
        if count >= self.max_pages_per_site:
            return self._refuse("max_pages_per_site")
        self.seen.add(url)
        self.per_site[site] = count + 1
        self.admitted += 1
        return None

    def _refuse(self, reason: str) -> str:
        self.refused[reason] = self.refused.get(reason, 0) + 1
        return reason

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
