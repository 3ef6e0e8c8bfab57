"""`ingest --follow` counts the learning pass's pages as it stores them (`EarlyLearning`, issue 23): the settle then
reads only the pages not counted, and gives what the settle without the counts gives: the same profile, the same
stored scores (pipelines/relevance.py's contract), whichever pages were stored again, sampled out or changed by
another connection meanwhile."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pipelines.early_learning
import pipelines.relevance
from crawler.configload import config_from_dict
from crawler.items import PageItem
from crawler.niche import Learner, TermsMemo
from crawler.scale.connection import Keys, connect
from crawler.urls import site_of
from pipelines.early_learning import EarlyLearning
from pipelines.ingest import IngestResult, drain, write_batch
from pipelines.redisqueue import page_message
from pipelines.relevance import SHARE_PAGES, learn_from_store, settle
from pipelines.store import open_db
from tests.redis_fixture import redis_server, redis_url  # noqa: F401 - fixtures
from tests.test_ingest_rows import items

DAY = date(2026, 11, 23)
SITES = 6


def crawl() -> list[PageItem]:
    """The fixtures' real pages spread over SITES sites, several pages each; the last, page 3 fetched again with
    another page's text (stored again: its first counts are stale)."""
    base = items()
    homes = [p.url.split("/", 3)[:3] for p in base[:SITES]]
    pages = []
    for n, item in enumerate(base):
        url = "/".join([*homes[n % SITES], f"early-{n}/"])
        pages.append(dataclasses.replace(item, url=url, site=site_of(url), fetched_url=url))
    return [*pages, dataclasses.replace(pages[3], facts=base[10].facts, fetched_at="2026-11-23T11:00:00+00:00")]


def ingest(path: Path, counts: EarlyLearning | None) -> tuple[Any, TermsMemo]:
    """The crawl's pages written as `ingest --follow` writes them, 10 a batch, counted after each (``counts``)."""
    db, memo, pages = open_db(path), TermsMemo(SHARE_PAGES), crawl()
    for start in range(0, len(pages), 10):
        urls = write_batch(db, [page_message(p).encode() for p in pages[start : start + 10]], IngestResult(), memo=memo)
        if counts is not None:
            counts.count(db, urls, memo)
    return db, memo


def tables(db: Any) -> dict[str, list[dict[str, Any]]]:
    return {t: list(db.query(f"select * from {t} order by rowid")) for t in ("pages", "sites", "niche")}


def counts_of(learner: Learner) -> tuple[Any, ...]:
    return learner.docs, learner.seed_docs, learner.words, dict(learner.df), dict(learner.seed_df)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs whose texts the learning pass reads (in this process) from now on."""
    read: list[str] = []
    real = pipelines.relevance.page_texts_of_urls

    def recorded(db: Any, urls: list[str]) -> Any:
        read.extend(urls)
        return real(db, urls)
    monkeypatch.setattr(pipelines.relevance, "page_texts_of_urls", recorded)
    return read


@pytest.mark.parametrize("processes", [1, 2])
def test_a_settle_given_the_early_counts_gives_the_plain_settles_profile_and_scores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int) -> None:
    pages = crawl()
    config = config_from_dict({"niche": {"keywords": ["comment", "blog"], "learn": True},
                               "seeds": {"urls": [pages[0].url, pages[1].url]}})
    monkeypatch.setattr(pipelines.relevance, "PARALLEL_PAGES", 4)
    plain, plain_memo = ingest(tmp_path / "plain.db", None)
    expected = settle(plain, config, DAY, processes=processes, memo=plain_memo)
    counts = EarlyLearning()
    given, memo = ingest(tmp_path / "given.db", counts)
    read = reads(monkeypatch)
    got = settle(given, config, DAY, processes=processes, memo=memo, early=counts)
    assert got == expected and got.learned_terms and got.seed_pages and got.rewritten
    assert tables(given) == tables(plain)
    if processes == 1:  # a forked child's reads are not seen here
        # only the pages counted before page 3 was stored again, those of its site (its later pages are counted)
        assert sorted(read) == sorted({p.url for p in pages[:40] if p.site == pages[3].site})


def test_a_background_cut_to_a_sample_reads_the_sites_it_cuts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counts = EarlyLearning()
    given, memo = ingest(tmp_path / "given.db", counts)
    plain, _ = ingest(tmp_path / "plain.db", None)
    read = reads(monkeypatch)
    assert counts_of(learn_from_store(given, set(), sample=5, memo=memo, early=counts)) == \
        counts_of(learn_from_store(plain, set(), sample=5))
    assert read  # the sampled sites' pages: read, not counted


def test_past_the_terms_it_may_hold_no_page_is_counted_and_the_settle_reads_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipelines.early_learning, "MAX_TERMS", 2000)
    counts = EarlyLearning()
    given, memo = ingest(tmp_path / "given.db", counts)
    plain, _ = ingest(tmp_path / "plain.db", None)
    assert 2000 <= counts.terms < 2000 + max(len(learner.df) for learner in counts.sites.values())
    assert 0 < len(counts.site_of) < len(crawl()) - 1
    seeds = {crawl()[0].site}
    read = reads(monkeypatch)
    assert counts_of(learn_from_store(given, seeds, memo=memo, early=counts)) == counts_of(learn_from_store(plain, seeds))
    assert read


def test_counts_are_not_used_once_another_connection_wrote(tmp_path: Path) -> None:
    counts = EarlyLearning()
    given, memo = ingest(tmp_path / "given.db", counts)
    plain, _ = ingest(tmp_path / "plain.db", None)
    for path in ("given.db", "plain.db"):
        with sqlite3.connect(tmp_path / path) as other:
            other.execute("update pages set title = 'Sourdough levain starter' where url = ?", [crawl()[5].url])
    seeds = {crawl()[0].site}
    assert counts.take(given, seeds, ["x"], ["y"]) == ([], ["x"], ["y"])
    assert counts_of(learn_from_store(given, seeds, memo=memo, early=counts)) == counts_of(learn_from_store(plain, seeds))


@pytest.mark.parametrize("follow", [True, False])
def test_a_following_ingest_counts_each_batch_it_stores(redis_url: str, tmp_path: Path, follow: bool) -> None:  # noqa: F811 - the fixture
    """Following the workers, the pages of each batch are counted once stored; a drain (``--once``) leaves them to
    its settle, which comes at once."""
    pages = crawl()[:12]
    connect(redis_url).rpush(Keys().items, *[page_message(p) for p in pages])
    counts, stop = EarlyLearning(), threading.Event()
    stop.set()  # what is queued is stored, then the drain returns
    result = drain(connect(redis_url), open_db(tmp_path / "x.db"), batch=5, follow=follow, stop=stop,
                   memo=TermsMemo(SHARE_PAGES), early=counts)
    assert (result.pages, result.batches) == (12, 3)
    assert set(counts.site_of) == ({p.url for p in pages} if follow else set())
