"""Read functions over the store that the floors above use (the crawl's memory of earlier runs)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from crawler.memory import CarriedLink, CrawlMemory, KnownPage
from crawler.urls import site_of

logger = logging.getLogger(__name__)


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
