"""walk.walk finds in one walk what two lexbor queries found: the dropped elements (script, style, noscript,
template), and once they are decomposed the elements by tag; same nodes, same order, on generated markup and on
every saved real page. So do the selectors Document serves from that walk ("form textarea")."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.analysis.document import Document
from crawler.analysis.rules import STRUCTURAL
from crawler.analysis.walk import DROPPED, by_tag, by_tag_queried, walk

from .corpus import CHUNKS, saved_chunk, saved_text

PIECES = st.sampled_from([
    "<a href='/a'>a</a>", "<a>no href</a>", "<area href='/m'>", "<h1>h</h1>", "<H2>h2</H2>", "<h3>", "</h3>",
    "<h4>four</h4>", "<meta name=x content=y>", "<title>t</title>", "<link rel=x href=/l>", "<base href=/b/>",
    "<iframe src=/f></iframe>", "<iframe>no src</iframe>", "<script>var a = '<a href=/s>';</script>",
    "<script src=/x.js></script>", "<style>a{}</style>", "<noscript>", "</noscript>", "<template>", "</template>",
    "<noscript><a href=/n>n</a><h2>ns</h2><style>b{}</style></noscript>", "<template><h1>tpl</h1><script>1</script>"
    "</template>", "<div>", "</div>", "<svg><a href=/g><title>svg</title></a><script>2</script><style>c{}</style>"
    "</svg>", "<svg>", "</svg>", "<math><mi>x</mi></math>", "<p>text ", "<select><option>o</select>",
    "<table><tr><td><a href=/t>t</a>", "</table>", "<noscript><noscript><h1>deep</h1></noscript></noscript>",
    "<template><noscript><a href=/tn>tn</a></noscript></template>", "<head>", "<body>", "</body>", "</html>",
    "<frameset><frame src=/fr>", "<textarea><a href=/ta>x</a></textarea>", "<title>two</title>", "<form>", "</form>",
    "<form id=c><textarea name=comment></textarea></form>", "<TEXTAREA>t</TEXTAREA>", "<div><form><p><textarea>",
    "<svg><form><textarea>s</textarea></form></svg>", "<noscript><form><textarea>n</textarea></form></noscript>",
    "<template><form><textarea>t</textarea></form></template>", "<form><form><textarea>nested</textarea>",
])


def _ids(nodes: list[LexborNode]) -> list[int]:
    return [n.mem_id for n in nodes]


def _check(html: str) -> None:
    walked_tree, queried_tree = LexborHTMLParser(html), LexborHTMLParser(html)
    walked = walk(walked_tree)
    # as before: the dropped elements queried, decomposed (children first), then the queries by tag
    invisible = queried_tree.css(DROPPED)
    old_dropped = [(n.tag, n.html) for n in invisible]
    for node in reversed(invisible):
        node.decompose()
    queried = by_tag_queried(queried_tree)
    assert walked is not None
    dropped, groups = walked
    assert [(n.tag, n.html) for n in dropped] == old_dropped
    for node in reversed(dropped):
        node.decompose()
    assert walked_tree.html == queried_tree.html
    assert set(groups) == set(queried)
    for tag, nodes in queried.items():  # two trees: the same elements told by their markup and place
        assert [(n.tag, n.html) for n in groups[tag]] == [(n.tag, n.html) for n in nodes], tag
    # and the same nodes as the walk by tag of the same tree, made after the decomposition
    again = by_tag(walked_tree)
    assert again is not None
    assert {t: _ids(n) for t, n in again.items()} == {t: _ids(n) for t, n in groups.items()}
    # what Document serves from the walk: "form textarea"
    doc = Document("http://127.0.0.1:8081/p/", html, LexborHTMLParser(html), {}, date(2026, 12, 3))
    assert _ids(doc.form_textareas) == _ids(doc.tree.css(STRUCTURAL.pattern))


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_one_walk_finds_what_the_two_queries_found(body: str) -> None:
    _check(f"<html><head><title>t</title></head><body>{body}</body></html>")


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_one_walk_on_fragments(markup: str) -> None:
    _check(markup)


def test_the_generated_markup_reaches_each_branch() -> None:
    """Elements inside a dropped holder are skipped (nested dropped ones listed), and those after it are not."""
    html = ("<body><noscript><a href=/in>in</a><style>x{}</style></noscript><a href=/out>out</a>"
            "<template><h1>t</h1></template><h1>h</h1></body>")
    walked = walk(LexborHTMLParser(html))
    assert walked is not None
    dropped, groups = walked
    assert [n.tag for n in dropped][:2] == ["noscript", "style"]
    assert [n.attributes["href"] for n in groups["anchors"]] == ["/out"]
    assert [n.text() for n in groups["h1"]] == ["h"]
    _check(html)
    forms = "<body><textarea>out</textarea><form><div><textarea>in</textarea></div></form></body>"
    doc = Document("http://127.0.0.1/", forms, LexborHTMLParser(forms), {}, date(2026, 12, 3))
    assert [n.text() for n in doc.tagged("textarea")] == ["out", "in"]
    assert [n.text() for n in doc.form_textareas] == ["in"]
    _check(forms)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_one_walk_on_the_saved_real_pages(chunk: int) -> None:
    for path in saved_chunk(chunk):
        _check(saved_text(path))
