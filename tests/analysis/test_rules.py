"""The rule tables are data: named, unique, well-formed, and searched the fast ways (forms, leads in one pass) correctly."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis import rules
from crawler.analysis.comments import CLOSED_TEXT_RULES, LOGIN_TEXT_RULES
from crawler.analysis.document import Document
from crawler.analysis.rules import WHERE, Rule, fast_forms, matches, regex
from crawler.analysis.rules.base import LONG_TEXT, Leads, guarded_forms, led_forms, needed, table_leads

TABLES = {name: value for name, value in vars(rules).items()
          if isinstance(value, tuple) and value and all(isinstance(r, Rule) for r in value)}
PHRASE_TABLES = {name: value for name, value in vars(rules).items()
                 if name.endswith("_PHRASES") and isinstance(value, dict)}
ALL_RULES = [r for table in TABLES.values() for r in table] + [
    Rule(name, "", "text", pattern) for table in PHRASE_TABLES.values() for name, pattern in table.items()
]


def test_rule_names_are_unique_per_table() -> None:
    for name, table in TABLES.items():
        names = [r.name for r in table]
        assert len(names) == len(set(names)), name


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_rule_is_well_formed(rule: Rule) -> None:
    assert rule.where in WHERE
    assert re.fullmatch(r"[a-z0-9]+:[a-z0-9_.-]+", rule.name)
    if rule.where not in ("css", "html", "script"):
        regex(rule.pattern)  # compiles
        # matched against lower-cased text: an upper-case letter could never match
        assert rule.pattern == rule.pattern.lower() or "\\" in rule.pattern
        assert not rule.pattern.startswith("\\b"), "a leading \\b defeats the fast literal scan"


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.where in ("text", "html")], ids=lambda r: r.name)
def test_fast_forms_start_with_a_literal(rule: Rule) -> None:
    for form in fast_forms(rule.pattern):
        assert form.pattern[:1] not in ("(", "[", "\\") or form.pattern.startswith(("^", "\\s")), form.pattern


WORDS = ["comments", "are", "closed", "log", "in", "sign", "to", "post", "a", "comment", "guest", "posts",
         "we", "accept", "no", "longer", "accepting", "write", "for", "us", "kommentare", "sind", "geschlossen",
         "page", "not", "found", "domain", "may", "be", "sale", "é", "\n", ".", ","]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from([r for r in ALL_RULES if r.where == "text"]))
def test_fast_forms_match_like_the_whole_pattern(words: list[str], rule: Rule) -> None:
    text = " ".join(words)
    assert matches(rule.pattern, text) == (regex(rule.pattern).search(text) is not None)


def test_a_forms_lead_is_the_literal_every_match_starts_with() -> None:
    assert [lead for lead, _ in led_forms("log ?in to (comment|reply)|must be (logged|signed) in|ab+c|kommentare? zu")] \
        == ["log", "must be ", "", "kommentar"]
    assert led_forms("m(u|ü)ss") == ((("", regex("m(u|ü)ss"))),)
    # the look first leaves the verdict as the regex alone gives it, found or not
    assert matches("log ?in to (comment|reply)", "please login to reply") is True
    assert matches("log ?in to (comment|reply)", "please sign in to reply") is False


LONG_WORDS = [*WORDS, "must", "be", "logged", "vous", "devez", "être", "connecté", "pour", "commenter", "войдите",
              "чтобы", "оставить", "комментарий", "登录", "后", "评论", "\ud800", "ﬁ", "İ"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LONG_WORDS), min_size=1, max_size=40), st.integers(0, 3))
def test_a_tables_leads_found_in_one_pass_decide_like_a_look_per_lead(words: list[str], pad: int) -> None:
    text = (" ".join(words) + " " + "x" * LONG_TEXT * pad).lower()
    for table in (LOGIN_TEXT_RULES, CLOSED_TEXT_RULES, rules.PARKED_RULES):
        found = Leads(tuple(r.pattern for r in table if r.where == "text")).present(text)
        assert found == {lead for r in table if r.where == "text" for lead, _ in led_forms(r.pattern)
                         if lead and lead in text}
        leads = table_leads(table, text)
        assert (leads is None) == (len(text) < LONG_TEXT)
        for rule in table:
            if rule.where == "text":
                assert matches(rule.pattern, text, leads) == matches(rule.pattern, text), rule.name


def test_a_long_text_fires_the_same_rules_through_the_leads() -> None:
    doc = Document("https://blog.example/p/", "<p>x</p>", LexborHTMLParser("<p>x</p>"), {}, date(2026, 12, 1))
    text = "Filler. " * 400 + "You must be logged in to post a comment. Comments are closed. " + "Tail. " * 400
    assert [r.name for r in doc.fired(LOGIN_TEXT_RULES, text=text)] == ["login:en_must_be_logged_in"]
    assert [r.name for r in doc.fired(CLOSED_TEXT_RULES, text=text)] == ["closed:en_comments_are_closed"]


@pytest.mark.parametrize(("pattern", "need"), [
    (r"^\s*comments? closed\.?\s*$", "comment"), (r"(js\.)?hcaptcha\.com/1/api\.js", "hcaptcha.com/1/api.js"),
    ("um (einen |ein )?kommentare? zu (hinterlassen|schreiben)", "kommentar"), ("ab+cdef", "cdef"),
    ("a(b|c)de", ""), ("(?i)closed", ""), ("(?=abc)x", ""), ("[ab]cd|xyz", ""), (r"\bclosed\b", "closed"),
    ("log(?:in)? now", " now"), ("a{3}bcd", "bcd"), ("ab?c", ""),
])
def test_a_forms_needed_literal_is_its_longest_run_of_plain_characters(pattern: str, need: str) -> None:
    assert needed(regex(pattern)) == need


def test_a_needed_literal_inside_the_lead_is_not_looked_for_twice() -> None:
    assert [(lead, need) for lead, need, _ in guarded_forms("comments closed|(js\\.)?hcaptcha")] == [
        ("comments closed", ""), ("", "hcaptcha")]


def _corpus_texts() -> list[str]:
    """The texts rules read on saved real pages: visible text, asset and link targets, lower-cased."""
    import gzip
    from pathlib import Path

    from crawler.analysis.encoding import decode_source

    texts = []
    for path in sorted((Path(__file__).resolve().parents[1] / "fixtures" / "corpus").glob("*.html.gz"))[::4]:
        html = decode_source(gzip.decompress(path.read_bytes()), {})[0]
        doc = Document("https://blog.example/p/", html, LexborHTMLParser(html), {}, date(2026, 12, 1))
        texts += [doc.body_text.lower(), doc.asset_text, doc.href_text]
    return texts


def test_the_needed_literals_leave_every_rules_verdict_on_saved_pages_as_the_regex_gives_it() -> None:
    """Each match holds its form's needed literal; each rule matches a page's text iff its regex does."""
    texts = _corpus_texts() + [
        "comments closed", "\n  comment closed \n", "js.hcaptcha.com/1/api.js", "um einen kommentar zu schreiben"]
    regex_rules = [r for r in ALL_RULES if r.where in ("text", "asset", "href", "url", "header", "generator")]
    fired = 0
    for rule in regex_rules:
        for text in texts:
            for _, need, form in guarded_forms(rule.pattern):
                found = form.search(text)
                assert found is None or need in found.group(0), (rule.name, form.pattern)
            verdict = regex(rule.pattern).search(text) is not None
            assert matches(rule.pattern, text) == verdict, rule.name
            fired += verdict
    assert fired > 50
