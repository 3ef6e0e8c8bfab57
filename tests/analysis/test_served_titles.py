"""Work served without a walk of lexbor's: the post title's "article h1" and "main h1" from the walk by tag, and a
text rule's evidence read by the forms whose literals the text holds; each as the walk or every form would answer."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis.comments import CLOSED_TEXT_RULES, LOGIN_TEXT_RULES, _evidence
from crawler.analysis.document import Document
from crawler.analysis.htmldate_dates import HTMLDATE_BUDGET, before_comments, htmldate_fallback
from crawler.analysis.post import H1_INSIDE, _first_h1_inside, post_title
from crawler.analysis.rules import TITLE_SELECTORS, Rule, fast_forms

from .corpus import CHUNKS, SAVED_REAL, saved_chunk, saved_text
from .test_tag_walks import PIECES

TODAY = date(2026, 12, 3)


def _doc(html: str) -> Document:
    return Document("http://127.0.0.1:8081/p/", html, LexborHTMLParser(html), {}, TODAY)


def _check(html: str) -> None:
    doc = _doc(html)
    for selector, tag in H1_INSIDE.items():
        found, walked = _first_h1_inside(doc, tag), doc.tree.css_first(selector)
        assert (found.mem_id if found is not None else None) == (walked.mem_id if walked is not None else None)


def test_the_served_selectors_are_title_selectors() -> None:
    assert set(H1_INSIDE) <= set(TITLE_SELECTORS)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES | st.sampled_from(["<main><h1>m</h1>", "<article><h1>a</h1></article>", "<svg><h1>s</h1>"]),
                max_size=30).map("".join))
def test_the_first_h1_inside_is_lexbors(body: str) -> None:
    _check(f"<html><head><title>t</title></head><body>{body}</body></html>")


def test_a_title_in_the_article_and_one_in_main() -> None:
    html = ("<html><body><h1>Site</h1><main><div><h1></h1></div><article><header><h1>The post</h1></header></article>"
            "</main></body></html>")
    assert post_title(_doc(html)) == "The post"
    # "article h1" first: an empty one goes on to "main h1", whose first is the same empty heading, then the rest
    html = "<html><body><main><h1>Main's</h1><article><h1> </h1></article></main></body></html>"
    assert post_title(_doc(html)) == "Main's"
    _check(html)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_first_h1_inside_on_the_saved_real_pages(chunk: int) -> None:
    for path in saved_chunk(chunk):
        _check(saved_text(path))


TEXT_RULES = [(rule, form) for rule in (*LOGIN_TEXT_RULES, *CLOSED_TEXT_RULES) for form in fast_forms(rule.pattern)]


@pytest.mark.parametrize(("rule", "form"), TEXT_RULES, ids=[f"{r.name}:{f.pattern[:30]}" for r, f in TEXT_RULES])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_text_evidence_is_the_first_forms_match(rule: Rule, form: re.Pattern[str], data: st.DataObject) -> None:
    said = data.draw(st.from_regex(form, fullmatch=True))
    text = data.draw(st.sampled_from(["", "Leave a reply. ", "Comments are closed. You must be logged in. "])) + said
    low = text.lower()
    first = next((m for f in fast_forms(rule.pattern) if (m := f.search(low))), None)
    assert _evidence(_doc("<p>x</p>"), rule, text=text).matched == (first[0] if first else "")[:200]


def _two_parses(html: str, url: str) -> tuple[str | None, str | None]:
    """htmldate_fallback's questions as it asked them before: each on the text, parsed again."""
    from htmldate import find_date

    published = find_date(html, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d",
                          max_date=TODAY.isoformat())
    if published is None:
        return None, None
    return published, find_date(html, url=url, original_date=False, extensive_search=False,
                                outputformat="%Y-%m-%d", max_date=TODAY.isoformat())


def test_htmldate_leaves_the_tree_it_is_given_as_it_was() -> None:
    """What lets htmldate_fallback parse once: find_date prunes a copy of a tree it is given."""
    from htmldate import find_date
    from htmldate.utils import load_html
    from lxml.html import tostring

    html = saved_text(next(p for p in SAVED_REAL if p.name == "wordpress-login-required-de.html"))[:HTMLDATE_BUDGET]
    tree = load_html(html)
    before = tostring(tree)
    # no date in its metadata (test_post): the question goes on to the pruning of the tree and its text
    assert find_date(tree, original_date=True, extensive_search=False, max_date=TODAY.isoformat()) is not None
    assert tostring(tree) == before


# Pages where what the fallback drops before htmldate reads the tree changes its answer, on purpose: news.az's
# lists of other articles named "nav" (htmldate_dates.MENU_WORDS) gave the page's text 2020-12-08, a listed
# article's date; the page's own is 2020-10-13 (tests/fixtures/corpus/dates.tsv).
DROPPED_ON_PURPOSE = {"htmldate-1791336003.html.gz": ("2020-10-13", "2020-10-13")}


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_htmldate_parsed_once_answers_as_parsed_twice(chunk: int) -> None:
    dated = 0
    for path in SAVED_REAL[chunk::8]:
        html = saved_text(path)
        doc = Document("https://example.org/p/", html, LexborHTMLParser(html), {}, TODAY)
        found = htmldate_fallback(doc)
        if not html.startswith("http"):
            expected = DROPPED_ON_PURPOSE.get(path.name) or _two_parses(before_comments(doc, html[:HTMLDATE_BUDGET]),
                                                                        doc.url)
            assert found == expected, path.name
        dated += found[1] is not None
    assert dated > 10
