"""crawler/linkcheck/ on fixture HTML: link matching, placement, rel, anchors, noindex, verdicts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.analysis.encoding import decode
from crawler.clock import retry_after_seconds
from crawler.linkcheck import (
    LinkReport,
    TargetError,
    challenge_rule,
    check_source,
    http_verdict,
    moved,
    page_verdict,
    parse_target,
    scan_page,
)
from crawler.spiders.backlinks import BacklinksSpider

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
SRC = "https://blog.example/2026/11/a-post/"


def one(html: str, target: str, url: str = SRC, headers: dict[str, str] | None = None) -> LinkReport:
    return scan_page(url, html, [parse_target(target)], headers).reports[0]


# (href as written, target, exact match expected)
MATCHES = [
    ("https://my-site.example/", "https://my-site.example/", True),
    ("http://my-site.example", "https://my-site.example/", True),  # http vs https, no slash
    ("https://www.my-site.example/", "https://my-site.example/", True),  # www vs bare
    ("https://MY-SITE.example/", "https://www.my-site.example/", True),  # case of the host
    ("https://my-site.example/post/", "https://my-site.example/post", True),  # trailing slash
    ("https://my-site.example/post?utm_source=x&utm_medium=y", "https://my-site.example/post", True),
    ("https://my-site.example/post?b=2&a=1", "https://my-site.example/post?a=1&b=2", True),  # query order
    ("https://my-site.example/post#comments", "https://my-site.example/post", True),  # fragment
    ("https://my-site.example:443/post", "https://my-site.example/post", True),  # default port
    ("https://my-site.example/caf%C3%A9", "https://my-site.example/café", True),  # percent-encoding
    ("//my-site.example/post", "https://my-site.example/post", True),  # scheme-relative
    ("https://bäckerei.example/", "https://xn--bckerei-5wa.example/", True),  # IDN, Unicode href
    ("https://xn--bckerei-5wa.example/", "https://bäckerei.example/", True),  # IDN, punycode href
    ("https://my-site.example/other", "https://my-site.example/post", False),  # same site, other page
    ("https://my-site.example/any/page", "my-site.example", True),  # domain target: any page
    ("https://www.my-site.example/any", "www.my-site.example", True),
]


@pytest.mark.parametrize(("href", "target", "exact"), MATCHES)
def test_link_matching(href: str, target: str, exact: bool) -> None:
    report = one(f"<p><a href='{href}'>x</a></p>", target)
    assert bool(report.links) is exact
    assert bool(report.site_links) is not exact


@pytest.mark.parametrize("href", [
    "https://my-site.example.evil.example/", "https://notmy-site.example/", "https://blog.my-site.example/",
    "https://my-site.example:8080/", "mailto:me@my-site.example", "javascript:go('https://my-site.example/')",
    "https://example.org/?u=https://my-site.example/",
])
def test_not_a_link_to_the_target(href: str) -> None:
    report = one(f"<a href=\"{href}\">x</a>", "my-site.example")
    assert not report.links and not report.site_links


def test_relative_hrefs_resolve_against_base() -> None:
    html = "<head><base href='https://my-site.example/blog/'></head><body><a href='post'>x</a><a href='/'>home</a></body>"
    report = one(html, "https://my-site.example/blog/post")
    assert [x.url for x in report.links] == ["https://my-site.example/blog/post"]
    # without a <base>, a relative link on someone else's page points to that page's site
    assert not one("<a href='/post'>x</a>", "https://my-site.example/post").links
    # a relative link on the target's own site counts (a page of the site linking to itself)
    assert one("<a href='/post'>x</a>", "https://my-site.example/post", url="https://my-site.example/x").links


PLACEMENTS = [
    ("<article><p><a href='{u}'>x</a></p></article>", "content"),
    ("<main><div><a href='{u}'>x</a></div></main>", "content"),
    ("<div><p><a href='{u}'>x</a></p></div>", "content"),
    ("<article><footer class='entry-footer'><a href='{u}'>x</a></footer></article>", "content"),
    ("<div id='comments'><ol class='comment-list'><li><a href='{u}'>x</a></li></ol></div>", "comments"),
    ("<ol class='commentlist'><li id='comment-12'><footer class='comment-meta'><a href='{u}'>x</a></footer></li></ol>", "comments"),
    ("<aside id='secondary'><section class='widget'><a href='{u}'>x</a></section></aside>", "sidebar"),
    ("<div class='sidebar'><ul><li><a href='{u}'>x</a></li></ul></div>", "sidebar"),
    ("<footer id='colophon'><p><a href='{u}'>x</a></p></footer>", "footer"),
    ("<div id='footer'><a href='{u}'>x</a></div>", "footer"),
    ("<nav><ul><li><a href='{u}'>x</a></li></ul></nav>", "nav"),
    ("<header><a href='{u}'>x</a></header>", "nav"),
]


@pytest.mark.parametrize(("html", "where"), PLACEMENTS)
def test_placement(html: str, where: str) -> None:
    report = one("<body>" + html.format(u="https://my-site.example/") + "</body>", "my-site.example")
    assert report.best is not None and report.best.placement == where


def test_rel_tokens_anchor_and_image_alt() -> None:
    html = ("<article><a href='https://my-site.example/' rel='Sponsored NoFollow'>  My\n  Site </a>"
            "<a href='https://my-site.example/'><img src='b.png' alt='My logo'></a>"
            "<a href='https://my-site.example/' rel='ugc'>again</a></article>")
    report = one(html, "https://my-site.example/")
    assert len(report.links) == 3
    best = report.best
    assert best is not None and best.image and best.anchor == "My logo" and best.rel == () and best.followed
    by_anchor = {x.anchor: x for x in report.links}
    assert by_anchor["My Site"].rel == ("sponsored", "nofollow") and not by_anchor["My Site"].followed
    assert by_anchor["again"].rel == ("ugc",)


def test_best_link_prefers_followed_then_content() -> None:
    html = ("<body><div id='comments'><a href='https://my-site.example/' rel='nofollow ugc'>c</a></div>"
            "<footer><a href='https://my-site.example/'>f</a></footer>"
            "<article><a href='https://my-site.example/'>a</a></article></body>")
    report = one(html, "my-site.example")
    assert [x.anchor for x in report.links] == ["a", "f", "c"]


def test_several_targets_in_one_parse() -> None:
    html = "<a href='https://one.example/'>1</a><a href='https://two.example/x'>2</a>"
    scan = scan_page(SRC, html, [parse_target("one.example"), parse_target("https://two.example/y"),
                                 parse_target("three.example")])
    assert [len(r.links) for r in scan.reports] == [1, 0, 0]
    assert [len(r.site_links) for r in scan.reports] == [0, 1, 0]


def test_wordpress_comment_links_are_found_in_comments() -> None:
    html = (FIXTURES / "twentytwentythree-open_with_website.html").read_text(encoding="utf-8")
    report = one(html, "https://maya-bakes.example/", url="http://127.0.0.1:8090/a-post/")
    assert report.best is not None
    assert report.best.placement == "comments"
    assert set(report.best.rel) >= {"nofollow", "ugc"}
    assert report.best.anchor == "Maya Baker"
    assert report.best.commenter and report.best.author == "Maya Baker"  # the comment's author and website


def test_a_link_in_a_comments_text_names_that_comments_author() -> None:
    html = ("<div id='comments'><ol class='comment-list'>"
            "<li id='comment-1' class='comment'><div class='comment-author vcard'><b class='fn'>"
            "<a href='https://bob.example/' class='url' rel='external nofollow ugc'>Bob  Smith</a></b></div>"
            "<div class='comment-content'><p>See <a href='https://me.example/post/' rel='nofollow ugc'>this</a>"
            "</p></div><ol class='children'><li id='comment-2' class='comment'><div class='comment-author'>"
            "<b class='fn'>Jane</b></div><div class='comment-content'><p>Mine: "
            "<a href='https://me.example/'>me</a></p></div></li></ol></li></ol></div>")
    report = one(html, "me.example")
    by_url = {x.url: x for x in report.links}
    assert (by_url["https://me.example/post/"].author, by_url["https://me.example/post/"].commenter) == ("Bob Smith",
                                                                                                          False)
    assert (by_url["https://me.example/"].author, by_url["https://me.example/"].commenter) == ("Jane", False)
    assert one("<main><p><a href='https://me.example/'>x</a></p></main>", "me.example").links[0].author == ""


@pytest.mark.parametrize(("head", "headers", "rule"), [
    ("<meta name='robots' content='noindex, follow'>", {}, "meta robots"),
    ("<meta name='ROBOTS' content='NONE'>", {}, "meta robots"),
    ("<meta name='googlebot' content='noindex'>", {}, "meta robots"),
    ("<meta name='robots' content='index, follow'>", {}, None),
    ("", {"X-Robots-Tag": "noindex"}, "x-robots-tag"),
    ("", {"x-robots-tag": "googlebot: noindex, nofollow"}, "x-robots-tag"),
    ("", {"X-Robots-Tag": ["noarchive", "noindex"]}, "x-robots-tag"),  # type: ignore[dict-item]
    ("", {"X-Robots-Tag": "unavailable_after: 25 Jun 2030 15:00:00 PST"}, None),
    ("", {}, None),
])
def test_noindex(head: str, headers: dict[str, str], rule: str | None) -> None:
    scan = scan_page(SRC, f"<html><head>{head}</head><body></body></html>", [], headers)
    assert scan.noindex == rule


@pytest.mark.parametrize(("value", "error"), [
    ("", "empty"), ("example.com/page", "no scheme"), ("ftp://example.com/", "not an http\\(s\\) URL"),
    ("mailto:me@example.com", "not an http\\(s\\) URL"), ("https://", "no host"), ("nodot", "no scheme"),
])
def test_bad_targets(value: str, error: str) -> None:
    with pytest.raises(TargetError, match=error):
        parse_target(value)


@pytest.mark.parametrize(("value", "error"), [
    ("", "empty"), ("example.com/post", "no scheme"), ("ftp://example.com/x", "not an http\\(s\\) URL"),
    ("javascript:alert(1)", "not an http\\(s\\) URL"), ("http:///x", "no host"),
])
def test_bad_sources(value: str, error: str) -> None:
    with pytest.raises(TargetError, match=error):
        check_source(value)


def test_targets_with_ports_and_domains() -> None:
    t = parse_target("127.0.0.1:8123")
    assert (t.host, t.port, t.is_domain) == ("127.0.0.1", 8123, True)
    assert parse_target("localhost:8000").port == 8000
    u = parse_target("https://www.Example.com:443/A/")
    assert (u.host, u.port, u.path) == ("example.com", None, "/A")


@pytest.mark.parametrize(("source", "final", "is_move"), [
    ("http://a.example/post", "https://a.example/post", False),
    ("https://a.example/post", "https://www.a.example/post/", False),
    ("https://a.example/post", "https://a.example/new-post", True),
    ("https://a.example/post", "https://b.example/post", True),
    ("https://a.example/post", "https://a.example/", True),
])
def test_moved(source: str, final: str, is_move: bool) -> None:
    assert moved(source, final) is is_move


CF_PAGE = "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"


@pytest.mark.parametrize(("status", "headers", "body", "expected"), [
    (200, {}, "", None),
    (404, {}, "", "not_found"),
    (410, {}, "", "not_found"),
    (429, {}, "", "blocked"),
    (403, {}, CF_PAGE, "blocked"),
    (403, {"cf-mitigated": "challenge"}, "", "blocked"),
    (503, {}, "<div class='g-recaptcha'></div>", "blocked"),
    (503, {}, "<h1>Down for maintenance</h1>", "error"),
    (403, {}, "<h1>Forbidden</h1>", "error"),
    (500, {}, "", "error"),
    (401, {}, "", "error"),
    (304, {}, "", "error"),
])
def test_http_verdict(status: int, headers: dict[str, str], body: str, expected: str | None) -> None:
    verdict = http_verdict(status, headers, body)
    assert (verdict.status if verdict else None) == expected


def test_challenge_rules_name_what_fired() -> None:
    assert challenge_rule({}, CF_PAGE) == "just_a_moment"
    assert challenge_rule({"X-DataDome": "protected"}, "") == "datadome"
    assert challenge_rule({}, "<h1>Hello</h1>") is None


def test_page_verdicts() -> None:
    live = one("<a href='https://my-site.example/'>x</a>", "my-site.example")
    wrong = one("<a href='https://my-site.example/other'>x</a>", "https://my-site.example/post")
    none = one("<p>nothing</p>", "my-site.example")
    assert page_verdict(live, noindex=None, moved_to=None).status == "live"
    assert page_verdict(live, noindex="meta robots", moved_to=None).status == "noindex"
    assert page_verdict(live, noindex=None, moved_to="https://x.example/").status == "redirected_source"
    assert page_verdict(live, noindex=None, moved_to="https://x.example/").found
    assert page_verdict(wrong, noindex=None, moved_to=None).status == "wrong_target"
    assert page_verdict(none, noindex=None, moved_to=None).status == "missing"
    assert not page_verdict(none, noindex=None, moved_to="https://x.example/").found


def test_retry_after() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Mon, 23 Nov 2026 13:00:00 GMT", now) == 3600
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_backlinks_spider_decodes_like_discovery() -> None:
    """A page whose header says UTF-8 but whose bytes (and meta tag) are windows-1252: the backlinks spider reads
    it with the analysis' decoding rule, so the anchor is "Café", not "Caf\\ufffd" (Scrapy's response.text)."""
    body = ('<html><head><meta charset="windows-1252"></head><body><p>'
            '<a href="https://target.example/">Café crème</a></p></body></html>').encode("cp1252")
    response = HtmlResponse(
        "https://source.example/post/", body=body, headers={"Content-Type": "text/html; charset=utf-8"},
        request=Request("https://source.example/post/", meta={
            "source": "https://source.example/post/",
            "backlinks": [{"id": 1, "source_url": "https://source.example/post/",
                           "target_url": "https://target.example/", "expected_anchor": "Café crème"}]}),
    )
    spider = BacklinksSpider.from_crawler(get_crawler(BacklinksSpider), due=[])
    [item] = list(spider.check(response))
    assert item.anchor == "Café crème" and item.status not in ("error", "blocked")
    assert decode(body, {"content-type": "text/html; charset=utf-8"}) == (
        body.decode("cp1252"), ["charset_mismatch:header:utf-8"])


def test_the_comment_area_is_the_one_analysis_uses() -> None:
    # .post-comments and #commentsHolder are comment areas to analysis (COMMENT_AREA_SELECTOR), not by class token.
    html = """<html><body><article><p>Post</p></article>
      <div class="post-comments"><div class="c"><span class="comment-author"><a href="https://me.example/">Ann</a></span>
        <p>Nice, see <a href="https://me.example/tip/">my tip</a></p></div></div>
      <div id="commentsHolder"><p><a href="https://me.example/x/">x</a></p></div>
      <aside><a href="https://me.example/">Me</a></aside></body></html>"""
    report = scan_page(SRC, html, [parse_target("me.example")]).reports[0]
    where = [(x.url, x.placement, x.commenter) for x in report.links]
    assert sorted(where) == [
        ("https://me.example/", "comments", True), ("https://me.example/", "sidebar", False),
        ("https://me.example/tip/", "comments", False), ("https://me.example/x/", "comments", False),
    ]
