"""Pieces of the discover crawl on their own: failure names, feeds and sitemaps, progress, summary."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from datetime import date

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError

from crawler.failures import failure_kind
from crawler.feeds import FeedError, feed_entries, feed_links, looks_like, sitemap_entries
from crawler.hubs import hub_links, response_kind
from crawler.linkfilters import home_of, is_binary_url, is_non_content
from crawler.progress import ProgressExtension, progress_line, snapshot
from crawler.runner import crawl_summary, on_glibc


def http_error(status: int) -> HttpError:
    return HttpError(Response("http://127.0.0.1:1/", status=status, request=Request("http://127.0.0.1:1/")))


@pytest.mark.parametrize(
    ("exc", "kind", "stat", "level"),
    [
        (http_error(500), None, "errors/http_500", logging.WARNING),
        (http_error(404), None, "errors/http_404", logging.WARNING),
        (http_error(404), "probe", "probes/missed", logging.DEBUG),
        (DNSLookupError(), None, "errors/dns", logging.WARNING),
        (ConnectionRefusedError(), None, "errors/connection_refused", logging.WARNING),
        (TimeoutError(), None, "errors/timeout", logging.WARNING),
        (IgnoreRequest("Forbidden by robots.txt"), None, "skipped/robots", logging.DEBUG),
        (IgnoreRequest("robots.txt unreachable"), None, "skipped/robots_unreachable", logging.DEBUG),
        (IgnoreRequest("max redirections reached"), None, "errors/redirect_loop", logging.WARNING),
        (IgnoreRequest("site stopped by the circuit breaker"), None, "skipped/site_broken", logging.DEBUG),
        (IgnoreRequest("content type application/pdf"), None, "skipped/content_type", logging.DEBUG),
        (StopDownload(fail=True), None, "skipped/content_type", logging.DEBUG),
        (IgnoreRequest(), None, "skipped/ignored", logging.DEBUG),
        (ValueError("x"), None, "errors/valueerror", logging.WARNING),
    ],
)
def test_failure_kinds(exc: BaseException, kind: str | None, stat: str, level: int) -> None:
    got = failure_kind(exc, kind)
    assert (got.stat, got.level) == (stat, level)


@pytest.mark.parametrize(
    ("url", "binary"),
    [("http://a.example/x.pdf", True), ("http://a.example/x.JPG?w=2", True), ("http://a.example/post/", False),
     ("http://a.example/v1.2/post", False), ("http://a.example/feed.xml", False), ("http://a.example/", False)],
)
def test_binary_urls_are_known_before_a_request_is_built(url: str, binary: bool) -> None:
    assert is_binary_url(url) is binary


def test_home_of() -> None:
    assert home_of("https://a.example:8080/x/y?z=1") == "https://a.example:8080/"


def test_sitemap_entries_newest_first_and_indexes() -> None:
    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>/old/</loc><lastmod>2025-01-01</lastmod></url>"
            b"<url><loc>/new/</loc><lastmod>2026-11-01T10:00:00+00:00</lastmod></url>"
            b"<url><loc>/undated/</loc></url></urlset>")
    got = sitemap_entries(body, "http://a.example/sitemap.xml")
    assert not got.is_index
    assert got.urls == ["http://a.example/new/", "http://a.example/old/", "http://a.example/undated/"]
    assert got.dates == [date(2026, 11, 1), date(2025, 1, 1), None]
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
             b"<loc>http://a.example/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>")
    got = sitemap_entries(index, "http://a.example/wp-sitemap.xml")
    assert got.is_index and got.urls == ["http://a.example/wp-sitemap-posts-post-1.xml"]
    assert looks_like(index) == "sitemap"


@pytest.mark.parametrize("body", [b"", b"not xml at all", b"<html><body>hi</body></html>", b"<!DOCTYPE x [<!ENTITY a 'b'>]><a>&a;</a>"])
def test_malformed_sitemaps_raise_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        sitemap_entries(body, "http://a.example/sitemap.xml")


def test_feed_links_newest_first() -> None:
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>Old</title><link>http://a.example/old/</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>"
            b"<item><title>New</title><link>/new/</link><pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate></item>"
            b"</channel></rss>")
    assert feed_links(body, "http://a.example/feed/") == [("http://a.example/new/", "New"), ("http://a.example/old/", "Old")]
    assert feed_links(b"<rss><channel><item><title>x</rss", "http://a.example/feed/") == []
    assert [d for _u, _t, d in feed_entries(body, "http://a.example/feed/")] == [date(2026, 11, 16), date(2026, 11, 2)]


def test_progress_line_and_log_mode() -> None:
    crawler = get_crawler()
    st = MemoryStatsCollector(crawler)
    st.set_value("linktrail/pages_analysed", 30)
    st.set_value("linktrail/errors/http_500", 2)
    st.set_value("linktrail/errors/dns", 1)
    st.set_value("linktrail/opportunities/comment", 4)
    snap = snapshot(st.get_stats())
    assert snap["pages"] == 30 and snap["errors"] == 3 and snap["opportunities"] == 4
    line = progress_line(snap, 60.0, 100)
    assert line.startswith("progress: 30/100 pages") and "0.5 pages/s" in line and "1:00 elapsed" in line
    out = io.StringIO()
    ext = ProgressExtension(st, mode="auto", interval=1.0, max_pages=100, stream=out)
    assert ext.mode == "log"  # a StringIO is not a terminal
    ext.tick()
    assert out.getvalue().startswith("progress: 30/100 pages")


def test_crawl_summary() -> None:
    stats = {"linktrail/pages_analysed": 12, "linktrail/sites_discovered": 3, "linktrail/sites_new": 2,
             "linktrail/pages_stored": 12, "linktrail/errors/http_500": 1, "linktrail/opportunities/comment": 2,
             "linktrail/incremental/not_modified": 4, "finish_reason": "finished"}
    assert crawl_summary(stats, "x.db") == (
        "crawled 16 pages on 3 sites (2 new), 12 stored in x.db, 4 unchanged; 2 opportunities; 1 error; "
        "finished")  # the budget's count: 12 analysed + 4 not modified
    one = {**stats, "linktrail/pages_analysed": 1, "linktrail/sites_discovered": 1, "linktrail/errors/http_500": 0,
           "linktrail/opportunities/comment": 1, "linktrail/incremental/not_modified": 0, "finish_reason": "max_pages"}
    assert crawl_summary(one, "x.db") == (
        "crawled 1 page on 1 site (2 new), 12 stored in x.db; 1 opportunity; 0 errors; stopped at the page cap")
    assert crawl_summary({**stats, "linktrail/pages_fetched": 20}, "x.db").startswith("crawled 20 pages on")


@pytest.mark.parametrize(
    ("url", "skipped"),
    [
        ("http://b.example/wp-login.php?redirect_to=%2Fpost%2F", True),
        ("http://b.example/wp-admin/", True),
        ("http://b.example/wp-json/wp/v2/posts", True),
        ("http://b.example/xmlrpc.php", True),
        ("http://b.example/post/?replytocom=12#respond", True),
        ("http://b.example/post/?share=twitter", True),
        ("http://b.example/?s=starter", True),
        ("http://b.example/my-account/", True),
        ("http://b.example/login", True),
        ("http://b.example/comments/feed/", True),
        ("http://b.example/wp-content/uploads/2024/01/x.webp", True),
        ("http://b.example/post/", False),
        ("http://b.example/login-tips-for-bakers/", False),
        ("http://b.example/feed/", False),
        ("http://b.example/?p=12", False),
        ("http://b.example/registered-dietitian-bread/", False),
    ],
)
def test_non_content_urls_are_not_followed(url: str, skipped: bool) -> None:
    assert is_non_content(url) is skipped


def test_a_crawl_tunes_the_garbage_collector_and_restores_it() -> None:
    import gc

    from crawler.runner import GC_THRESHOLD, crawl_gc

    before = gc.get_threshold()
    with crawl_gc():
        assert gc.get_threshold() == GC_THRESHOLD and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


# A block between glibc's default mmap threshold (128 KB) and MMAP_THRESHOLD, allocated and freed as a page's parse
# tree is; glibc's mallinfo2 counts the blocks it holds in mappings of their own (hblks).
_HEAP_OR_MAPPING = """
import contextlib, ctypes, sys
from crawler.runner import crawl_gc
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
def mapped_while_held():
    block = bytearray(4 * 1024 * 1024)
    return libc.mallinfo2().hblks
with crawl_gc() if sys.argv[1] == "crawl" else contextlib.nullcontext():
    print(mapped_while_held() - libc.mallinfo2().hblks)
"""


@pytest.mark.skipif(not on_glibc(), reason="glibc only")
def test_a_crawl_serves_a_page_trees_blocks_from_the_heap_not_fresh_mappings() -> None:
    """Without the crawl's allocator settings each such block is mapped anew (and page-faults again) per page."""
    def mapped(mode: str) -> int:
        run = subprocess.run([sys.executable, "-c", _HEAP_OR_MAPPING, mode], capture_output=True, text=True,
                             check=True)
        return int(run.stdout)

    assert mapped("plain") == 1  # glibc's default: a mapping of its own
    assert mapped("crawl") == 0


@pytest.mark.parametrize(("ctype", "body", "linked_as", "kind"), [
    (b"text/html; charset=utf-8", b"<!doctype html><p>hi", "content", "page"),
    (b"text/html", b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "feed", "feed"),
    (b"application/xml", b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>", "robots", "sitemap"),
    (b"text/x-opml", b"<opml version='2.0'><body/></opml>", "content", "opml"),
    (b"application/xml", b"<?xml version='1.0'?><catalog/>", "sitemap", "bad_xml"),
    (b"text/plain", b"just text", "feed", "bad_feed"),
    (b"text/plain", b"just text", "robots", "bad_sitemap"),
    (b"text/plain", b"just text", "content", "page"),
])
def test_response_kind(ctype: bytes, body: bytes, linked_as: str, kind: str) -> None:
    assert response_kind(ctype, body, linked_as) == kind


def test_hub_links_say_what_to_count() -> None:
    urls = "".join(f"<url><loc>https://b.example/{i}/</loc></url>" for i in range(10))
    sitemap = hub_links("sitemap", f"<urlset>{urls}</urlset>".encode(), "https://b.example/sitemap.xml", 2)
    assert sitemap.stat == "sitemaps_parsed" and sitemap.error is None and sitemap.follow_as == "post"
    assert len(sitemap.links) == 8  # four entries per page the site may have
    index = hub_links("sitemap", b"<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>",
                      "https://b.example/sitemap.xml", 2)
    assert (index.links, index.follow_as) == ([("https://b.example/s1.xml", "")], "sitemap")
    broken = hub_links("sitemap", b"<html>", "https://b.example/sitemap.xml", 2)
    assert broken.error == "errors/bad_sitemap" and broken.problem.startswith("sitemap cannot be read")
    empty_feed = hub_links("feed", b"<rss><channel></channel></rss>", "https://b.example/feed/", 2)
    assert (empty_feed.links, empty_feed.error) == ([], "errors/bad_feed")
    opml = hub_links("opml", b"<opml><body><outline text='A' htmlUrl='https://a.example/'/></body></opml>",
                     "https://b.example/blogroll.opml", 2)
    assert (opml.links, opml.follow_as, opml.stat) == ([("https://a.example/", "A")], "blogroll", "opml_parsed")
