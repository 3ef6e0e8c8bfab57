"""The tree is parsed from the page's bytes when they are its text's very UTF-8: the same facts as from the text."""

from __future__ import annotations

import gzip
from dataclasses import replace

import pytest

from crawler.analysis import analyse
from crawler.analysis.encoding import decode_source

from .corpus import CORPUS, labels
from .pages import TODAY


def _strict_pages() -> list[tuple[str, bytes, str]]:
    """(url, bytes, text) of the corpus pages most full of non-ASCII characters whose bytes are strict UTF-8."""
    pages = []
    for label in labels():
        body = gzip.decompress((CORPUS / label.file).read_bytes())
        text, _notes, strict = decode_source(body, {})
        if strict and len(body) > len(text):
            pages.append((len(body) - len(text), label.url, body, text))
    pages.sort(reverse=True)
    return [(url, body, text) for _extra, url, body, text in pages[:40]]


STRICT = _strict_pages()


def test_the_corpus_has_such_pages() -> None:
    assert len(STRICT) == 40


@pytest.mark.parametrize(("url", "body", "text"), STRICT, ids=[p[0] for p in STRICT])
def test_facts_from_bytes_are_those_from_the_text(url: str, body: bytes, text: str) -> None:
    from_bytes = analyse(url, body, today=TODAY)
    # the decoding's notes (a declared charset the bytes contradict) are the only difference there may be
    assert replace(from_bytes, warnings=()) == replace(analyse(url, text, today=TODAY), warnings=())
