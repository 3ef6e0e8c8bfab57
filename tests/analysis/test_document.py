"""Document's one-pass look-ups of <meta> and <link> elements answer as the CSS selectors would."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis.dates import MODIFIED_META, PUBLISHED_META
from crawler.analysis.document import _OTHER_SPACES, ASCII_SPACES, LONG_TEXT, Document, collapse

HEAD = """<html><head>
<meta name="Generator" content="WordPress 6.4">
<meta property="OG:TITLE" content="shouting">
<meta property="og:title" content="First title">
<meta property="og:title" content="Second title">
<meta http-equiv="Content-Language" content="de-DE, en">
<meta name="DC.date.issued" content="2024-03-05">
<meta itemprop="dateModified" content="2024-04-01">
<meta name="date">
<link rel="Canonical" href="/canonical/">
<link rel="canonical alternate" href="/not-exactly-canonical/">
<link rel="stylesheet alternate" type="text/css" href="/alt.css">
<link rel="ALTERNATE" type="application/rss+xml" href="/feed/">
<link rel="sitemap" href="/sitemap.xml">
<link rel="sitemap">
</head><body><p>text</p></body></html>"""

SELECTORS = (
    *PUBLISHED_META, *MODIFIED_META,
    'meta[property="og:title"]', 'meta[property="og:site_name"]', 'meta[name="generator" i]',
    'meta[name="generator"]', 'meta[http-equiv="content-language" i]',
)  # (lexbor compares http-equiv in any case, as HTML says; Document.meta wants the " i" written)


def document(html: str) -> tuple[Document, LexborHTMLParser]:
    oracle = LexborHTMLParser(html)
    return Document("http://127.0.0.1:8081/post/", html, LexborHTMLParser(html), {}, date(2026, 11, 23)), oracle


@pytest.mark.parametrize("selector", SELECTORS)
def test_meta_finds_what_the_selector_finds(selector: str) -> None:
    doc, oracle = document(HEAD)
    node = oracle.css_first(selector)
    assert doc.meta(selector) == (node.attributes if node is not None else None)
    assert doc.meta_content(selector) == ((node.attributes.get("content") or "") if node is not None else "")


def test_meta_reads_the_first_in_page_order_and_the_generators() -> None:
    doc, _ = document(HEAD)
    assert doc.meta_content('meta[property="og:title"]') == "First title"
    assert doc.generators == ("wordpress 6.4",)


def test_meta_refuses_selectors_it_cannot_answer() -> None:
    doc, _ = document(HEAD)
    with pytest.raises(ValueError, match="simple meta selector"):
        doc.meta("meta[property^=og]")


@pytest.mark.parametrize(("rel", "token", "selector"), [
    ("canonical", False, "link[rel=canonical i][href]"),
    ("alternate", True, "link[rel~=alternate i][href]"),
    ("sitemap", False, "link[rel=sitemap i][href]"),
])
def test_link_hrefs_find_what_the_selector_finds(rel: str, token: bool, selector: str) -> None:
    doc, oracle = document(HEAD)
    assert [href for href, _ in doc.link_hrefs(rel, token=token)] == [
        n.attributes.get("href") for n in oracle.css(selector)
    ]


def test_collapse_knows_every_whitespace_character_str_split_knows() -> None:
    every = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(ASCII_SPACES) | set(_OTHER_SPACES) == every


PIECES = st.sampled_from(["a", "é", " ", "  ", "\t", "\n", "\r\n", "\xa0", "\u2003", "\x1f", "\x85", "\u3000",
                          "word", "x"])


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """A random head and tail around a random run repeated past LONG_TEXT (drawing 500-2,000 pieces one by
    one took a minute for 400 examples; a repeated run reaches the long path as surely, with long whitespace
    runs as often as not)."""
    head, unit, tail = (draw(st.lists(PIECES, min_size=n, max_size=60).map("".join)) for n in (0, 1, 0))
    return head + unit * (-(-LONG_TEXT // len(unit)) + draw(st.integers(0, 3))) + tail


@settings(max_examples=400, deadline=None)
@given(long_texts())
def test_collapse_of_a_long_text_is_split_and_join(text: str) -> None:
    """The in-place collapse of long texts gives exactly what " ".join(text.split()) gives."""
    assert len(text) >= LONG_TEXT
    assert collapse(text) == " ".join(text.split())


# The article's text without navigation, asides and comments: read with the junk unlinked and put back, not from a
# clone with the junk decomposed; the same text, and the tree as it was.
MAIN_PIECES = st.sampled_from([
    "word ", " ", "\n", "<p>para</p>", "<nav>menu</nav>", "<aside class=widget>side<nav>in</nav>text</aside>",
    "<div class='sidebar widget'>", "</div>", "<form><input></form>", "<footer>foot</footer>", "<svg>s</svg>",
    "<span>x</span>", "<div id=comments><div class=comment-list>c</div></div>", "<b>bold</b>", "<iframe></iframe>",
])


def _cloned_text(node: object, selector: str) -> str:
    clone = node.clone()  # type: ignore[attr-defined]
    for junk in reversed(clone.css(selector)):
        junk.decompose()
    return clone.text(deep=True, separator=" ")


@settings(max_examples=300, deadline=None)
@given(st.lists(MAIN_PIECES, max_size=40).map("".join), st.sampled_from(["entry-content", "entry-content widget"]))
def test_main_text_without_junk_is_the_clones_and_leaves_the_tree(inner: str, classes: str) -> None:
    from crawler.analysis.document import NOT_MAIN
    from crawler.analysis.subtree import text_without

    html = f"<body><header>top</header><div class='{classes}'>{inner}</div><p>after</p></body>"
    tree = LexborHTMLParser(html)
    node = tree.css_first(".entry-content")
    before, ids = tree.html, [n.mem_id for n in tree.css("*")]
    junk = node.css(NOT_MAIN)
    expected = _cloned_text(node, NOT_MAIN)
    assert text_without(node, junk) == expected
    assert tree.html == before
    assert [n.mem_id for n in tree.css("*")] == ids  # the same elements, in the same places
