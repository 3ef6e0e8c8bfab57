"""htmldate's two answers (the published date, the modified one) found in one pass (htmldate_dates._find_dates)."""

from __future__ import annotations

from copy import deepcopy

import pytest
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis import analyse, htmldate_dates
from crawler.analysis.document import Document

from .corpus import SAVED_REAL, saved_text
from .pages import TODAY

# A URL as benchmarks/realweb.py serves a saved page at: no date in it, so the page's own markup must tell.
DATELESS_URL = "http://127.0.1.7:8089/2026/post-0042/"


def test_a_date_only_the_patterns_find_is_read_from_one_serialized_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    # the realweb's 82 and 89 KB pages: dated by a timestamp in a script, which htmldate's patterns find in the
    # serialized tree; asked for the modified date, htmldate pruned and serialized the tree again for the same date
    import htmldate.core  # heavy: only this test looks into htmldate's stages

    serialized: list[str] = []
    real = htmldate.core.serialize

    def counting(tree: object) -> str:
        serialized.append(real(tree))
        return serialized[-1]

    monkeypatch.setattr(htmldate.core, "serialize", counting)
    words = " ".join(["soil and compost in the garden"] * 40)
    html = (f'<html lang="en"><head><title>A post</title><meta property="og:type" content="article"></head>'
            f'<body class="single"><article><h1>A post</h1><p>{words}</p>'
            '<script>var page = {"built": "2022-03-02T10:15:00+00:00"};</script></article></body></html>')
    post = analyse(DATELESS_URL, html, today=TODAY).post
    assert (post.published, post.modified, post.rules) == ("2022-03-02", "2022-03-02", ("date:htmldate",))
    assert len(serialized) == 1


# dateutil, under htmldate, warns of a saved page's "GST" it cannot place: the page's text, not the test's concern.
@pytest.mark.filterwarnings("ignore::dateutil.parser.UnknownTimezoneWarning")
def test_the_one_pass_answers_as_find_date_asked_twice_on_every_saved_real_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from htmldate import find_date  # heavy: the answers to match

    real = htmldate_dates._find_dates
    answers: list[tuple[tuple[str | None, str | None], tuple[str | None, str | None]]] = []

    def compared(tree: object, url: str, max_date: str) -> tuple[str | None, str | None]:
        asked = tuple(find_date(deepcopy(tree), url=url, original_date=original, extensive_search=False,
                                outputformat="%Y-%m-%d", max_date=max_date) for original in (True, False))
        answers.append((real(tree, url, max_date), asked))  # type: ignore[arg-type]
        return answers[-1][0]

    monkeypatch.setattr(htmldate_dates, "_find_dates", compared)
    for path in SAVED_REAL:  # each page asked, whatever its own markup says of its dates
        html = saved_text(path)
        htmldate_dates.htmldate_fallback(Document(DATELESS_URL, html, LexborHTMLParser(html), {}, TODAY))
    # 447 pages asked: 358 dated, 35 of them with a modified date other than the published one
    assert len(answers) > 400 and sum(published is not None for (published, _), _ in answers) > 300
    assert sum(published != modified for (published, modified), _ in answers) > 20
    assert [pair for pair in answers if pair[0] != pair[1]] == []
