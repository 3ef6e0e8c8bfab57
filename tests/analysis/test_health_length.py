"""The health check measures a page's collapsed text without collapsing a long article."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.document import collapse
from crawler.analysis.health import _collapsed_length

TEXT = st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "é", "x"]), max_size=80)


@given(TEXT, st.integers(min_value=0, max_value=100))
def test_collapsed_length_decides_like_collapse(text: str, limit: int) -> None:
    got, want = _collapsed_length(text, limit), len(collapse(text))
    assert (got <= limit) == (want <= limit)
    if want <= limit:
        assert got == want
