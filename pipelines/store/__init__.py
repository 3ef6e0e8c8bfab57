"""The SQLite store: schema and migrations, the one writer, the read functions, and the StorePipeline.

`from pipelines.store import open_db` keeps working: the public names of the modules are here.
StorePipeline is loaded on first use (``pipelines.store.StorePipeline``, the component path in
crawler/settings.py), so that opening the database does not import Scrapy.
"""

from __future__ import annotations

from typing import Any

from pipelines.store.backup import backup_db, backup_dir, backups_of
from pipelines.store.codec import compact_json, facts_from_json, facts_from_plain, plain
from pipelines.store.connection import StoreError, check_intact, close_db, damaged, is_damage, open_db
from pipelines.store.indexes import AS_OF, PLAN_INDEXES, VIEWS, ensure_views, save_gates
from pipelines.store.reads import (
    NICHE_TABLE,
    crawl_finished_since,
    done_comment_count,
    iter_rows,
    learning_urls,
    newest_posts,
    niche_state,
    page_batches,
    page_count,
    page_rowids,
    page_texts_of_urls,
    read_crawl_memory,
    read_only,
    stored_seed_sites,
    unsettled_marks,
    unsettled_sites,
)
from pipelines.store.schema import migrations, schema_version
from pipelines.store.writer import (
    LINK_COLUMNS,
    PAGE_COLUMNS,
    SITE_TOP_PAGES,
    TRACKED_FIELDS,
    VALUE_CHANGE,
    PageWriter,
    clear_unsettled,
    close_interrupted_runs,
    finish_crawl,
    link_rows,
    link_values,
    page_changes,
    page_row,
    plain_stats,
    refresh_sites,
    save_niche_state,
    start_crawl,
    stored_facts,
    transaction,
    write_scores,
)

__all__ = [
    "LINK_COLUMNS", "PAGE_COLUMNS", "PLAN_INDEXES", "SITE_TOP_PAGES", "TRACKED_FIELDS", "VALUE_CHANGE", "VIEWS",
    "AS_OF", "PageWriter", "StoreError", "StorePipeline", "backup_db", "backup_dir", "backups_of", "check_intact",
    "close_db", "close_interrupted_runs", "compact_json", "damaged", "is_damage",
    "crawl_finished_since", "done_comment_count", "ensure_views", "facts_from_json", "facts_from_plain",
    "finish_crawl", "iter_rows", "link_rows", "link_values",
    "migrations", "newest_posts", "open_db", "page_batches", "page_changes", "page_count", "page_row",
    "page_texts_of_urls", "learning_urls", "page_rowids",
    "plain", "plain_stats", "read_crawl_memory", "read_only", "refresh_sites",
    "save_gates", "save_niche_state", "NICHE_TABLE", "niche_state", "schema_version",
    "start_crawl", "stored_facts", "stored_seed_sites", "clear_unsettled", "unsettled_marks", "unsettled_sites",
    "transaction", "write_scores",
]


def __getattr__(name: str) -> Any:
    """``pipelines.store.StorePipeline``, imported on first use."""
    if name == "StorePipeline":
        # heavy: pipeline.py imports Scrapy (~0.4 s); only a crawl needs it, not the CLI opening a file
        from pipelines.store.pipeline import StorePipeline

        return StorePipeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
