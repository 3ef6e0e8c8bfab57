"""Comment state, system, website field and captcha over the labelled corpus of real pages."""

from __future__ import annotations

import pytest

from crawler.analysis import CAPTCHAS, COMMENT_STATES, COMMENT_SYSTEMS

from .corpus import CORPUS, Label, labels, verdict

LABELS = labels()
# Pages the analysis still reads wrong, and why (each fails the table test if it starts passing).
KNOWN_MISSES = {
    "htmldate-1641304459.html.gz": "an ASP.NET page-wide form: the comment box shares one <form> with the site "
                                   "search and share boxes, so the form reads as a search form",
    "htmldate-eval-hertha-blog.de.dame.html.gz": "the only closed notice is the post's meta line (span.comments-link "
                                                 "'Kommentare geschlossen'), outside any comment area",
}


def test_corpus_labels_are_complete() -> None:
    assert len(LABELS) == 387
    for label in LABELS:
        assert (CORPUS / label.file).is_file(), label.file
        assert label.state in COMMENT_STATES and label.captcha in CAPTCHAS
        assert (label.system is None) == (label.state == "none"), label.file
        assert label.system is None or label.system in COMMENT_SYSTEMS
        assert (label.website_field is not None) == (label.state == "open"), label.file
        assert label.source.startswith(("adbar/htmldate tests/", "postlight/parser fixtures/")) and label.url.startswith("http")


@pytest.mark.parametrize("label", [
    pytest.param(label, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[label.file]))
    if label.file in KNOWN_MISSES else label for label in LABELS], ids=lambda label: label.file)
def test_corpus_page(label: Label) -> None:
    c = verdict(label)
    got = (c.state, c.system, c.website_field, c.captcha)
    assert got == (label.state, label.system, label.website_field, label.captcha)
    if c.state != "none":
        assert c.evidence and c.evidence[0].rule in c.rules
