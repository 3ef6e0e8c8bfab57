"""End to end: `linktrail crawl` reads `[you] feed` from a server on 127.0.0.1; the report plans a post."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest

from tests.conftest import Runner, write_config
from tests.loopback import answering, refused_port, serve
from tests.report_db import ReportDB

pytestmark = pytest.mark.e2e

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>My bakery notes</title>
<link>http://127.0.0.1/</link>
<item><title>Cold proof, warm kitchen</title><link>/cold-proof/</link><pubDate>Fri, 20 Nov 2026 09:30:00 GMT</pubDate></item>
<item><title>Starter diary</title><link>/starter/</link><pubDate>Tue, 03 Nov 2026 09:30:00 GMT</pubDate></item>
</channel></rss>"""


def _feed(path: str) -> tuple[int, str, bytes]:
    return (200, "application/rss+xml", RSS) if path == "/feed.xml" else (404, "text/plain", b"no")


@pytest.fixture
def feed_server() -> Iterator[str]:
    with serve(answering(_feed)) as base:
        yield base


def setup(run: Runner, feed: str) -> None:
    r = ReportDB(run.cwd / "linktrail.db")
    r.page("https://c1.example/post/")
    r.db.conn.close()
    write_config(run.cwd / "linktrail.toml", you={"feed": feed, "site": feed.rsplit("/", 1)[0] + "/"},
                 crawl={"loopback_only": True, "download_delay": 0.0, "max_pages": 1})


def test_crawl_reads_the_feed_and_the_plan_asks_for_a_post(linktrail: Runner, feed_server: str) -> None:
    feed = feed_server + "/feed.xml"
    setup(linktrail, feed)
    before = json.loads(linktrail("report", "--date", "2026-11-23", "--dry-run", "--format", "json").stdout)
    assert any("has not been read yet" in n for n in before["notes"])
    assert "publish" not in {t["kind"] for t in before["tasks"]}
    proc = linktrail("crawl", feed_server + "/")
    assert f"your feed: 2 dated posts read from {feed}" in proc.stdout
    db = sqlite3.connect(linktrail.cwd / "linktrail.db")
    assert sorted(db.execute("select url, substr(published, 1, 10) from own_posts")) == [
        (feed_server + "/cold-proof/", "2026-11-20"), (feed_server + "/starter/", "2026-11-03")]
    plan = json.loads(linktrail("report", "--date", "2026-11-23", "--format", "json").stdout)
    publish = plan["tasks"][0]
    assert publish["kind"] == "publish" and publish["url"] == feed_server + "/"
    assert "1 in the last 7 days, last one 2026-11-20 (3 days ago): Cold proof, warm kitchen" in publish["why"]
    assert not plan["notes"]


def test_an_unreachable_feed_is_one_line_and_not_a_failure(linktrail: Runner, feed_server: str) -> None:
    with refused_port() as port:
        dead = f"http://127.0.0.1:{port}/feed.xml"
        setup(linktrail, dead)
        proc = linktrail("crawl", feed_server + "/")
        plan = json.loads(linktrail("report", "--date", "2026-11-23", "--dry-run", "--format", "json").stdout)
    assert f"your feed: not read: {dead}" in proc.stdout
    assert any(n.startswith(f"Your feed {dead} could not be read ({dead}: ") and "then crawl again" in n
               for n in plan["notes"])
