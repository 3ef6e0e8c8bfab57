"""What `linktrail report` prints: the day's plan or the weekly results, in the format asked for."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from crawler.config import Config
from linktrail.plan import apply_gates, build_plan
from linktrail.render import render_plan, render_results
from linktrail.results import build_results


def make_report(db: sqlite_utils.Database, config: Config, day: date, fmt: str, *, record: bool = True,
                results: bool = False, weeks: int = 8, terminal: bool = False, width: int | None = None) -> str:
    """What `linktrail report` prints: the day's plan (recorded unless ``record`` is false) or the results."""
    if results:
        res = build_results(db, day, weeks=weeks, posts_per_week=config.plan.posts_per_week, feed=config.you.feed)
        return render_results(res, fmt, terminal=terminal, width=width)
    apply_gates(db, config, day)
    plan = build_plan(db, config.plan, day, threshold=config.niche.threshold, niche=config.niche.name,
                      record=record, feed=config.you.feed, site=config.you.site,
                      other_sites=config.you.other_sites)
    return render_plan(plan, fmt, terminal=terminal, width=width)
