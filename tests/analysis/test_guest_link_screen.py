"""The screen before a page's links are read for a guest-post page: the strings every match needs, in the links."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.analysis import analyse
from crawler.analysis.facts import Link
from crawler.analysis.guestposts import (
    ANCHOR_LITERALS,
    ANY_SLUG,
    GUEST_LINK_ANCHOR,
    SLUG_LITERALS,
    SLUG_RULES,
    _guidelines_link,
    _slug,
    needed_literals,
)
from crawler.analysis.rules import fast_forms

from .corpus import CHUNKS, labels, saved_chunk, saved_text
from .pages import TODAY

SLUG_FORMS = [(rule.name, form) for rule in SLUG_RULES for form in fast_forms(rule.pattern)]


def unscreened(links: tuple[Link, ...], own_url: str) -> str | None:
    """What _guidelines_link answered before the screen: each candidate's anchor, then each one's slug."""
    candidates = [link for link in links if not link.external and link.url != own_url
                  and link.kind not in ("commenter", "blogroll")]
    for link in candidates:
        if GUEST_LINK_ANCHOR.search(link.anchor.lower()) is not None:
            return link.url
    for link in candidates:
        if ANY_SLUG.search(_slug(link.url)) is not None:
            return link.url
    return None


def test_both_screens_are_on() -> None:
    """Every form of the anchor regex and of each slug rule needs a string: none leaves the screen open."""
    assert ANCHOR_LITERALS is not None and "write for " in ANCHOR_LITERALS and "contribute" in ANCHOR_LITERALS
    assert SLUG_LITERALS is not None and {"/guest", "/write-for-", "/submit", "/pitch"} <= set(SLUG_LITERALS.all)
    assert not any(sigma in literal for literal in (*ANCHOR_LITERALS, *SLUG_LITERALS.all) for sigma in "σς")


def test_needed_literals_of_a_plain_character_led_group() -> None:
    assert needed_literals([r"/(pitch|pitch-us)(/|$)"]) == ("/pitch", "/pitch-us")
    assert needed_literals([r"x?(abc|def)"]) is None  # an optional first character leads nothing
    assert needed_literals([r"/(ab|cd)"]) is None  # too short to be worth a look
    assert needed_literals([r"(write|read)s? (more|less)"]) == ("write", "read")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_anchor_the_regex_matches_holds_a_needed_string(data: st.DataObject) -> None:
    assert ANCHOR_LITERALS is not None
    anchor = data.draw(st.from_regex(GUEST_LINK_ANCHOR)).lower()
    if GUEST_LINK_ANCHOR.search(anchor) is None:  # lower-casing can unmake a match ("İ")
        return
    assert any(literal in anchor for literal in ANCHOR_LITERALS), anchor


@pytest.mark.parametrize(("name", "form"), SLUG_FORMS, ids=[f"{n}:{f.pattern[:30]}" for n, f in SLUG_FORMS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_slug_a_rule_matches_holds_a_needed_string(name: str, form: re.Pattern[str],
                                                         data: st.DataObject) -> None:
    assert SLUG_LITERALS is not None
    slug = data.draw(st.from_regex(form, fullmatch=True))
    assert any(literal in slug for literal in SLUG_LITERALS.all), (name, slug)


def _links(*pairs: tuple[str, str]) -> tuple[Link, ...]:
    return tuple(Link(url, anchor) for url, anchor in pairs)


MENU = (("https://blog.example/", "Home"), ("https://blog.example/about/", "About"),
        ("https://blog.example/2024/05/a-post/", "A post on sourdough"))
SCREEN_CASES = [
    _links(*MENU),
    _links(*MENU, ("https://blog.example/page-7/", "WRITE FOR US")),
    _links(*MENU, ("https://blog.example/Guest-Posting-Rules/", "Rules")),
    _links(*MENU, ("https://blog.example/join/", "  Contribute ")),
    _links(*MENU, ("https://blog.example/join/", "Contribute to the fund")),  # "contribute" alone, no anchor match
    _links(*MENU, ("https://blog.example/gastbeiträge/", "Mitmachen")),
    # a URL that is no absolute one: its slug is what urlsplit keeps of its path (tabs and newlines dropped)
    _links(*MENU, ("/gu\test-post/", "Rules")),
    _links(*MENU, ("https://blog.example/write-for-us/", "Write for us"),
           ("https://blog.example/guest-post/", "Guidelines")),
    (Link("https://other.example/write-for-us/", "Write for us", external=True),
     Link("https://blog.example/submit/", "x", kind="commenter"), *_links(*MENU)),
]


@pytest.mark.parametrize("links", SCREEN_CASES)
def test_the_screen_answers_as_each_link_read_alone(links: tuple[Link, ...]) -> None:
    assert _guidelines_link(links, "https://blog.example/2024/05/a-post/") == unscreened(
        links, "https://blog.example/2024/05/a-post/")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_screen_answers_as_each_link_read_alone_on_the_saved_real_pages(chunk: int) -> None:
    """(The pages that name one, by anchor and by slug, are in test_guestposts.GUEST_CASES.)"""
    urls = {label.file: label.url for label in labels()}
    for path in saved_chunk(chunk):
        url = urls.get(path.name, f"https://{path.stem.split('.')[0]}.example/post/")
        links = analyse(url, saved_text(path), today=TODAY).links
        assert _guidelines_link(links, url) == unscreened(links, url), path.name
