"""contacts.mailto_hrefs answers from Document.href_text when an analyser has read it: the same hrefs, in the same
order, as lexbor's ``a[href^="mailto:" i]`` and as the walk of every anchor, on generated markup and saved real pages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis.contacts import mailto_hrefs
from crawler.analysis.document import Document

from .corpus import CHUNKS, saved_chunk, saved_text

PIECES = st.sampled_from([
    "<a href='mailto:a@example.com'>m</a>", "<a href='MAILTO:b@example.com'>M</a>", "<a href='MaIlTo:c@x.org'>c</a>",
    "<a href=' mailto:c@x.org'>s</a>", "<a href='mailt&#111;:d@x.org'>ref</a>", "<a href='mailto&colon;r@x.org'>r</a>",
    "<a href='ma\u0130lto:e@x.org'>dot</a>", "<a href='\u212aailto:k@x.org'>kelvin</a>", "<a href=mailto>short</a>",
    "<a href='mailto:'>empty</a>", "<a>no href</a>", "<a href>bare</a>", "<area href='mailto:f@x.org'>",
    "<svg><a href='mailto:g@x.org'/></svg>", "<a href='/page'>page</a>", "<a href='x\nmailto:n@x.org'>nl</a>",
    "<noscript><a href='mailto:h@x.org'>n</a></noscript>", "<template><a href='mailto:t@x.org'>t</a></template>",
    "<a href='/mailto:'>path</a>", "<iframe src='mailto:i@x.org'></iframe>", "text ", "<div>", "</div>",
])


def _doc(html: str) -> Document:
    return Document("http://127.0.0.1:8081/p/", html, LexborHTMLParser(html), {}, date(2026, 12, 3))


def _check(html: str) -> None:
    walked = mailto_hrefs(_doc(html))  # href_text not read: every anchor walked
    doc = _doc(html)
    assert doc.href_text is not None  # read, as the comment rules read it
    served = mailto_hrefs(doc)
    assert served == walked == [n.attributes.get("href") for n in doc.tree.css('a[href^="mailto:" i]')]


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_mailto_hrefs_from_href_text_are_the_walks(body: str) -> None:
    _check(f"<html><head><title>t</title></head><body>{body}</body></html>")


def test_the_screen_skips_only_pages_without_mailto_hrefs() -> None:
    plain = "<body><a href='/a'>a</a><a href='mailto:x@y.org?subject=Hi'>m</a></body>"
    doc = _doc(plain)
    assert "mailto:" in doc.href_text and mailto_hrefs(doc) == ["mailto:x@y.org?subject=Hi"]
    none = "<body><a href='/a'>a</a><iframe src='https://v.example/'></iframe><p>mailto: x@y.org</p></body>"
    doc = _doc(none)
    assert "mailto:" not in doc.href_text and mailto_hrefs(doc) == []
    for html in (plain, none):
        _check(html)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_mailto_hrefs_on_the_saved_real_pages(chunk: int) -> None:
    for path in saved_chunk(chunk):
        _check(saved_text(path))
