"""The nav containers as links.py finds them select what lexbor's own walk of the tree does (the same elements, in the
same order), and the links it takes for inside them are those with one of them for an ancestor (or that are one): on
generated markup and on every saved real page."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.analysis import analyse
from crawler.analysis.document import Document
from crawler.analysis.links import ANCHORS, _in_containers, grouped
from crawler.analysis.rules import BLOGROLL_CONTAINERS, NAV_CONTAINERS, SCREEN
from crawler.analysis.subtree import unique
from crawler.analysis.walk import ancestors

from .corpus import CHUNKS, saved_chunk, saved_text
from .pages import TODAY

PIECES = st.sampled_from([
    "<nav>", "</nav>", "<header>", "</header>", "<footer>", "</footer>", "<aside>", "</aside>", "<div>", "</div>",
    "<div class=menu>", "<div class='x Menu'>", "<div id=nav>", "<div id=NAV class=y>", "<div role=navigation>",
    "<div role=Banner>", "<div class='widget widget_links'>", "<span class='site-header nav'>", "</span>",
    "<div class=blogroll id=sidebar>", "<ul>", "</ul>", "<li>", "</li>", "<p>", "text ", "<a href=/a>a</a>",
    "<a>no href</a>", "<a class=menu href=/m>m</a>", "<a role=navigation href=/r>r</a>", "<area href=/ar>",
    "<map><area href=/s></map>", "<noscript><div class=menu><a href=/n>n</a></div></noscript>",
    "<template><nav><a href=/t>t</a></nav></template>", "<script>'<nav><a href=/x>x</a>'</script>", "&#32;",
])


def _ids(nodes: list[LexborNode]) -> list[int]:
    return [n.mem_id for n in nodes]


def _check(html: str) -> None:
    doc = Document("http://127.0.0.1:8081/p/", html, LexborHTMLParser(html), {}, date(2026, 12, 4))
    tree = doc.tree
    for selector in (NAV_CONTAINERS, BLOGROLL_CONTAINERS, SCREEN.live(NAV_CONTAINERS, doc.screened())):
        if selector:
            assert _ids(unique(tree.css(grouped(selector)))) == _ids(unique(tree.css(selector)))
    containers = unique(tree.css(NAV_CONTAINERS))
    ids = set(_ids(containers))
    anchors = doc.tagged("anchors")
    held = [any(n.mem_id in ids for n in (a, *ancestors(a))) for a in anchors]
    outermost = [c for c in containers if not any(n.mem_id in ids for n in ancestors(c))]
    for cut in {len(anchors), len(anchors) // 2}:  # all of them, or those MAX_LINKS keeps
        inside, holders = _in_containers(anchors[:cut], containers)
        assert inside == held[:cut]
        assert set(_ids(holders)) <= set(_ids(outermost))
        kept = set(_ids(anchors[:cut]))
        assert _ids(holders) == [c.mem_id for c in outermost if any(a.mem_id in kept for a in c.css(ANCHORS))]


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.booleans())
def test_the_nav_containers_are_what_lexbor_selects(body: str, quirks: bool) -> None:
    _check(f"{'' if quirks else '<!DOCTYPE html>'}<html><head><title>t</title></head><body>{body}</body></html>")


def test_parts_that_test_one_attribute_are_tried_behind_it() -> None:
    """The rewrite happens (the cases above are not vacuous), and leaves other parts as they were."""
    assert grouped(".menu, #nav, nav, .nav, [role=banner], a.x, [role='navigation' i], #menu") == (
        "nav, a.x, [class]:is(.menu, .nav), [id]:is(#nav, #menu), [role]:is([role=banner], [role='navigation' i])")
    assert grouped("nav, .menu, [role=banner]") == "nav, .menu, [role=banner]"
    assert "[class]:is(" in grouped(NAV_CONTAINERS) and "[id]:is(" in grouped(NAV_CONTAINERS)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_nav_containers_on_the_saved_real_pages(chunk: int) -> None:
    for path in saved_chunk(chunk):
        _check(saved_text(path))


def test_a_long_run_of_nav_links_ends_where_its_container_does() -> None:
    """Nested containers, one that is a link, and runs of every length: each link's kind as its ancestors say."""
    archive = "".join(f"<li><a href='/m{i}'>m{i}</a></li>" for i in range(300))
    html = (f"<html><body><a href='/c0'>c</a><div class=widget><ul>{archive}</ul><nav><a href='/n'>n</a></nav></div>"
            "<p><a href='/c1'>c</a></p><a class=menu href='/self'>s</a><a href='/c2'>c</a><footer><a href='/f'>f</a>"
            "</footer></body></html>")
    kinds = {link.url.rsplit("/", 1)[1]: link.kind for link in analyse("https://blog.example/", html, today=TODAY).links}
    assert {k for k, kind in kinds.items() if kind == "content"} == {"c0", "c1", "c2"}
    assert len([k for k, kind in kinds.items() if kind == "nav"]) == 300 + 3
