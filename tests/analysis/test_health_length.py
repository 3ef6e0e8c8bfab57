"""The health check measures a page's collapsed text without collapsing a long article."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.document import collapse, within_budget
from crawler.analysis.health import _is_short

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
