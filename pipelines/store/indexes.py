"""Indexes the plan walks and the views a person queries in Datasette or sqlite-utils."""

from __future__ import annotations

import json

import sqlite_utils

# The plan's candidate queries (linktrail/plan.py) walk these in `value desc, url` order and stop
# after the quota, so a 1M-page file is never scanned; the WHERE of each index is a subset of the
# query's WHERE, which is what lets SQLite pick a partial index.
PLAN_INDEXES = (
    (
        "create index if not exists idx_pages_plan_comment on pages (value desc, url) "
        "where opportunity = 'comment' and comment_state = 'open' and website_field = 1 and parked = 0"
    ),
    "create index if not exists idx_pages_plan_guest on pages (value desc, url) where opportunity = 'guest_post'",
    "create index if not exists idx_pages_site_relevance on pages (site, relevance)",
    "create index if not exists idx_pages_seed on pages (site) where found_via = 'seed'",
    "create index if not exists idx_page_changes_seen on page_changes (seen_at)",
)


# What the views gate on, as of the last `linktrail report`, `export` or `crawl` (one row, id 1, written
# by save_gates from linktrail.toml; the defaults and today until then): the same gates as the plan
# (linktrail/plan.py CANDIDATES).
GATES_TABLE = "gates"
# The day the gates count from: the as_of saved with them; SQLite's clock only on a database no linktrail
# command has gated yet.
AS_OF = "coalesce(g.as_of, date('now'))"
_FRESH_SITE = (f"(s.newest_post is null or substr(s.newest_post, 1, 10) >= "
               f"date({AS_OF}, '-' || g.max_site_silence_days || ' days'))")
_NOT_OWN = "p.site not in (select value from json_each(g.own_sites))"

VIEWS = {
    # Open forms (no account, no embed) on niche, not the user's, on a blog still posting, the post fresh.
    "open_comment_opportunities": f"""
        select p.url, p.site, p.title, p.value, p.relevance, p.comment_system, p.commenter_rel,
               p.newest_comment, p.published, p.value_reasons
        from pages p join sites s on s.domain = p.site join gates g on g.id = 1
        where p.opportunity = 'comment' and p.comment_state = 'open' and p.parked = 0
          and coalesce(p.relevance, 0) >= g.threshold and coalesce(p.value, 0) >= g.min_value and {_NOT_OWN}
          and coalesce(s.status, 'active') != 'parked' and {_FRESH_SITE}
          and (p.published is null
               or substr(p.published, 1, 10) >= date({AS_OF}, '-' || g.max_post_age_days || ' days'))
        order by p.value desc""",
    # Guest-post pages of on-niche blogs that still post, not the user's.
    "guest_post_sites": f"""
        select p.site, p.url, p.title, p.submit_email, p.guidelines_url, p.value, p.relevance
        from pages p join sites s on s.domain = p.site join gates g on g.id = 1
        where p.opportunity = 'guest_post' and coalesce(p.guest_accepts, 1) = 1
          and coalesce(s.relevance, 0) >= g.threshold and coalesce(p.value, 0) >= g.min_value and {_NOT_OWN}
          and coalesce(s.status, 'active') != 'parked' and {_FRESH_SITE}
        order by p.value desc""",
}


def ensure_views(db: sqlite_utils.Database) -> None:
    """(Re)create the views a person would query in Datasette or the sqlite-utils CLI."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def save_gates(db: sqlite_utils.Database, *, as_of: str, threshold: float, min_value: float,
               max_post_age_days: int, max_site_silence_days: int, own_sites: tuple[str, ...]) -> None:
    """Store the plan's gates for the views, and set sites.status to match: a blog whose newest post
    is older than ``max_site_silence_days`` before ``as_of`` is 'silent', not 'active' (parked stays parked)."""
    db.table(GATES_TABLE).upsert({
        "id": 1, "as_of": as_of, "threshold": threshold, "min_value": min_value,
        "max_post_age_days": max_post_age_days, "max_site_silence_days": max_site_silence_days,
        "own_sites": json.dumps(sorted(own_sites)),
    }, pk="id")
    db.execute(
        "update sites set status = case when newest_post is not null and substr(newest_post, 1, 10) < "
        "date(?, '-' || ? || ' days') then 'silent' else 'active' end "
        "where coalesce(status, 'active') in ('active', 'silent')", [as_of, max_site_silence_days])
    db.conn.commit()
