"""End to end: what --max-pages counts (pages fetched and analysed) and a blog's newest posts first."""

from __future__ import annotations

import random
import re
from datetime import date, datetime
from email.utils import format_datetime
from typing import Any

import pytest

from crawler.clock import today
from tests.conftest import Runner
from tests.e2e.test_discover_crawl import NICHE, TinyWeb, config, db_rows, html, last_stats, rss

pytestmark = pytest.mark.e2e

XML = {"Content-Type": "application/xml"}


def sitemap(entries: list[tuple[str, str]]) -> tuple[int, dict[str, str], bytes]:
    body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{u}</loc><lastmod>{d}</lastmod></url>" for u, d in entries) + "</urlset>")
    return 200, XML, body.encode()


def test_max_pages_counts_pages_fetched_and_analysed(tmp_path: Any) -> None:
    """Feeds, sitemaps, robots.txt, 404 probes, off-loopback and robots-disallowed links cost no page."""
    web = TinyWeb()
    names = [f"blog{i}" for i in range(4)]
    web.reserve(*names)
    u = web.url
    for n, name in enumerate(names):
        posts = [f"/2026/sourdough-{k}/" for k in range(12)]
        links = [(u(name, p), f"Sourdough bread {k}") for k, p in enumerate(posts)]
        links += [("http://203.0.113.9/bread/", "Bread abroad"), ("https://example.com/starter/", "Starter"),
                  (u(name, "/private/x/"), "drafts"), (u(name, "/missing/"), "gone")]
        others = [(u(o, "/"), f"{o} sourdough bread") for o in names if o != name]
        routes: dict[str, Any] = {
            "/robots.txt": (200, {"Content-Type": "text/plain"},
                            f"User-agent: *\nDisallow: /private/\nSitemap: {u(name, '/sitemap.xml')}\n".encode()),
            "/": html(f"Blog {n}: sourdough bread", links=links, blogroll=others, feed=u(name, "/feed/")),
            "/feed/": rss([(u(name, p), "Sourdough") for p in posts]),
            "/sitemap.xml": sitemap([(u(name, p), f"2026-10-{k + 1:02d}") for k, p in enumerate(posts)]),
        }
        routes.update({p: html(f"Sourdough starter post {k}", links=links[:6]) for k, p in enumerate(posts)})
        web.add(name, routes)
    web.start()
    try:
        config(tmp_path, max_pages_per_site=30)
        proc = Runner(tmp_path)("crawl", "--max-pages", "25", u("blog0", "/"))
        pages = db_rows(tmp_path, "select url from pages")
        stats = last_stats(tmp_path)
    finally:
        web.stop()
    assert len(pages) == 25, proc.stderr
    assert re.search(r"crawled 25 pages on \d sites", proc.stdout), proc.stdout
    assert stats["linktrail/pages_fetched"] == 25 and stats["finish_reason"] == "max_pages"
    # The free requests were made: feeds and sitemaps read, probes answered 404, none of them a page.
    assert stats["linktrail/feeds_parsed"] >= 1 and stats["linktrail/sitemaps_parsed"] >= 1
    assert stats.get("linktrail/probes/sent", 0) >= 2
    assert not any("/private/" in r.path for r in web.log)


def test_a_blogs_newest_posts_come_first(tmp_path: Any) -> None:
    """48 dated posts in the sitemap and 10 in the feed, in no order; the home page links 12 old posts with
    niche words in their anchors; a per-site cap of 8 pages fetches the home page and the 7 newest posts."""
    web = TinyWeb()
    web.reserve("blog")
    u = web.url
    # Dated as on the day this test was written (2026-12-02), moved by the days since: the same ages on any day it
    # runs (a post's age orders it, and past the age gate makes it no target: fixed dates failed three days later)
    shift = today() - date(2026, 12, 2)
    posts = [(f"/{2025 + k // 40}/post-{k:02d}/", (date(2026, 1 + k // 5, 1 + k % 5 * 5) + shift).isoformat())
             for k in range(48)]
    newest = [p for p, _d in sorted(posts, key=lambda pd: pd[1], reverse=True)]
    shuffled = posts[:]
    random.Random(4).shuffle(shuffled)
    feed = [(p, d) for p, d in shuffled if p in newest[:10]]  # the ten newest, in no order
    old_links = [(u("blog", p), f"Sourdough bread starter classic {k}") for k, (p, _d) in enumerate(posts[:12])]
    routes: dict[str, Any] = {
        "/": html("A sourdough bread blog", links=old_links, feed=u("blog", "/feed/")),
        "/sitemap.xml": sitemap([(u("blog", p), d) for p, d in shuffled]),
        "/robots.txt": (200, {"Content-Type": "text/plain"}, f"Sitemap: {u('blog', '/sitemap.xml')}\n".encode()),
        "/feed/": (200, {"Content-Type": "application/rss+xml"}, (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + "".join(
                f"<item><title>Post</title><link>{u('blog', p)}</link>"
                f"<pubDate>{_rfc822(d)}</pubDate></item>" for p, d in feed) + "</channel></rss>").encode()),
    }
    routes.update({p: html(f"Sourdough post {p}", links=old_links[:3]) for p, _d in posts})
    web.add("blog", routes)
    web.start()
    try:
        config(tmp_path, max_pages_per_site=8)
        proc = Runner(tmp_path)("crawl", "--max-pages", "100", u("blog", "/"))
        got = {r[0] for r in db_rows(tmp_path, "select url from pages")}
    finally:
        web.stop()
    assert got == {u("blog", "/")} | {u("blog", p) for p in newest[:7]}, proc.stderr


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day + "T10:00:00+00:00"))


assert NICHE  # the niche of config(): sourdough, bread, starter, baking, crumb
