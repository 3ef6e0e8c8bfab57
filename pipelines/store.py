"""The SQLite store: schema and migrations, batched idempotent writes, and the StorePipeline."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils
from itemadapter import ItemAdapter
from scrapy import signals
from sqlite_utils import Migrations

from crawler.urls import site_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.items import PageItem

logger = logging.getLogger(__name__)

migrations = Migrations("linktrail")


class StoreError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


def utcnow() -> str:
    """Now, as an ISO 8601 UTC timestamp with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """The first schema: sites, pages, links, crawls, outreach, plans, backlinks, checks."""
    db["sites"].create(
        {
            "domain": str, "home_url": str, "name": str, "platform": str, "first_seen": str,
            "last_crawled": str, "pages_crawled": int, "relevance": float, "newest_post": str,
            "status": str, "accepts_guest_posts": int, "contact_email": str,
        },
        pk="domain",
    )
    db["pages"].create(
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
    db["links"].create(
        {"from_url": str, "to_url": str, "to_site": str, "anchor": str, "rel": str, "kind": str, "first_seen": str},
        pk=("from_url", "to_url"),
    )
    db["crawls"].create(
        {"id": int, "kind": str, "started": str, "finished": str, "finish_reason": str, "stats": str},
        pk="id",
    )
    db["page_changes"].create(
        {"url": str, "seen_at": str, "field": str, "old": str, "new": str},
        pk=("url", "seen_at", "field"),
    )
    db["outreach"].create(
        {
            "id": int, "url": str, "domain": str, "kind": str, "status": str, "date": str,
            "note": str, "fingerprint": str, "shingles": str, "created": str, "updated": str,
        },
        pk="id",
    )
    db["plans"].create(
        {"date": str, "url": str, "position": int, "kind": str, "domain": str, "minutes": int, "why": str},
        pk=("date", "url"),
    )
    db["backlinks"].create(
        {
            "id": int, "source_url": str, "target_url": str, "expected_anchor": str,
            "note": str, "origin": str, "created": str, "status": str, "last_checked": str,
            "misses": int, "outreach_id": int,
        },
        pk="id",
    )
    db["backlink_checks"].create(
        {
            "backlink_id": int, "checked_at": str, "status": str, "http_status": int,
            "final_url": str, "redirects": str, "rel": str, "anchor": str, "link_count": int,
            "placement": str, "error": str,
        },
        pk=("backlink_id", "checked_at"),
    )
    db["pages"].create_index(["site"])
    db["pages"].create_index(["opportunity", "value"])
    db["links"].create_index(["to_site"])
    db["outreach"].create_index(["domain", "date"])
    db["outreach"].create_index(["url"])
    db["backlinks"].create_index(["source_url", "target_url"], unique=True)


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


def schema_version(db: sqlite_utils.Database) -> int:
    """How many of linktrail's migrations the file has applied."""
    return len(migrations.applied(db))


def open_db(path: str | Path, *, create: bool = True, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating and migrating) the linktrail database at ``path``.

    Raises:
        StoreError: not a SQLite file, locked, read-only, or written by a newer linktrail.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no such database (run `linktrail crawl` or `linktrail demo` first)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=5.0)
        db = sqlite_utils.Database(conn)
        db.execute("pragma busy_timeout = 5000")
        db.execute("pragma foreign_keys = on")
        if db.journal_mode != "wal":
            db.enable_wal()
        db.execute("pragma synchronous = normal")
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(db)}
        newer = applied - known
        if newer:
            raise StoreError(
                f"{path}: written by a newer linktrail (unknown migrations: {', '.join(sorted(newer))}); "
                "upgrade linktrail to open it"
            )
        if migrate and migrations.pending(db):
            migrations.apply(db)
            ensure_views(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot use this database: {exc}") from None
    except OSError as exc:
        raise StoreError(f"{path}: {exc.strerror or exc}") from None
    return db


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def page_row(item: PageItem) -> dict[str, Any]:
    """A complete pages row (every column, always the same shape) from a PageItem."""
    f = item.facts
    c, g, p, h = f.comments, f.guest_post, f.post, f.health
    return {
        "url": item.url, "site": item.site, "fetched_url": item.fetched_url,
        "canonical": f.canonical, "http_status": item.status, "first_seen": item.fetched_at,
        "fetched_at": item.fetched_at, "depth": item.depth, "found_from": item.found_from,
        "found_via": item.found_via, "title": p.title, "published": p.published,
        "modified": p.modified, "language": p.language, "word_count": p.word_count,
        "platform": f.platform, "comment_state": c.state, "comment_system": c.system,
        "website_field": _flag(c.website_field), "captcha": c.captcha,
        "commenter_rel": " ".join(c.rel), "comment_count": c.count,
        "newest_comment": c.newest, "spam_share": c.spam_share,
        "autoclose_risk": int(c.autoclose_risk), "guest_post": int(g.is_guest_post_page),
        "guest_post_confidence": g.confidence, "guest_accepts": _flag(g.accepts),
        "submit_email": g.submit_email, "guidelines_url": g.guidelines_url,
        "contacts": _json([asdict(x) for x in g.contacts]), "parked": int(h.parked),
        "soft_404": int(h.soft_404), "relevance": item.relevance,
        "relevance_reasons": _json(item.relevance_reasons), "opportunity": item.opportunity,
        "value": item.value, "value_reasons": _json(item.value_reasons), "etag": item.etag,
        "last_modified": item.last_modified, "warnings": _json(list(f.warnings)),
        "facts": _json(f.to_dict()),
    }


# Fields whose change between two crawls is worth a row in page_changes.
TRACKED_FIELDS = ("comment_state", "website_field", "opportunity")


class PageWriter:
    """Batched, idempotent writes of pages, sites and links through one connection."""

    def __init__(self, db: sqlite_utils.Database, batch_size: int = 200) -> None:
        self.db = db
        self.batch_size = batch_size
        self.pages: list[dict[str, Any]] = []
        self.links: dict[tuple[str, str], dict[str, Any]] = {}
        self.sites: dict[str, dict[str, Any]] = {}
        self.written = 0

    def add(self, item: PageItem) -> None:
        row = page_row(item)
        self.pages.append(row)
        for link in item.facts.links:
            if link.external and link.kind != "nav":
                key = (item.url, link.url)
                self.links[key] = {
                    "from_url": item.url, "to_url": link.url, "to_site": site_of(link.url),
                    "anchor": link.anchor[:200], "rel": " ".join(link.rel), "kind": link.kind,
                    "first_seen": item.fetched_at,
                }
        site = self.sites.setdefault(item.site, {"domain": item.site, "pages": []})
        site["pages"].append(row)
        if len(self.pages) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write what is pending in one transaction."""
        if not self.pages:
            return
        with transaction(self.db):
            self._write_sites()
            self._write_pages()
            if self.links:
                self.db["links"].insert_all(list(self.links.values()), pk=("from_url", "to_url"), ignore=True)
        self.written += len(self.pages)
        self.pages.clear()
        self.links.clear()
        self.sites.clear()

    def _write_pages(self) -> None:
        urls = [r["url"] for r in self.pages]
        old = {
            r["url"]: r
            for r in self.db.query(
                "select url, first_seen, " + ", ".join(TRACKED_FIELDS) + " from pages where url in "
                f"({', '.join('?' * len(urls))})",
                urls,
            )
        }
        changes = []
        for row in self.pages:
            prev = old.get(row["url"])
            if prev is None:
                continue
            row["first_seen"] = prev["first_seen"]
            for name in TRACKED_FIELDS:
                if prev[name] != row[name]:
                    changes.append(
                        {"url": row["url"], "seen_at": row["fetched_at"], "field": name,
                         "old": None if prev[name] is None else str(prev[name]),
                         "new": None if row[name] is None else str(row[name])}
                    )
        self.db["pages"].upsert_all(self.pages, pk="url")
        if changes:
            self.db["page_changes"].upsert_all(changes, pk=("url", "seen_at", "field"))

    def _write_sites(self) -> None:
        domains = list(self.sites)
        old = {
            r["domain"]: r
            for r in self.db.query(
                f"select * from sites where domain in ({', '.join('?' * len(domains))})", domains
            )
        }
        rows = []
        for domain, pending in self.sites.items():
            prev = old.get(domain) or {}
            pages = pending["pages"]
            home = next((p for p in pages if p["url"].count("/") == 3), None)
            newest = max((p["published"] for p in pages if p["published"]), default=None)
            rel = max((p["relevance"] for p in pages if p["relevance"] is not None), default=None)
            guest = [p for p in pages if p["guest_post"]]
            row = {
                "domain": domain,
                "home_url": prev.get("home_url") or (home["url"] if home else pages[0]["url"]),
                "name": (home["title"] if home and home["title"] else prev.get("name")) or domain,
                "platform": next((p["platform"] for p in pages if p["platform"] not in (None, "unknown")), prev.get("platform") or "unknown"),
                "first_seen": prev.get("first_seen") or pages[0]["fetched_at"],
                "last_crawled": max(p["fetched_at"] for p in pages),
                "pages_crawled": (prev.get("pages_crawled") or 0) + len(pages),
                "relevance": max(x for x in (rel, prev.get("relevance")) if x is not None) if (rel is not None or prev.get("relevance") is not None) else None,
                "newest_post": max(x for x in (newest, prev.get("newest_post")) if x) if (newest or prev.get("newest_post")) else None,
                "status": "parked" if any(p["parked"] for p in pages) else (prev.get("status") or "active"),
                "accepts_guest_posts": (guest[0]["guest_accepts"] if guest else prev.get("accepts_guest_posts")),
                "contact_email": (next((p["submit_email"] for p in guest if p["submit_email"]), None) or prev.get("contact_email")),
            }
            rows.append(row)
        self.db["sites"].upsert_all(rows, pk="domain")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One explicit transaction on the database's connection."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("begin immediate")
    try:
        yield
    except BaseException:
        conn.execute("rollback")
        raise
    else:
        conn.execute("commit")


def start_crawl(db: sqlite_utils.Database, kind: str) -> int:
    """Insert a crawls row for a run that starts now; return its id."""
    table = db["crawls"]
    table.insert({"kind": kind, "started": utcnow(), "finished": None, "finish_reason": None, "stats": None})
    return int(table.last_pk)  # type: ignore[arg-type]


def finish_crawl(db: sqlite_utils.Database, crawl_id: int, reason: str, stats: dict[str, Any]) -> None:
    """Record how a run ended, with its stats."""
    db["crawls"].update(
        crawl_id, {"finished": utcnow(), "finish_reason": reason, "stats": _json(stats)}
    )


def _stats_json(stats: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in stats.items():
        out[k] = v.isoformat() if isinstance(v, datetime) else v
    return out


class StorePipeline:
    """Store pages, sites and links in SQLite, in batches, through one connection on the reactor thread."""

    def __init__(self, db_path: str, batch_size: int = 200, crawler: Crawler | None = None) -> None:
        self.db_path = db_path
        self.batch_size = batch_size
        self.crawler = crawler
        self.db: sqlite_utils.Database | None = None
        self.writer: PageWriter | None = None
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        pipeline = cls(s.get("LINKTRAIL_DB"), s.getint("LINKTRAIL_STORE_BATCH", 200), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.db = open_db(self.db_path)
        self.writer = PageWriter(self.db, self.batch_size)
        kind = self.crawler.spider.name if self.crawler and self.crawler.spider else "crawl"
        self.crawl_id = start_crawl(self.db, kind)

    def process_item(self, item: Any) -> Any:
        from crawler.items import PageItem

        adapter = ItemAdapter(item)
        if isinstance(item, PageItem) and self.writer is not None:
            self.writer.add(item)
            if self.crawler and self.crawler.stats:
                self.crawler.stats.inc_value("linktrail/pages_stored")
        return adapter.item

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run in the crawls table (after the pipelines closed), then let go of the file."""
        if self.db is None:
            return
        if self.crawl_id is not None and self.crawler and self.crawler.stats:
            finish_crawl(self.db, self.crawl_id, reason, _stats_json(self.crawler.stats.get_stats()))
        self.db.conn.close()
        self.db = None


def iter_rows(db: sqlite_utils.Database, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    """Rows of a read query as dicts."""
    yield from db.query(sql, list(params))
