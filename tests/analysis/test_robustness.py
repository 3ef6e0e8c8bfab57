"""analyse() never raises: random bytes, mutated pages, huge and deeply nested input, odd charsets."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.analysis import PageFacts, analyse
from crawler.analysis.page import BLOCK_NAMES, BLOCK_OPENS, _depth_cut

from .pages import PAGES, TODAY

SEED_PAGE = (PAGES / "wordpress-open-website-de.html").read_bytes()


def crash_free(result: PageFacts) -> PageFacts:
    """The page's facts, failing if analyse() or one of its analysers caught an exception on the way."""
    assert isinstance(result, PageFacts)
    crashed = [w for w in result.warnings if w.startswith(("analysis_failed", "analyser_failed"))]
    assert crashed == [], crashed
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    crash_free(analyse("https://blog.example/p/", data, today=TODAY))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    crash_free(analyse("https://blog.example/p/", text, today=TODAY))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SEED_PAGE)), st.integers(0, 400), st.binary(max_size=40)),
                min_size=1, max_size=8))
def test_mutated_real_page(edits: list[tuple[int, int, bytes]]) -> None:
    page = bytearray(SEED_PAGE)
    for at, cut, insert in edits:
        page[at:at + cut] = insert
    crash_free(analyse("http://www.seelenradio.de/nummer-zwei-leo/", bytes(page), today=TODAY))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["<a href='", "'>", "</a>", "<div>", "</div>", "<form>", "<textarea>",
                                  "<base href='", "javascript:", "mailto:x@y.z", "#", "[at]", "\x00",
                                  "\ud800", "http://", "é", "<!--", "<script>", "</script>", " "]),
                max_size=300).map("".join))
def test_tag_soup(soup: str) -> None:
    crash_free(analyse("https://blog.example/p/", soup, today=TODAY))


@given(st.text(max_size=200))
@settings(max_examples=40, deadline=None)
def test_odd_urls(url: str) -> None:
    crash_free(analyse(url, SEED_PAGE, today=TODAY))


def test_ten_megabyte_page_returns_with_a_warning() -> None:
    para = "<p>" + "lorem ipsum dolor sit amet " * 40 + '<a href="/x">x</a></p>\n'
    page = ("<html><body><article>" + para * (10_000_000 // len(para) + 1) + "</article></body></html>").encode()
    assert len(page) >= 10_000_000
    result = crash_free(analyse("https://blog.example/big/", page, today=TODAY))
    assert any(w.startswith("html_truncated") for w in result.warnings)
    assert result.comments.state == "none"


def test_ten_thousand_nested_divs() -> None:
    page = "<html><body>" + "<div>" * 10_000 + '<a href="https://deep.example/">deep</a>' + "</div>" * 10_000
    result = crash_free(analyse("https://blog.example/deep/", page, today=TODAY))
    assert result.platform == "unknown"


def test_pathological_nesting_is_cut_with_a_warning() -> None:
    page = "<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>"
    result = analyse("https://blog.example/deeper/", page, today=TODAY)
    assert any(w.startswith("nesting_too_deep") for w in result.warnings)


@pytest.mark.parametrize(("page", "cut"), [
    # many tags, few of them blocks: the count of opened blocks says no cut, without the scan
    ("<p><br>é" * 7000 + "<DiV>" * 3000, None),
    # the count is over MAX_BLOCK_DEPTH, nesting is not: the scan decides
    ("<i>" * 6000 + "<div></div>" * 3001, None),
    # mixed-case names, non-ASCII text between the tags
    ("<br>é" * 6000 + "<SeCtion>ü" * 3001, 6000 * 5 + 3000 * 10),
    # a character that matches an ASCII letter only by case folding (long s): the scan itself reads the page
    ("<b>" * 9000 + "<\u017fection>" * 3001, 9000 * 3 + 3000 * 9),
])
def test_the_nesting_cut_is_where_block_tags_first_nest_too_deep(page: str, cut: int | None) -> None:
    assert _depth_cut(page) == cut
    assert _depth_cut(page, page.encode()) == cut  # the opened blocks counted in the page's UTF-8: the same cut
    assert _depth_cut(page, page.encode(), page.encode().count(b"<")) == cut  # and the "<" counted by the caller
    if cut is not None:
        assert page[cut:].lower().startswith(("<section", "<\u017fection"))


@pytest.mark.parametrize("page", [
    b"<div><dl><dd><dir><dialog><details><del>", b"<<div<ul<ol>" * 5, b"<figure><figcaption><fig><form><footer>",
    b"<table><tablex><t<able><summary><section><sec>", b"<div\xc3\xa9<\xc3\xa9div" + bytes(range(256)),
])
def test_the_block_count_is_what_a_regex_counts(page: bytes) -> None:
    """The Aho-Corasick count of opened blocks is what a findall of the names after "<" counts."""
    names = re.compile(b"<(?:" + "|".join(BLOCK_NAMES).encode() + b")")
    assert len(BLOCK_OPENS.find_matches_as_indexes(page)) == len(names.findall(page))


def test_the_block_names_are_no_prefixes_of_one_another() -> None:
    assert not [(a, b) for a in BLOCK_NAMES for b in BLOCK_NAMES if a != b and b.startswith(a)]


def test_binary_bodies_are_named() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    result = analyse("https://blog.example/image", png, today=TODAY)
    assert result.warnings == ("binary_content:png",)
    assert (result.platform, result.comments.state, result.links) == ("unknown", "none", ())
    assert analyse("https://blog.example/f", b"%PDF-1.7 ...", today=TODAY).warnings == ("binary_content:pdf",)


def test_empty_and_whitespace() -> None:
    assert analyse("https://blog.example/", b"", today=TODAY).warnings == ("empty_document",)
    assert analyse("https://blog.example/", "  \n ", today=TODAY).warnings == ("empty_document",)


def test_charset_from_header_meta_and_detection() -> None:
    text = "<html><head><title>Café crème</title></head><body><h1>Café crème</h1></body></html>"
    latin = text.encode("latin-1")
    assert analyse("https://b.example/", latin, {"Content-Type": "text/html; charset=ISO-8859-1"},
                   today=TODAY).post.title == "Café crème"
    meta = text.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252")
    assert analyse("https://b.example/", meta, today=TODAY).post.title == "Café crème"
    # declared UTF-8, sent Latin-1: detection repairs it and says so
    wrong = analyse("https://b.example/", latin, {"content-type": "text/html; charset=utf-8"}, today=TODAY)
    assert wrong.post.title == "Café crème"
    assert any(w.startswith("charset_mismatch:header") for w in wrong.warnings)
    bom = analyse("https://b.example/", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"), today=TODAY)
    assert bom.post.title == "Café crème"


def test_scrapy_style_headers() -> None:
    headers = {b"Content-Type": [b"text/html; charset=utf-8"], b"X-Pingback": [b"https://b.example/xmlrpc.php"]}
    result = analyse("https://b.example/", b"<html><body><p>Hi</p></body></html>", headers, today=TODAY)  # type: ignore[arg-type]
    assert result.platform == "wordpress"
