"""Politeness as written: `download_delay` is a minimum gap, robots.txt Crawl-delay is honoured up to
`max_crawl_delay`. Checked on the gaps between the moments the crawler let its requests to the site go
(tests/e2e/stamped_crawl.py: its own clock, the download slot's), not on a server's stamps, which lag under load:
a server saw 0.278 s between two requests the crawler had started 0.3 s apart."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import Runner
from tests.e2e.test_discover_crawl import TinyWeb, _env, config, html, last_stats

pytestmark = pytest.mark.e2e

# The stamps are the download slot's own `lastseen` (tests/e2e/stamped_crawl.py), the moment Scrapy keeps a site's
# delay from: a float subtraction's rounding aside, two of them are at least `delay` apart. A millisecond covers it;
# a delay kept as a mean (Scrapy's jitter) misses by a tenth of a second (0.24 s against 0.3 s).
STAMP_SLACK = 0.001


def crawl_one_site(linktrail: Runner, robots: str, **crawl: float) -> list[float]:
    """Crawl a blog of a home page and 8 posts; the gaps (seconds) between the starts of its requests."""
    web = TinyWeb()
    web.reserve("blog")
    posts = [f"/post-{i}/" for i in range(8)]
    routes: dict[str, object] = {p: html(f"Sourdough post {i}") for i, p in enumerate(posts)}
    routes["/"] = html("Sourdough", links=[(web.url("blog", p), f"post {i}") for i, p in enumerate(posts)])
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots.encode())
    web.add("blog", routes)
    web.start()
    work, stamps = linktrail.cwd, linktrail.cwd / "starts.json"
    try:
        config(work, **crawl)
        proc = subprocess.run([sys.executable, "-m", "tests.e2e.stamped_crawl", str(work / "linktrail.toml"),
                               web.url("blog", "/"), str(stamps)], cwd=work, env=_env(work), capture_output=True,
                              text=True, timeout=240)
        assert proc.returncode == 0, proc.stderr
    finally:
        web.stop()
    starts = [at for _slot, url, at in json.loads(stamps.read_text()) if url.startswith(web.bases["blog"] + "/")]
    served = web.requests("blog")
    assert len(starts) == len(served) >= 9, [r.path for r in served]  # every request the server saw, stamped
    return [b - a for a, b in zip(starts, starts[1:], strict=False)]


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
