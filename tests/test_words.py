"""The lines linktrail prints after a run: plurals and plain words ("1 error", never "finished: finished")."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.config import Config
from crawler.runner import crawl_summary
from crawler.words import days_ago, ending, plural
from linktrail.backlinks import check_summary
from linktrail.model import Results, Week
from linktrail.render import render_results
from linktrail.workers import worker_summary

ONES = {"linktrail/pages_analysed": 1, "linktrail/sites_discovered": 1, "linktrail/sites_new": 1,
        "linktrail/pages_stored": 1, "linktrail/errors/http_500": 1, "linktrail/opportunities/comment": 1,
        "linktrail/worker": 1, "linktrail/pages_queued": 1, "linktrail/backlinks/checked": 1,
        "linktrail/backlinks/pages": 1, "linktrail/backlinks/status/live": 1, "linktrail/backlinks/comments_live": 1,
        "finish_reason": "finished"}


@pytest.mark.parametrize(("count", "word", "said"), [
    (0, "error", "0 errors"), (1, "error", "1 error"), (2, "opportunity", "2 opportunities"),
    (1, "opportunity", "1 opportunity"), (1, "comment went live", "1 comment went live"),
    (3, "comment went live", "3 comments went live"),
])
def test_plural(count: int, word: str, said: str) -> None:
    assert plural(count, word) == said


@pytest.mark.parametrize(("reason", "said"), [
    ("finished", "finished"), ("max_pages", "stopped at the page cap"),
    ("closespider_timeout", "stopped at the time budget"), ("shutdown", "interrupted"), (None, "ended: unknown"),
])
def test_ending(reason: str | None, said: str) -> None:
    assert ending(reason) == said


def test_no_message_says_one_of_a_plural_or_a_reason_twice() -> None:
    lines = [crawl_summary(ONES, "x.db"), worker_summary(ONES, "redis://127.0.0.1:6379/0"), check_summary(ONES, "x.db")]
    assert lines == [
        "crawled 1 page on 1 site (1 new), 1 stored in x.db; 1 opportunity; 1 error; finished",
        "worker 1: crawled 1 page, 1 item queued in redis://127.0.0.1:6379/0 for `linktrail ingest`; 1 error; finished",
        "checked 1 backlink on 1 page (live 1) into x.db; 1 comment went live; finished",
    ]
    for line in lines:
        assert "finished: finished" not in line
        assert not any(f" 1 {w}s" in line for w in ("page", "site", "error", "item", "backlink", "comment"))


def test_days_and_weeks_in_plain_words() -> None:
    assert [days_ago(n) for n in (0, 1, 2)] == ["today", "yesterday", "2 days ago"]
    one = Results(until=date(2026, 11, 23).isoformat(), weeks=(Week("2026-W48", "2026-11-23"),),
                  posts_per_week=Config().plan.posts_per_week)
    for fmt in ("text", "md", "html"):
        out = render_results(one, fmt)
        assert "Results, 1 week to 2026-11-23" in out and "1 weeks" not in out
