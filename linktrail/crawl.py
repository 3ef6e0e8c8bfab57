"""Build and run a discovery crawl: the store's memory of earlier runs handed to the spider."""

from __future__ import annotations

from typing import Any

from crawler import settings as defaults
from crawler.clock import today
from crawler.config import Config
from crawler.niche import TermsMemo
from crawler.runner import run_discover
from linktrail import startup
from linktrail.plan import settle_crawl
from pipelines.store import open_db, read_crawl_memory

CRAWL_TERMS = 2_000


def run_crawl(config: Config, db: str, seeds: list[str], **overrides: Any) -> dict[str, Any]:
    """Read what earlier runs stored in ``db``, run the discover spider with it, settle the stored
    scores with the niche profile of the store as the crawl left it, and return the crawl's stats
    (with ``linktrail/niche/unmatched``: the [niche] keywords no stored page matched)."""
    carry_over = int(overrides.get("LINKTRAIL_CARRY_OVER", defaults.LINKTRAIL_CARRY_OVER))
    memory = read_crawl_memory(db, carry_over=carry_over)
    # each page is tokenized once: as the crawl scores it, not again to settle (the first CRAWL_TERMS pages: a
    # page's terms hold ~5 KB, and 10,000 of them raised a 100k-page crawl's peak RSS from 259 to 307 MB)
    terms = TermsMemo(CRAWL_TERMS)
    stats = run_discover(config, db, seeds, memory=memory, terms=terms, **overrides)
    store = open_db(db)
    try:
        with startup.settling():
            settled = settle_crawl(store, config, today(), memo=terms)
        stats["linktrail/niche/unmatched"] = list(settled.unmatched)
        stats["linktrail/niche/rescored"] = settled.rewritten
    finally:
        store.conn.close()
    return stats
