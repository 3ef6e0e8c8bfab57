"""The plan's rules at their edges, with literal expectations: why lines, gates, cool-downs, budget, cadence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crawler.config import PlanConfig
from linktrail.model import Plan
from linktrail.plan import Cadence, build_plan, days_ago, gate_params, own_cadence, own_domains, task_why
from tests.report_db import ReportDB

DAY = date(2026, 11, 23)
FEED = "https://me.example/feed.xml"
NO_POSTS = PlanConfig(posts_per_week=0)


@pytest.fixture
def rdb(tmp_path: Path) -> ReportDB:
    return ReportDB(tmp_path / "plan.db")


def comment(**row: Any) -> dict[str, Any]:
    return {"opportunity": "comment", "url": "https://a.example/post/", **row}


def guest(**row: Any) -> dict[str, Any]:
    return {"opportunity": "guest_post", "url": "https://g.example/write-for-us/", **row}


@pytest.mark.parametrize(("row", "why"), [
    (comment(), "form open"),
    (comment(website_field=1, captcha="recaptcha", comment_count=3, newest_comment="2026-11-23T09:00:00+00:00",
             published="2026-10-01", site_newest="2026-10-01"),
     "form open, website field, recaptcha captcha, commenter links without nofollow (may change), "
     "newest comment today, posted 53 days ago"),
    (comment(captcha="none", commenter_rel="ugc nofollow", comment_count=0, newest_comment="2026-11-22"),
     "form open, links get rel=ugc,nofollow, newest comment yesterday"),
    # a post is "old" past 30 days: only then does its age join a newest comment
    (comment(newest_comment="2026-11-20", published="2026-10-24"), "form open, newest comment 3 days ago"),
    (comment(newest_comment="2026-11-20", published="2026-10-23"),
     "form open, newest comment 3 days ago, posted 31 days ago"),
    (comment(published="2026-12-01"), "form open, posted on 2026-12-01"),
    (comment(published="2026-12-01T08:00:00+00:00"), "form open, posted on 2026-12-01"),  # the date, not its time
    (comment(newest_comment="soon", published="not a date"), "form open"),
    # the blog's last post: named when old and not this post's own date
    (comment(published="2026-11-20", site_newest="2026-10-09"), "form open, posted 3 days ago, the blog's last post "
                                                                  "45 days ago"),
    (comment(published="2026-11-20", site_newest="2026-10-24"), "form open, posted 3 days ago"),
    (comment(published="2026-10-09T10:00:00", site_newest="2026-10-09"), "form open, posted 45 days ago"),
    (comment(published="2026-10-09", site_newest="2026-10-09T18:00:00+00:00"), "form open, posted 45 days ago"),
])
def test_comment_why_word_for_word(row: dict[str, Any], why: str) -> None:
    assert task_why(row, DAY) == why


CONTACTS = json.dumps([
    {"email": "zed@g.example", "found_on": "https://g.example/About/"},
    {"email": "ed@g.example", "found_on": "https://g.example/write-for-us/", "role": True},
    {"email": "ann@g.example", "found_on": "https://g.example/team/", "role": True},
    {"found_on": "https://g.example/no-address/", "role": True},
])


@pytest.mark.parametrize(("row", "why"), [
    (guest(guidelines_url="https://g.example/write-for-us/", published="2026-11-21"),
     "guidelines on this page, no address found: use the site's contact form, page updated 2 days ago"),
    (guest(guidelines_url="https://g.example/rules/", submit_email="zed@g.example", contacts=CONTACTS),
     "guidelines at https://g.example/rules/, zed@g.example found on the about page"),
    (guest(submit_email="ed@g.example", contacts=CONTACTS),
     "guidelines on this page, ed@g.example found on this page"),
    (guest(submit_email="new@g.example", contacts=CONTACTS), "guidelines on this page, new@g.example found on this page"),
    # no submission address: a role address first, then the first by alphabet
    (guest(contacts=CONTACTS), "guidelines on this page, ann@g.example found on https://g.example/team/"),
    (guest(contacts=json.dumps([{"email": "b@g.example", "found_on": "https://g.example/Contact-Us/"},
                                {"email": "a@g.example", "found_on": ""}])),
     "guidelines on this page, a@g.example found on this page"),
    (guest(contacts=json.dumps([{"email": "b@g.example", "found_on": "https://g.example/Contact-Us/"}])),
     "guidelines on this page, b@g.example found on the contact page"),
    (guest(contacts=json.dumps([{"email": "b@g.example", "found_on": "https://g.example/pitch/write-for-us"}])),
     "guidelines on this page, b@g.example found on the write for us page"),
    (guest(contacts=json.dumps([{"email": "b@g.example", "found_on": "https://g.example/Guidelines.html"}])),
     "guidelines on this page, b@g.example found on the guidelines page"),
    (guest(contacts=json.dumps([{"email": "b@g.example", "found_on": "https://g.example/submit-a-post/"}])),
     "guidelines on this page, b@g.example found on the submit page"),
    # a role address wins over one earlier in the alphabet; an address found on this very page says so
    (guest(contacts=json.dumps([{"email": "a@g.example", "found_on": "https://g.example/team/"},
                                {"email": "z@g.example", "found_on": "https://g.example/write-for-us/", "role": True}])),
     "guidelines on this page, z@g.example found on this page"),
    # the submission address's contact without a page it was found on: this page
    (guest(submit_email="q@g.example", contacts='[{"email": "q@g.example"}]'),
     "guidelines on this page, q@g.example found on this page"),
    # no submission address, the best contact without a page it was found on: this page
    (guest(contacts='[{"email": "q@g.example"}]'), "guidelines on this page, q@g.example found on this page"),
    (guest(contacts="5"), "guidelines on this page, no address found: use the site's contact form"),
    (guest(contacts="{not json"), "guidelines on this page, no address found: use the site's contact form"),
    (guest(contacts='{"email": "x@g.example"}'), "guidelines on this page, no address found: use the site's contact form"),
    (guest(contacts='["x@g.example"]'), "guidelines on this page, no address found: use the site's contact form"),
    (guest(published="soon"), "guidelines on this page, no address found: use the site's contact form"),
])
def test_pitch_why_word_for_word(row: dict[str, Any], why: str) -> None:
    assert task_why(row, DAY) == why


def test_days_ago_reads_dates_and_timestamps() -> None:
    assert days_ago("2026-11-20T23:59:00+00:00", DAY) == 3
    assert days_ago("2026-11-30", DAY) == -7
    assert days_ago("", DAY) is None and days_ago(None, DAY) is None and days_ago("2026-13-01", DAY) is None


def test_own_domains_are_site_identities_sorted_once() -> None:
    assert own_domains("https://me.example/blog/", ("http://me.example/", "", "not a url", "https://b.example")) == (
        "b.example", "me.example")
    assert own_domains("") == ()


def test_gate_params_count_back_from_the_day() -> None:
    plan = PlanConfig(min_value=42.5, max_post_age_days=10, max_site_silence_days=100)
    assert gate_params(plan, DAY, threshold=0.3, own=("me.example",)) == {
        "threshold": 0.3, "min_value": 42.5, "own": '["me.example"]', "post_since": "2026-11-13",
        "site_since": "2026-08-15"}


def urls(rdb: ReportDB, cfg: PlanConfig = NO_POSTS, **kw: Any) -> list[str]:
    plan = build_plan(rdb.db, cfg, DAY, threshold=0.25, record=False, **kw)
    return [t.url for t in plan.tasks]


def test_gates_let_in_a_target_exactly_at_each_limit(rdb: ReportDB) -> None:
    cfg = PlanConfig(posts_per_week=0, comments=20, budget_minutes=600, max_post_age_days=180,
                     max_site_silence_days=100, min_value=30)
    rdb.page("https://post-180.example/p/", value=90, published="2026-05-27")  # 180 days before the day
    rdb.page("https://post-181.example/p/", value=90, published="2026-05-26")
    rdb.page("https://value-30.example/p/", value=30, published=None)
    rdb.page("https://value-29.example/p/", value=29.9)
    rdb.page("https://rel-025.example/p/", value=80, relevance=0.25)
    rdb.page("https://rel-024.example/p/", value=80, relevance=0.249)
    rdb.page("https://silent-100.example/p/", value=70)
    rdb.page("https://silent-101.example/p/", value=70)
    rdb.db.execute("update sites set newest_post = '2026-08-15T10:00:00' where domain = 'silent-100.example'")
    rdb.db.execute("update sites set newest_post = '2026-08-14' where domain = 'silent-101.example'")
    rdb.page("https://parked.example/p/", value=95)
    rdb.db.execute("update sites set status = 'parked' where domain = 'parked.example'")
    rdb.page("https://g-025.example/w/", kind="guest_post", value=60)
    rdb.page("https://g-024.example/w/", kind="guest_post", value=61)
    rdb.page("https://g-unknown.example/w/", kind="guest_post", value=50, guest_accepts=None)
    rdb.db.execute("update sites set relevance = 0.25 where domain = 'g-025.example'")
    rdb.db.execute("update sites set relevance = 0.249 where domain = 'g-024.example'")
    rdb.page("https://me.example/p/", value=99)
    rdb.db.conn.commit()
    assert urls(rdb, cfg, site="https://me.example/") == [
        "https://g-025.example/w/", "https://post-180.example/p/", "https://rel-025.example/p/",
        "https://silent-100.example/p/", "https://value-30.example/p/"]


def test_cooldown_counts_only_outreach_done_in_the_window_up_to_the_day(rdb: ReportDB) -> None:
    for name in ("edge", "inside", "planned", "future", "free"):
        rdb.page(f"https://{name}.example/new/", value=50)
    rdb.outreach("https://edge.example/old/", "done", "2026-11-13")  # exactly 10 days before: cooled down
    rdb.outreach("https://inside.example/old/", "skipped", "2026-11-14")
    rdb.outreach("https://planned.example/old/", "planned", "2026-11-20")  # planned is not outreach yet
    rdb.outreach("https://future.example/old/", "done", "2026-11-24")  # after the plan's day
    assert urls(rdb, PlanConfig(posts_per_week=0, cooldown_days=10)) == [
        "https://edge.example/new/", "https://free.example/new/", "https://future.example/new/",
        "https://planned.example/new/"]


def test_a_url_in_the_outreach_log_with_any_status_is_taken(rdb: ReportDB) -> None:
    rdb.page("https://a.example/p/", value=50)
    rdb.page("https://b.example/p/", value=40)
    rdb.outreach("https://a.example/p/", "planned", "2026-11-01")
    assert urls(rdb, PlanConfig(posts_per_week=0, cooldown_days=0)) == ["https://b.example/p/"]


def test_the_budget_is_spent_to_the_minute(rdb: ReportDB) -> None:
    rdb.page("https://g.example/w/", kind="guest_post", value=90)
    for i in range(3):
        rdb.page(f"https://c{i}.example/p/", value=80 - i)
    rdb.own_posts(FEED, ["2026-11-01"])
    cfg = PlanConfig(budget_minutes=140, post_minutes=90, guest_post_minutes=30, comment_minutes=10, posts_per_week=1)
    plan = build_plan(rdb.db, cfg, DAY, threshold=0.25, record=False, feed=FEED, site="https://me.example/")
    assert [(t.kind, t.minutes) for t in plan.tasks] == [("publish", 90), ("guest_post", 30), ("comment", 10),
                                                          ("comment", 10)]
    assert plan.by_kind == {"publish": 1, "guest_post": 1, "comment": 2}
    tight = PlanConfig(budget_minutes=89, post_minutes=90, posts_per_week=1, guest_posts=0)
    plan = build_plan(rdb.db, tight, DAY, threshold=0.25, record=False, feed=FEED)
    assert [t.kind for t in plan.tasks] == ["comment"] * 3  # no time to write a post: the comments instead


def test_the_week_is_the_seven_days_up_to_the_day(rdb: ReportDB) -> None:
    rdb.own_posts(FEED, ["2026-11-17T23:00:00+00:00", "2026-11-16T12:00:00+00:00", "2026-11-24T08:00:00+00:00"])
    cadence = own_cadence(rdb.db, FEED, 2, DAY)
    assert (cadence.read, cadence.last_7_days, cadence.last_published) == (True, 1, "2026-11-17T23:00:00+00:00")
    assert cadence.last_title == "My post 0" and cadence.behind
    assert not own_cadence(rdb.db, FEED, 1, DAY).behind
    # a feed never read: nothing known, never behind
    assert own_cadence(rdb.db, "https://other.example/feed/", 1, DAY) == Cadence(
        "https://other.example/feed/", False, 1, 0, None, None)


@pytest.mark.parametrize(("published", "target", "why"), [
    ([], 1, "1 post a week wanted, 0 in the last 7 days, none published yet"),
    (["2026-11-22T09:00:00+00:00"], 2, "2 posts a week wanted, 1 in the last 7 days, last one 2026-11-22 "
                                       "(1 day ago): My post 0"),
    (["2026-11-23T06:00:00+00:00"], 3, "3 posts a week wanted, 1 in the last 7 days, last one 2026-11-23: My post 0"),
])
def test_publish_why_word_for_word(rdb: ReportDB, published: list[str], target: int, why: str) -> None:
    rdb.page("https://c.example/p/", value=50)
    rdb.own_posts(FEED, published)
    plan = build_plan(rdb.db, PlanConfig(posts_per_week=target), DAY, threshold=0.25, record=False, feed=FEED)
    task = plan.tasks[0]
    assert (task.kind, task.url, task.domain, task.title, task.why) == ("publish", FEED, "me.example", "Your blog", why)


def test_notes_say_what_is_missing_to_plan_posts(rdb: ReportDB) -> None:
    rdb.page("https://c.example/p/", value=50)
    assert build_plan(rdb.db, PlanConfig(posts_per_week=0), DAY, threshold=0.25, record=False).notes == ()
    assert build_plan(rdb.db, PlanConfig(posts_per_week=1), DAY, threshold=0.25, record=False).notes == (
        "Set `feed` under [you] in linktrail.toml to plan posts on your own blog.",)
    assert build_plan(rdb.db, PlanConfig(posts_per_week=1), DAY, threshold=0.25, record=False, feed=FEED).notes == (
        f"Your feed {FEED} has not been read yet: `linktrail crawl` (or `linktrail nightly`) reads it; "
        "until then the plan cannot say whether to publish.",)


def test_a_recorded_plan_keeps_order_names_and_the_last_status(rdb: ReportDB) -> None:
    rdb.page("https://g.example/w/", kind="guest_post", value=60, title="Write for us", blog="Gee")
    rdb.page("https://b.example/p/", value=90, title=None, blog="")
    rdb.page("https://a.example/p/", value=90, title="A post")
    plan = build_plan(rdb.db, NO_POSTS, DAY, threshold=0.25)
    stored = list(rdb.db.query("select position, url, kind, blog, title, value, minutes from plans order by position"))
    assert stored == [
        {"position": 0, "url": "https://g.example/w/", "kind": "guest_post", "blog": "Gee", "title": "Write for us",
         "value": 60.0, "minutes": 30},
        {"position": 1, "url": "https://a.example/p/", "kind": "comment", "blog": "A.Example", "title": "A post",
         "value": 90.0, "minutes": 10},
        {"position": 2, "url": "https://b.example/p/", "kind": "comment", "blog": "b.example", "title": "",
         "value": 90.0, "minutes": 10},
    ]
    assert plan.recorded and plan.by_kind == {"guest_post": 1, "comment": 2}
    rdb.outreach("https://a.example/p/", "skipped", "2026-11-23")
    rdb.outreach("https://a.example/p/", "done", "2026-11-23")  # the same day: the later row wins
    rdb.outreach("https://g.example/w/", "done", "2026-11-24")
    rdb.outreach("https://g.example/w/", "rejected", "2026-11-23")  # an earlier date, written later
    rdb.outreach("https://b.example/p/", "planned", "2026-11-25")
    rdb.db.execute("update plans set title = null where url = 'https://g.example/w/'")
    rdb.db.execute("update sites set name = null where domain = 'a.example'")
    rdb.db.execute("update sites set name = 'Renamed' where domain = 'g.example'")  # the plan keeps its names
    rdb.db.execute("update plans set blog = null where url = 'https://a.example/p/'")
    rdb.db.conn.commit()
    again = build_plan(rdb.db, NO_POSTS, DAY, threshold=0.25)
    assert [(t.url, t.title, t.page_title, t.status) for t in again.tasks] == [
        ("https://g.example/w/", "Gee", "Write for us", "done"),
        ("https://a.example/p/", "a.example", "A post", "done"),
        ("https://b.example/p/", "b.example", "", ""),
    ]
    assert again.recorded and again.by_kind == {"guest_post": 1, "comment": 2}


def test_an_empty_store_gives_an_empty_plan_with_its_notes(rdb: ReportDB) -> None:
    plan = build_plan(rdb.db, PlanConfig(budget_minutes=120, posts_per_week=1), DAY, threshold=0.25, niche="bread")
    assert plan == Plan(date="2026-11-23", tasks=(), budget_minutes=120, niche="bread", empty_db=True, notes=(
        "Set `feed` under [you] in linktrail.toml to plan posts on your own blog.",))
    assert build_plan(rdb.db, NO_POSTS, DAY, threshold=0.25).niche == ""


def test_a_post_fits_a_budget_of_exactly_its_minutes_and_the_plan_keeps_its_niche(rdb: ReportDB) -> None:
    rdb.page("https://c.example/p/", value=50)
    rdb.own_posts(FEED, ["2026-11-01"])
    cfg = PlanConfig(budget_minutes=90, post_minutes=90, posts_per_week=1)
    plan = build_plan(rdb.db, cfg, DAY, threshold=0.25, feed=FEED, niche="bread")
    assert [t.kind for t in plan.tasks] == ["publish"] and plan.niche == "bread" and plan.budget_minutes == 90
    again = build_plan(rdb.db, cfg, DAY, threshold=0.25, feed=FEED, niche="bread")  # the recorded plan
    assert (again.recorded, again.niche, again.date, again.budget_minutes) == (True, "bread", "2026-11-23", 90)


def test_a_planned_row_after_a_done_one_leaves_the_task_done(rdb: ReportDB) -> None:
    rdb.page("https://a.example/p/", value=90)
    build_plan(rdb.db, NO_POSTS, DAY, threshold=0.25)
    rdb.outreach("https://a.example/p/", "done", "2026-11-23")
    rdb.outreach("https://a.example/p/", "planned", "2026-11-24")
    (task,) = build_plan(rdb.db, NO_POSTS, DAY, threshold=0.25).tasks
    assert task.status == "done"
