"""The plan of the day: quotas, budget, one task per domain, cool-downs, determinism, reasons, cadence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from crawler.config import PlanConfig
from linktrail.plan import build_plan
from tests.report_db import ReportDB

DAY = date(2026, 11, 23)
FEED = "https://me.example/feed.xml"


@pytest.fixture
def rdb(tmp_path: Path) -> ReportDB:
    return ReportDB(tmp_path / "plan.db")


def many_targets(rdb: ReportDB, comments: int = 12, guests: int = 3) -> None:
    for i in range(comments):
        rdb.page(f"https://c{i:02d}.example/post/", value=100 - i)
    for i in range(guests):
        rdb.page(f"https://g{i}.example/write-for-us/", kind="guest_post", value=90 - i)


def plan_for(rdb: ReportDB, cfg: PlanConfig | None = None, day: date = DAY, **kw: object):  # type: ignore[no-untyped-def]
    return build_plan(rdb.db, cfg or PlanConfig(), day, threshold=0.25, **kw)  # type: ignore[arg-type]


def test_quotas_and_order_best_first(rdb: ReportDB) -> None:
    many_targets(rdb)
    plan = plan_for(rdb)
    kinds = [t.kind for t in plan.tasks]
    assert kinds == ["guest_post"] + ["comment"] * 5
    assert [t.url for t in plan.tasks] == ["https://g0.example/write-for-us/"] + [
        f"https://c{i:02d}.example/post/" for i in range(5)]
    assert plan.minutes == 30 + 5 * 10 <= plan.budget_minutes
    assert plan.by_kind == {"guest_post": 1, "comment": 5}


@pytest.mark.parametrize(("budget", "want"), [(180, 6), (75, 5), (35, 1), (29, 2), (9, 0)])
def test_time_budget_is_never_exceeded(rdb: ReportDB, budget: int, want: int) -> None:
    many_targets(rdb)
    plan = plan_for(rdb, PlanConfig(budget_minutes=budget))
    assert plan.minutes <= budget
    assert len(plan.tasks) == want


def test_no_domain_twice(rdb: ReportDB) -> None:
    for i in range(6):
        rdb.page(f"https://big.example/post-{i}/", value=100 - i)
    rdb.page("https://big.example/write-for-us/", kind="guest_post", value=99)
    rdb.page("https://small.example/post/", value=40)
    plan = plan_for(rdb)
    domains = [t.domain for t in plan.tasks]
    assert sorted(domains) == ["big.example", "small.example"]


def test_cooldown_after_any_outreach(rdb: ReportDB) -> None:
    rdb.page("https://a.example/new-post/", value=90)
    rdb.page("https://b.example/new-post/", value=80)
    rdb.page("https://c.example/new-post/", value=70)
    rdb.outreach("https://a.example/old-post/", "done", "2026-11-01", domain="a.example")  # 22 days ago
    rdb.outreach("https://b.example/old-post/", "rejected", "2026-10-24", domain="b.example")  # 30 days ago
    plan = plan_for(rdb, record=False)
    assert [t.domain for t in plan.tasks] == ["b.example", "c.example"]
    longer = plan_for(rdb, PlanConfig(cooldown_days=45), record=False)
    assert [t.domain for t in longer.tasks] == ["c.example"]
    shorter = plan_for(rdb, PlanConfig(cooldown_days=7), record=False)
    assert [t.domain for t in shorter.tasks] == ["a.example", "b.example", "c.example"]


def test_done_skipped_and_other_days_plans_are_left_out(rdb: ReportDB) -> None:
    for name in ("done", "skipped", "other-day", "kept"):
        rdb.page(f"https://{name}.example/post/")
    rdb.outreach("https://done.example/post/", "done", "2026-01-01")
    rdb.outreach("https://skipped.example/post/", "skipped", "2026-01-01")
    rdb.plan_row("2026-11-20", "https://other-day.example/post/")
    plan = plan_for(rdb, PlanConfig(cooldown_days=0))
    assert [t.domain for t in plan.tasks] == ["kept.example"]


def test_same_date_same_plan_even_after_the_data_changed(rdb: ReportDB) -> None:
    many_targets(rdb)
    first = plan_for(rdb)
    assert first.recorded
    rdb.page("https://newcomer.example/post/", value=1000)
    rdb.page("https://c00.example/post/", value=1, title="Changed")
    again = plan_for(rdb)
    assert again.tasks == first.tasks and again.recorded
    tomorrow = plan_for(rdb, day=date(2026, 11, 24))
    assert tomorrow.tasks[1].url == "https://newcomer.example/post/"
    assert not {t.url for t in tomorrow.tasks} & {t.url for t in first.tasks}


def test_dry_run_records_nothing(rdb: ReportDB) -> None:
    many_targets(rdb)
    plan = plan_for(rdb, record=False)
    assert plan.tasks and not plan.recorded
    assert rdb.count("plans") == 0
    assert plan_for(rdb, record=False).tasks == plan.tasks


def test_reasons_are_counted_to_the_plan_date(rdb: ReportDB) -> None:
    rdb.page("https://a.example/post/", newest_comment="2026-11-20T10:00:00+00:00", commenter_rel="ugc nofollow")
    (task,) = plan_for(rdb, record=False).tasks
    assert task.why == "form open, website field, links get rel=ugc,nofollow, newest comment 3 days ago"
    (later,) = plan_for(rdb, day=date(2026, 12, 20), record=False).tasks
    assert "newest comment 30 days ago" in later.why


def test_pitch_reason_names_guidelines_and_where_the_address_was_found(rdb: ReportDB) -> None:
    rdb.page("https://g.example/write-for-us/", kind="guest_post", guidelines_url="https://g.example/guidelines/",
             published=None)
    (task,) = plan_for(rdb, record=False).tasks
    assert task.kind == "guest_post" and task.label == "pitch" and task.minutes == 30
    assert task.why == "guidelines at https://g.example/guidelines/, editor@g.example found on the contact page"


def test_publish_task_when_behind_the_weekly_target(rdb: ReportDB) -> None:
    many_targets(rdb)
    rdb.own_posts(FEED, ["2026-11-20T09:00:00+00:00", "2026-11-02T09:00:00+00:00"])
    plan = plan_for(rdb, feed=FEED, site="https://me.example/")
    first = plan.tasks[0]
    assert first.kind == "publish" and first.minutes == 90 and first.url == "https://me.example/"
    assert "2 posts a week wanted, 1 in the last 7 days" in first.why
    assert "last one 2026-11-20 (3 days ago): My post 0" in first.why
    assert plan.minutes <= plan.budget_minutes and not plan.notes


def test_no_publish_task_when_on_target(rdb: ReportDB) -> None:
    many_targets(rdb)
    rdb.own_posts(FEED, ["2026-11-17T09:00:00+00:00", "2026-11-22T09:00:00+00:00"])
    plan = plan_for(rdb, feed=FEED)
    assert "publish" not in {t.kind for t in plan.tasks}
    # A week later both posts are older than 7 days.
    assert plan_for(rdb, feed=FEED, day=date(2026, 11, 30), record=False).tasks[0].kind == "publish"


def test_unread_feed_is_a_note_not_a_guess(rdb: ReportDB) -> None:
    many_targets(rdb)
    plan = plan_for(rdb, feed=FEED, record=False)
    assert "publish" not in {t.kind for t in plan.tasks}
    assert any("has not been read yet" in n for n in plan.notes)


def test_empty_database(rdb: ReportDB) -> None:
    plan = plan_for(rdb)
    assert plan.empty_db and not plan.tasks and rdb.count("plans") == 0


def test_off_niche_parked_and_closed_pages_are_not_targets(rdb: ReportDB) -> None:
    rdb.page("https://off.example/post/", relevance=0.1)
    rdb.page("https://parked.example/post/", parked=1)
    rdb.page("https://closed.example/post/", comment_state="closed")
    rdb.page("https://nolink.example/post/", website_field=0)
    rdb.page("https://declined.example/guest/", kind="guest_post", guest_accepts=0)
    assert plan_for(rdb).tasks == ()


def test_quota_zero_means_none_of_that_kind(rdb: ReportDB) -> None:
    many_targets(rdb)
    plan = plan_for(rdb, replace(PlanConfig(), guest_posts=0, comments=2))
    assert [t.kind for t in plan.tasks] == ["comment", "comment"]
