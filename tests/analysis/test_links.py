"""Links: resolution, filtering, kinds (commenter, blogroll, nav, content, feed, sitemap)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crawler.analysis import LINK_KINDS, Link, analyse
from crawler.analysis.links import _resolve_with_site, _resolved, _site, directory_of, origin_of, resolve
from crawler.analysis.rules import BINARY_EXTENSIONS
from crawler.urls import site_of

from .pages import TODAY, URLS, facts, wordpress_truth

ALL = sorted(URLS) + sorted(wordpress_truth())


@pytest.mark.parametrize("name", ALL)
def test_link_invariants(name: str) -> None:
    result = facts(name)
    keys = [(link.url, link.kind) for link in result.links]
    assert len(keys) == len(set(keys))  # deduplicated per (url, kind)
    for link in result.links:
        assert link.kind in LINK_KINDS
        assert link.url.startswith(("http://", "https://")) and "#" not in link.url
        assert link.anchor == " ".join(link.anchor.split())
        path = link.url.split("?")[0]
        assert path.rsplit(".", 1)[-1].lower() not in BINARY_EXTENSIONS or "/" in path.rsplit(".", 1)[-1]


# name, kind, url (part) that must be there with that kind, external
KIND_CASES = [
    ("twentytwentyone-open_with_website.html", "commenter", "https://maya-bakes.example/", True),
    ("twentytwentythree-open_with_website.html", "commenter", "https://ryeandshine.example/blog/", True),
    ("wordpress-jetpack-comments.html", "commenter", None, True),
    ("blogger-comment-iframe-with-comments.html", "commenter", "https://www.blogger.com/profile/", True),
    ("wordpress-closed-plugin-de.html", "blogroll", "http://linuxundich.de/", True),  # WordPress Links widget
    ("wordpress-closed-plugin-de.html", "blogroll", "http://www.heiste.de/", True),  # rel="contact" (XFN)
    ("wordpress-com-blogroll-de.html", "blogroll", "http://chakanyuka.de/", True),
    ("wordpress-footer-write-for-us.html", "nav", "https://www.publishedreporter.com/write-for-us/", False),
    ("wordpress-open-website-2.html", "feed", "http://fouryears.eu/feed/", False),
]


@pytest.mark.parametrize(("name", "kind", "url", "external"), KIND_CASES)
def test_link_kinds(name: str, kind: str, url: str | None, external: bool) -> None:
    links = [link for link in facts(name).links if link.kind == kind]
    assert links, f"no {kind} link"
    if url is not None:
        matching = [link for link in links if link.url.startswith(url)]
        assert matching and matching[0].external is external


def test_recent_comments_widget_is_not_commenters() -> None:
    """twentytwentyone's footer widget links OTHER posts' commenters, without rel."""
    links = facts("twentytwentyone-closed_no_comments.html").links
    assert not [link for link in links if link.kind == "commenter"]


@pytest.mark.parametrize(("name", "feeds", "sitemaps"), [
    ("twentytwentyone-open_with_website.html", ["http://127.0.0.1:8090/feed/", "http://127.0.0.1:8090/comments/feed/"], []),
    ("hugo-post.html", None, []),
    ("blogger-comment-iframe.html", ["http://sibenlab.blogspot.com/feeds/posts/default"], []),
])
def test_feeds(name: str, feeds: list[str] | None, sitemaps: list[str]) -> None:
    result = facts(name)
    if feeds is not None:
        assert [f for f in feeds if f in result.feeds] == feeds
    assert list(result.sitemaps) == sitemaps


PAGE = """<html><head><base href="https://blog.example/dir/">
<link rel="alternate" type="application/rss+xml" href="/feed/"><link rel="canonical" href="/dir/post/"></head>
<body><header><nav><a href="/">Home</a><a href="about/">About</a></nav></header>
<main><article><p>Read <a href="other.html#part">this</a>, <a href="https://Other.Example:443/x">that</a>,
<a href="#top">top</a>, <a href="javascript:void(0)">js</a>, <a href="mailto:a@b.example">mail</a>,
<a href="tel:+123">tel</a>, <a href="data:text/html,hi">data</a>, <a href="/file.PDF">pdf</a>,
<a href="/pic.jpg?x=1">jpg</a>, <a href="  https://spaced.example/  ">  spaced
   anchor </a>, <a href="https://img.example/"><img src="i.png" alt="Logo  text"></a>,
<a href="other.html">again</a>, <a href="https://friend.example/" rel="friend met">Friend</a>,
<a href="/sitemap_index.xml">sitemap</a>, <a href="//cdn.example/page">protocol-relative</a></p>
<map><area href="/area-target" alt="Area"></map></article></main>
<aside class="widget"><h2 class="widget-title">Blogs I read</h2><ul><li><a href="https://reads.example/">Reads</a></li></ul></aside>
<footer><a href="/privacy/">Privacy</a></footer></body></html>"""


def _by_url(links: tuple[Link, ...]) -> dict[str, Link]:
    return {link.url: link for link in links}


def test_resolution_filtering_and_kinds() -> None:
    result = analyse("https://blog.example/dir/post/", PAGE, today=TODAY)
    links = _by_url(result.links)
    assert set(links) == {
        "https://blog.example/", "https://blog.example/dir/about/", "https://blog.example/dir/other.html",
        "https://Other.Example:443/x", "https://spaced.example/", "https://img.example/",
        "https://friend.example/", "https://blog.example/sitemap_index.xml", "https://cdn.example/page",
        "https://blog.example/area-target", "https://reads.example/", "https://blog.example/privacy/",
    }
    assert links["https://blog.example/"].kind == "nav"
    assert links["https://blog.example/privacy/"].kind == "nav"
    assert links["https://blog.example/dir/other.html"].anchor == "this"  # first anchor kept
    assert links["https://spaced.example/"].anchor == "spaced anchor"
    assert links["https://img.example/"].anchor == "Logo text"
    assert links["https://friend.example/"].kind == "blogroll"
    assert links["https://friend.example/"].rel == ("friend", "met")
    assert links["https://reads.example/"].kind == "blogroll"  # heading "Blogs I read"
    assert links["https://blog.example/sitemap_index.xml"].kind == "sitemap"
    assert links["https://Other.Example:443/x"].external is True
    assert links["https://blog.example/dir/about/"].external is False
    assert result.feeds == ("https://blog.example/feed/",)
    assert result.sitemaps == ("https://blog.example/sitemap_index.xml",)
    assert result.canonical == "https://blog.example/dir/post/"


def test_site_of_decides_external() -> None:
    page = '<html><body><a href="https://shop.blog.example/">shop</a><a href="https://x.example/">x</a></body></html>'

    def registered_domain(url: str) -> str:
        host = url.split("/")[2]
        return ".".join(host.split(".")[-2:])

    default = _by_url(analyse("https://blog.example/", page, today=TODAY).links)
    custom = _by_url(analyse("https://blog.example/", page, site_of=registered_domain, today=TODAY).links)
    assert default["https://shop.blog.example/"].external is True  # another host
    assert custom["https://shop.blog.example/"].external is False  # same registered domain
    assert custom["https://x.example/"].external is True


def test_www_and_default_ports_are_the_same_site() -> None:
    page = ('<html><body><a href="https://www.blog.example:443/a">a</a>'
            '<a href="http://127.0.0.1:8091/b">b</a></body></html>')
    links = _by_url(analyse("https://blog.example/", page, today=TODAY).links)
    assert links["https://www.blog.example:443/a"].external is False
    local = _by_url(analyse("http://127.0.0.1:8090/", page, today=TODAY).links)
    assert local["http://127.0.0.1:8091/b"].external is True  # another port, another site


HREF_PARTS = st.sampled_from(["http://", "https://", "/", "//", "a", "..", ".", "?q=1", "#top", " ", "\\", "b.pdf",
                              "127.0.0.1:81", "example.org", "mailto:x@y.z", "%20", "é"])
BASES = st.sampled_from(["http://127.0.0.1:81/", "http://127.0.0.1:81/a/b/", "https://example.org/x/y?z=1",
                         "https://blog.example.co.uk/2024/post/", "http://127.0.0.1:82/deep/er/page.html"])


@example([("https://example.org/x/y?z=1", "http:///."), ("http://127.0.0.1:81/", "http:///.")])
@example([("http://127.0.0.1:81/a/b/", "//"), ("http://127.0.0.1:82/deep/er/page.html", "//")])
@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(BASES, st.lists(HREF_PARTS, max_size=6).map("".join)), min_size=1, max_size=30))
def test_remembered_links_resolve_as_if_read_anew(pairs: list[tuple[str, str]]) -> None:
    """What _resolve_with_site remembers from one page's links is right on every other page."""
    for base, href in pairs:
        origin = origin_of(base)
        url = resolve(base, href, origin)
        expected = _resolved(url, site_of)
        assert expected[:2] == ((url, _site(site_of, url)) if url is not None else (None, ""))
        assert _resolve_with_site(base, origin, directory_of(base, origin), href, site_of) == expected


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        if char == "(" and pattern[i - 1:i] != "\\":
            depth += 1
        elif char == ")" and pattern[i - 1:i] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def test_every_blogroll_heading_says_a_gate_word() -> None:
    """links.BLOGROLL_HEADING_WORDS gate the regex on ASCII headings: each of its alternatives (and each word of
    the one-word-heading list) must say one of them, whatever its optional characters."""
    from crawler.analysis.links import BLOGROLL_HEADING_WORDS
    from crawler.analysis.rules import BLOGROLL_HEADING

    alternatives = []
    for alternative in _top_level_alternatives(BLOGROLL_HEADING.pattern):
        if alternative.startswith("^"):  # a heading that is one word of a list: each word
            inner = alternative[alternative.index("(") + 1:alternative.rindex(")")]
            alternatives += _top_level_alternatives(inner)
        else:
            alternatives.append(alternative)
    assert len(alternatives) > 20
    for alternative in alternatives:
        mandatory = re.sub(r"\\[bs]\*?|\(\?:|.\?|[()^$*]", "", alternative).lower()  # optional characters dropped
        assert any(word in mandatory for word in BLOGROLL_HEADING_WORDS), alternative


@pytest.mark.parametrize("heading", ["Blogroll", "LINKS:", "Blogs I read", "Friends", "Lieblingsblogs", "Recent posts",
                                     "Lin\u212as", "Other blogs", "Categories", "Blog list", "amigos"])
def test_the_blogroll_heading_gate_answers_as_the_regex(heading: str) -> None:
    from crawler.analysis.links import _names_blogroll
    from crawler.analysis.rules import BLOGROLL_HEADING

    assert _names_blogroll(heading) == (BLOGROLL_HEADING.search(heading) is not None)


@pytest.mark.parametrize("heading", [
    "<h2>Blogroll</h2>", "<h3>Blogs I read</h3>", "<h4>Links</h4>", '<div class="widget-title">My favourite blogs</div>',
    '<p class="widgettitle">Other blogs</p>', '<span class="sidebar-title">Blogroll</span>',
    '<h3 class="widget-title">Blogroll</h3>', '<div class="Widget-Title">Blogroll</div>'])
def test_links_after_a_blogroll_heading_of_any_kind_are_a_blogroll(heading: str) -> None:
    # quirks mode (no doctype): a class matches in any case
    html = (f"<html><body><main><p>{'Text. ' * 40}<a href='https://content.example/'>c</a></p></main>"
            f"<div>{heading}<ul><li><a href='https://friend.example/'>Friend</a></li></ul><h2>Next</h2>"
            "<a href='https://after.example/'>after</a></div></body></html>")
    links = _by_url(analyse("https://blog.example/p/", html, today=TODAY).links)
    assert links["https://friend.example/"].kind == "blogroll"
    assert links["https://after.example/"].kind == "content"
    assert links["https://content.example/"].kind == "content"


def test_a_heading_that_names_no_blogroll_makes_none() -> None:
    html = ("<html><body><h3 class='widget-title'>Recent posts</h3><ul><li><a href='https://x.example/'>x</a>"
            "</li></ul></body></html>")
    assert _by_url(analyse("https://blog.example/p/", html, today=TODAY).links)["https://x.example/"].kind == "content"


# Every character but ASCII and the surrogates, in one string: what a regex matches in it, found in one scan.
OTHER_CHARACTERS = "".join(map(chr, [*range(0x80, 0xD800), *range(0xE000, 0x110000)]))


def test_no_whitespace_but_the_space_is_printable() -> None:
    """links._needs_join leaves hrefs that are printable and hold no space to no regex: what the regex's \\s
    matches must then be the space or unprintable."""
    from crawler.analysis.links import _NEEDS_JOIN

    spaces = set(re.findall(r"\s", "".join(map(chr, range(0x80))) + OTHER_CHARACTERS))
    assert spaces - {" "} and all(not char.isprintable() for char in spaces - {" "})
    assert _NEEDS_JOIN.search("a\u3000b") and not "a\u3000b".isprintable()


@example("http://x/\u00adb")
@example("/a/.well-known/x")
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["http://", "/", ".", "..", "a", "?", " ", "\t", "\\", "\u00a0", "\u200b", "\u3000",
                                 "\u00ad", "\x1c", "é", "#"]), max_size=8).map("".join))
def test_needs_join_is_the_regex(href: str) -> None:
    from crawler.analysis.links import _NEEDS_JOIN, _needs_join

    assert _needs_join(href) is (_NEEDS_JOIN.search(href) is not None)


def test_the_letters_the_heading_gate_lowers_for_itself_are_all_there_are() -> None:
    """Ignoring case, BLOGROLL_HEADING matches a few characters besides ASCII as ASCII letters; those that
    str.lower() does not lower to that letter are links.CASE_FOLDED_TO_ASCII, which the gate leaves to the regex."""
    from crawler.analysis.links import CASE_FOLDED_TO_ASCII

    folded = {char for letter in "abcdefghijklmnopqrstuvwxyz"
              for char in re.findall(letter, OTHER_CHARACTERS, re.IGNORECASE) if char.lower() != letter}
    assert folded == set(CASE_FOLDED_TO_ASCII)


@pytest.mark.parametrize("heading", ["L\u0130NKS", "L\u0131nks", "Blogro\u017f", "bl\u0131ogs", "\u00bfAmigos?",
                                     "Enlaces \u2014 amigos", "Freunde\u00a0", "Lin\u212as", "B\u0131ogroll",
                                     "Blogs que sigo \u2764", "Liens amis \u00e0 lire"])
def test_the_gate_answers_as_the_regex_on_headings_in_other_characters(heading: str) -> None:
    from crawler.analysis.links import _names_blogroll
    from crawler.analysis.rules import BLOGROLL_HEADING

    assert _names_blogroll(heading) == (BLOGROLL_HEADING.search(heading) is not None)


def test_a_link_without_text_is_named_by_its_image_or_title() -> None:
    html = ("<html><body><a href='/a'><span><img src='x.png'><img alt=' Nested  alt '></span></a>"
            "<a href='/b' title='The title'></a><a href='/c' aria-label='Label'> </a>"
            "<a href='/d' title='Title'><img alt=''></a><a href='/e'><img src='y.png'></a></body></html>")
    links = _by_url(analyse("https://blog.example/", html, today=TODAY).links)
    assert [links[f"https://blog.example/{k}"].anchor for k in "abcde"] == ["Nested alt", "The title", "Label",
                                                                             "Title", ""]


def test_links_are_made_with_their_fields_in_order() -> None:
    """links._link makes a Link by position."""
    from dataclasses import fields

    assert [f.name for f in fields(Link)] == ["url", "anchor", "rel", "kind", "external"]


def test_remembered_hrefs_are_not_walked_by_the_garbage_collector() -> None:
    """The tables of remembered hrefs hold strings only: after one collection the collector tracks none of
    their entries (a key that held site_of stayed tracked, and every full collection walked all of them)."""
    import gc

    from crawler.analysis.links import _remembered

    analyse("https://blog.example/p/", PAGE, site_of=site_of, today=TODAY)
    table = _remembered(site_of)
    assert table
    gc.collect()
    assert not any(gc.is_tracked(key) or gc.is_tracked(value) for key, value in table.items())


def test_a_new_way_of_naming_sites_each_call_does_not_pile_up_tables() -> None:
    from crawler.analysis.links import _KNOWN, MAX_SITE_OFS

    for i in range(3 * MAX_SITE_OFS):
        analyse("https://blog.example/p/", PAGE, site_of=lambda url, i=i: f"{i}:{url.split('/')[2]}", today=TODAY)
    assert 0 < len(_KNOWN) <= MAX_SITE_OFS


@pytest.mark.parametrize("area", ["", '<map name=m><area href="/area-target" alt=x></map>'])
def test_the_anchors_attributes_read_once_serve_the_href_text_and_the_links(area: str) -> None:
    """Document.anchor_attributes (a[href] and area[href], page order) feed the links; href_text holds the <a>s'
    hrefs only, the page with an <area> (in a <map>: a nav container) or not."""
    from datetime import date

    from selectolax.lexbor import LexborHTMLParser

    from crawler.analysis.document import Document
    from crawler.analysis.links import extract_links

    html = f'<p><a href="/one" rel="Nofollow">1</a>{area}<a href="/two" type="application/rss+xml">2</a></p>'
    doc = Document("https://blog.example/p/", html, LexborHTMLParser(html), {}, date(2026, 12, 1))
    assert [a["href"] for a in doc.anchor_attributes] == ["/one"] + ["/area-target"] * bool(area) + ["/two"]
    assert "/one\n/two" in doc.href_text and "/area-target" not in doc.href_text
    links, feeds, _ = extract_links(doc)
    assert [(link.url, link.kind) for link in links] == [("https://blog.example/one", "content")] + [
        ("https://blog.example/area-target", "nav")] * bool(area) + [("https://blog.example/two", "feed")]
    assert feeds == ("https://blog.example/two",)
