"""The settle's learning pass counted ahead: `linktrail ingest --follow` counts the pages it stores while the workers
crawl, so the settle that ends the crawl reads only the pages it did not count (issue 23: the ingest is nearly idle
during a crawl, and its settle is the scale-out's end).

A Learner's counts are additive (`Learner.merged`), and a page is counted by its site's class (seed site or
background, `learning_urls`), which only the settle knows: so the counts are kept by site, each page counted as
background, and given to the settle as seed or background counts then. They are only what the settle would count:
- a page is read back from the store after its batch committed (its stored title and text, as the settle reads it);
- a site whose counted page is written again is forgotten (its old counts cannot be taken back): the settle reads it;
- a site's counts are used only when every page counted is among the pages the settle learns from, in the class of
  its site (a page removed, a background cut to a sample: the settle reads the rest of that site);
- nothing is used once another connection committed to the store (``pragma data_version``): its pages may differ.
Each site's counts hold its pages' distinct terms (a crawl of many one-page sites holds about as many as its pages'
terms): past MAX_TERMS of them, no more pages are counted, the settle reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.niche import Learner, TermsMemo
from pipelines.store import page_texts_of_urls

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlite_utils

# The distinct terms the sites' counts hold at most, all sites together (~100 bytes each: ~50 MB, about what the
# crawl's TermsMemo of SHARE_PAGES real pages holds).
MAX_TERMS = 500_000


class EarlyLearning:
    """The learning pass's counts of the pages this process stored (see the module), by site."""

    def __init__(self) -> None:
        self.sites: dict[str, Learner] = {}  # each site's pages counted, as background pages
        self.urls: dict[str, set[str]] = {}  # each site's URLs counted
        self.site_of: dict[str, str] = {}  # URL counted -> its site
        self.version: int | None = None  # the store's data_version when the first page was counted
        self.terms = 0  # distinct terms the sites' counts hold, all sites together (MAX_TERMS)

    def count(self, db: sqlite_utils.Database, urls: Iterable[str], memo: TermsMemo | None = None) -> None:
        """Count the pages of ``urls`` just stored (committed) through ``db``; ``memo``: the terms the crawl sent,
        checked against the stored text and left there (or the text's, kept) for the scoring pass."""
        memo = TermsMemo(0) if memo is None else memo
        if self.version is None:
            self.version = _data_version(db)
        fresh = []
        for url in dict.fromkeys(urls):
            if url in self.site_of:  # stored again: the counts of its old text cannot be taken back
                self._forget(self.site_of[url])
            else:
                fresh.append(url)
        for r in page_texts_of_urls(db, fresh if self.terms < MAX_TERMS else []):
            text, site = r["text"] or "", r["site"]
            learner = self.sites.get(site)
            if learner is None:
                learner = self.sites[site] = Learner()
            held = len(learner.df)
            learner.add(r["title"] or "", text, seed=False, body=memo.pass_on(r["url"], text, memo))
            self.terms += len(learner.df) - held
            self.urls.setdefault(site, set()).add(r["url"])
            self.site_of[r["url"]] = site
            if self.terms >= MAX_TERMS:
                break

    def _forget(self, site: str) -> None:
        for url in self.urls.pop(site, set()):
            del self.site_of[url]
        learner = self.sites.pop(site, None)
        self.terms -= len(learner.df) if learner is not None else 0

    def take(self, db: sqlite_utils.Database, seed_sites: set[str], seeds: list[str], background: list[str],
             ) -> tuple[list[Learner], list[str], list[str]]:
        """The counts the settle can use for these learning lists (seed page URLs, background page URLs; the seed
        sites they were made with), and the lists without the pages those counts hold: what is left to read."""
        if self.version is None or _data_version(db) != self.version:
            return [], seeds, background
        wanted = (set(seeds), set(background))
        used: list[Learner] = []
        done: set[str] = set()
        for site, learner in self.sites.items():
            seed = site in seed_sites
            if self.urls[site] <= wanted[not seed]:
                used.append(_as_seeds(learner) if seed else learner)
                done |= self.urls[site]
        if not done:
            return [], seeds, background
        return used, [u for u in seeds if u not in done], [u for u in background if u not in done]


def _as_seeds(background: Learner) -> Learner:
    """The counts of pages counted as background had they been counted as seed pages (`Learner.add`'s ``seed``)."""
    seeds = Learner()
    seeds.docs, seeds.df, seeds.words = background.docs, background.df, background.words
    seeds.seed_docs, seeds.seed_df = background.docs, background.df
    return seeds


def _data_version(db: sqlite_utils.Database) -> int:
    """Changes when another connection commits to the store (SQLite's ``pragma data_version``), not for this one."""
    return int(db.execute("pragma data_version").fetchone()[0])
