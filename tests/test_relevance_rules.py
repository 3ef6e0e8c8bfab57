"""Relevance's rules at their edges, with literal expectations: the learned profile, thresholds, changed values."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from scrapy.utils.test import get_crawler

import pipelines.relevance
from crawler.analysis.facts import CommentFacts, PageFacts, PostFacts
from crawler.configload import config_from_dict
from crawler.items import PageItem
from crawler.niche import NicheProfile, TermsMemo
from pipelines.relevance import SHARE_PAGES, RelevancePipeline, RescoreResult, learn_from_store, rescore, settle
from pipelines.relevance_lines import settle_summary
from pipelines.store import PageWriter, open_db
from pipelines.store.reads import niche_state
from tests.conftest import count_tokenizing


def page(url: str, text: str, *, title: str = "", found_via: str = "content", published: str | None = None) -> PageItem:
    facts = PageFacts(url=url, comments=CommentFacts(state="open", system="wordpress", website_field=True),
                      post=PostFacts(title=title, text=text, published=published))
    return PageItem(url=url, site=url.split("/")[2], fetched_url=url, status=200,
                    fetched_at="2026-11-23T08:00:00+00:00", depth=0, facts=facts, found_via=found_via)


def store(path: Path, items: list[PageItem]) -> Path:
    db = open_db(path)
    writer = PageWriter(db, 100)
    for it in items:
        writer.add(it)
    writer.flush()
    db.conn.close()
    return path


def stats(crawler: object) -> tuple[object, object]:
    got = crawler.stats.get_stats()  # type: ignore[attr-defined]
    return got.get("linktrail/niche/learned_terms"), got.get("linktrail/niche/seed_pages")


def test_the_pipeline_scores_with_the_average_page_length_it_learned(tmp_path: Path) -> None:
    path = store(tmp_path / "lt.db", [
        page("http://mine.example/a/", "levain crumb banneton", title="Rye", found_via="seed"),
        page("http://mine.example/b/", "levain crumb banneton oven", title="Rye"),
        page("http://other.example/c/", "warbler thrush"),
    ])
    pipeline = RelevancePipeline(NicheProfile(), seed_urls=["http://new.example/"], db_path=str(path))
    pipeline.open_spider()
    # (4 + 5 + 2) words over 3 pages, not the 400 words of a page nobody has seen
    assert pipeline.profile.avg_len == pytest.approx(11 / 3)
    # the seed pages: both pages of the site stored as a seed site, none of the given new.example
    assert pipeline.seed_pages == 2
    got = pipeline.process_item(page("http://x.example/", "levain and a long text " * 3))
    assert (got.relevance, got.relevance_reasons) == (0.301, ["seed-page terms: levain"])


def test_a_damaged_store_is_named_in_a_warning_and_the_crawl_scores_with_the_keywords(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    bad = tmp_path / "lt.db"
    bad.write_bytes(b"this is not a database, only text " * 200)
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = RelevancePipeline(NicheProfile.from_keywords(["levain"]), db_path=str(bad), crawler=crawler)
    with caplog.at_level(logging.WARNING, logger="pipelines.relevance"):
        pipeline.open_spider()
    assert [r.getMessage() for r in caplog.records] == [
        f"{bad}: cannot read stored pages to learn the niche from (file is not a database); "
        "scoring with the keywords until the crawl ends"]
    assert stats(crawler) == (0, 0) and pipeline.profile.learned == {}


def test_learning_from_the_store_reads_titles_and_texts_and_skips_what_is_missing(tmp_path: Path) -> None:
    path = store(tmp_path / "lt.db", [
        page("http://mine.example/a/", "", title="Rye levain", found_via="seed"),
        page("http://mine.example/b/", "", title="Rye levain"),
        page("http://mine.example/c/", "banneton crumb", title="Banneton"),
        page("http://other.example/d/", "warbler thrush reed", title="Birding hide"),
        page("http://other.example/e/", "warbler thrush"),
        page("http://other.example/f/", "", title="Hide"),
    ])
    db = open_db(path)
    db.execute("update pages set facts = null where url in ('http://mine.example/a/', 'http://other.example/f/')")
    db.execute("update pages set title = null where url in ('http://mine.example/c/', 'http://other.example/e/')")
    learner = learn_from_store(db, set())
    # words: 2 + 2 + 2 (no title) + 3 + 2 (background title) + 2 (no title) + 1 (no text) = 14 over 6 pages
    assert (learner.seed_docs, learner.docs, learner.words) == (3, 6, 14)
    assert learner.weights() == {"levain": 1.0, "rye": 1.0}


def bake_store(tmp_path: Path) -> Path:
    return store(tmp_path / "lt.db", [
        page("http://bake.example/a/", "levain levain crumb", title="Levain", published="2026-11-20"),
        page("http://bake.example/b/", "a note on crumb", title="Levain basics", published="2026-11-18"),
        page("http://bake.example/c/", "crumb and crust"),
        page("http://birds.example/d/", "warbler thrush", published="2025-10-01"),
        page("http://birds.example/e/", "warbler reed"),
    ])


def rows(db_path: Path) -> dict[str, dict[str, object]]:
    db = open_db(db_path)
    return {r["url"].split("//")[1]: r for r in db.query("select url, relevance, relevance_reasons, value, "
                                                          "value_reasons from pages")}


def test_rescore_scores_the_stored_title_when_the_facts_are_lost_and_reruns_the_rules_as_of_today(
    tmp_path: Path,
) -> None:
    path = bake_store(tmp_path)
    db = open_db(path)
    db.execute("update pages set facts = null where url = 'http://bake.example/b/'")
    config = config_from_dict({"niche": {"keywords": ["levain"], "learn": False}, "weights": {"relevance": 60}})
    result = rescore(db, config, date(2026, 11, 23))
    assert (result.pages, result.seed_pages, result.learned_terms) == (5, 0, ())
    got = rows(path)
    assert got["bake.example/b/"]["relevance_reasons"] == '["matches \'levain\' x1"]'  # the title column
    assert got["bake.example/b/"]["value"] is None  # no facts: no comment form known
    assert got["bake.example/a/"]["relevance_reasons"] == '["matches \'levain\' x3"]'
    assert got["bake.example/a/"]["value_reasons"] == (
        '["+40 comment form open (wordpress)","+25 website field: the comment carries your link",'
        '"+15 post is 3 days old","+10 site posted 3 days ago","+34.4 relevance 0.57"]')
    # a page without a date: the site's newest stored post says the site is posting
    assert '"+10 site posted 3 days ago"' in str(got["bake.example/c/"]["value_reasons"])
    assert '"-15 site quiet: newest post 13 months ago"' in str(got["birds.example/e/"]["value_reasons"])  # 418 days


def test_rescore_counts_pages_crossing_the_threshold_at_exactly_the_threshold(tmp_path: Path) -> None:
    path = bake_store(tmp_path)
    db = open_db(path)
    db.execute("update pages set relevance = 1.0 where site = 'bake.example'")
    db.execute("update pages set relevance = 0.5 where site = 'birds.example'")
    # no keywords, nothing learned: every page scores exactly 1.0, on a threshold of exactly 1.0
    every = config_from_dict({"niche": {"learn": False, "threshold": 1.0}})
    result = rescore(db, every, date(2026, 11, 23))
    assert (result.now_on, result.now_off) == (2, 0)
    off = config_from_dict({"niche": {"keywords": ["levain"], "learn": False, "threshold": 1.0}})
    assert (lambda r: (r.now_on, r.now_off))(rescore(db, off, date(2026, 11, 23))) == (0, 5)


def test_rescore_counts_a_value_changed_by_half_a_point_and_nothing_when_nothing_changed(tmp_path: Path) -> None:
    db = open_db(bake_store(tmp_path))
    config = config_from_dict({"niche": {"keywords": ["levain", "crumb"], "learn": False}})
    rescore(db, config, date(2026, 11, 23))
    again = rescore(db, config, date(2026, 11, 23))
    assert again.value_changed == 0
    # one more point of relevance weight: each page moves by its relevance (under one point)
    heavier = config_from_dict({"niche": {"keywords": ["levain", "crumb"], "learn": False},
                                "weights": {"relevance": 31}})
    changed = rescore(db, heavier, date(2026, 11, 23))
    # levain x3 and crumb x1 give 0.661: 19.8 points at 30, 20.5 at 31
    assert changed.value_changed == 3 and rows_value(db, "http://bake.example/a/") == 110.5


def rows_value(db: object, url: str) -> object:
    return next(db.query("select value from pages where url = ?", [url]))["value"]  # type: ignore[attr-defined]


def test_rescore_walks_every_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_db(bake_store(tmp_path))
    monkeypatch.setattr(pipelines.relevance, "RESCORE_BATCH", 2)
    config = config_from_dict({"niche": {"keywords": ["levain"], "learn": False}})
    result = rescore(db, config, date(2026, 11, 23))
    assert (result.pages, result.rewritten) == (5, 5)  # three batches (2, 2, 1), each page's scores new
    assert next(db.query("select count(*) as n from pages where relevance_reasons like '%levain%'"))["n"] == 2


def test_rescore_scores_with_the_average_page_length_it_learned(tmp_path: Path) -> None:
    db = open_db(store(tmp_path / "lt.db", [
        page("http://mine.example/a/", "levain crumb banneton", found_via="seed"),
        page("http://mine.example/b/", "levain crumb banneton oven"),
        page("http://mine.example/c/", "levain and a long text " * 3),
        page("http://other.example/d/", "warbler thrush"),
    ]))
    result = rescore(db, config_from_dict({"niche": {"learn": True}}), date(2026, 11, 23))
    assert (result.seed_pages, result.learned_terms) == (3, ("levain", "crumb", "banneton"))
    got = rows(Path(db.conn.execute("pragma database_list").fetchone()[2]))
    assert got["mine.example/c/"]["relevance"] == 0.363


def test_settle_rescores_keeps_the_profile_it_used_and_says_so_in_one_line(tmp_path: Path) -> None:
    db = open_db(store(tmp_path / "lt.db", [
        page("http://mine.example/a/", "levain crumb banneton", title="Rye", found_via="seed"),
        page("http://mine.example/b/", "levain crumb banneton oven", title="Rye"),
        page("http://other.example/c/", "warbler thrush"),
    ]))
    config = config_from_dict({"seeds": {"urls": ["http://mine.example/"]}, "niche": {"keywords": ["levain", "sourdough"]}})
    result = settle(db, config, date(2026, 11, 23))
    assert result == RescoreResult(pages=3, now_on=0, now_off=0, value_changed=3, seed_pages=2, rewritten=3,
                                   learned_terms=("rye", "levain", "crumb", "banneton"), unmatched=("sourdough",))
    assert settle_summary(result) == "niche profile: 4 terms learned from 2 seed pages; 3 pages of 3 scored again with it"
    state = niche_state(db)
    # what the scores depend on (inputs, then profile and day), for the next settle to compare: two SHA-256s
    assert re.fullmatch(r"[0-9a-f]{64} [0-9a-f]{64}", state.pop("scored_with"))
    assert state == {
        "id": 1, "as_of": "2026-11-23", "learned": '{"rye":1.0,"levain":1.0,"crumb":1.0,"banneton":1.0}',
        "avg_len": pytest.approx(11 / 3), "seed_pages": 2, "keywords": '["levain","sourdough"]',
        "unmatched": '["sourdough"]'}
    one = RescoreResult(pages=1, now_on=0, now_off=0, value_changed=0, learned_terms=("rye",), seed_pages=1, rewritten=1)
    assert settle_summary(one) == "niche profile: 1 term learned from 1 seed page; 1 page of 1 scored again with it"


SEEDED = {"seeds": {"urls": ["http://mine.example/"]}, "niche": {"keywords": ["levain", "sourdough"]}}
LEARNED = ("rye", "levain", "crumb", "banneton")


def seeded_store(tmp_path: Path) -> sqlite_utils.Database:
    return open_db(store(tmp_path / "lt.db", [
        page("http://mine.example/a/", "levain crumb banneton", title="Rye", found_via="seed"),
        page("http://mine.example/b/", "levain crumb banneton oven", title="Rye"),
        page("http://other.example/c/", "warbler thrush"),
    ]))


def test_a_settle_with_nothing_new_returns_the_last_pass_word_for_word(tmp_path: Path) -> None:
    db = seeded_store(tmp_path)
    config = config_from_dict(SEEDED)
    settle(db, config, date(2026, 11, 23))
    idle = settle(db, config, date(2026, 11, 23))
    assert idle == RescoreResult(pages=0, now_on=0, now_off=0, value_changed=0, learned_terms=LEARNED, seed_pages=2,
                                 rewritten=0, unmatched=("sourdough",), partial=True)
    assert settle_summary(idle) == ("niche profile: 4 terms learned from 2 seed pages; 0 pages of 0 stored since the "
                                    "last settle scored again with it (the profile had not changed)")
    plain = config_from_dict({"niche": {"keywords": ["levain"], "learn": False}})  # nothing learned, no seed page
    settle(db, plain, date(2026, 11, 23))
    assert settle(db, plain, date(2026, 11, 23)) == RescoreResult(0, 0, 0, 0, (), 0, 0, (), True)


def test_a_partial_settle_keeps_the_keywords_the_pages_not_read_matched(tmp_path: Path) -> None:
    """Only the new page is read, and it says none of the keywords: "levain" was matched by the pages read at the
    last pass, so only "sourdough" is still unmatched (and a new page saying it takes it off). Nothing learned:
    a learned profile moves with every page stored, and the next settle reads every page."""
    db = seeded_store(tmp_path)
    config = config_from_dict({"niche": {"keywords": ["levain", "sourdough"], "learn": False}})
    settle(db, config, date(2026, 11, 23))
    writer = PageWriter(db, 10)
    writer.add(page("http://other.example/d/", "warbler nest"))
    writer.flush()
    second = settle(db, config, date(2026, 11, 23))
    assert (second.partial, second.pages, second.unmatched) == (True, 1, ("sourdough",))
    writer.add(page("http://other.example/e/", "my sourdough"))
    writer.flush()
    third = settle(db, config, date(2026, 11, 23))
    assert (third.partial, third.pages, third.unmatched) == (True, 1, ())


def test_a_full_rescore_names_the_unmatched_keywords_of_the_config_it_is_given(tmp_path: Path) -> None:
    db = seeded_store(tmp_path)
    settle(db, config_from_dict(SEEDED), date(2026, 11, 23))
    other = config_from_dict({"niche": {"keywords": ["levain", "focaccia"], "learn": False}})
    result = rescore(db, other, date(2026, 11, 23))
    assert (result.partial, result.unmatched) == (False, ("focaccia",))


def site_rows(db: sqlite_utils.Database) -> dict[str, tuple[object, object]]:
    return {r["domain"]: (r["pages_crawled"], r["relevance"]) for r in db.query("select * from sites")}


def test_a_site_whose_pages_are_all_gone_counts_none_after_a_settle_or_a_rescore(tmp_path: Path) -> None:
    db = seeded_store(tmp_path)
    config = config_from_dict({"niche": {"keywords": ["levain"], "learn": False}})
    settle(db, config, date(2026, 11, 23))
    assert site_rows(db)["other.example"][0] == 1
    db.execute("delete from pages where site = 'other.example'")
    settled = settle(db, config, date(2026, 11, 23))
    assert (settled.partial, settled.pages, site_rows(db)["other.example"]) == (True, 0, (0, None))
    db.execute("update sites set pages_crawled = 5, relevance = 0.9")  # stale counts, and no page left at all
    db.execute("delete from pages")
    assert rescore(db, config, date(2026, 11, 23)).pages == 0
    assert site_rows(db) == {"mine.example": (0, None), "other.example": (0, None)}


@pytest.mark.parametrize("processes", [1, 2])
def test_the_scoring_pass_tokenizes_no_page_the_learning_pass_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    processes: int) -> None:
    """Split, the pages a learning child read come back with their terms: this process, which scores the first
    share, tokenizes none of them again (nor the children theirs: what they tokenize is not seen here)."""
    items = [page(f"http://s{i % 3}.example/{i}/", f"levain crumb word{i} banneton", title=f"Post {i}",
                  found_via="seed" if i % 3 == 0 else "content") for i in range(12)]
    paths = [store(tmp_path / f"{name}.db", items) for name in ("kept", "not")]
    config = config_from_dict({"niche": {"keywords": ["levain"], "learn": True}})
    expected = rescore(open_db(paths[1]), config, date(2026, 11, 23), processes=1)
    real_batches = pipelines.relevance.page_batches

    def scoring(*args: object, **kw: object) -> object:
        tokenized.clear()  # the learning pass is over
        return real_batches(*args, **kw)  # type: ignore[arg-type]

    tokenized = count_tokenizing(monkeypatch)
    monkeypatch.setattr(pipelines.relevance, "page_batches", scoring)
    monkeypatch.setattr(pipelines.relevance, "PARALLEL_PAGES", 4)
    got = rescore(open_db(paths[0]), config, date(2026, 11, 23), processes=processes)
    assert tokenized == [] and got == expected and got.pages == 12 and got.learned_terms
    con, other = (sqlite_utils.Database(p) for p in paths)
    assert list(con.query("select * from pages order by url")) == list(other.query("select * from pages order by url"))


@pytest.mark.parametrize("processes", [1, 2])
def test_a_rescore_given_the_crawls_terms_tokenizes_no_page_the_crawl_scored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int) -> None:
    """The terms a crawl kept as it scored each page (`TermsMemo`) serve both passes: this process tokenizes no
    page (split, its children take theirs from their copy), and the scores are those of a rescore without them."""
    items = [page(f"http://s{i % 3}.example/{i}/", f"levain crumb word{i} banneton", title=f"Post {i}",
                  found_via="seed" if i % 3 == 0 else "content") for i in range(12)]
    paths = [store(tmp_path / f"{name}.db", items) for name in ("given", "not")]
    config = config_from_dict({"niche": {"keywords": ["levain"], "learn": True}})
    expected = rescore(open_db(paths[1]), config, date(2026, 11, 23), processes=1)
    memo = TermsMemo(SHARE_PAGES)
    for it in items:  # as the spider keeps them
        memo.keep(it.url, it.facts.post.text)
    tokenized = count_tokenizing(monkeypatch)
    monkeypatch.setattr(pipelines.relevance, "PARALLEL_PAGES", 4)
    got = rescore(open_db(paths[0]), config, date(2026, 11, 23), processes=processes, memo=memo)
    assert tokenized == [] and got == expected and got.pages == 12 and got.learned_terms
    con, other = (sqlite_utils.Database(p) for p in paths)
    assert list(con.query("select * from pages order by url")) == list(other.query("select * from pages order by url"))
