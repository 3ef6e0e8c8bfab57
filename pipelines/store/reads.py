"""Read functions over the store for the pipelines and the floor above: each query lives here, by name."""

from __future__ import annotations

import logging
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from crawler.memory import CarriedLink, CrawlMemory, KnownPage
from crawler.urls import site_of

logger = logging.getLogger(__name__)

# A page's URL, title, main text and site: what the niche learner reads.
_TEXT_SQL = "select url, title, json_extract(facts, '$.post.text') as text, site from pages"
# Site lists and rowid lists go into `in (...)` this many at a time (SQLite's bound-parameter limit).
CHUNK = 500
# One row (id 1): the niche profile the stored scores were computed with, and the keywords no page matched.
NICHE_TABLE = "niche"


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
        since = {domain: first_seen for domain, first_seen in con.execute("select domain, first_seen from sites")}
        sites = frozenset(since)
        carried: tuple[CarriedLink, ...] = ()
        if carry_over:
            carried = tuple(CarriedLink(*row) for row in con.execute(
                "select to_url, kind, anchor, from_url from links where to_site not in "
                "(select domain from sites) order by first_seen desc limit ?", (carry_over,)))
        return CrawlMemory(pages, sites, carried, source=str(path), site_since=since)
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


def learning_urls(db: sqlite_utils.Database, seed_sites: set[str], sample: int) -> tuple[list[str], list[str]]:
    """The URLs of the pages the niche profile learns from, sorted: every stored page of ``seed_sites``, and the
    background: up to ``sample`` other pages, the same whatever order a crawl stored them in (all of them, or
    the ``sample`` whose URLs hash lowest)."""
    seeds: list[str] = []
    others: list[str] = []
    for r in db.query("select url, site from pages"):
        (seeds if r["site"] in seed_sites else others).append(r["url"])
    if len(others) > sample:
        others = sorted(others, key=lambda u: (zlib.crc32(u.encode("utf-8", "surrogatepass")), u))[:sample]
    return sorted(seeds), sorted(others)


def page_texts_of_urls(db: sqlite_utils.Database, urls: list[str]) -> Iterator[dict[str, Any]]:
    """(url, title, text, site) rows of the stored pages of ``urls``."""
    for start in range(0, len(urls), CHUNK):
        chunk = urls[start : start + CHUNK]
        yield from db.query(_TEXT_SQL + f" where url in ({', '.join('?' * len(chunk))})", chunk)


def niche_state(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """What the last settle or rescore found about the niche (`save_niche_state`), or None."""
    if NICHE_TABLE not in db.table_names():
        return None
    return next(db.query(f"select * from {NICHE_TABLE} where id = 1"), None)


def unsettled_marks(db: sqlite_utils.Database) -> tuple[int, int]:
    """The last row of each unsettled table now (a settle clears up to these: what it read)."""
    return tuple(int(next(db.query(f"select coalesce(max(rowid), 0) as n from {t}"))["n"])  # type: ignore[return-value]
                 for t in ("unsettled_pages", "unsettled_sites"))


def unsettled_sites(db: sqlite_utils.Database) -> list[str]:
    """The sites marked since the last settle (a page removed, the newest post moved), by domain."""
    return [r["domain"] for r in db.query("select domain from unsettled_sites")]


def newest_posts(db: sqlite_utils.Database) -> dict[str, str | None]:
    """Each site's newest post date, by domain."""
    return {r["domain"]: r["newest_post"] for r in db.query("select domain, newest_post from sites")}


# Pages stored or changed since the last settle, and those of sites whose newest post moved (schema m006).
UNSETTLED = ("(url in (select url from unsettled_pages) "
             "or site in (select domain from unsettled_sites))")


def page_batches(db: sqlite_utils.Database, size: int, *, unsettled: bool = False,
                 rowids: tuple[int, int | None] = (0, None)) -> Iterator[list[dict[str, Any]]]:
    """Every stored page (url, site, title, facts and its scores) in rowid order, ``size`` at a time
    (``unsettled``: only those stored since the last settle, see ``UNSETTLED``; ``rowids``: only those whose
    rowid is past the first bound and, unless it is None, up to the second, see ``rowid_ranges``)."""
    last, upto = rowids
    where = f" and {UNSETTLED}" if unsettled else ""
    if upto is not None:
        where += f" and rowid <= {int(upto)}"
    while True:
        rows = list(db.query(
            "select rowid, url, site, title, facts, relevance, relevance_reasons, opportunity, value, value_reasons "
            f"from pages where rowid > ?{where} "
            "order by rowid limit ?", [last, size],
        ))
        if not rows:
            return
        last = rows[-1]["rowid"]
        yield rows


def page_rowids(db: sqlite_utils.Database, *, unsettled: bool = False) -> list[int]:
    """The rowids of the pages `page_batches` walks (``unsettled``: see there), in order."""
    where = f" where {UNSETTLED}" if unsettled else ""
    return [r[0] for r in db.execute(f"select rowid from pages{where} order by rowid").fetchall()]
