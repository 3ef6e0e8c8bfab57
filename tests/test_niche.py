"""The niche profile: relevance in [0, 1] with reasons, and link scores for the frontier."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.analysis.document import MAIN_TEXT_CAP
from crawler.niche import MAX_TERM_CHARS, MAX_TERMS, WORD, NicheProfile, TermsMemo, fold, page_terms

PROFILE = NicheProfile.from_keywords(
    ["sourdough:2", "starter", "levain", "bulk fermentation", "crumb"], ["casino", "loans"]
)


def test_on_niche_text_scores_high_with_reasons() -> None:
    score, reasons = PROFILE.score(
        "Feeding a rye sourdough starter",
        "My starter doubles in six hours. The levain goes in at 20%, then bulk fermentation "
        "runs four hours and the crumb comes out open. " * 3,
    )
    assert score > 0.8
    assert any("sourdough" in r for r in reasons) and any("bulk fermentation" in r for r in reasons)


def test_off_niche_text_scores_zero() -> None:
    score, reasons = PROFILE.score("Spring warblers", "The warblers came back to the reed beds this week.")
    assert score == 0.0 and reasons == ["no niche terms found"]


def test_negative_words_pull_down() -> None:
    plain, _ = PROFILE.score("Sourdough", "sourdough starter bread")
    spam, reasons = PROFILE.score("Sourdough casino", "sourdough starter casino loans")
    assert spam < plain / 2
    assert "negative word 'casino'" in reasons


def test_empty_profile_counts_everything() -> None:
    score, reasons = NicheProfile().score("anything", "at all")
    assert score == 1.0 and "no niche configured" in reasons[0]


def test_link_score_reads_anchor_url_and_host() -> None:
    assert PROFILE.link_score("My rye starter", "http://x.example/") > 0
    assert PROFILE.link_score("Home", "http://x.example/rye-sourdough-starter/") > 0
    assert PROFILE.link_score("Crumb Club", "http://sourdoughclub.example/") > 0
    assert PROFILE.link_score("Home", "http://birds.example/") == 0
    assert PROFILE.link_score("sourdough casino", "http://x.example/") == 0


def test_fold() -> None:
    assert fold("Starters") == fold("starter") == "starter"
    # Issue 16: one stemmer for keywords and page words; plurals meet their singular.
    assert fold("vegetables") == fold("Vegetable")
    assert fold("beds") == fold("bed") == "bed" and fold("pets") == fold("pet") == "pet"
    assert fold("baking") == fold("bake")
    assert fold("breads") == fold("bread") == "bread"
    assert fold("was") == "was"


def test_relevance_reads_as_much_text_as_analysis_keeps() -> None:
    # Less would score stored text the crawl never read; more would read past what is stored.
    assert MAX_TERM_CHARS == MAIN_TEXT_CAP


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab É-'_1 \t\n.,x\u00a0\u2003ß"), max_size=MAX_TERM_CHARS + 200))
def test_page_terms_are_the_words_of_the_text_read_token_by_token(text: str) -> None:
    """page_terms reads whitespace-separated tokens through a cache; it must find what one regex
    over the text (cut at MAX_TERM_CHARS, first MAX_TERMS words) finds."""
    expected = tuple(map(fold, WORD.findall(text, 0, MAX_TERM_CHARS)[:MAX_TERMS]))
    page_terms.cache_clear()
    assert page_terms(text) == expected


def test_page_terms_stop_at_max_terms_and_max_chars() -> None:
    many = "crumb " * MAX_TERM_CHARS
    assert len(page_terms(many)) == MAX_TERMS
    cut = "x" * (MAX_TERM_CHARS - 3) + " sourdough"  # the cut falls inside the last word
    assert page_terms(cut) == ("x" * (MAX_TERM_CHARS - 3), "so")


def test_page_terms_read_on_when_tokens_hold_no_word_or_several() -> None:
    # 300 tokens without a word, then tokens of two words each: the first round of tokens gives
    # too few words, the next gives more than are wanted; the result is still the first words.
    text = "12 " * 300 + "crumb,levain " * 700
    expected = tuple(map(fold, WORD.findall(text, 0, MAX_TERM_CHARS)[:MAX_TERMS]))
    page_terms.cache_clear()
    assert page_terms(text) == expected
    assert len(expected) == MAX_TERMS


def test_terms_memo_gives_back_the_kept_terms_once_and_only_for_the_same_text() -> None:
    memo = TermsMemo(2)
    memo.keep("http://a.example/", "Sourdough starters rise")
    memo.keep("http://b.example/", "Levain and crumb")
    memo.keep("http://c.example/", "not kept: two pages kept already")
    assert list(memo.kept) == ["http://a.example/", "http://b.example/"]
    kept = memo.kept["http://a.example/"][2]
    assert memo.take("http://a.example/", "Sourdough starters rise") is kept == ("sourdough", "starter", "rise")
    assert "http://a.example/" not in memo.kept  # given up when taken
    # another text for a kept URL (the page changed between the passes) is tokenized again
    assert memo.take("http://b.example/", "Levain and crust") == ("levain", "and", "crust")
    assert memo.take("http://c.example/", "Hydration") == ("hydrat",) and not memo.kept


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="sourdough levain crumb bulk fermentation casino starter tea.,'\n-", max_size=300),
       st.text(alphabet="crumb starter levain x ", max_size=40))
def test_scoring_given_the_page_terms_is_scoring_the_text(text: str, title: str) -> None:
    learned = PROFILE.with_learned({"levain": 1.0, "tea": 0.5, "crumb": 0.3}, 20.0)
    for profile in (PROFILE, learned, NicheProfile().with_learned({"tea": 1.0})):
        assert profile.score_hits(title, text, body=page_terms(text)) == profile.score_hits(title, text)


def test_terms_memo_takes_back_a_childs_share_up_to_its_limit() -> None:
    memo = TermsMemo(2)
    memo.keep("http://a.example/", "Sourdough")
    memo.keep("http://b.example/", "Levain")
    child = {"http://a.example/": memo.kept["http://a.example/"], "http://c.example/": (4, hash("Rye."), ("rye",))}
    memo.update(child)  # a child took a from its copy (it is still here) and kept c too: no room for c
    assert list(memo.kept) == ["http://b.example/", "http://a.example/"]
    memo.take("http://b.example/", "Levain")
    memo.update(child)
    assert memo.take("http://c.example/", "Rye.") == ("rye",) and set(memo.kept) == {"http://a.example/"}
