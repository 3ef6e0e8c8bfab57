"""The own-feed check against real loopback servers: a feed that answers 404 is named as such, with the feed the
site advertises in its <link rel=alternate>, and the report says what to fix rather than to crawl again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from crawler.config import PlanConfig
from crawler.configload import config_from_dict
from linktrail.ownfeed import read_own_feed
from linktrail.plan import build_plan
from tests.loopback import answering, serve
from tests.report_db import ReportDB

HOME = b"""<!doctype html><html><head><title>My bakery</title>
<link rel="alternate" type="application/rss+xml" title="My bakery &raquo; Feed" href="/feed/">
</head><body><h1>My bakery</h1></body></html>"""
BARE = b"<!doctype html><html><head><title>My bakery</title></head><body><p>No feed here.</p></body></html>"


def _site(home: bytes) -> Callable[[str], tuple[int, str, bytes]]:
    def answer(path: str) -> tuple[int, str, bytes]:
        return (200, HTML, home) if path == "/" else (404, HTML, b"<h1>Not found</h1>")
    return answer


HTML = "text/html; charset=utf-8"


@pytest.fixture(params=[HOME, BARE], ids=["advertised", "none"])
def site(request: pytest.FixtureRequest) -> Iterator[tuple[str, bool]]:
    with serve(answering(_site(request.param))) as base:
        yield base, request.param is HOME


def test_a_feed_that_answers_404_says_so_and_names_the_advertised_feed(site: tuple[str, bool], tmp_path: Path) -> None:
    base, advertised = site
    db = ReportDB(tmp_path / "l.db")
    db.page("https://c1.example/post/")
    db.db.conn.close()
    config = config_from_dict({"you": {"site": base + "/", "feed": base + "/feed.xml"},
                               "crawl": {"loopback_only": True}})
    line = read_own_feed(str(tmp_path / "l.db"), config)
    if advertised:
        assert line == (f"your feed: {base}/feed.xml answers 404 (not found); your site advertises {base}/feed/: "
                        f'set feed = "{base}/feed/" under [you] in linktrail.toml')
    else:
        assert line == (f"your feed: {base}/feed.xml answers 404 (not found), and {base}/ advertises no feed "
                        "(<link rel=alternate>): check feed under [you] in linktrail.toml")
    plan = build_plan(ReportDB(tmp_path / "l.db").db, PlanConfig(), date(2026, 11, 23), threshold=0.25,
                      record=False, feed=base + "/feed.xml", site=base + "/")
    assert plan.notes == (f"Your feed {base}/feed.xml could not be read ({base}/feed.xml: HTTP 404): "
                          "fix feed under [you] in linktrail.toml; until then the plan cannot say whether to publish.",)


def test_a_feed_that_failed_otherwise_says_check_and_a_recorded_plan_keeps_the_note(tmp_path: Path) -> None:
    """Not a 404 (the address may be right, the site down): check, then crawl again. The plan recorded for the
    day, built again, says the same."""
    db = ReportDB(tmp_path / "l.db")
    db.page("https://c1.example/post/")
    feed = "https://me.example/feed/"
    db.db["own_feed_reads"].insert({"feed": feed, "read_at": None, "entries": 0,
                                    "error": f"{feed}: connection refused"})
    note = (f"Your feed {feed} could not be read ({feed}: connection refused): check feed under [you] in "
            "linktrail.toml (or the site), then crawl again; until then the plan cannot say whether to publish.",)
    first = build_plan(db.db, PlanConfig(), date(2026, 11, 23), threshold=0.25, record=True, feed=feed)
    again = build_plan(db.db, PlanConfig(), date(2026, 11, 23), threshold=0.25, record=True, feed=feed)
    assert (first.notes, first.recorded, len(first.tasks)) == (note, True, 1)
    assert (again.notes, again.recorded, again.tasks) == (note, True, first.tasks)
