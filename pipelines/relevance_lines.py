"""The lines a person reads about relevance: after a crawl, a settle or a rescore, and before trusting one.

Each is made from what the pass returned (`pipelines.relevance.RescoreResult`) or stored (the niche state),
never counted again here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from crawler.words import plural
from pipelines.relevance import RescoreResult, profile_from_config
from pipelines.store import niche_state

if TYPE_CHECKING:
    import sqlite_utils

    from crawler.config import Config


def unmatched_warning(unmatched: Iterable[str]) -> str | None:
    """One line naming the [niche] keywords that matched no stored page, or None."""
    words = list(unmatched)
    if not words:
        return None
    names = ", ".join(repr(w) for w in words)
    return (f"warning: [niche] {'keyword' if len(words) == 1 else 'keywords'} {names} "
            f"{'matches' if len(words) == 1 else 'match'} no stored page: check the spelling, or drop "
            f"{'it' if len(words) == 1 else 'them'}")


def stored_unmatched_warning(db: sqlite_utils.Database, config: Config) -> str | None:
    """`unmatched_warning` for what the last crawl or rescore recorded, limited to today's [niche] keywords."""
    state = niche_state(db)
    if not state or not state.get("unmatched"):
        return None
    current = set(profile_from_config(config).keyword_labels)
    return unmatched_warning(w for w in json.loads(state["unmatched"]) if w in current)


def rescore_summary(result: RescoreResult, threshold: float) -> str:
    """One line a person reads after `linktrail rescore`."""
    learned = (
        f"; learned {len(result.learned_terms)} terms from {result.seed_pages} seed pages"
        f" ({', '.join(result.learned_terms[:5])}{', ...' if len(result.learned_terms) > 5 else ''})"
        if result.learned_terms else ""
    )
    return (
        f"rescored {result.pages} pages: {result.now_on} now on niche, {result.now_off} now off "
        f"(threshold {threshold:g}), {result.value_changed} changed value{learned}"
    )


def settle_summary(result: RescoreResult) -> str:
    """One line after `ingest` settled the stored scores with the crawl's one niche profile."""
    return (f"niche profile: {plural(len(result.learned_terms), 'term')} learned from "
            f"{plural(result.seed_pages, 'seed page')}; {plural(result.rewritten, 'page')} of {result.pages} "
            + ("stored since the last settle scored again with it (the profile had not changed)" if result.partial
               else "scored again with it"))


def rescore_notes(config: Config) -> list[str]:
    """Lines to warn about before trusting a rescore: a config without niche keywords scores with learned terms only."""
    if config.niche.keywords:
        return []
    where = config.source or "built-in defaults (no linktrail.toml here)"
    if config.niche.learn:
        return [f"note: no [niche] keywords in {where}: pages were scored with learned terms only"]
    return [f"note: no [niche] keywords in {where} and learn = false: every page counts as on-niche"]
