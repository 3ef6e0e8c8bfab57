"""What earlier crawls left in the store, handed to the discover spider when the crawl is built.

The crawler floor runs no SQL: the top floor reads this through ``pipelines.store`` and passes
it to the spider as its ``memory`` argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class KnownPage:
    """One stored page: when it was fetched, whether it is an opportunity, its HTTP validators."""

    url: str
    site: str
    fetched_at: str | None
    opportunity: bool
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class CarriedLink:
    """A cross-site link of an earlier run to a site never crawled."""

    to_url: str
    kind: str | None
    anchor: str | None
    from_url: str


@dataclass(frozen=True)
class CrawlMemory:
    """The stored pages, the known sites, and links carried over to this run."""

    pages: tuple[KnownPage, ...] = ()
    sites: frozenset[str] = frozenset()
    carried: tuple[CarriedLink, ...] = ()
    source: str = ""  # where it was read from, for messages
    site_since: dict[str, str] = field(default_factory=dict, compare=False)  # site -> its first_seen
    error: str = field(default="", compare=False)  # why it could not be read, if it could not

    def sites_known_before(self, started: str | None) -> set[str]:
        """The sites stored before ``started`` (an ISO timestamp; None: all): not new to a crawl that began then."""
        return {s for s in self.sites if started is None or (self.site_since.get(s) or "") < started}

    def stored_since(self, started: str) -> set[str]:
        """URLs of pages fetched at or after ``started`` (an ISO timestamp)."""
        return {p.url for p in self.pages if p.fetched_at and p.fetched_at >= started}
