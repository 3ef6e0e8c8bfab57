"""End to end: a blog's posts in date order whichever of its feed or sitemap dated them; posts past the age gate last."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Runner
from tests.e2e.test_discover_crawl import TinyWeb, config, html

pytestmark = pytest.mark.e2e

# Days old of each post, and which of the blog's two lists dates it. The plan's age gate is 180 days.
# By place in its own list the sitemap's second entry (20 days) would tie with the feed's second (4 days).
FEED = {"/new-2/": 2, "/old-300/": 300, "/new-4/": 4, "/new-6/": 6, "/old-400/": 400}
SITEMAP = {"/side-20/": 20, "/side-3/": 3, "/old-250/": 250}


def _when(days: int) -> datetime:
    return datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=days)


def _feed(web: TinyWeb) -> tuple[int, dict[str, str], bytes]:
    items = "".join(f"<item><title>{p}</title><link>{web.url('blog', p)}</link>"
                    f"<pubDate>{_when(d):%a, %d %b %Y %H:%M:%S} +0000</pubDate></item>" for p, d in FEED.items())
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>{items}</channel></rss>'
    return 200, {"Content-Type": "application/rss+xml"}, body.encode()


def _sitemap(web: TinyWeb) -> tuple[int, dict[str, str], bytes]:
    urls = "".join(f"<url><loc>{web.url('blog', p)}</loc><lastmod>{_when(d):%Y-%m-%d}</lastmod></url>"
                   for p, d in SITEMAP.items())
    body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return 200, {"Content-Type": "application/xml"}, body.encode()


def test_posts_newest_first_across_feed_and_sitemap_and_old_posts_last(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("blog")
    posts = {**FEED, **SITEMAP}
    web.add("blog", {
        "/": html("Sourdough home", links=[(web.url("blog", "/recipes/"), "Recipes"),
                                           (web.url("blog", "/gallery/"), "Gallery")], feed=web.url("blog", "/feed/")),
        "/robots.txt": (200, {"Content-Type": "text/plain"},
                        f"User-agent: *\nSitemap: {web.url('blog', '/sitemap.xml')}\n".encode()),
        "/feed/": _feed(web), "/sitemap.xml": _sitemap(web),
        "/recipes/": html("Recipes"), "/gallery/": html("Gallery"),
        **{p: html(f"Sourdough post {p}") for p in posts},
    })
    web.start()
    try:
        config(linktrail.cwd)
        linktrail("crawl", web.url("blog", "/"))
    finally:
        web.stop()
    # Besides its feed and sitemap, and the two probes (404 here) that come early on a relevant site:
    hubs = ("/robots.txt", "/feed/", "/sitemap.xml", "/write-for-us/", "/contact/")
    pages = [r.path for r in web.requests("blog") if r.path not in hubs]
    # The home page, then the posts within the gate newest first (feed and sitemap dates merged), then the
    # site's other pages, then the posts older than 180 days (no comment target) only once nothing else is left.
    assert pages[0] == "/"
    assert pages[1:6] == ["/new-2/", "/side-3/", "/new-4/", "/new-6/", "/side-20/"]
    assert sorted(pages[6:8]) == ["/gallery/", "/recipes/"]
    assert sorted(pages[8:]) == ["/old-250/", "/old-300/", "/old-400/"]


def test_posts_past_the_age_gate_are_not_fetched_when_the_budget_ends_first(linktrail: Runner) -> None:
    web = TinyWeb()
    web.reserve("blog")
    web.add("blog", {"/": html("Sourdough home", links=[(web.url("blog", "/recipes/"), "Recipes")],
                               feed=web.url("blog", "/feed/")),
                     "/feed/": _feed(web), "/recipes/": html("Recipes"),
                     **{p: html(f"Sourdough post {p}") for p in FEED}})
    web.start()
    try:
        config(linktrail.cwd, max_pages=5)
        linktrail("crawl", web.url("blog", "/"))
    finally:
        web.stop()
    hubs = ("/robots.txt", "/feed/", "/write-for-us/", "/contact/")
    assert [r.path for r in web.requests("blog") if r.path not in hubs] == ["/", "/new-2/", "/new-4/", "/new-6/", "/recipes/"]
