"""A small factory of report test databases: complete rows written through pipelines.store.open_db."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils

from pipelines.store import open_db

PAGE_COLUMNS = (
    "url", "site", "fetched_url", "canonical", "http_status", "first_seen", "fetched_at", "depth", "found_from",
    "found_via", "title", "published", "modified", "language", "word_count", "platform", "comment_state",
    "comment_system", "website_field", "captcha", "commenter_rel", "comment_count", "newest_comment",
    "spam_share", "autoclose_risk", "guest_post", "guest_post_confidence", "guest_accepts", "submit_email",
    "guidelines_url", "contacts", "parked", "soft_404", "relevance", "relevance_reasons", "opportunity",
    "value", "value_reasons", "etag", "last_modified", "warnings", "facts",
)


class ReportDB:
    """Write sites, pages, outreach and own posts as a crawl and `linktrail mark` would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite_utils.Database = open_db(path)

    def site(self, domain: str, name: str | None = None, *, relevance: float = 0.9, status: str = "active") -> None:
        self.db["sites"].upsert_all([{
            "domain": domain, "home_url": f"https://{domain}/", "name": name if name is not None else domain.title(),
            "platform": "wordpress", "first_seen": "2026-10-01T00:00:00+00:00",
            "last_crawled": "2026-11-22T00:00:00+00:00", "pages_crawled": 1, "relevance": relevance,
            "newest_post": None, "status": status, "accepts_guest_posts": None, "contact_email": None,
        }], pk="domain")

    def page(self, url: str, *, kind: str = "comment", value: float = 50.0, site: str | None = None,
             blog: str | None = None, **overrides: Any) -> dict[str, Any]:
        """A complete pages row (every column), a comment target with a website field unless told."""
        site = site or url.split("/")[2]
        if not self.db["sites"].exists() or not list(self.db.query("select 1 from sites where domain = ?", [site])):
            self.site(site, blog)
        row: dict[str, Any] = dict.fromkeys(PAGE_COLUMNS)
        row.update({
            "url": url, "site": site, "fetched_url": url, "http_status": 200,
            "first_seen": "2026-11-01T08:00:00+00:00", "fetched_at": "2026-11-22T08:00:00+00:00", "depth": 1,
            "title": f"A post on {site}", "published": "2026-11-10", "platform": "wordpress", "parked": 0,
            "soft_404": 0, "relevance": 0.8, "opportunity": kind, "value": value, "autoclose_risk": 0,
            "guest_post": int(kind == "guest_post"), "contacts": "[]", "warnings": "[]", "facts": "{}",
            "relevance_reasons": "[]", "value_reasons": "[]", "spam_share": 0.0, "comment_count": 0,
        })
        if kind == "comment":
            row.update({"comment_state": "open", "comment_system": "wordpress", "website_field": 1,
                        "captcha": "none", "commenter_rel": "ugc", "comment_count": 4,
                        "newest_comment": "2026-11-20T10:00:00+00:00"})
        else:
            row.update({"comment_state": "none", "guest_post_confidence": "high", "guest_accepts": 1,
                        "submit_email": f"editor@{site}", "guidelines_url": url,
                        "contacts": json.dumps([{"email": f"editor@{site}", "found_on": f"https://{site}/contact/",
                                                 "role": True}])})
        row.update(overrides)
        self.db["pages"].upsert_all([row], pk="url")
        return row

    def outreach(self, url: str, status: str, day: str, *, kind: str = "comment", domain: str | None = None) -> None:
        self.db["outreach"].insert_all([{
            "url": url, "domain": domain or url.split("/")[2], "kind": kind, "status": status, "date": day,
            "note": None, "fingerprint": None, "shingles": None, "created": day, "updated": day,
        }])

    def plan_row(self, day: str, url: str, *, kind: str = "comment", position: int = 0) -> None:
        self.db["plans"].insert_all([{
            "date": day, "url": url, "position": position, "kind": kind, "domain": url.split("/")[2],
            "minutes": 10, "why": "", "blog": None, "title": None, "value": None,
        }], pk=("date", "url"), replace=True)

    def own_posts(self, feed: str, published: list[str], *, read_at: str = "2026-11-23T05:00:00+00:00") -> None:
        from linktrail.results import save_own_posts

        posts = [{"url": f"https://me.example/post-{i}/", "published": p, "title": f"My post {i}"}
                 for i, p in enumerate(published)]
        save_own_posts(self.db, feed, posts, read_at=read_at)

    def count(self, table: str) -> int:
        return int(self.db[table].count) if self.db[table].exists() else 0
