"""The health check measures a page's collapsed text without collapsing a long article."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis.document import Document, collapse, within_budget
from crawler.analysis.health import _is_short, analyse_health

TEXT = st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "é", "x"]), max_size=400)


@given(TEXT, st.integers(min_value=0, max_value=100))
def test_is_short_decides_like_collapse(text: str, limit: int) -> None:
    assert _is_short(text, limit) == (len(collapse(text)) <= limit)


@given(TEXT, st.integers(min_value=2, max_value=120))
def test_budget_keeps_short_texts_and_both_ends_of_long_ones(text: str, budget: int) -> None:
    got = within_budget(text, budget)
    if len(text) <= budget:
        assert got == text
    else:
        assert got.startswith(text[: budget // 2]) and got.endswith(text[len(text) - budget // 2 :])
        assert len(got) <= budget + 2


@settings(max_examples=60, deadline=None)
@given(st.integers(4900, 5100), st.sampled_from([" ", "\n   ", "\xa0 "]), st.booleans())
def test_health_reads_the_same_whether_body_text_was_read_first(words: int, gap: str, tail: bool) -> None:
    body = "Buy this domain." + gap + gap.join(["ab"] * (words // 3)) + ("<p>" + "x " * 12000 if tail else "")
    html = f"<html><body><p>{body}</p></body></html>"
    fresh = Document("https://parked.example/", html, LexborHTMLParser(html), {}, date(2026, 12, 1))
    read = Document("https://parked.example/", html, LexborHTMLParser(html), {}, date(2026, 12, 1))
    assert read.body_text  # as the comment rules read it on a page without a comment area
    assert analyse_health(read) == analyse_health(fresh)
