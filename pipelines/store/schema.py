"""The store's schema: the tables, built and changed by numbered sqlite-utils migrations."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from crawler.config import NicheConfig, PlanConfig
from pipelines.store.indexes import GATES_TABLE, PLAN_INDEXES
from pipelines.store.sites import SITE_HOME, SITE_IDENTITY, SITE_INDEXES

migrations = Migrations("linktrail")

@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """The first schema: sites, pages, links, crawls, outreach, plans, backlinks, checks."""
    db.table("sites").create(
        {
            "domain": str, "home_url": str, "name": str, "platform": str, "first_seen": str,
            "last_crawled": str, "pages_crawled": int, "relevance": float, "newest_post": str,
            "status": str, "accepts_guest_posts": int, "contact_email": str,
        },
        pk="domain",
    )
    db.table("pages").create(
        {
            "url": str, "site": str, "fetched_url": str, "canonical": str, "http_status": int,
            "first_seen": str, "fetched_at": str, "depth": int, "found_from": str,
            "found_via": str, "title": str, "published": str, "modified": str, "language": str,
            "word_count": int, "platform": str, "comment_state": str, "comment_system": str,
            "website_field": int, "captcha": str, "commenter_rel": str, "comment_count": int,
            "newest_comment": str, "spam_share": float, "autoclose_risk": int,
            "guest_post": int, "guest_post_confidence": str, "guest_accepts": int,
            "submit_email": str, "guidelines_url": str, "contacts": str, "parked": int,
            "soft_404": int, "relevance": float, "relevance_reasons": str, "opportunity": str,
            "value": float, "value_reasons": str, "etag": str, "last_modified": str,
            "warnings": str, "facts": str,
        },
        pk="url",
        foreign_keys=[("site", "sites", "domain")],
    )
    db.table("links").create(
        {"from_url": str, "to_url": str, "to_site": str, "anchor": str, "rel": str, "kind": str, "first_seen": str},
        pk=("from_url", "to_url"),
    )
    db.table("crawls").create(
        {"id": int, "kind": str, "started": str, "finished": str, "finish_reason": str, "stats": str},
        pk="id",
    )
    db.table("page_changes").create(
        {"url": str, "seen_at": str, "field": str, "old": str, "new": str},
        pk=("url", "seen_at", "field"),
    )
    db.table("outreach").create(
        {
            "id": int, "url": str, "domain": str, "kind": str, "status": str, "date": str,
            "note": str, "fingerprint": str, "shingles": str, "created": str, "updated": str,
        },
        pk="id",
    )
    db.table("plans").create(
        {"date": str, "url": str, "position": int, "kind": str, "domain": str, "minutes": int, "why": str},
        pk=("date", "url"),
    )
    db.table("backlinks").create(
        {
            "id": int, "source_url": str, "target_url": str, "expected_anchor": str,
            "note": str, "origin": str, "created": str, "status": str, "last_checked": str,
            "misses": int, "outreach_id": int,
        },
        pk="id",
    )
    db.table("backlink_checks").create(
        {
            "backlink_id": int, "checked_at": str, "status": str, "http_status": int,
            "final_url": str, "redirects": str, "rel": str, "anchor": str, "link_count": int,
            "placement": str, "error": str,
        },
        pk=("backlink_id", "checked_at"),
    )
    db.table("pages").create_index(["site"])
    db.table("pages").create_index(["opportunity", "value"])
    db.table("links").create_index(["to_site"])
    db.table("outreach").create_index(["domain", "date"])
    db.table("outreach").create_index(["url"])
    db.table("backlinks").create_index(["source_url", "target_url"], unique=True)


@migrations()
def m002_own_posts(db: sqlite_utils.Database) -> None:
    """The user's own posts (from `[you] feed`) and when that feed was last read, for the cadence."""
    db.table("own_posts").create(
        {"url": str, "published": str, "title": str, "feed": str, "read_at": str}, pk="url",
    )
    db.table("own_feed_reads").create(
        {"feed": str, "read_at": str, "entries": int, "error": str}, pk="feed",
    )
    db.table("own_posts").create_index(["published"])
    db.table("outreach").create_index(["status", "date"])
    # A recorded plan replays exactly as first shown, even after a re-crawl changed the page.
    for name, kind in (("blog", str), ("title", str), ("value", float)):
        db.table("plans").add_column(name, kind)


@migrations()
def m003_scoring_indexes(db: sqlite_utils.Database) -> None:
    """Partial indexes the plan walks in value order; site relevance and seed-page lookups."""
    for sql in PLAN_INDEXES:
        db.execute(sql)


@migrations()
def m004_backlink_details(db: sqlite_utils.Database) -> None:
    """Backlink checks keep what was observed and every link found; backlinks keep when last live."""
    for name in ("last_live", "not_before"):
        db.table("backlinks").add_column(name, str)
    columns: tuple[tuple[str, type], ...] = (("observed", str), ("found", int), ("noindex", str), ("content_type", str),
                                             ("links", str), ("notes", str))
    for name, kind in columns:
        db.table("backlink_checks").add_column(name, kind)
    db.table("backlinks").create_index(["status", "last_checked"])
    db.table("backlinks").create_index(["outreach_id"])


@migrations()
def m005_gates(db: sqlite_utils.Database) -> None:
    """The plan's gates, for the views to hold only what the plan would (defaults until a command saves them)."""
    plan, niche = PlanConfig(), NicheConfig()
    db.table(GATES_TABLE).create(
        {"id": int, "as_of": str, "threshold": float, "min_value": float, "max_post_age_days": int,
         "max_site_silence_days": int, "own_sites": str}, pk="id")
    db.table(GATES_TABLE).insert({
        "id": 1, "as_of": None, "threshold": niche.threshold, "min_value": plan.min_value,
        "max_post_age_days": plan.max_post_age_days, "max_site_silence_days": plan.max_site_silence_days,
        "own_sites": "[]",
    })


@migrations()
def m006_unsettled(db: sqlite_utils.Database) -> None:
    """Pages stored (or removed, or their site's newest post moved) since the last settle: what it has to read."""
    db.execute("create table if not exists unsettled_pages (url text primary key)")
    db.execute("create table if not exists unsettled_sites (domain text primary key)")
    # (`where not exists`, not `or ignore`: an upsert's own conflict handling overrides one inside its triggers)
    page = ("begin insert into unsettled_pages (url) select new.url "
            "where not exists (select 1 from unsettled_pages where url = new.url); end")
    db.execute(f"create trigger if not exists pages_unsettled_new after insert on pages {page}")
    db.execute(f"create trigger if not exists pages_unsettled_changed after update of facts, title on pages {page}")
    db.execute("create trigger if not exists pages_unsettled_gone after delete on pages begin insert into "
               "unsettled_sites (domain) select old.site "
               "where not exists (select 1 from unsettled_sites where domain = old.site); end")
    db.execute("create trigger if not exists sites_unsettled_newest after update of newest_post on sites "
               "when old.newest_post is not new.newest_post begin insert into unsettled_sites (domain) "
               "select new.domain where not exists (select 1 from unsettled_sites where domain = new.domain); end")


@migrations()
def m007_site_identity(db: sqlite_utils.Database) -> None:
    """The name each page says its site has, so a site's name is decided from all its pages, not the last batch's.

    The column is read back from the stored facts (post.site_name), then every site named and its platform
    decided again by the rules of `pipelines.store.sites`, as refresh_sites keeps them from now on.
    """
    db.table("pages").add_column("claimed_site_name", str)
    db.execute("update pages set claimed_site_name = nullif(json_extract(facts, '$.post.site_name'), '') "
               "where json_valid(facts)")
    for sql in SITE_INDEXES:
        db.execute(sql)
    db.execute(f"update sites set {SITE_IDENTITY}")


@migrations()
def m008_site_home(db: sqlite_utils.Database) -> None:
    """Each site's home URL decided again from its stored pages (it was the first page written that looked like one)."""
    db.execute(f"update sites set home_url = {SITE_HOME}")


def schema_version(db: sqlite_utils.Database) -> int:
    """How many of linktrail's migrations the file has applied."""
    return len(migrations.applied(db))

