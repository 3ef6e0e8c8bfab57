"""The tree is parsed from the page's bytes when they are its text's very UTF-8: the same facts as from the text."""

from __future__ import annotations

import gzip
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis import analyse
from crawler.analysis.document import Document
from crawler.analysis.encoding import UTF8_CHUNK, decode_source, is_utf8
from crawler.analysis.page import _blank, _parse, _prepare
from crawler.analysis.rules import PLATFORM_RULES

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


# Characters around the edges of what str.strip strips and what bytes.strip does (\x1c-\x1f, \x85, no-break spaces).
SPACY = st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2000\u3000x<é\U0001f609"), max_size=8)


@given(SPACY)
def test_a_page_is_blank_in_its_bytes_as_in_its_text(text: str) -> None:
    """analyse tells an empty page from the bytes of a text it has not decoded: as ``not text.strip()`` does."""
    assert _blank(text) == _blank(text.encode()) == (not text.strip())


@pytest.mark.parametrize("data", [
    b"plain ascii", "é€😉".encode() * 20_000, b"x" * (UTF8_CHUNK - 1) + "é".encode(),
    b"x" * (UTF8_CHUNK - 2) + "😉".encode() * 3, b"x" * UTF8_CHUNK + b"\xc3", b"\xff" + b"x" * UTF8_CHUNK,
    "é".encode() * UTF8_CHUNK + b"\xed\xa0\x80", b"x" * (3 * UTF8_CHUNK) + b"\xe2\x82",
])
def test_the_utf8_check_is_the_decoders(data: bytes) -> None:
    """Checked a chunk at a time, characters across chunks' ends and errors at either end: as decode() says."""
    try:
        data.decode()
        strict = True
    except UnicodeDecodeError:
        strict = False
    assert is_utf8(data) == strict


@pytest.mark.parametrize(("data", "headers"), [
    ("café".encode(), {}), (b"caf\xe9", {}), ("café".encode(), {"content-type": "text/html; charset=latin-1"}),
    (b"caf\xe9", {"content-type": "text/html; charset=utf-8"}), (b'<meta charset="utf-8">caf\xe9', {}),
    ("\ufeffcafé".encode(), {}), (b"<p>x</p>", {"content-type": "text/html; charset=nonesuch"}),
])
def test_decoding_lazily_is_decoding_less_the_text_of_strict_utf8(data: bytes, headers: dict[str, str]) -> None:
    text, warnings, strict = decode_source(data, headers)
    lazy, lazy_warnings, lazy_strict = decode_source(data, headers, lazily=True)
    assert (lazy_warnings, lazy_strict) == (warnings, strict)
    assert lazy == (None if strict else text)


def test_a_page_of_strict_utf8_is_decoded_only_when_its_text_is_read() -> None:
    """A long page with one emoji (a text of four bytes a character) is parsed and screened from its bytes; its text,
    and the head htmldate reads, are what decoding gives."""
    body = ("<html><body><p>caf\u00e9 \U0001f609</p>" + "<p>x</p>" * 2_000 + "y" * 100_000 + "</body></html>").encode()
    text, source = _prepare(body, {}, [])
    assert text is None and source is body
    doc = Document("https://blog.example/", None, _parse(body), {}, TODAY, None, body)
    assert not doc.fired(tuple(r for r in PLATFORM_RULES if r.where == "html"))  # their leads: not in the bytes
    for chars in (0, 10, 16, 17, 18, 65_536, len(body)):
        assert doc.html_head(chars) == body.decode()[:chars]
    assert "html" not in doc.__dict__  # neither the rules on the raw page nor the heads decoded the whole
    assert doc.html == body.decode()
