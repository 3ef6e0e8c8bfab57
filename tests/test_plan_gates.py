"""The plan's gates: fresh posts on blogs still posting, a minimum value, never the user's own sites;
the views and sites.status hold the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.config import Config, PlanConfig, YouConfig
from linktrail.export import export_rows
from linktrail.plan import apply_gates, build_plan, own_domains
from linktrail.web.queries import comment_targets_sql
from tests.report_db import ReportDB

DAY = date(2026, 11, 23)


@pytest.fixture
def rdb(tmp_path: Path) -> ReportDB:
    return ReportDB(tmp_path / "gates.db")


def newest_post(rdb: ReportDB, domain: str, day: str) -> None:
    rdb.db.execute("update sites set newest_post = ? where domain = ?", [day, domain])
    rdb.db.conn.commit()


def fill(rdb: ReportDB) -> None:
    rdb.page("https://fresh.example/post/", value=70)
    # The case seen: an open form with a website field on a 2,118-day-old post of a blog quiet for years.
    rdb.page("https://ancient.example/post/", value=200, published="2021-01-01", newest_comment=None)
    newest_post(rdb, "ancient.example", "2021-06-01")
    # A recent post on a blog whose newest post (as stored) is 200 days old cannot happen; a recent
    # comment on an old post of a blog that stopped posting can.
    rdb.page("https://quiet.example/old-post/", value=150, published="2026-03-01")
    newest_post(rdb, "quiet.example", "2026-04-01")
    rdb.page("https://oldpost.example/post/", value=120, published="2026-01-10")
    newest_post(rdb, "oldpost.example", "2026-11-15")
    rdb.page("https://cheap.example/post/", value=12)
    rdb.page("https://me.example/my-post/", value=300)
    rdb.page("https://mine-too.example/post/", value=250)
    rdb.page("https://me.example/write-for-us/", kind="guest_post", value=300, site="me.example")
    rdb.page("https://guest.example/write-for-us/", kind="guest_post", value=80)


CONFIG = Config(plan=PlanConfig(comments=10, guest_posts=3, budget_minutes=600, posts_per_week=0),
                you=YouConfig(site="https://me.example/", other_sites=("https://mine-too.example/",)))


def plan_urls(rdb: ReportDB) -> list[str]:
    plan = build_plan(rdb.db, CONFIG.plan, DAY, threshold=0.25, record=False, site=CONFIG.you.site,
                      other_sites=CONFIG.you.other_sites)
    return [t.url for t in plan.tasks]


def test_plan_keeps_only_fresh_valuable_targets_not_yours(rdb: ReportDB) -> None:
    fill(rdb)
    assert plan_urls(rdb) == ["https://guest.example/write-for-us/", "https://fresh.example/post/"]


def test_gates_follow_the_settings(rdb: ReportDB) -> None:
    fill(rdb)
    loose = PlanConfig(comments=10, guest_posts=3, budget_minutes=600, posts_per_week=0, max_post_age_days=365,
                       max_site_silence_days=365, min_value=0)
    plan = build_plan(rdb.db, loose, DAY, threshold=0.25, record=False, site="https://me.example/")
    assert [t.url for t in plan.tasks] == [
        "https://guest.example/write-for-us/", "https://mine-too.example/post/", "https://quiet.example/old-post/",
        "https://oldpost.example/post/", "https://fresh.example/post/", "https://cheap.example/post/",
    ]
    why = {t.url: t.why for t in plan.tasks}
    assert why["https://quiet.example/old-post/"] == (
        "form open, website field, links get rel=ugc, newest comment 3 days ago, posted 267 days ago, "
        "the blog's last post 236 days ago")
    assert why["https://oldpost.example/post/"] == (
        "form open, website field, links get rel=ugc, newest comment 3 days ago, posted 317 days ago")
    assert why["https://fresh.example/post/"] == "form open, website field, links get rel=ugc, newest comment 3 days ago"


def test_export_has_the_plans_gates(rdb: ReportDB) -> None:
    fill(rdb)
    rows = export_rows(rdb.db, threshold=0.25, day=DAY, plan=CONFIG.plan,
                       own=own_domains(CONFIG.you.site, CONFIG.you.other_sites))
    assert [r["url"] for r in rows] == ["https://guest.example/write-for-us/", "https://fresh.example/post/"]


def test_views_and_site_status_hold_the_same_gates(rdb: ReportDB) -> None:
    fill(rdb)
    rdb.page("https://login.example/post/", value=90, comment_state="login_required")
    rdb.page("https://embed.example/post/", value=90, comment_state="embed", comment_system="disqus")
    rdb.page("https://payday.example/loans/", value=95, relevance=0.02)
    rdb.page("https://offniche.example/write-for-us/", kind="guest_post", value=90)
    rdb.db.execute("update sites set relevance = 0.05 where domain = 'offniche.example'")
    rdb.db.conn.commit()
    apply_gates(rdb.db, CONFIG, DAY)
    comments = [r["url"] for r in rdb.db.query("select url from open_comment_opportunities")]
    assert comments == ["https://fresh.example/post/"]
    guests = [r["url"] for r in rdb.db.query("select url from guest_post_sites")]
    assert guests == ["https://guest.example/write-for-us/"]
    status = {r["domain"]: r["status"] for r in rdb.db.query("select domain, status from sites")}
    assert status["ancient.example"] == "silent"
    assert status["quiet.example"] == "silent"
    assert status["oldpost.example"] == "active"
    assert status["fresh.example"] == "active"
    # A blog that posts again is active again.
    newest_post(rdb, "quiet.example", "2026-11-20")
    apply_gates(rdb.db, CONFIG, DAY)
    assert next(rdb.db.query("select status from sites where domain = 'quiet.example'"))["status"] == "active"


def test_recent_comment_targets_count_back_from_the_gates_day_not_sqlites_clock(rdb: ReportDB) -> None:
    # A conversation 11 days before the gates' day, a year before the suite first ran: recent as of
    # that day, as the view's other gates count, though over FRESH_DAYS before SQLite's date('now').
    rdb.page("https://then.example/post/", published="2025-11-01", newest_comment="2025-11-20T10:00:00+00:00")
    apply_gates(rdb.db, CONFIG, date(2025, 12, 1))
    assert [r["url"] for r in rdb.db.query(comment_targets_sql())] == ["https://then.example/post/"]
