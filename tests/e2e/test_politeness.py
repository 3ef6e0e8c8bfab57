"""Politeness as written: `download_delay` is a minimum gap, robots.txt Crawl-delay is honoured up to
`max_crawl_delay`. Checked on the server's own log: a request arrives at least the delay after the site's
previous answer was ready (crawler/pacing.py counts the delay from the end of the last download; counted from when
Scrapy let the last request go, a server saw 0.278 s between two requests started 0.3 s apart)."""

from __future__ import annotations

import pytest

from tests.conftest import Runner
from tests.e2e.test_discover_crawl import TinyWeb, config, held, html, last_stats

pytestmark = pytest.mark.e2e

# Both stamps are the server's, on the machine's monotonic clock, which the crawler's delay runs on too: a
# request arrives after the crawler sent it, and the answer before was ready before the crawler had it, so the
# gap is never under the delay. A millisecond covers float rounding.
STAMP_SLACK = 0.001
HOLD = 0.15  # each page takes the server this long to answer: a delay counted from the start would show


def crawl_one_site(linktrail: Runner, robots: str, **crawl: float) -> list[float]:
    """Crawl a blog of a home page and 8 posts, each answered in HOLD seconds; the gaps (seconds) between each
    answer's being ready and the site's next request arriving, by the server's log."""
    web = TinyWeb()
    web.reserve("blog")
    posts = [f"/post-{i}/" for i in range(8)]
    routes: dict[str, object] = {p: held(web, html(f"Sourdough post {i}"), HOLD) for i, p in enumerate(posts)}
    routes["/"] = held(web, html("Sourdough", links=[(web.url("blog", p), f"post {i}") for i, p in enumerate(posts)]),
                       HOLD)
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots.encode())
    web.add("blog", routes)
    web.start()
    try:
        config(linktrail.cwd, **crawl)
        linktrail("crawl", web.url("blog", "/"))
    finally:
        web.stop()
    served = web.requests("blog")
    assert len(served) >= 9 and not web.overlap.is_set(), [r.path for r in served]  # one at a time
    assert all(r.done is not None for r in served)
    return [b.at - a.done for a, b in zip(served, served[1:], strict=False)]  # type: ignore[operator]


def test_download_delay_is_a_minimum_not_a_mean(linktrail: Runner) -> None:
    gaps = crawl_one_site(linktrail, "User-agent: *\nDisallow:\n", download_delay=0.3)
    assert min(gaps) >= 0.3 - STAMP_SLACK, [round(g, 3) for g in gaps]


def test_robots_crawl_delay_spaces_the_sites_requests(linktrail: Runner) -> None:
    gaps = crawl_one_site(linktrail, "User-agent: *\nCrawl-delay: 0.6\nDisallow: /nothing\n", download_delay=0.05)
    assert min(gaps[1:]) >= 0.6 - STAMP_SLACK, [round(g, 3) for g in gaps]  # after robots.txt itself was read
    assert last_stats(linktrail.cwd)["linktrail/robots/crawl_delay"] == 1


def test_a_huge_crawl_delay_is_cut_to_max_crawl_delay(linktrail: Runner) -> None:
    gaps = crawl_one_site(linktrail, "User-agent: *\nCrawl-delay: 3600\n", download_delay=0.05, max_crawl_delay=0.4)
    assert min(gaps[1:]) >= 0.4 - STAMP_SLACK, [round(g, 3) for g in gaps]  # and the crawl ended, not an hour later
