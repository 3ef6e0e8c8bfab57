"""Selectors served from Document's walk by tag (or screened away) select what lexbor's own walk of the tree does:
the same elements, in the same order, on generated markup and on every saved real page."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis.contacts import mailto_hrefs
from crawler.analysis.document import Document
from crawler.analysis.guestposts import _heading_texts
from crawler.analysis.health import _headings
from crawler.analysis.rules import CF_EMAIL_SELECTOR, HEADING_TEXT_SELECTOR, MODIFIED_TIME, PUBLISHED_TIME, SCREEN

from .corpus import CHUNKS, saved_chunk, saved_text

PIECES = st.sampled_from([
    "<h1>one</h1>", "<h2>two</h2>", "<H3>three</H3>", "<h4>four</h4>", "<h5>five</h5>", "<h1 class=entry-title>t</h1>",
    "<h2 class='page-title entry-title'>pt</h2>", "<div class=page-title>p</div>", "<p class=Entry-Title>e</p>",
    "<div>", "</div>", "<section><h2>", "</h2></section>", "<h1><h2>nested</h2></h1>",
    "<a href='mailto:a@example.com'>m</a>", "<a href='MAILTO:b@example.com'>M</a>", "<a href=' mailto:c@x.org'>s</a>",
    "<a href='mailt&#111;:d@x.org'>ref</a>", "<a href='maİlto:e@x.org'>dot</a>", "<a href=mailto>short</a>",
    "<a href='mailto:'>empty</a>", "<a>no href</a>", "<area href='mailto:f@x.org'>", "<svg><a href='mailto:g@x.org'/></svg>",
    "<a href='/page'>page</a>", "<span data-cfemail='0d6c4d'>[email]</span>", "<span data-CFEMAIL=1>x</span>",
    "<noscript><a href='mailto:h@x.org'>n</a><h2>ns</h2></noscript>", "<template><h1>tpl</h1></template>",
    "<script>'<h2>no</h2>'</script>", "text ", "&amp;", "&#45;", "<article>", "</article>", "<main>", "</main>",
    "<time datetime=2024-01-02>d</time>", "<time class=Published datetime=2024-01-03>p</time>", "<abbr class=published "
    "title=2024-01-04>a</abbr>", "<span itemprop=datePublished datetime=x>i</span>", "<h2 class=date-header><span>s",
    "</span></h2>", "<time class=updated datetime=2024-02-01>u</time>", "<div class=post-meta><time pubdate>t</time>",
])


def _ids(nodes: list) -> list[int]:
    return [n.mem_id for n in nodes]


def _check(html: str) -> None:
    doc = Document("http://127.0.0.1:8081/p/", html, LexborHTMLParser(html), {}, date(2026, 12, 3))
    tree = doc.tree  # the walks as they were: lexbor's, on the same tree (scripts and styles dropped)
    assert _ids(_headings(doc)) == _ids(tree.css(HEADING_TEXT_SELECTOR))
    assert _ids([h for h in doc.tagged("headings") if h.tag in ("h2", "h3")]) == _ids(tree.css("h2, h3"))
    assert _heading_texts(doc, ("h2", "h3"), 5) == "\n".join(" ".join(n.text().split()) for n in tree.css("h2, h3")[:5])
    assert mailto_hrefs(doc) == [n.attributes.get("href") for n in tree.css('a[href^="mailto:" i]')]
    for selector in (CF_EMAIL_SELECTOR, PUBLISHED_TIME, MODIFIED_TIME):  # screened
        assert _ids(SCREEN.selected(tree, selector, doc.screened())) == _ids(tree.css(selector))


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_served_walks_select_what_lexbor_selects(body: str) -> None:
    _check(f"<html><head><title>t</title></head><body>{body}</body></html>")


def test_the_generated_markup_reaches_each_branch() -> None:
    """The cases above are not vacuous: each way through the served walks happens."""
    plain = "<body><h2>a</h2><h1>b</h1><a href='MAILTO:x@y.org'>m</a><h3>c</h3></body>"
    doc = Document("http://127.0.0.1/", plain, LexborHTMLParser(plain), {}, date(2026, 12, 3))
    assert [n.tag for n in _headings(doc)] == ["h2", "h1"] and mailto_hrefs(doc) == ["MAILTO:x@y.org"]
    assert SCREEN.live(HEADING_TEXT_SELECTOR, doc.screened()) == "h1, h2"  # served from the headings
    assert [SCREEN.live(s, doc.screened()) for s in (CF_EMAIL_SELECTOR, PUBLISHED_TIME, MODIFIED_TIME)] == ["", "", ""]
    themed = plain.replace("<h1>", "<h1 class=entry-title>")
    doc = Document("http://127.0.0.1/", themed, LexborHTMLParser(themed), {}, date(2026, 12, 3))
    assert SCREEN.live(HEADING_TEXT_SELECTOR, doc.screened()) != "h1, h2"  # walked
    assert [n.tag for n in _headings(doc)] == ["h2", "h1", "h1"]  # lexbor lists h1.entry-title once per part
    _check(plain)
    _check(themed)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_served_walks_on_the_saved_real_pages(chunk: int) -> None:
    for path in saved_chunk(chunk):
        _check(saved_text(path))
