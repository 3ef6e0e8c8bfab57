"""Backlink verdicts at their edges, word for word: status codes, challenge pages, the links found."""

from __future__ import annotations

import pytest

from crawler.linkcheck.scan import FoundLink, LinkReport
from crawler.linkcheck.targets import Target
from crawler.linkcheck.verdicts import Observation, challenge_rule, http_verdict, page_verdict
from pipelines.backlinks import LinkState, next_state

PLAIN = "<html><head><title>Hello</title></head><body>A page</body></html>"


@pytest.mark.parametrize(("status", "headers", "body", "want"), [
    (199, {}, PLAIN, Observation("error", "HTTP 199")),
    (200, {}, PLAIN, None),
    (299, {}, PLAIN, None),
    (300, {}, PLAIN, Observation("error", "HTTP 300 redirect without a usable Location")),
    (399, {}, PLAIN, Observation("error", "HTTP 399 redirect without a usable Location")),
    (400, {}, PLAIN, Observation("error", "HTTP 400")),
    (404, {}, PLAIN, Observation("not_found", "HTTP 404")),
    (410, {}, PLAIN, Observation("not_found", "HTTP 410")),
    (429, {}, PLAIN, Observation("blocked", "HTTP 429 too many requests")),
    (403, {}, PLAIN, Observation("error", "HTTP 403 forbidden")),
    (503, {}, PLAIN, Observation("error", "HTTP 503 unavailable")),
    (500, {}, PLAIN, Observation("error", "HTTP 500")),
    (403, {"CF-Mitigated": "challenge"}, PLAIN, Observation("blocked", "HTTP 403 challenge page (cloudflare_mitigated)")),
    (503, {"Server": ["nginx", "x"], "X-DataDome": ["protected"]}, PLAIN,
     Observation("blocked", "HTTP 503 challenge page (datadome)")),
    (503, {}, "<title> just a MOMENT...</title>", Observation("blocked", "HTTP 503 challenge page (just_a_moment)")),
    # a challenge marker on a 404 or a 500 is not looked for: those say what they say
    (404, {"cf-mitigated": "challenge"}, PLAIN, Observation("not_found", "HTTP 404")),
    (500, {}, "<div class='g-recaptcha'></div>", Observation("error", "HTTP 500")),
])
def test_http_verdict_word_for_word(status: int, headers: dict[str, object], body: str, want: Observation | None) -> None:
    assert http_verdict(status, headers, body) == want  # type: ignore[arg-type]


@pytest.mark.parametrize(("headers", "body", "rule"), [
    ({}, PLAIN, None),
    ({"cf-mitigated": "challenge"}, PLAIN, "cloudflare_mitigated"),
    ({"x-dd-b": "1"}, PLAIN, "datadome"),
    ({"Cf-Mitigated": ["none", "challenge"]}, PLAIN, "cloudflare_mitigated"),  # a header sent twice: each value read
    # header rules read headers only, page rules the page only
    ({}, "<pre>cf-mitigated: challenge\nx-datadome: 1</pre>", None),
    ({"x-note": "Sucuri WebSite Firewall"}, PLAIN, None),
    # a header line starts with its name: a value mentioning it is no match
    ({"x-note": "x-datadome: 1"}, PLAIN, None),
    # the first rule in the table wins
    ({}, "<title>Just a moment</title><div class='g-recaptcha'></div>", "just_a_moment"),
    ({}, "<p>Please verify you are a human</p>", "human_check"),
    ({}, "<p>Request unsuccessful. Incapsula incident ID: 1</p>", "incapsula"),
    # a marker past the first 32,000 characters is not read; one ending at the limit is
    ({}, " " * 32_000 + "Sucuri WebSite Firewall", None),
    ({}, " " * (32_000 - len("Sucuri WebSite Firewall")) + "Sucuri WebSite Firewall", "sucuri"),
])
def test_challenge_rules(headers: dict[str, object], body: str, rule: str | None) -> None:
    assert challenge_rule(headers, body) == rule  # type: ignore[arg-type]


TARGET = Target("https://me.example/post/", "me.example", None, "/post/", "me.example")
EXACT = FoundLink("https://me.example/post/", "my post", ("ugc",), "comment", False, True)
OTHER = FoundLink("https://me.example/other/", "other", (), "content", False, False)
SECOND = FoundLink("https://me.example/third/", "third", (), "content", False, False)


@pytest.mark.parametrize(("links", "site_links", "noindex", "moved_to", "want"), [
    ((EXACT,), (), None, None, Observation("live", "", True)),
    ((EXACT,), (OTHER,), "meta robots", "https://src.example/new/",
     Observation("noindex", "link present but the page says noindex (meta robots)", True)),
    ((EXACT,), (), None, "https://src.example/new/", Observation("redirected_source", "link present on "
                                                                 "https://src.example/new/", True)),
    ((), (OTHER,), None, "https://src.example/new/",
     Observation("redirected_source", "source moved to https://src.example/new/; no link there")),
    ((), (OTHER, SECOND), "x-robots-tag", None, Observation("wrong_target", "links to https://me.example/other/ instead")),
    ((), (), "meta robots", None, Observation("missing", "no link to the target")),
])
def test_page_verdict_word_for_word(
    links: tuple[FoundLink, ...], site_links: tuple[FoundLink, ...], noindex: str | None, moved_to: str | None,
    want: Observation,
) -> None:
    assert page_verdict(LinkReport(TARGET, links, site_links), noindex=noindex, moved_to=moved_to) == want


def test_an_observation_finds_nothing_unless_told() -> None:
    assert Observation("missing") == Observation("missing", "", False)


def test_the_lost_rule_step_by_step() -> None:
    live = LinkState("live", 0, "2026-11-01T00:00:00+00:00")
    # a check that says nothing about the link keeps the count and the last time it was seen
    blocked = next_state(LinkState("missing", 1, "2026-11-01T00:00:00+00:00"), "blocked", False, "T2")
    assert blocked == LinkState("blocked", 1, "2026-11-01T00:00:00+00:00")
    # two misses in a row by default, the second makes it lost; lost stays lost until found
    once = next_state(live, "missing", False, "T1")
    assert once == LinkState("missing", 1, "2026-11-01T00:00:00+00:00")
    twice = next_state(once, "wrong_target", False, "T2")
    assert twice == LinkState("lost", 2, "2026-11-01T00:00:00+00:00")
    assert next_state(twice, "not_found", False, "T3", misses_to_lost=9) == LinkState("lost", 3, "2026-11-01T00:00:00+00:00")
    assert next_state(twice, "noindex", True, "T4") == LinkState("noindex", 0, "T4")
    # at least one miss, whatever the setting says
    assert next_state(live, "missing", False, "T1", misses_to_lost=0).status == "lost"
    # a link never seen live is never lost, only missing
    never = LinkState("unchecked")
    for at in ("T1", "T2", "T3"):
        never = next_state(never, "missing", False, at)
    assert never == LinkState("missing", 3, None)
