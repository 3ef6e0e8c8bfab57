"""Indexes the plan walks and the views a person queries in Datasette or sqlite-utils."""

from __future__ import annotations

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


VIEWS = {
    "open_comment_opportunities": """
        select p.url, p.site, p.title, p.value, p.relevance, p.comment_system, p.commenter_rel,
               p.newest_comment, p.published, p.value_reasons
        from pages p
        where p.opportunity = 'comment'
        order by p.value desc""",
    "guest_post_sites": """
        select p.site, p.url, p.title, p.submit_email, p.guidelines_url, p.value, p.relevance
        from pages p
        where p.opportunity = 'guest_post'
        order by p.value desc""",
}


def ensure_views(db: sqlite_utils.Database) -> None:
    """(Re)create the views a person would query in Datasette or the sqlite-utils CLI."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)

