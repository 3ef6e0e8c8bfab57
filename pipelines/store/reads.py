"""Read functions over the store for the pipelines and the floor above: each query lives here, by name."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from crawler.memory import CarriedLink, CrawlMemory, KnownPage
from crawler.urls import site_of

logger = logging.getLogger(__name__)

# A page's title, main text and site: what the niche learner reads.
_TEXT_SQL = "select title, json_extract(facts, '$.post.text') as text, site from pages"
# Site lists and rowid lists go into `in (...)` this many at a time (SQLite's bound-parameter limit).
CHUNK = 500


@contextmanager
def read_only(path: str | Path, *, timeout: float = 5.0) -> Iterator[sqlite_utils.Database]:
    """A read-only connection to the file at ``path``, closed on leaving.

    Raises:
        sqlite3.Error: the file cannot be opened or read.
    """
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=timeout)
    try:
        yield sqlite_utils.Database(conn)
    finally:
        conn.close()


def iter_rows(db: sqlite_utils.Database, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    """Rows of a read query as dicts."""
    yield from db.query(sql, list(params))


def read_crawl_memory(db_path: str | Path, *, carry_over: int = 500) -> CrawlMemory:
    """What earlier runs stored, read through a read-only connection closed at once.

    A missing file is an empty memory; an unreadable one is an empty memory with ``error`` set
    (and a warning): the crawl goes on as if new rather than not at all.
    """
    path = Path(db_path)
    if not str(db_path) or not path.exists():
        return CrawlMemory(source=str(db_path))
    try:
        con = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        logger.warning("%s: cannot read earlier crawls (%s); crawling as if new", path, exc)
        return CrawlMemory(source=str(path), error=str(exc))
    try:
        pages = tuple(
            KnownPage(url, site or site_of(url), fetched_at, bool(opportunity), etag, last_modified)
            for url, site, fetched_at, opportunity, etag, last_modified in con.execute(
                "select url, site, fetched_at, opportunity, etag, last_modified from pages")
        )
        sites = frozenset(r[0] for r in con.execute("select domain from sites"))
        carried: tuple[CarriedLink, ...] = ()
        if carry_over:
            carried = tuple(CarriedLink(*row) for row in con.execute(
                "select to_url, kind, anchor, from_url from links where to_site not in "
                "(select domain from sites) order by first_seen desc limit ?", (carry_over,)))
        return CrawlMemory(pages, sites, carried, source=str(path))
    except sqlite3.Error as exc:
        logger.warning("%s: cannot read earlier crawls (%s); crawling as if new", path, exc)
        return CrawlMemory(source=str(path), error=str(exc))
    finally:
        con.close()


def crawl_finished_since(db_path: str | Path, kind: str, since: str) -> bool:
    """A crawls row of ``kind`` started at or after ``since`` has finished (False if the file cannot be read)."""
    try:
        with read_only(db_path) as db:
            row = next(db.query(
                "select count(*) as n from crawls where kind = ? and started >= ? and finished is not null",
                [kind, since],
            ))
    except sqlite3.Error:
        return False
    return bool(row["n"])


def done_comment_count(db: sqlite_utils.Database) -> int:
    """How many comments are marked done in the outreach log."""
    return int(next(db.query("select count(*) as n from outreach where kind = 'comment' and status = 'done'"))["n"])


def page_count(db: sqlite_utils.Database) -> int:
    """How many pages are stored (0 before the first crawl made the table)."""
    return db["pages"].count if db["pages"].exists() else 0


def stored_seed_sites(db: sqlite_utils.Database) -> set[str]:
    """Sites of the stored pages the spider fetched as seeds."""
    return {r["site"] for r in db.query("select distinct site from pages where found_via = 'seed'")}


def page_texts_of_sites(db: sqlite_utils.Database, sites: list[str]) -> Iterator[dict[str, Any]]:
    """(title, text, site) rows of every stored page of ``sites``."""
    for start in range(0, len(sites), CHUNK):
        chunk = sites[start : start + CHUNK]
        yield from db.query(_TEXT_SQL + f" where site in ({', '.join('?' * len(chunk))})", chunk)


def sampled_page_texts(db: sqlite_utils.Database, sample: int) -> Iterator[dict[str, Any]]:
    """(title, text, site) rows of about ``sample`` pages spread over the file.

    Every step-th rowid, looked up directly: a 1M-page file is sampled without a scan.
    """
    top = next(db.query("select max(rowid) as n from pages"))["n"] or 0
    rowids = list(range(1, top + 1, max(top // sample, 1)))[:sample]
    for start in range(0, len(rowids), CHUNK):
        ids = rowids[start : start + CHUNK]
        yield from db.query(_TEXT_SQL + f" where rowid in ({', '.join('?' * len(ids))})", ids)


def newest_posts(db: sqlite_utils.Database) -> dict[str, str | None]:
    """Each site's newest post date, by domain."""
    return {r["domain"]: r["newest_post"] for r in db.query("select domain, newest_post from sites")}


def page_batches(db: sqlite_utils.Database, size: int) -> Iterator[list[dict[str, Any]]]:
    """Every stored page (url, site, title, facts, relevance, value) in rowid order, ``size`` at a time."""
    last = 0
    while True:
        rows = list(db.query(
            "select rowid, url, site, title, facts, relevance, value from pages where rowid > ? "
            "order by rowid limit ?", [last, size],
        ))
        if not rows:
            return
        last = rows[-1]["rowid"]
        yield rows
