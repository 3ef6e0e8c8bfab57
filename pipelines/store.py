"""The SQLite store: schema and migrations, batched idempotent writes, and the StorePipeline."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_type_hints

import orjson
import sqlite_utils
from scrapy import signals
from sqlite_utils import Migrations

from crawler.clock import utcnow
from crawler.urls import site_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.analysis.facts import PageFacts
    from crawler.items import PageItem

logger = logging.getLogger(__name__)

migrations = Migrations("linktrail")


class StoreError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


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


def schema_version(db: sqlite_utils.Database) -> int:
    """How many of linktrail's migrations the file has applied."""
    return len(migrations.applied(db))


def _sqlite_problem(path: Path, exc: sqlite3.Error) -> StoreError:
    """One line for a SQLite error on opening: what happened to which file, and what to do next."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: locked by another process (is a crawl or report running?); try again when it ends")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: read-only; give a writable --db or make the file and its folder writable")
    if "not a database" in text or "malformed" in text:
        return StoreError(f"{path}: not a linktrail database ({text}); give another --db or move this file away")
    return StoreError(f"{path}: cannot use this database: {text}")


def _read_only(path: Path) -> bool:
    """The file (or, for a new file, its folder) cannot or should not be written.

    The write bits count even for root, who could write anyway: `chmod a-w` says "leave it alone".
    """
    if path.exists():
        mode = path.stat().st_mode
        return not (mode & 0o222) or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    return path.parent.exists() and not os.access(path.parent, os.W_OK)


def open_db(
    path: str | Path, *, create: bool = True, migrate: bool = True, timeout: float = 5.0
) -> sqlite_utils.Database:
    """Open (creating and migrating) the linktrail database at ``path``, ready for writing.

    Checks come before any write, so a file that is refused is left exactly as it was.

    Raises:
        StoreError: not a SQLite file, another application's file, locked, read-only, or
            written by a newer linktrail.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no such database (run `linktrail crawl` or `linktrail demo` first)")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file; give a file name with --db")
    if _read_only(path):
        raise StoreError(f"{path}: read-only; give a writable --db or make the file and its folder writable")
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=timeout)
        db = sqlite_utils.Database(conn)
        db.execute(f"pragma busy_timeout = {int(timeout * 1000)}")
        # Reads only, until the file is known to be ours and of a version this code knows.
        tables = set(db.table_names())
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(db)}
        if tables and not applied and "pages" not in tables:
            raise StoreError(
                f"{path}: a SQLite file of another application (tables: {', '.join(sorted(tables)[:5])}); "
                "give another --db"
            )
        newer = applied - known
        if newer:
            raise StoreError(
                f"{path}: written by a newer linktrail (unknown migrations: {', '.join(sorted(newer))}); "
                "upgrade linktrail to open it"
            )
        # Take the write lock once, briefly: a file another process holds fails here, not mid-crawl.
        conn.execute("begin immediate")
        conn.execute("rollback")
        db.execute("pragma foreign_keys = on")
        if db.journal_mode != "wal":
            db.enable_wal()
        db.execute("pragma synchronous = normal")
        if migrate and migrations.pending(db):
            migrations.apply(db)
            ensure_views(db)
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _sqlite_problem(path, exc) from None
    except OSError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"{path}: {exc.strerror or exc}") from None
    return db


def close_db(db: sqlite_utils.Database) -> None:
    """Close after a run of writes: `PRAGMA optimize` first, so the plan's partial indexes get chosen."""
    try:
        db.execute("pragma optimize")
    except sqlite3.Error as exc:  # a busy file keeps its old statistics; nothing is lost
        logger.info("pragma optimize skipped: %s", exc)
    db.conn.close()


def compact_json(value: Any) -> str:
    """JSON without spaces, non-ASCII kept as is: how the store writes every JSON column.

    orjson writes the facts dataclasses as they are (no ``asdict`` copy first) and is ~3x faster
    than the json module on a page's facts (benchmarks/bench_store.py), with the same text. What
    it refuses (a lone surrogate, an integer past 64 bits, a key that is not a string) goes
    through the json module, as before.
    """
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=plain)


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def _from_plain(cls: Any, data: Any) -> Any:
    """A frozen facts dataclass from its JSON form; keys it does not know are skipped, lists become tuples."""
    if not isinstance(data, dict):
        return cls()
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value, hint = data[f.name], hints[f.name]
        if dataclasses.is_dataclass(hint):
            value = _from_plain(hint, value)
        elif isinstance(value, list):
            inner = getattr(hint, "__args__", (None,))[0]
            value = tuple(_from_plain(inner, v) if dataclasses.is_dataclass(inner) else v for v in value)
        values[f.name] = value
    return cls(**values)


_HINTS: dict[Any, dict[str, Any]] = {}


def _hints(cls: Any) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def facts_from_json(text: str | None, url: str) -> PageFacts:
    """The PageFacts stored in a pages row's `facts` column (an empty PageFacts if it is missing)."""
    from crawler.analysis.facts import PageFacts

    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    data.setdefault("url", url)
    return _from_plain(PageFacts, data)  # type: ignore[no-any-return]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A facts dataclass as JSON-ready dicts and lists: `asdict` without its deep copies (~5x faster)."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is tuple or kind is list:
        return [v if type(v) in _LEAVES else plain(v) for v in value]
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    out = {}
    for name in names:
        v = getattr(value, name)
        out[name] = v if type(v) in _LEAVES else plain(v)
    return out


# Writes on the hot path go through executemany with statements built once from these column
# lists: complete rows of one shape by construction (page_row), 4-5x less CPU than upsert_all's
# per-row Python (benchmarks/bench_store.py). Reads and cold paths use sqlite-utils.
LINK_COLUMNS = ("from_url", "to_url", "to_site", "anchor", "rel", "kind", "first_seen")


def _insert_sql(table: str, columns: tuple[str, ...], *, ignore: bool = False) -> str:
    return (f"insert {'or ignore ' if ignore else ''}into {table} ({', '.join(columns)}) "
            f"values ({', '.join('?' * len(columns))})")


def _upsert_sql(table: str, columns: tuple[str, ...], pk: str) -> str:
    """Insert, or update every column but the key of the existing row (an upsert that never deletes)."""
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c != pk)
    return _insert_sql(table, columns) + f" on conflict ({pk}) do update set {sets}"


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
        "contacts": compact_json(g.contacts), "parked": int(h.parked),
        "soft_404": int(h.soft_404), "relevance": item.relevance,
        "relevance_reasons": compact_json(item.relevance_reasons), "opportunity": item.opportunity,
        "value": item.value, "value_reasons": compact_json(item.value_reasons), "etag": item.etag,
        "last_modified": item.last_modified, "warnings": compact_json(list(f.warnings)),
        "facts": compact_json(stored_facts(f)),
    }


def stored_facts(f: PageFacts) -> PageFacts:
    """The facts kept in the `facts` column: all but the same-site and navigation links.

    Those are the frontier's business, read when the page is crawled; the links that say something
    about the page (its outbound links, blogroll, commenters) stay, as in the links table.
    """
    return dataclasses.replace(f, links=tuple(link for link in f.links if link.outbound))


# The columns page_row writes, in its order (a test keeps the two in step).
PAGE_COLUMNS = (
    "url", "site", "fetched_url", "canonical", "http_status", "first_seen", "fetched_at", "depth", "found_from",
    "found_via", "title", "published", "modified", "language", "word_count", "platform", "comment_state",
    "comment_system", "website_field", "captcha", "commenter_rel", "comment_count", "newest_comment",
    "spam_share", "autoclose_risk", "guest_post", "guest_post_confidence", "guest_accepts", "submit_email",
    "guidelines_url", "contacts", "parked", "soft_404", "relevance", "relevance_reasons", "opportunity",
    "value", "value_reasons", "etag", "last_modified", "warnings", "facts",
)


# Fields whose change between two crawls is worth a row in page_changes: the comment situation
# always, the value when it moved by at least VALUE_CHANGE points (freshness alone moves it a little).
TRACKED_FIELDS = ("comment_state", "website_field", "captcha", "opportunity", "value")
VALUE_CHANGE = 10.0


def _changed(name: str, old: Any, new: Any) -> bool:
    if name == "value" and old is not None and new is not None:
        return abs(float(old) - float(new)) >= VALUE_CHANGE
    return bool(old != new)


def page_changes(old: dict[str, Any], new: dict[str, Any], seen_at: str) -> list[dict[str, Any]]:
    """page_changes rows for what changed in a page between its stored row and a new one."""
    return [
        {"url": new["url"], "seen_at": seen_at, "field": name,
         "old": None if old[name] is None else str(old[name]),
         "new": None if new[name] is None else str(new[name])}
        for name in TRACKED_FIELDS
        if _changed(name, old[name], new[name])
    ]


# A site's relevance: the mean of its best five pages, so one stray on-niche post does not make an
# off-niche blog relevant, and a niche blog is not pulled down by its About and contact pages.
SITE_TOP_PAGES = 5


def refresh_sites(db: sqlite_utils.Database, domains: list[str] | None = None) -> None:
    """Recompute the sites' page counts and relevance from their stored pages (all sites if None)."""
    sql = (
        "update sites set pages_crawled = (select count(*) from pages where pages.site = sites.domain), "
        "relevance = (select avg(r) from (select relevance as r from pages where pages.site = sites.domain "
        f"and relevance is not null order by relevance desc limit {SITE_TOP_PAGES}))"
    )
    if domains is None:
        db.execute(sql)
        return
    for start in range(0, len(domains), 500):
        chunk = domains[start : start + 500]
        db.execute(sql + f" where domain in ({', '.join('?' * len(chunk))})", chunk)


class PageWriter:
    """Batched, idempotent writes of pages, sites and links through one connection.

    One transaction per batch: a crash loses at most the rows not yet flushed. Re-writing a page
    keeps its first-seen date and records what changed in page_changes.
    """

    def __init__(self, db: sqlite_utils.Database, batch_size: int = 200) -> None:
        self.db = db
        self.batch_size = batch_size
        self.pages: dict[str, dict[str, Any]] = {}
        self.links: dict[tuple[str, str], dict[str, Any]] = {}
        self.sites: dict[str, list[dict[str, Any]]] = {}
        self.site_names: dict[str, str] = {}
        self.written = 0
        self.changes = 0
        self.touched: dict[str, tuple[str, str | None, str | None]] = {}  # 304s: url -> fetched_at, validators
        self.flush_seconds: float | None = None  # also write when the oldest pending row is this old
        self._oldest: float | None = None

    def touch(self, url: str, fetched_at: str, etag: str | None, last_modified: str | None) -> None:
        """A stored page answered 304 Not Modified: record the fetch, keep its analysis."""
        self.touched[url] = (fetched_at, etag, last_modified)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        now = time.monotonic()
        if self._oldest is None:
            self._oldest = now
        if (len(self.pages) + len(self.touched) >= self.batch_size
                or (self.flush_seconds is not None and now - self._oldest >= self.flush_seconds)):
            self.flush()

    def add(self, item: PageItem) -> None:
        """Queue a page (its site and cross-site links too); write when the batch is full."""
        row = page_row(item)
        self.pages[row["url"]] = row  # the same URL twice in a batch: the later fetch wins
        for link in item.facts.links:
            if link.outbound:
                key = (item.url, link.url)
                self.links[key] = {
                    "from_url": item.url, "to_url": link.url, "to_site": site_of(link.url),
                    "anchor": link.anchor[:200], "rel": " ".join(link.rel), "kind": link.kind,
                    "first_seen": item.fetched_at,
                }
        self.sites.setdefault(item.site, []).append(row)
        if item.facts.post.site_name:
            self.site_names[item.site] = item.facts.post.site_name
        self._maybe_flush()

    def flush(self) -> None:
        """Write what is pending in one transaction."""
        self._oldest = None
        if self.touched:
            with transaction(self.db):
                self.db.conn.executemany(
                    "update pages set fetched_at = ?, etag = coalesce(?, etag), "
                    "last_modified = coalesce(?, last_modified) where url = ?",
                    [(f, e, m, u) for u, (f, e, m) in self.touched.items()],
                )
            self.touched.clear()
        if not self.pages:
            return
        with transaction(self.db):
            self._write_sites()
            self._write_pages()
            if self.links:
                self.db.conn.executemany(_insert_sql("links", LINK_COLUMNS, ignore=True),
                                         [tuple(r.values()) for r in self.links.values()])
            refresh_sites(self.db, list(self.sites))
        self.written += len(self.pages)
        self.pages.clear()
        self.links.clear()
        self.sites.clear()
        self.site_names.clear()

    def _write_pages(self) -> None:
        rows = list(self.pages.values())
        urls = list(self.pages)
        old: dict[str, dict[str, Any]] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            old.update(
                (r["url"], r)
                for r in self.db.query(
                    "select url, first_seen, " + ", ".join(TRACKED_FIELDS) + " from pages where url in "
                    f"({', '.join('?' * len(chunk))})",
                    chunk,
                )
            )
        changes = []
        for row in rows:
            prev = old.get(row["url"])
            if prev is None:
                continue
            row["first_seen"] = prev["first_seen"]
            changes += page_changes(prev, row, row["fetched_at"])
        self.db.conn.executemany(_upsert_sql("pages", PAGE_COLUMNS, "url"), [tuple(r.values()) for r in rows])
        if changes:
            self.db.table("page_changes").upsert_all(changes, pk=("url", "seen_at", "field"))
            self.changes += len(changes)

    def _write_sites(self) -> None:
        domains = list(self.sites)
        old = {
            r["domain"]: r
            for r in self.db.query(
                f"select * from sites where domain in ({', '.join('?' * len(domains))})", domains
            )
        }
        rows = []
        for domain, pages in self.sites.items():
            prev = old.get(domain) or {}
            home = next((p for p in pages if p["url"].count("/") == 3), None)
            newest = max([p["published"] for p in pages if p["published"]] + [prev.get("newest_post") or ""])
            guest = [p for p in pages if p["guest_post"]]
            rows.append({
                "domain": domain,
                "home_url": prev.get("home_url") or (home["url"] if home else pages[0]["url"]),
                # The name the site gives itself; a home page's title is often "Name – tagline".
                "name": self.site_names.get(domain) or prev.get("name")
                or (home["title"] if home and home["title"] else None) or domain,
                "platform": next((p["platform"] for p in pages if p["platform"] not in (None, "unknown")),
                                 prev.get("platform") or "unknown"),
                "first_seen": prev.get("first_seen") or pages[0]["fetched_at"],
                "last_crawled": max(p["fetched_at"] for p in pages),
                "pages_crawled": prev.get("pages_crawled") or 0,  # recounted by refresh_sites
                "relevance": prev.get("relevance"),  # recomputed by refresh_sites
                "newest_post": newest or None,
                # What this crawl saw decides: a parked domain that came back is active again.
                "status": "parked" if any(p["parked"] for p in pages) else "active",
                "accepts_guest_posts": guest[0]["guest_accepts"] if guest else prev.get("accepts_guest_posts"),
                "contact_email": next((p["submit_email"] for p in guest if p["submit_email"]), None)
                or prev.get("contact_email"),
            })
        self.db.table("sites").upsert_all(rows, pk="domain")


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
    table = db.table("crawls")
    table.insert({"kind": kind, "started": utcnow(), "finished": None, "finish_reason": None, "stats": None})
    return int(table.last_pk)  # type: ignore[arg-type]


def finish_crawl(db: sqlite_utils.Database, crawl_id: int, reason: str, stats: dict[str, Any]) -> None:
    """Record how a run ended, with its stats."""
    db.table("crawls").update(
        crawl_id, {"finished": utcnow(), "finish_reason": reason, "stats": compact_json(stats)}
    )


def plain_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """Scrapy's stats with datetimes as ISO strings, ready for JSON."""
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
        if self.crawler is not None:  # a crash (or SIGKILL) loses at most this many seconds of pages
            self.writer.flush_seconds = self.crawler.settings.getfloat("LINKTRAIL_STORE_FLUSH_SECONDS", 0) or None
        kind = self.crawler.spider.name if self.crawler and self.crawler.spider else "crawl"
        self.crawl_id = start_crawl(self.db, kind)

    def process_item(self, item: Any) -> Any:
        from crawler.items import PageItem, TouchItem

        if isinstance(item, PageItem) and self.writer is not None:
            self.writer.add(item)
            if self.crawler and self.crawler.stats:
                self.crawler.stats.inc_value("linktrail/pages_stored")
        elif isinstance(item, TouchItem) and self.writer is not None:
            self.writer.touch(item.url, item.fetched_at, item.etag, item.last_modified)
            if self.crawler and self.crawler.stats:
                self.crawler.stats.inc_value("linktrail/pages_touched")
        return item

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run in the crawls table (after the pipelines closed), then let go of the file."""
        if self.db is None:
            return
        if self.crawl_id is not None and self.crawler and self.crawler.stats:
            finish_crawl(self.db, self.crawl_id, reason, plain_stats(self.crawler.stats.get_stats()))
        close_db(self.db)
        self.db = None


def iter_rows(db: sqlite_utils.Database, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    """Rows of a read query as dicts."""
    yield from db.query(sql, list(params))
