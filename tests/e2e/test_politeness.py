"""Politeness as written: `download_delay` is a minimum gap, robots.txt Crawl-delay is honoured up to
`max_crawl_delay`. Checked on the gaps between the requests a loopback server recorded (its own clock)."""

from __future__ import annotations

import pytest

from tests.conftest import Runner
from tests.e2e.test_discover_crawl import TinyWeb, config, html, last_stats

pytestmark = pytest.mark.e2e

# The server stamps a request when it has read it; the crawler stamps its slot when it sends it. On
# loopback the two differ by the connection's setup, well under this.
SLACK = 0.02


def crawl_one_site(linktrail: Runner, robots: str, **crawl: float) -> list[float]:
    """Crawl a blog of a home page and 8 posts; the gaps (seconds) between its requests, as the server saw them."""
    web = TinyWeb()
    web.reserve("blog")
    posts = [f"/post-{i}/" for i in range(8)]
    routes: dict[str, object] = {p: html(f"Sourdough post {i}") for i, p in enumerate(posts)}
    routes["/"] = html("Sourdough", links=[(web.url("blog", p), f"post {i}") for i, p in enumerate(posts)])
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots.encode())
    web.add("blog", routes)
    web.start()
    try:
        config(linktrail.cwd, **crawl)
        linktrail("crawl", web.url("blog", "/"))
    finally:
        web.stop()
    times = sorted(r.at for r in web.requests("blog"))
    assert len(times) >= 9, [r.path for r in web.requests("blog")]
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_download_delay_is_a_minimum_not_a_mean(linktrail: Runner) -> None:
    gaps = crawl_one_site(linktrail, "User-agent: *\nDisallow:\n", download_delay=0.3)
    assert min(gaps) >= 0.3 - SLACK, [round(g, 3) for g in gaps]


def test_robots_crawl_delay_spaces_the_sites_requests(linktrail: Runner) -> None:
    gaps = crawl_one_site(linktrail, "User-agent: *\nCrawl-delay: 0.6\nDisallow: /nothing\n", download_delay=0.05)
    assert min(gaps[1:]) >= 0.6 - SLACK, [round(g, 3) for g in gaps]  # after robots.txt itself was read
    assert last_stats(linktrail.cwd)["linktrail/robots/crawl_delay"] == 1


def test_a_huge_crawl_delay_is_cut_to_max_crawl_delay(linktrail: Runner) -> None:
    gaps = crawl_one_site(linktrail, "User-agent: *\nCrawl-delay: 3600\n", download_delay=0.05, max_crawl_delay=0.4)
    assert min(gaps[1:]) >= 0.4 - SLACK, [round(g, 3) for g in gaps]  # and the crawl ended, not an hour later
