"""RelevancePipeline, `rescore` and the end-of-crawl settle: how well a page speaks of the user's niche.

A page's stored relevance, in [0, 1] with reasons, is a function of the page and the store, never
of the order a crawl met the pages in (issues 19, 16, 23):
- the niche profile is the `[niche]` keywords plus terms learned from the stored pages: seed pages
  are the stored pages of the seed sites (the sites of ``[seeds] urls``, of ``[you] site`` and of
  pages the spider fetched as seeds); the background a niche term must stand out from is every
  other stored page, or, past BACKGROUND_SAMPLE pages, those whose URLs hash lowest;
- while a crawl runs, RelevancePipeline scores pages with the profile the store gave at its start
  (the same in every worker of a scale-out crawl): provisional;
- when the crawl ends (`linktrail crawl`, or `linktrail ingest` for the workers' pages), `settle`
  computes the profile from the store once and scores every stored page again in one pass, with
  the opportunity rules re-run; `linktrail rescore` is the same pass, so right after a crawl it
  changes nothing. It also records the keywords no stored page matched, for a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from crawler.items import PageItem
from crawler.niche import Learner, NicheProfile, TermsMemo
from crawler.urls import site_of
from pipelines.forked import cores, forked_map
from pipelines.opportunity import evaluate
from pipelines.store import (
    clear_unsettled,
    compact_json,
    facts_from_json,
    learning_urls,
    newest_posts,
    niche_state,
    page_batches,
    page_rowids,
    page_texts_of_urls,
    read_only,
    refresh_sites,
    save_niche_state,
    stored_seed_sites,
    transaction,
    unsettled_marks,
    unsettled_sites,
    write_scores,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.config import Config

logger = logging.getLogger(__name__)

# Pages of the store read as the background of the learned terms (past this many, a fixed sample).
BACKGROUND_SAMPLE = 5000
RESCORE_BATCH = 500
# A settle of this many stored pages or more splits its two passes (learning, scoring) over the cores
# (pipelines/forked.py). Measured on 2 cores (benchmarks/bench_settle.py: real-web pages, medians of 3, wall / CPU
# of all processes): 4,000 pages 1.41 s / 2.55 s against 2.36 s / 2.32 s in one process; 2,000 pages 0.76 / 1.33
# against 1.16 / 1.14; 1,000 pages 0.43 / 0.75 against 0.61 / 0.60. Below this, the extra CPU buys little time.
PARALLEL_PAGES = 2000
# Pages one share of the scoring pass holds at most: its rewritten scores wait in memory until written.
SHARE_PAGES = 10_000

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


def learn_from_store(db: sqlite_utils.Database, seed_sites: set[str], sample: int = BACKGROUND_SAMPLE, *,
                     processes: int = 1, memo: TermsMemo | None = None) -> Learner:
    """A Learner fed with the stored pages of the seed sites and the background pages (see the module).

    With ``processes`` > 1 and PARALLEL_PAGES pages or more, the pages are shared out between that many
    processes (`forked_map`) whose counts are added up: the same counts, in any order. A page's terms are
    taken from ``memo`` (if any) when it holds them (the crawl's, `TermsMemo`), and kept in it, up to its limit,
    for the scoring pass (a child's sent back: ~0.05 ms a page).
    """
    seeds, background = learning_urls(db, seed_sites | stored_seed_sites(db), sample)
    n = _shares(db, processes, len(seeds) + len(background))
    memo = TermsMemo(0) if memo is None else memo
    parts = forked_map(_reading(db, n, _learn_share), [(seeds[k::n], background[k::n], memo, n) for k in range(n)],
                       what="niche profile's learning")
    for _learner, kept in parts:
        memo.update(kept)
    return Learner.merged(learner for learner, _kept in parts)


def _learn_share(db: sqlite_utils.Database, share: tuple[list[str], list[str], TermsMemo, int],
                 ) -> tuple[Learner, dict[str, Any]]:
    """The counts of one share of the learning pass (seed page URLs, background page URLs, the terms known, the
    shares), and the terms of its pages (`TermsMemo.kept`, at most a share of the known's limit)."""
    learner, known = Learner(), share[2]
    mine = TermsMemo(known.limit // share[3])
    for urls, seed in zip(share[:2], (True, False), strict=True):
        # the counts do not depend on the order pages are added in
        for r in page_texts_of_urls(db, urls):
            text = r["text"] or ""
            learner.add(r["title"] or "", text, seed=seed, body=known.pass_on(r["url"], text, mine))
    return learner, mine.kept


def _shares(db: sqlite_utils.Database, processes: int, pages: int) -> int:
    """How many processes a pass over ``pages`` stored pages is split between: 1 unless ``processes`` > 1, there
    are PARALLEL_PAGES pages or more, and the store is a file with nothing uncommitted (a child reads the file
    through its own connection)."""
    if processes <= 1 or pages < PARALLEL_PAGES or db.conn.in_transaction or not _file_of(db):
        return 1
    return processes


def rowid_ranges(ids: list[int], shares: int) -> list[tuple[int, int | None]]:
    """``ids`` (ascending rowids) cut into at most ``shares`` ranges of about as many ids each, as `page_batches`
    takes them: (after this rowid, up to this one or to the end)."""
    shares = max(1, min(shares, len(ids)))
    cuts = [ids[len(ids) * k // shares - 1] for k in range(1, shares)]  # the last rowid of each range but the last
    return list(zip([0, *cuts], [*cuts, None], strict=True))


def _file_of(db: sqlite_utils.Database) -> str:
    """The file of the store's main database ("" in memory)."""
    return str(next((row[2] for row in db.conn.execute("pragma database_list") if row[1] == "main"), "") or "")


def _reading(db: sqlite_utils.Database, shares: int, fn: Any) -> Any:
    """``fn(db, share)`` as `forked_map` runs it: split between processes, each reads through its own
    read-only connection (never one opened before the fork); not split, through ``db``."""
    if shares <= 1:
        return lambda share: fn(db, share)
    path = _file_of(db)

    def run(share: Any) -> Any:
        with read_only(path) as reader:
            return fn(reader, share)
    return run


def store_profile(db: sqlite_utils.Database, keywords: NicheProfile, seed_sites: set[str],
                  learn: bool = True, *, processes: int = 1, memo: TermsMemo | None = None) -> tuple[NicheProfile, int]:
    """The niche profile of what is stored: ``keywords`` plus the learned terms; and the seed pages read."""
    if not learn:
        return keywords, 0
    learner = learn_from_store(db, seed_sites, processes=processes, memo=memo)
    return keywords.with_learned(learner.weights(), learner.avg_len), learner.seed_docs


class RelevancePipeline:
    """Score each page with the niche profile the store gives at the start of the crawl (fixed while it runs)."""

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
        self.seed_pages = 0
        self.spider_scores = False  # the spider scores pages with this same profile (see open_spider)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        s = crawler.settings
        return cls(
            profile_from_settings(s), learn=s.getbool("LINKTRAIL_NICHE_LEARN", True),
            seed_urls=[*s.getlist("LINKTRAIL_SEEDS"), s.get("LINKTRAIL_YOU_SITE") or ""],
            db_path=s.get("LINKTRAIL_DB"), crawler=crawler,
        )

    def open_spider(self) -> None:
        """Learn from what earlier crawls stored (read once, through a short read-only connection)."""
        if self.learn and self.db_path and Path(self.db_path).exists():
            try:
                with read_only(self.db_path) as db:
                    if db["pages"].exists():
                        self.profile, self.seed_pages = store_profile(db, self.keywords, self.seed_sites)
            except sqlite3.Error as exc:
                logger.warning("%s: cannot read stored pages to learn the niche from (%s); "
                               "scoring with the keywords until the crawl ends", self.db_path, exc)
        if self.crawler and self.crawler.stats:
            self.crawler.stats.set_value("linktrail/niche/learned_terms", len(self.profile.learned))
            self.crawler.stats.set_value("linktrail/niche/seed_pages", self.seed_pages)
        # The discover spider scores each page's title and text with the [niche] keywords (for its links'
        # priorities) and puts the score in the item. When the store taught nothing (a first crawl, or learn =
        # false), this profile is that one: the same function of the same text gives the same score, so it
        # stands instead of being computed twice (~0.1 ms a page).
        spider = self.crawler.spider if self.crawler is not None else None
        self.spider_scores = getattr(spider, "profile", None) == self.profile

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem) and not (self.spider_scores and item.relevance is not None):
            post = item.facts.post
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
    rewritten: int = 0  # pages whose stored scores or reasons changed
    unmatched: tuple[str, ...] = ()  # [niche] keywords no stored page matched
    partial: bool = False  # only the pages stored since the last pass were scored (the profile had not changed)


def scores_key(profile: NicheProfile, config: Config, today: date) -> str:
    """What every stored score depends on besides its page and its site's newest post: profile, weights, day."""
    parts = (profile.name, profile.phrases, sorted(profile.negative), sorted(profile.learned.items()),
             profile.threshold, profile.avg_len, sorted(config.weights.items()), today.isoformat())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def rescore(db: sqlite_utils.Database, config: Config, today: date, *, only_unsettled: bool = False,
            processes: int | None = None, memo: TermsMemo | None = None) -> RescoreResult:
    """Score every stored page again against the niche of ``config`` and re-run the opportunity rules.

    Learns from the stored pages (unless ``[niche] learn = false``), then walks the pages table in
    batches, one transaction per batch, writing the pages whose scores changed; sites' relevance is
    recomputed at the end. The end of a crawl runs this too (`settle`). ``only_unsettled``: when the
    profile, weights and day are those of the last pass (``scores_key``), only the pages stored since
    it (and those of sites whose newest post moved) are scored: the other scores would not change.
    Both passes are split between ``processes`` (None: the cores this process may use) for a big store,
    see PARALLEL_PAGES: the result is the same.
    """
    processes = cores() if processes is None else processes
    keywords = profile_from_config(config)
    seed_sites = seed_sites_of([*config.seeds.urls, config.you.site])
    inputs = hashlib.sha256(repr((config.niche, sorted(seed_sites), sorted(config.weights.items()),
                                  today.isoformat())).encode()).hexdigest()
    last = niche_state(db)
    last_inputs, _, last_key = str((last or {}).get("scored_with") or "").partition(" ")
    marks = unsettled_marks(db)
    if only_unsettled and last is not None and last_key and last_inputs == inputs and marks == (0, 0):
        # Nothing stored, changed or removed since the last pass, the same config and day: the same profile
        # (a function of these), the same scores. Not even the profile is learned again.
        return RescoreResult(0, 0, 0, 0, tuple(json.loads(last["learned"] or "{}")), int(last["seed_pages"] or 0),
                             0, tuple(json.loads(last["unmatched"] or "[]")), True)
    # the terms of the pages the crawl scored (if any), then those the learning pass read, for the scoring pass
    memo = TermsMemo(SHARE_PAGES) if memo is None else memo
    profile, seed_pages = store_profile(db, keywords, seed_sites, config.niche.learn, processes=processes, memo=memo)
    key = scores_key(profile, config, today)
    partial = only_unsettled and last is not None and last_key == key
    ids = page_rowids(db, unsettled=partial)
    n = _shares(db, processes, len(ids))
    # Shares of at most SHARE_PAGES pages, n at a time: each share's new scores are written before the next n start.
    ranges = rowid_ranges(ids, max(n, -(-len(ids) // SHARE_PAGES)))
    scoring = _Scoring(profile, config.weights, today, newest_posts(db), partial, memo)
    score = _reading(db, n, scoring.share)
    done = _Scored()
    for start in range(0, len(ranges), n):
        for part in forked_map(score, ranges[start : start + n], what="settle's scoring"):
            for first in range(0, len(part.updates), RESCORE_BATCH):  # one transaction per batch
                write_scores(db, part.updates[first : first + RESCORE_BATCH])
            done.add(part)
    pages, matched, sites = done.pages, done.matched, done.sites
    if partial:  # and the sites marked whose pages are all gone: nothing of theirs was read
        sites.update(unsettled_sites(db))
    if not partial or sites:
        with transaction(db):
            refresh_sites(db, sorted(sites) if partial else None)
    # (an empty store says nothing about the keywords: a crawl that fetched nothing warns of its own)
    unmatched = [label for label in keywords.keyword_labels if label not in matched] if pages else []
    if partial and last is not None:  # the pages not read now matched what they matched at the last pass
        unmatched = [label for label in json.loads(last["unmatched"] or "[]") if label not in matched]
    save_niche_state(db, as_of=today.isoformat(), learned=dict(profile.learned), avg_len=profile.avg_len,
                     seed_pages=seed_pages, keywords=list(keywords.keyword_labels), unmatched=unmatched,
                     scored_with=f"{inputs} {key}")
    clear_unsettled(db, marks)
    return RescoreResult(pages, done.now_on, done.now_off, done.value_changed, tuple(profile.learned), seed_pages,
                         done.rewritten, tuple(unmatched), partial)


@dataclass
class _Scored:
    """What one share of the scoring pass found: counts, keywords matched, sites read, and the rows to write."""

    pages: int = 0
    now_on: int = 0
    now_off: int = 0
    value_changed: int = 0
    matched: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)
    updates: list[tuple[Any, ...]] = field(default_factory=list)  # (scores..., url) for `write_scores`
    rewritten: int = 0  # updates written, of the shares added up (`add`)

    def add(self, part: _Scored) -> None:
        """Count in a share whose updates were written (they are not kept)."""
        self.pages += part.pages
        self.now_on += part.now_on
        self.now_off += part.now_off
        self.value_changed += part.value_changed
        self.matched |= part.matched
        self.sites |= part.sites
        self.rewritten += len(part.updates)


@dataclass(frozen=True)
class _Scoring:
    """The scoring pass of `rescore` over one share of the stored pages (a rowid range), as `forked_map` runs it."""

    profile: NicheProfile
    weights: dict[str, float]
    today: date
    site_newest: dict[str, str | None]
    unsettled: bool
    memo: TermsMemo

    def share(self, db: sqlite_utils.Database, rowids: tuple[int, int | None]) -> _Scored:
        out = _Scored()
        threshold = self.profile.threshold
        for batch in page_batches(db, RESCORE_BATCH, unsettled=self.unsettled, rowids=rowids):
            out.sites.update(row["site"] for row in batch)
            for row in batch:
                facts = facts_from_json(row["facts"], row["url"])
                text = facts.post.text
                rel, reasons, found = self.profile.score_hits(facts.post.title or row["title"] or "", text,
                                                              body=self.memo.take(row["url"], text))
                out.matched |= found
                kind, value, value_reasons = evaluate(facts, rel, self.weights, self.today,
                                                      self.site_newest.get(row["site"]))
                old = row["relevance"]
                if old is not None and (old >= threshold) != (rel >= threshold):
                    if rel >= threshold:
                        out.now_on += 1
                    else:
                        out.now_off += 1
                was = row["value"]
                if (was is None) != (value is None) or (value is not None and abs(value - was) >= 0.05):
                    out.value_changed += 1
                new = (rel, compact_json(reasons), kind, value, compact_json(value_reasons))
                if new != (old, row["relevance_reasons"], row["opportunity"], row["value"], row["value_reasons"]):
                    out.updates.append((*new, row["url"]))
            out.pages += len(batch)
        return out


def settle(db: sqlite_utils.Database, config: Config, today: date, *, processes: int | None = None,
           memo: TermsMemo | None = None) -> RescoreResult:
    """The end of a crawl: every stored page scored with the profile of the store as it now is (`rescore`);
    only the pages stored since the last pass when that profile, the weights and the day are unchanged.
    ``memo``: the terms of the pages the crawl scored (`TermsMemo`), not tokenized again."""
    return rescore(db, config, today, only_unsettled=True, processes=processes, memo=memo)
