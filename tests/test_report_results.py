"""Results per ISO week from a seeded outreach history; the own feed parsed from bytes and stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from linktrail.plan import build_plan
from linktrail.render import FORMATS, render_results
from linktrail.results import build_results, iso_week, own_posts_from_feed, save_own_posts
from tests.report_db import ReportDB

FEED = "https://me.example/feed.xml"


@pytest.fixture
def history(tmp_path: Path) -> ReportDB:
    r = ReportDB(tmp_path / "results.db")
    r.page("https://c1.example/post/")
    for day, url, kind in [("2026-11-16", "https://c1.example/p/", "comment"),
                           ("2026-11-16", "https://c2.example/p/", "comment"),
                           ("2026-11-16", "https://c3.example/p/", "comment"),
                           ("2026-11-16", "https://g1.example/w/", "guest_post"),
                           ("2026-11-23", "https://c4.example/p/", "comment")]:
        r.plan_row(day, url, kind=kind)
    for url, status, day, kind in [
        ("https://c1.example/p/", "done", "2026-11-16", "comment"),
        ("https://c1.example/p/", "live", "2026-11-24", "comment"),
        ("https://c2.example/p/", "done", "2026-11-17", "comment"),
        ("https://c2.example/p/", "live", "2026-11-18", "comment"),
        ("https://c3.example/p/", "skipped", "2026-11-16", "comment"),
        ("https://g1.example/w/", "done", "2026-11-17", "guest_post"),
        ("https://g1.example/w/", "replied", "2026-11-20", "guest_post"),
        ("https://g1.example/w/", "accepted", "2026-11-25", "guest_post"),
        # a row the backlink monitor updated in place: only "live" is left, the earlier steps are implied
        ("https://g2.example/w/", "live", "2026-11-12", "guest_post"),
        ("https://old.example/p/", "done", "2026-09-01", "comment"),  # before the window
    ]:
        r.outreach(url, status, day, kind=kind)
    r.own_posts(FEED, ["2026-11-10T08:00:00+00:00", "2026-11-12T08:00:00+00:00",
                       "2026-11-18T08:00:00+00:00", "2026-11-23T08:00:00+00:00"])
    return r


def test_weekly_counts(history: ReportDB) -> None:
    res = build_results(history.db, date(2026, 11, 25), weeks=3, posts_per_week=2, feed=FEED)
    assert [w.week for w in res.weeks] == ["2026-W46", "2026-W47", "2026-W48"]
    assert [w.start for w in res.weeks] == ["2026-11-09", "2026-11-16", "2026-11-23"]
    w46, w47, w48 = res.weeks
    assert (w46.pitches_done, w46.pitches_replied, w46.pitches_accepted, w46.pitches_live, w46.posts) == (1, 1, 1, 1, 2)
    assert (w47.comments_planned, w47.comments_done, w47.comments_live) == (3, 2, 1)
    assert (w47.pitches_planned, w47.pitches_done, w47.pitches_replied, w47.posts) == (1, 1, 1, 1)
    assert (w48.comments_planned, w48.comments_live, w48.pitches_accepted, w48.posts) == (1, 1, 1, 1)
    t = res.totals
    assert (t.comments_planned, t.comments_done, t.comments_live) == (4, 2, 2)
    assert (t.pitches_done, t.pitches_replied, t.pitches_accepted, t.pitches_live) == (2, 2, 2, 1)
    assert (t.posts, t.posts_target) == (4, 6)
    assert t.rates["comments_done_of_planned"] == 0.5 and t.rates["comments_live_of_done"] == 1.0
    assert t.rates["posts_of_target"] == round(4 / 6, 3)
    assert w46.rates["comments_done_of_planned"] is None
    assert res.feed_read and not res.notes


def test_results_start_at_the_first_week_with_any_activity(tmp_path: Path) -> None:
    """No leading empty weeks: eight weeks asked, activity only in the last two, two weeks shown."""
    r = ReportDB(tmp_path / "r.db")
    r.page("https://c1.example/post/")
    r.plan_row("2026-11-17", "https://c1.example/p/", kind="comment")
    r.outreach("https://c1.example/p/", "done", "2026-11-24", kind="comment")
    res = build_results(r.db, date(2026, 11, 25), weeks=8, posts_per_week=2)
    assert [w.week for w in res.weeks] == ["2026-W47", "2026-W48"]
    assert (res.totals.comments_planned, res.totals.comments_done, res.totals.posts_target) == (1, 1, 4)
    assert "Results, 2 weeks to 2026-11-25" in render_results(res, "text")
    quiet = build_results(r.db, date(2026, 10, 1), weeks=8)
    assert [w.week for w in quiet.weeks] == ["2026-W40"]  # nothing yet: the current week alone


def test_a_recorded_plan_counts_as_planned(tmp_path: Path) -> None:
    r = ReportDB(tmp_path / "p.db")
    for i in range(3):
        r.page(f"https://c{i}.example/post/")
    from crawler.config import PlanConfig

    build_plan(r.db, PlanConfig(), date(2026, 11, 23), threshold=0.25)
    res = build_results(r.db, date(2026, 11, 23), weeks=1)
    assert res.weeks[0].comments_planned == 3 and not res.feed_read and res.notes


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_results(history: ReportDB, fmt: str) -> None:
    res = build_results(history.db, date(2026, 11, 25), weeks=3, feed=FEED)
    out = render_results(res, fmt)
    assert "2026-W47" in out
    if fmt == "html":
        assert "<svg" in out and "</svg>" in out and "<script" not in out
    if fmt == "text":
        assert "Comments: 2 done of 4 planned (50%), 2 live (100% of done)." in out
        assert "posts █▅▅" in out  # 2, 1, 1 own posts in the three weeks


def test_empty_database(tmp_path: Path) -> None:
    res = build_results(ReportDB(tmp_path / "e.db").db, date(2026, 11, 23))
    assert res.empty_db
    assert "linktrail crawl" in render_results(res, "text")


def test_iso_week_at_year_end() -> None:
    assert iso_week(date(2026, 12, 31)) == "2026-W53"
    assert iso_week(date(2027, 1, 4)) == "2027-W01"


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Me</title><link>https://me.example/</link>
<item><title>Second</title><link>/second/</link><pubDate>Fri, 20 Nov 2026 09:30:00 +0100</pubDate></item>
<item><title>First &amp; best</title><link>https://me.example/first/</link><pubDate>Mon, 02 Nov 2026 09:30:00 GMT</pubDate></item>
<item><title>Undated</title><link>https://me.example/undated/</link></item>
</channel></rss>"""


def test_own_feed_is_parsed_from_bytes_and_stored_idempotently(tmp_path: Path) -> None:
    r = ReportDB(tmp_path / "f.db")
    posts = own_posts_from_feed(RSS, FEED)
    assert posts == [
        {"url": "https://me.example/second/", "published": "2026-11-20T08:30:00+00:00", "title": "Second"},
        {"url": "https://me.example/first/", "published": "2026-11-02T09:30:00+00:00", "title": "First & best"},
    ]
    assert save_own_posts(r.db, FEED, posts) == 2
    assert save_own_posts(r.db, FEED, posts) == 2
    assert r.count("own_posts") == 2 and r.count("own_feed_reads") == 1
