"""Relevance: keywords with synonyms, terms learned from seed pages, the pipeline, and rescoring stored pages."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from scrapy.utils.test import get_crawler

from crawler.analysis.facts import CommentFacts, PageFacts, PostFacts
from crawler.configload import config_from_dict
from crawler.items import PageItem
from crawler.niche import STOPWORDS, Learner, NicheProfile, terms
from pipelines.relevance import (
    RelevancePipeline,
    RescoreResult,
    learn_from_store,
    profile_from_config,
    rescore,
    seed_sites_of,
    settle,
    store_profile,
)
from pipelines.relevance_lines import rescore_notes, rescore_summary, stored_unmatched_warning, unmatched_warning
from pipelines.store import PageWriter, open_db

BREAD = [
    ("My rye starter doubled overnight; the levain went into a dough at 75% hydration, and after bulk "
    "fermentation the banneton held the loaf until the oven was hot. The crumb was open and the crust dark."),
    ("Scoring a loaf: the lame, the angle, the ear. A cold retard firms the dough so the scoring holds, and "
    "the oven spring opens the crust. Hydration matters as much as the starter."),
    ("Feeding a starter twice a day at room temperature keeps the levain lively. Discard goes into crackers; "
    "the dough for the weekend loaf gets a long cold retard and an overnight proof in the banneton."),
]
BIRDS = [
    "Warblers arrived at the reed bed at dawn; a thrush sang from the hawthorn and the waders fed on the mud.",
    "With binoculars and a telescope we counted avocets, godwits and a late swallow over the scrape.",
    "The feeder brought goldfinches and a nuthatch; migration is slow this autumn and the hide was cold.",
]
RUNNING = [
    "The trail climbed eight hundred metres before the descent; my headlamp died at the last checkpoint.",
    "Race report: a muddy 50k with poles on the vertical sections and trail shoes that finally drained.",
]


def learner_for(seed: list[str], others: list[str]) -> Learner:
    learner = Learner()
    for text in seed:
        learner.add("", text, seed=True)
    for text in others:
        learner.add("", text, seed=False)
    return learner


def test_learned_terms_come_from_the_seed_pages_not_the_background() -> None:
    learner = learner_for(BREAD, BIRDS + RUNNING)
    learned = learner.weights()
    assert {"levain", "banneton", "retard", "dough"} <= set(learned)
    assert not set(learned) & (STOPWORDS | set(terms(" ".join(BIRDS + RUNNING))) - set(terms(" ".join(BREAD))))
    assert max(learned.values()) == 1.0 and all(0 < w <= 1 for w in learned.values())
    # A term on one seed page only is not learned; nor are words every text has.
    assert "crumb" not in learned and "lame" not in learned and "the" not in learned


def test_no_seed_pages_learn_nothing() -> None:
    assert learner_for([], BIRDS).weights() == {}


def test_learned_profile_alone_separates_the_niche() -> None:
    learner = learner_for(BREAD, BIRDS + RUNNING)
    profile = NicheProfile().with_learned(learner.weights(), learner.avg_len)
    bread, reasons = profile.score("Pan loaf notes", "The levain and a cold retard gave the loaf an open crumb and a "
                                   "dark crust out of the banneton; hydration 78%.")
    birds, _ = profile.score("Reed bed", BIRDS[0])
    assert bread >= 0.5
    assert birds <= 0.1
    assert any(r.startswith("seed-page terms: ") and "levain" in r for r in reasons)


def test_learned_terms_raise_a_page_the_keywords_miss() -> None:
    keywords = NicheProfile.from_keywords(["sourdough:2", "bread"])
    learner = learner_for(BREAD, BIRDS + RUNNING)
    both = keywords.with_learned(learner.weights(), learner.avg_len)
    text = "Notes from the weekend bake: the levain, a cold retard, the banneton and an open crumb."
    assert keywords.score("Weekend bake", text)[0] == 0.0
    assert both.score("Weekend bake", text)[0] >= both.threshold
    # ... but count less than the user's own keywords, and leave an off-niche page off.
    assert both.score("Reed bed", BIRDS[0])[0] < both.threshold


def test_synonyms_count_as_one_keyword() -> None:
    profile = NicheProfile.from_keywords(["levain|starter|pre-ferment:2"])
    score, reasons = profile.score("", "The pre-ferment, that is the starter, went in first.")
    assert score > 0 and reasons == ["matches 'levain' x2"]
    assert profile.link_score("Pre-ferment basics", "http://x.example/") > 0


def item(url: str, text: str, *, found_via: str = "content", title: str = "") -> PageItem:
    site = url.split("/")[2]
    facts = PageFacts(url=url, comments=CommentFacts(state="open", system="wordpress", website_field=True),
                      post=PostFacts(title=title, text=text, published="2026-11-20"))
    return PageItem(url=url, site=site, fetched_url=url, status=200, fetched_at="2026-11-23T08:00:00+00:00",
                    depth=0, facts=facts, found_via=found_via)


def test_pipeline_scores_do_not_depend_on_the_order_pages_pass() -> None:
    # Issue 19: the profile is fixed for the whole crawl; a seed page read first or last scores the same.
    pages = [item(f"http://mine.example/p{i}/", t) for i, t in enumerate(BREAD)]
    pages += [item(f"http://birds.example/p{i}/", t, found_via="seed") for i, t in enumerate(BIRDS)]
    pages.append(item("http://run.example/r/", RUNNING[0]))
    scores = []
    for order in (pages, pages[::-1]):
        pipeline = RelevancePipeline(NicheProfile.from_keywords(["levain"]), seed_urls=["http://mine.example/feed/"])
        pipeline.open_spider()
        scores.append({p.url: pipeline.process_item(dataclasses.replace(p)).relevance for p in order})
    assert scores[0] == scores[1]
    assert scores[0]["http://mine.example/p0/"] > 0 == scores[0]["http://run.example/r/"]


def test_pipeline_without_learning_uses_keywords_only(tmp_path: Path) -> None:
    pipeline = RelevancePipeline(NicheProfile.from_keywords(["levain"]), learn=False, seed_urls=["http://mine.example/"],
                                 db_path=str(stored(tmp_path)))
    pipeline.open_spider()
    got = pipeline.process_item(item("http://mine.example/a/", BREAD[0]))
    assert pipeline.profile.learned == {} and got.relevance_reasons == ["matches 'levain' x1"]


def stored_items() -> list[PageItem]:
    return ([item(f"http://mine.example/p{i}/", t, found_via="seed" if i == 0 else "content") for i, t in enumerate(BREAD)]
            + [item(f"http://birds.example/p{i}/", t, title="Birding notes") for i, t in enumerate(BIRDS)]
            + [item(f"http://run.example/p{i}/", t) for i, t in enumerate(RUNNING)])


def stored(tmp_path: Path) -> Path:
    path = tmp_path / "lt.db"
    db = open_db(path)
    writer = PageWriter(db, 4)
    for page in stored_items():
        writer.add(page)
    writer.flush()
    db.conn.close()
    return path


def test_pipeline_starts_from_what_earlier_crawls_stored(tmp_path: Path) -> None:
    path = stored(tmp_path)
    pipeline = RelevancePipeline(NicheProfile.from_keywords(["sourdough"]), db_path=str(path))
    pipeline.open_spider()
    assert pipeline.seed_pages == 3 and "levain" in pipeline.profile.learned
    # the profile `rescore` computes from the same store
    db = open_db(path)
    keywords = NicheProfile.from_keywords(["sourdough"])
    assert pipeline.profile == store_profile(db, keywords, set())[0]


def test_learn_from_store_samples_the_background(tmp_path: Path) -> None:
    db = open_db(stored(tmp_path))
    learner = learn_from_store(db, set(), sample=2)
    assert learner.seed_docs == 3 and learner.docs == 3 + 2  # the seed sites' pages are never background
    assert learn_from_store(db, set()).docs == 8
    # The same pages stored in another order (other rowids) give the same background and the same terms.
    other = open_db(tmp_path / "reversed.db")
    writer = PageWriter(other, 4)
    for row in reversed(list(db.query("select url from pages"))):
        writer.add(next(p for p in stored_items() if p.url == row["url"]))
    writer.flush()
    again = learn_from_store(other, set(), sample=2)
    assert (again.df, again.seed_df, again.weights()) == (learner.df, learner.seed_df, learner.weights())


def test_rescore_follows_a_changed_niche_and_reruns_the_rules(tmp_path: Path) -> None:
    db = open_db(stored(tmp_path))
    bread = config_from_dict({"niche": {"keywords": ["levain", "loaf", "crumb"]}})
    first = rescore(db, bread, date(2026, 11, 23))
    assert first.pages == 8 and first.seed_pages == 3 and "levain" in first.learned_terms
    rows = {r["url"]: r for r in db.query("select url, relevance, value, value_reasons from pages")}
    assert rows["http://mine.example/p1/"]["relevance"] >= 0.25 > rows["http://birds.example/p0/"]["relevance"]
    assert '"+30' not in rows["http://birds.example/p0/"]["value_reasons"]
    sites = {r["domain"]: r["relevance"] for r in db.query("select domain, relevance from sites")}
    assert sites["mine.example"] > 0.25 > sites["birds.example"]

    # The user changes the niche to birds: the bird pages come on, the bread pages go off.
    birds = config_from_dict({"niche": {"keywords": ["warbler", "thrush", "binoculars", "telescope", "feeder", "migration"],
                                        "learn": False},
                              "weights": {"relevance": 60}})
    second = rescore(db, birds, date(2026, 11, 23))
    assert second.now_on == 3 and second.now_off == 3 and second.learned_terms == ()
    rows = {r["url"]: r for r in db.query("select url, relevance, value, value_reasons from pages")}
    assert rows["http://birds.example/p0/"]["relevance"] >= 0.25 > rows["http://mine.example/p1/"]["relevance"]
    assert "relevance" in rows["http://birds.example/p0/"]["value_reasons"]
    assert rows["http://birds.example/p0/"]["value"] > rows["http://mine.example/p1/"]["value"]
    assert "3 now on niche, 3 now off" in rescore_summary(second, 0.25)


@pytest.mark.parametrize("text", ["", "12345 67890", "—"])
def test_scores_stay_in_range_on_empty_text(text: str) -> None:
    learner = learner_for(BREAD, BIRDS)
    profile = NicheProfile.from_keywords(["levain"]).with_learned(learner.weights(), learner.avg_len)
    score, reasons = profile.score("", text)
    assert score == 0.0 and reasons == ["no niche terms found"]


def test_the_pipeline_scrapy_builds_reads_every_niche_setting() -> None:
    crawler = get_crawler(settings_dict={
        "LINKTRAIL_NICHE_KEYWORDS": ["sourdough:2", "levain"], "LINKTRAIL_NICHE_NEGATIVE": ["casino"],
        "LINKTRAIL_NICHE_NAME": "bread", "LINKTRAIL_NICHE_THRESHOLD": 0.4, "LINKTRAIL_NICHE_LEARN": False,
        "LINKTRAIL_SEEDS": ["http://a.example/x", "not a url"], "LINKTRAIL_YOU_SITE": "http://me.example/",
        "LINKTRAIL_DB": "x.db"})
    p = RelevancePipeline.from_crawler(crawler)
    assert (p.profile.name, p.profile.threshold, p.profile.negative) == ("bread", 0.4, frozenset({"casino"}))
    assert len(p.profile.phrases) == 2
    assert (p.learn, p.seed_sites, p.db_path, p.crawler) == (False, {"a.example", "me.example"}, "x.db", crawler)
    bare = RelevancePipeline.from_crawler(get_crawler())
    assert (bare.profile.name, bare.profile.threshold, bare.learn, bare.seed_sites) == ("", 0.25, True, set())
    config = config_from_dict({"niche": {"name": "bread", "keywords": ["rye"], "negative": ["poker"], "threshold": 0.3}})
    profile = profile_from_config(config)
    assert (profile.name, profile.threshold, profile.negative) == ("bread", 0.3, frozenset({"poker"}))
    # one URL that cannot be read, or an empty one, skips itself, not the rest
    assert seed_sites_of(["", "http://[bad", "http://b.example/"]) == {"b.example"}


def test_rescore_summary_and_notes_word_for_word() -> None:
    six = ("rye", "levain", "crumb", "proof", "starter", "oven")
    assert rescore_summary(RescoreResult(10, 2, 1, 3, six, 4), 0.25) == (
        "rescored 10 pages: 2 now on niche, 1 now off (threshold 0.25), 3 changed value; "
        "learned 6 terms from 4 seed pages (rye, levain, crumb, proof, starter, ...)")
    assert rescore_summary(RescoreResult(10, 2, 1, 3, six[:5], 4), 0.3).endswith(
        "(threshold 0.3), 3 changed value; learned 5 terms from 4 seed pages (rye, levain, crumb, proof, starter)")
    assert rescore_summary(RescoreResult(1, 0, 0, 0, (), 0), 0.25) == (
        "rescored 1 pages: 0 now on niche, 0 now off (threshold 0.25), 0 changed value")
    assert rescore_notes(dataclasses.replace(config_from_dict({}), source="")) == [
        "note: no [niche] keywords in built-in defaults (no linktrail.toml here): pages were scored with learned terms only"]
    assert rescore_notes(config_from_dict({"niche": {"learn": False}}, "lt.toml")) == [
        "note: no [niche] keywords in lt.toml and learn = false: every page counts as on-niche"]
    assert rescore_notes(config_from_dict({"niche": {"keywords": ["rye"]}})) == []


def test_rescore_names_the_keywords_no_stored_page_matches(tmp_path: Path) -> None:
    # Issue 16: "loaves" stemmed meets no stored page; "levains" and "banneton|proofing basket" do (plural, synonym).
    db = open_db(stored(tmp_path))
    config = config_from_dict({"niche": {"keywords": ["levains", "Loaves:2", "banneton|proofing basket", "zeppelin"]}})
    result = rescore(db, config, date(2026, 11, 23))
    assert result.unmatched == ("loaves", "zeppelin")
    assert unmatched_warning(result.unmatched) == (
        "warning: [niche] keywords 'loaves', 'zeppelin' match no stored page: check the spelling, or drop them")
    assert unmatched_warning(()) is None
    # report reads what the last rescore found, for the keywords still configured
    fewer = config_from_dict({"niche": {"keywords": ["levains", "zeppelin"]}})
    assert stored_unmatched_warning(db, fewer) == (
        "warning: [niche] keyword 'zeppelin' matches no stored page: check the spelling, or drop it")
    assert stored_unmatched_warning(open_db(tmp_path / "empty.db"), fewer) is None
    assert rescore(open_db(tmp_path / "empty.db"), fewer, date(2026, 11, 23)).unmatched == ()


def test_rescore_right_after_rescore_writes_nothing(tmp_path: Path) -> None:
    db = open_db(stored(tmp_path))
    config = config_from_dict({"niche": {"keywords": ["levain", "loaf"]}})
    first = rescore(db, config, date(2026, 11, 23))
    before = list(db.query("select * from pages order by url"))
    again = rescore(db, config, date(2026, 11, 23))
    assert (first.rewritten, again.rewritten, again.now_on, again.now_off, again.value_changed) == (8, 0, 0, 0, 0)
    assert list(db.query("select * from pages order by url")) == before


def settled_state(db: sqlite_utils.Database) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    pages = [tuple(r.values()) for r in db.query(
        "select url, relevance, relevance_reasons, opportunity, value, value_reasons from pages order by url")]
    sites = [tuple(r.values()) for r in db.query("select domain, relevance, pages_crawled from sites order by domain")]
    return pages, sites


def test_a_second_settle_with_an_unchanged_profile_scores_only_what_was_stored_since(tmp_path: Path) -> None:
    # Issue 23: the end-of-crawl settle scored every stored page, so it grew with the store (6.2 s CPU on
    # 20,400 pages). With the profile, weights and day unchanged, only the pages stored since the last settle
    # can have another score, and those of a site whose newest post moved (a post's value reads it).
    db = open_db(stored(tmp_path))
    config = config_from_dict({"niche": {"keywords": ["levain", "loaf", "warbler"], "learn": False}})
    day = date(2026, 11, 23)
    first = settle(db, config, day)
    assert (first.partial, first.pages, first.rewritten) == (False, 8, 8)  # no pass recorded yet: all of them
    writer = PageWriter(db, 10)
    writer.add(item("http://new.example/p0/", BREAD[0]))  # a new site
    newer = item("http://mine.example/p9/", BREAD[1])
    post = dataclasses.replace(newer.facts.post, published="2026-11-22")  # mine.example's newest post moves:
    writer.add(dataclasses.replace(newer, facts=dataclasses.replace(newer.facts, post=post)))  # its pages are read
    writer.add(item("http://birds.example/p1/", BREAD[2], title="Birding notes"))  # a stored page fetched again, changed
    writer.flush()
    db.execute("create temp table written (url text)")
    db.execute("create temp trigger count_written after update of relevance, relevance_reasons, opportunity, value, "
               "value_reasons on pages begin insert into written values (new.url); end")
    full = tmp_path / "full.db"
    db.conn.execute(f"vacuum into '{full}'")
    second = settle(db, config, day)
    read = {"http://new.example/p0/", "http://birds.example/p1/", *(f"http://mine.example/p{i}/" for i in (0, 1, 2, 9))}
    assert (second.partial, second.pages) == (True, len(read))
    written = {r["url"] for r in db.query("select url from written")}
    assert second.rewritten == len(written) and {"http://new.example/p0/", "http://mine.example/p9/",
                                                 "http://birds.example/p1/"} <= written <= read
    # The same scores, reasons, values and site relevance as scoring every page of the store again.
    other = open_db(full)
    assert rescore(other, config, day).pages == 10
    assert settled_state(db) == settled_state(other)
    # Nothing stored, changed or removed since: nothing read, not even the pages the profile is learned from.
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    idle = settle(db, config, day)
    db.conn.set_trace_callback(None)
    assert (idle.pages, idle.partial, idle.rewritten, idle.unmatched) == (0, True, 0, second.unmatched)
    assert [s for s in statements if "from pages" in s] == []
    db.execute("delete from pages where url = 'http://run.example/p0/'")  # a page removed: its site is read again
    assert (settle(db, config, day).pages, settle(db, config, day).pages) == (1, 0)
    # Another day (a post's age counts) or another niche: every page again.
    assert settle(db, config, date(2026, 11, 24)).pages == 9
    changed = settle(db, config_from_dict({"niche": {"keywords": ["levain"], "learn": False}}), date(2026, 11, 24))
    assert (changed.partial, changed.pages) == (False, 9)


class _Spider:
    def __init__(self, profile: NicheProfile) -> None:
        self.profile = profile


@pytest.mark.parametrize("learned", [False, True])
def test_pipeline_keeps_the_spiders_score_only_when_it_scores_with_the_same_profile(tmp_path: Path,
                                                                                     learned: bool) -> None:
    # The spider scores each page with the [niche] keywords; with nothing learned from the store the pipeline's
    # profile is the same, and its score (the same function of the same text) is not computed a second time.
    keywords = NicheProfile.from_keywords(["levain"])
    crawler = get_crawler()
    crawler.spider = _Spider(NicheProfile.from_keywords(["levain"]))  # type: ignore[assignment]
    db = str(stored(tmp_path)) if learned else str(tmp_path / "none.db")
    pipeline = RelevancePipeline(keywords, seed_urls=["http://mine.example/"], db_path=db, crawler=crawler)
    pipeline.open_spider()
    assert pipeline.spider_scores is not learned and bool(pipeline.profile.learned) is learned
    page = item("http://mine.example/a/", BREAD[0])
    fresh = pipeline.process_item(dataclasses.replace(page)).relevance  # no score yet: the pipeline scores
    assert fresh == pipeline.profile.score(page.facts.post.title, page.facts.post.text)[0]
    spider_scored = dataclasses.replace(page, relevance=0.5, relevance_reasons=["the spider's"])
    got = pipeline.process_item(spider_scored)
    assert (got.relevance, got.relevance_reasons) == ((fresh, got.relevance_reasons) if learned else
                                                      (0.5, ["the spider's"]))
