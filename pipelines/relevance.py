"""RelevancePipeline and `rescore`: how well a page speaks of the user's niche, in [0, 1], with reasons.

Where the learned part of the niche profile comes from (pipelines never fetch):
- seed pages are the pages of the seed sites (the sites of the crawl's seed URLs, of pages the
  spider marks ``found_via == "seed"``, and of ``[you] site``): what the user says the niche
  looks like. Every page, seed or not, is the background a niche term must stand out from;
- at the start of a crawl the pipeline reads the seed pages and a sample of the other pages
  already stored (so a nightly crawl starts with what earlier crawls learned), then keeps
  learning from the pages that pass through it, seed pages first since the crawl starts there;
- `linktrail rescore` learns from the stored pages alone and scores every stored page again,
  with the opportunity rules re-run (relevance is part of a page's value). Run it after changing
  `[niche]` or `[weights]`, and after the first crawl, whose early pages were scored before the
  profile had learned much.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from crawler.items import PageItem
from crawler.niche import Learner, NicheProfile
from crawler.urls import site_of
from pipelines.opportunity import evaluate
from pipelines.store import (
    compact_json,
    facts_from_json,
    newest_posts,
    page_batches,
    page_texts_of_sites,
    read_only,
    refresh_sites,
    sampled_page_texts,
    stored_seed_sites,
    transaction,
    write_scores,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.config import Config

logger = logging.getLogger(__name__)

# Pages of the store read as the background of the learned terms (a sample spread over the file).
BACKGROUND_SAMPLE = 5000
# The learned terms are recomputed after this many new pages, and after every new seed page while
# fewer than SEED_WARMUP have been read (the first pages of a first crawl teach the most). Not after
# every seed page past that: recomputing sorts every term seen, a cost that grows with the crawl.
RELEARN_EVERY = 50
SEED_WARMUP = 20
RESCORE_BATCH = 500

def profile_from_settings(settings: Any) -> NicheProfile:
    """The keyword part of the niche profile the CLI put into the Scrapy settings."""
    return NicheProfile.from_keywords(
        settings.getlist("LINKTRAIL_NICHE_KEYWORDS"),
        settings.getlist("LINKTRAIL_NICHE_NEGATIVE"),
        name=settings.get("LINKTRAIL_NICHE_NAME", ""),
        threshold=settings.getfloat("LINKTRAIL_NICHE_THRESHOLD", 0.25),
    )


def profile_from_config(config: Config) -> NicheProfile:
    """The keyword part of the niche profile from linktrail.toml."""
    n = config.niche
    return NicheProfile.from_keywords(n.keywords, n.negative, name=n.name, threshold=n.threshold)


def seed_sites_of(urls: Iterable[str]) -> set[str]:
    """The sites of seed URLs (and of the user's own site); URLs that cannot be read are skipped."""
    sites = set()
    for url in urls:
        if not url:
            continue
        try:
            site = site_of(url)
        except ValueError:
            continue
        if site:  # "not a url" has no host: no site, not the site ""
            sites.add(site)
    return sites


def learn_from_store(db: sqlite_utils.Database, seed_sites: set[str], sample: int = BACKGROUND_SAMPLE) -> Learner:
    """A Learner fed with the stored pages of the seed sites and a spread sample of all pages."""
    learner = Learner()
    sites = sorted(seed_sites | stored_seed_sites(db))
    # (title, text, is a seed page)
    learner.add_all([(r["title"] or "", r["text"] or "", True) for r in page_texts_of_sites(db, sites)])
    skip = set(sites)
    learner.add_all(
        (r["title"] or "", r["text"] or "", False) for r in sampled_page_texts(db, sample) if r["site"] not in skip
    )
    return learner


class RelevancePipeline:
    """Score each page's title and main text against the niche profile, learning from seed pages as they pass."""

    def __init__(
        self, profile: NicheProfile, *, learn: bool = True, seed_urls: Iterable[str] = (),
        db_path: str | None = None, crawler: Crawler | None = None,
    ) -> None:
        self.keywords = profile
        self.profile = profile
        self.learn = learn
        self.seed_sites = seed_sites_of(seed_urls)
        self.db_path = db_path
        self.crawler = crawler
        self.learner = Learner()
        self._pending = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        s = crawler.settings
        return cls(
            profile_from_settings(s), learn=s.getbool("LINKTRAIL_NICHE_LEARN", True),
            seed_urls=[*s.getlist("LINKTRAIL_SEEDS"), s.get("LINKTRAIL_YOU_SITE") or ""],
            db_path=s.get("LINKTRAIL_DB"), crawler=crawler,
        )

    def open_spider(self) -> None:
        """Start from what earlier crawls stored (read once, through a short read-only connection)."""
        if not self.learn or not self.db_path or not Path(self.db_path).exists():
            return
        try:
            with read_only(self.db_path) as db:
                if db["pages"].exists():
                    self.learner = learn_from_store(db, self.seed_sites)
                    self.seed_sites |= stored_seed_sites(db)
        except sqlite3.Error as exc:
            logger.warning("%s: cannot read stored pages to learn the niche from (%s); starting afresh",
                           self.db_path, exc)
        self._relearn()

    def _relearn(self) -> None:
        learned = self.learner.weights()
        self.profile = self.keywords.with_learned(learned, self.learner.avg_len)
        self._pending = 0
        if self.crawler and self.crawler.stats:
            self.crawler.stats.set_value("linktrail/niche/learned_terms", len(learned))
            self.crawler.stats.set_value("linktrail/niche/seed_pages", self.learner.seed_docs)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            post = item.facts.post
            if self.learn:
                seed = item.found_via == "seed" or item.site in self.seed_sites
                if seed:
                    self.seed_sites.add(item.site)
                self.learner.add(post.title, post.text, seed=seed)
                self._pending += 1
                if (seed and self.learner.seed_docs <= SEED_WARMUP) or self._pending >= RELEARN_EVERY:
                    self._relearn()
            item.relevance, item.relevance_reasons = self.profile.score(post.title, post.text)
        return item


@dataclass(frozen=True)
class RescoreResult:
    """What `rescore` did: pages scored, how many crossed the threshold each way, what was learned."""

    pages: int
    now_on: int
    now_off: int
    value_changed: int
    learned_terms: tuple[str, ...]
    seed_pages: int


def rescore(db: sqlite_utils.Database, config: Config, today: date) -> RescoreResult:
    """Score every stored page again against the niche of ``config`` and re-run the opportunity rules.

    Learns from the stored pages (unless ``[niche] learn = false``), then walks the pages table in
    batches, one transaction per batch; sites' relevance is recomputed at the end.
    """
    profile = profile_from_config(config)
    learner = None
    if config.niche.learn:
        learner = learn_from_store(db, seed_sites_of([*config.seeds.urls, config.you.site]))
        profile = profile.with_learned(learner.weights(), learner.avg_len)
    threshold = profile.threshold
    site_newest = newest_posts(db)
    pages = now_on = now_off = value_changed = 0
    for batch in page_batches(db, RESCORE_BATCH):
        updates = []
        for row in batch:
            facts = facts_from_json(row["facts"], row["url"])
            rel, reasons = profile.score(facts.post.title or row["title"] or "", facts.post.text)
            kind, value, value_reasons = evaluate(facts, rel, config.weights, today, site_newest.get(row["site"]))
            old = row["relevance"]
            if old is not None and (old >= threshold) != (rel >= threshold):
                if rel >= threshold:
                    now_on += 1
                else:
                    now_off += 1
            if (row["value"] is None) != (value is None) or (value is not None and abs(value - row["value"]) >= 0.05):
                value_changed += 1
            updates.append((rel, compact_json(reasons), kind, value, compact_json(value_reasons), row["url"]))
        write_scores(db, updates)
        pages += len(updates)
    with transaction(db):
        refresh_sites(db)
    learned = tuple(profile.learned)
    return RescoreResult(pages, now_on, now_off, value_changed, learned, learner.seed_docs if learner else 0)


def rescore_summary(result: RescoreResult, threshold: float) -> str:
    """One line a person reads after `linktrail rescore`."""
    learned = (
        f"; learned {len(result.learned_terms)} terms from {result.seed_pages} seed pages"
        f" ({', '.join(result.learned_terms[:5])}{', ...' if len(result.learned_terms) > 5 else ''})"
        if result.learned_terms else ""
    )
    return (
        f"rescored {result.pages} pages: {result.now_on} now on niche, {result.now_off} now off "
        f"(threshold {threshold:g}), {result.value_changed} changed value{learned}"
    )


def rescore_notes(config: Config) -> list[str]:
    """Lines to warn about before trusting a rescore: a config without niche keywords scores with learned terms only."""
    if config.niche.keywords:
        return []
    where = config.source or "built-in defaults (no linktrail.toml here)"
    if config.niche.learn:
        return [f"note: no [niche] keywords in {where}: pages were scored with learned terms only"]
    return [f"note: no [niche] keywords in {where} and learn = false: every page counts as on-niche"]
