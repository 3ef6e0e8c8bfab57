"""The one cleaning rule for page-derived text (crawler/text.py), at the edges of each character range."""

from __future__ import annotations

import pytest

from crawler.text import clean, escape_controls


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\u202a", "\u202e", "\u2066",
                                  "\u2069"])
def test_controls_and_bidi_overrides_become_one_space(char: str) -> None:
    assert clean(f"a{char}b") == "a b"
    assert clean(f"a{char}{char} {char}b") == "a b"


@pytest.mark.parametrize("char", ["!", "~", "\xa1", "é", "\u2027", "\u2030", "\u2065", "\u206a", "\u200b"])
def test_characters_just_outside_the_ranges_stay(char: str) -> None:
    assert clean(f"a{char}b") == f"a{char}b"


def test_clean_of_nothing_and_of_non_text() -> None:
    assert clean(None) == ""
    assert clean(0) == "0"
    assert clean("") == ""
    assert clean("  a \n b  ") == "a b"


@pytest.mark.parametrize(("raw", "escaped"), [
    ("\x7f", "\\u007f"), ("\x80", "\\u0080"), ("\x9f", "\\u009f"), ("\u202a", "\\u202a"), ("\u202e", "\\u202e"),
    ("\u2066", "\\u2066"), ("\u2069", "\\u2069"),
])
def test_escape_controls_writes_the_raw_ones_as_u_escapes(raw: str, escaped: str) -> None:
    assert escape_controls(f'{{"t": "a{raw}b{raw}"}}') == f'{{"t": "a{escaped}b{escaped}"}}'


@pytest.mark.parametrize("kept", ["~", "\xa0", "é", "\u2029", "\u202f", "\u2065", "\u206a", "\\u001b"])
def test_escape_controls_leaves_the_rest(kept: str) -> None:
    assert escape_controls(f'{{"t": "{kept}"}}') == f'{{"t": "{kept}"}}'
