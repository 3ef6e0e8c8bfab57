"""The one writer: complete page rows in batches (PageWriter), site refreshes, crawl rows, transactions."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlite_utils

from crawler.analysis.facts import PageFacts
from crawler.clock import utcnow
from crawler.items import PageItem
from crawler.urls import site_of
from pipelines.store.codec import compact_json
from pipelines.store.reads import NICHE_TABLE
from pipelines.store.sites import SITE_IDENTITY


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


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


def page_row(item: PageItem, stored: PageFacts | None = None) -> dict[str, Any]:
    """A complete pages row (every column, always the same shape) from a PageItem (``stored``: its facts'
    `stored_facts`, when the caller has them already)."""
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
        "facts": compact_json(stored_facts(f) if stored is None else stored),
    }


def link_rows(item: PageItem) -> list[tuple[Any, ...]]:
    """The links rows of a page (values in LINK_COLUMNS' order): its outbound links, those `stored_facts` keeps."""
    return [(item.url, *values, item.fetched_at) for values in link_values(item.facts)]


def link_values(f: PageFacts) -> list[tuple[Any, ...]]:
    """A page's links rows without the page's URL and fetch time (``to_url`` to ``kind`` of LINK_COLUMNS): its
    outbound links (``f``'s `stored_facts` have only those: no other link to pass over)."""
    return [(link.url, site_of(link.url), link.anchor[:200], " ".join(link.rel), link.kind)
            for link in f.links if link.outbound]


def stored_facts(f: PageFacts) -> PageFacts:
    """The facts kept in the `facts` column: all but the same-site and navigation links.

    Those are the frontier's business, read when the page is crawled; the links that say something
    about the page (its outbound links, blogroll, commenters) stay, as in the links table.
    """
    kept = tuple([link for link in f.links if link.outbound])  # a list first: no generator's frame a link
    return f if len(kept) == len(f.links) else dataclasses.replace(f, links=kept)


# The columns page_row writes, in its order (a test keeps the two in step).
PAGE_COLUMNS = (
    "url", "site", "fetched_url", "canonical", "http_status", "first_seen", "fetched_at", "depth", "found_from",
    "found_via", "title", "published", "modified", "language", "word_count", "platform", "comment_state",
    "comment_system", "website_field", "captcha", "commenter_rel", "comment_count", "newest_comment",
    "spam_share", "autoclose_risk", "guest_post", "guest_post_confidence", "guest_accepts", "submit_email",
    "guidelines_url", "contacts", "parked", "soft_404", "relevance", "relevance_reasons", "opportunity",
    "value", "value_reasons", "etag", "last_modified", "warnings", "facts",
)
# What the writer stores: page_row's columns and the name the page says its site has (given to `add_rows` apart,
# as a worker's message carries it), from which refresh_sites names the site.
STORED_PAGE_COLUMNS = (*PAGE_COLUMNS, "claimed_site_name")


# The columns _write_sites writes, in its order (written as the pages are: one statement built once, executemany;
# sqlite-utils' upsert_all looked at every value of every row first, most of the sites' cost). The name, the
# platform and the home URL are refresh_sites' business: decided from all the site's stored pages, not from a batch
# (the home URL written here is only a first value, replaced in the same flush).
SITE_COLUMNS = (
    "domain", "home_url", "first_seen", "last_crawled", "pages_crawled", "relevance",
    "newest_post", "status", "accepts_guest_posts", "contact_email",
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
    """Recompute the sites' page counts, relevance, name, platform and home from their stored pages (all if None).

    The name, platform and home URL follow `pipelines.store.sites`' rules: the same whatever the pages' order.
    """
    sql = (
        f"update sites set {SITE_IDENTITY}, "
        "pages_crawled = (select count(*) from pages where pages.site = sites.domain), "
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
        self.links: dict[tuple[str, str], tuple[Any, ...]] = {}  # (from_url, to_url) -> links row
        self.sites: dict[str, list[dict[str, Any]]] = {}
        self.site_names: dict[str, str] = {}  # url -> the name that page gives its site
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
        if self._oldest is None:
            self._oldest = time.monotonic()
        if len(self.pages) + len(self.touched) >= self.batch_size:
            self.flush()
        else:
            self.flush_due()

    def flush_due(self) -> None:
        """Write what is pending if its oldest row waited ``flush_seconds`` (called on each row, and by a timer)."""
        if (self.flush_seconds is not None and self._oldest is not None
                and time.monotonic() - self._oldest >= self.flush_seconds):
            self.flush()

    def add(self, item: PageItem) -> None:
        """Queue a page (its site and cross-site links too); write when the batch is full."""
        self.add_rows(page_row(item), link_rows(item), item.facts.post.site_name)

    def add_rows(self, row: dict[str, Any], links: list[tuple[Any, ...]], site_name: str | None) -> None:
        """``add`` of a page already made rows: its pages row (`page_row`), its links rows (`link_rows`) and the
        name its site gives itself (a crawl worker builds them, `linktrail ingest` only writes them)."""
        self.pages[row["url"]] = row  # the same URL twice in a batch: the later fetch wins
        for link in links:
            self.links[link[0], link[1]] = link
        self.sites.setdefault(row["site"], []).append(row)
        if site_name:
            self.site_names[row["url"]] = site_name
        else:  # a later fetch of the same URL in the batch that gives no name
            self.site_names.pop(row["url"], None)
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
                                         list(self.links.values()))
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
        names = self.site_names
        self.db.conn.executemany(_upsert_sql("pages", STORED_PAGE_COLUMNS, "url"),
                                 [(*r.values(), names.get(r["url"])) for r in rows])
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
            newest = max([p["published"] for p in pages if p["published"]] + [prev.get("newest_post") or ""])
            guest = [p for p in pages if p["guest_post"]]
            rows.append({
                "domain": domain,
                "home_url": prev.get("home_url") or pages[0]["url"],  # decided by refresh_sites
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
        self.db.conn.executemany(_upsert_sql("sites", SITE_COLUMNS, "domain"),
                                 [tuple(r[c] for c in SITE_COLUMNS) for r in rows])


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



def clear_unsettled(db: sqlite_utils.Database, marks: tuple[int, int]) -> None:
    """A settle scored what the unsettled tables held up to ``marks`` (``unsettled_marks``): forget those rows."""
    with transaction(db):
        for table, mark in zip(("unsettled_pages", "unsettled_sites"), marks, strict=True):
            db.execute(f"delete from {table} where rowid <= ?", [mark])


def write_scores(db: sqlite_utils.Database, scores: list[tuple[Any, ...]]) -> None:
    """Store re-scored pages in one transaction.

    Each score is (relevance, relevance reasons JSON, opportunity, value, value reasons JSON, url).
    """
    with transaction(db):
        db.conn.executemany(
            "update pages set relevance = ?, relevance_reasons = ?, opportunity = ?, value = ?, "
            "value_reasons = ? where url = ?",
            scores,
        )


def save_niche_state(db: sqlite_utils.Database, *, as_of: str, learned: dict[str, float], avg_len: float,
                     seed_pages: int, keywords: list[str], unmatched: list[str],
                     scored_with: str | None = None) -> None:
    """Keep the niche profile the stored scores were computed with, and the keywords no stored page matched
    (``scored_with``: the key of everything the scores depend on, for the next settle to compare)."""
    with transaction(db):
        db.table(NICHE_TABLE).upsert({
            "id": 1, "as_of": as_of, "learned": compact_json(learned), "avg_len": avg_len, "seed_pages": seed_pages,
            "keywords": compact_json(keywords), "unmatched": compact_json(unmatched), "scored_with": scored_with,
        }, pk="id", alter=True)


def close_interrupted_runs(db: sqlite_utils.Database, now: str) -> str | None:
    """Mark a killed nightly's row, and those of the crawls it started, finished as `interrupted` at ``now``.

    Returns when the first unfinished nightly started, or None when every nightly finished.
    """
    stale = list(db.query("select id, started from crawls where kind = 'nightly' and finished is null order by id"))
    if not stale:
        return None
    first: str = stale[0]["started"]
    db.execute(
        "update crawls set finished = ?, finish_reason = 'interrupted' where finished is null and started >= ?",
        [now, first],
    )
    db.conn.commit()
    return first
