"""subtree.selected_in_order: a query's nodes in css()'s order, found as they are read."""

from __future__ import annotations

import gzip
from itertools import islice

import pytest
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis.rules import BYLINE_SELECTOR, PUBLISHED_TIME
from crawler.analysis.subtree import selected_in_order

from .corpus import SAVED_REAL

PAGE = (
    '<html><body><div class="meta-wrap"><p class="date-header"><span class="posted">x</span></p>'
    '<ul>' + "".join(f'<li><span class="{"time" if i % 7 == 0 else "n"}">{i}</span></li>' for i in range(100))
    + '</ul></div><article><time datetime="2024-03-05" class="published date">5</time>'
    '<div class="date-header"><div class="date-header"><span>y</span></div></div></article>'
    '<nav id="metadata" class="datemeta"><span class="byline">z</span></nav>'
    '<section class="post-date meta"><p><b class="time">t</b><i>u</i></p><p class="Datum">v</p></section></body></html>'
)


def _ids(nodes: object) -> list[int]:
    return [node.mem_id for node in nodes]  # type: ignore[attr-defined]


@pytest.mark.parametrize("selector", [BYLINE_SELECTOR, PUBLISHED_TIME, "span, [class*=date]", "li span", "nope"])
@pytest.mark.parametrize("queries", [0, 1, 3, 48, 10_000])
def test_the_nodes_of_css_in_its_order_repeats_and_combinators_across_subtrees_included(selector: str,
                                                                                        queries: int) -> None:
    tree = LexborHTMLParser(PAGE)
    assert _ids(selected_in_order(tree, selector, queries)) == _ids(tree.css(selector))
    body = tree.body
    assert body is not None
    assert _ids(selected_in_order(body, selector, queries)) == _ids(body.css(selector))


def test_a_node_matching_two_parts_is_listed_twice_as_css_lists_it() -> None:
    tree = LexborHTMLParser('<p><span class="date meta">a</span><span class="date">b</span></p>')
    found = _ids(selected_in_order(tree, "[class*=date], [class*=meta]"))
    assert found == _ids(tree.css("[class*=date], [class*=meta]")) and len(found) == 3


def test_a_wrapper_matching_two_parts_is_listed_twice_before_its_subtree() -> None:
    tree = LexborHTMLParser('<article class="post-date status-publish"><div><p class="byline">a</p></div></article>')
    found = list(selected_in_order(tree, BYLINE_SELECTOR))
    assert _ids(found) == _ids(tree.css(BYLINE_SELECTOR)) and [node.tag for node in found] == ["article", "article", "p"]


def test_the_nodes_after_the_first_are_found_when_read() -> None:
    # read lazily: a match added at the end of the page after the first node was read is found (a list made at once
    # would not hold it)
    tree = LexborHTMLParser('<div><span class="date">a</span></div><p>b</p>')
    found = selected_in_order(tree, "[class*=date]")
    assert next(found).text() == "a"
    paragraph = tree.css_first("p")
    assert paragraph is not None
    paragraph.insert_child(LexborHTMLParser('<i class="date">c</i>').css_first("i"))
    assert [node.text() for node in found] == ["c"]


def test_past_the_budget_the_rest_of_the_whole_query() -> None:
    tree = LexborHTMLParser(PAGE)
    head = list(islice(selected_in_order(tree, "li span", 2), 3))
    assert _ids(head) == _ids(tree.css("li span")[:3])


def test_the_same_nodes_on_every_saved_real_page() -> None:
    for path in SAVED_REAL:
        data = path.read_bytes()
        tree = LexborHTMLParser(gzip.decompress(data) if path.suffix == ".gz" else data)
        for selector in (BYLINE_SELECTOR, PUBLISHED_TIME):
            assert _ids(selected_in_order(tree, selector)) == _ids(tree.css(selector)), path.name
