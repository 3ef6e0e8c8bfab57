"""Guest-post pages: footprints, tiers, refusals, how to submit."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.analysis import analyse
from crawler.analysis.guestposts import NEGATIVE_GATE, NEGATIVE_RULES, TEXT_GATE, TEXT_RULES
from crawler.analysis.rules import Rule, fast_forms

from .pages import TODAY, facts

# name, is_page, confidence, accepts, submit_email, submit_form, guidelines_url, a rule that fired
GUEST_CASES = [
    ("twentytwentyone-write_for_us.html", True, "high", True, "editor@crumbandcrust.example", False,
     "http://127.0.0.1:8090/write-for-us/", "slug:write_for_us"),
    ("twentytwentythree-write_for_us.html", True, "high", True, "editor@crumbandcrust.example", False,
     "http://127.0.0.1:8089/write-for-us/", "title:write_for_us"),
    ("guest-post-guidelines-obfuscated-email.html", True, "high", True, "submissions@crumbandcrust.example",
     False, "http://127.0.0.1:8090/guest-post-guidelines/", "text:we_accept"),
    ("contribute-google-form.html", True, "high", True, None, True,
     "http://127.0.0.1:8090/become-a-contributor/", "form:service_link"),
    ("gastbeitrag-de.html", True, "high", True, "redaktion@crumbandcrust.example", False,
     "http://127.0.0.1:8090/gastbeitraege/", "text:de_gastbeitrag"),
    ("write-for-us-no-longer-accepting.html", True, "high", False, "editor@crumbandcrust.example", False,
     "http://127.0.0.1:8090/write-for-us/", "negative:no_longer"),
    ("advertise-sponsored-only.html", False, "none", False, None, False, None, "negative:sponsored_only"),
    # a news article whose footer links "Write for Us": not a guest-post page, but it names one
    ("wordpress-footer-write-for-us.html", False, "none", None, None, False,
     "https://www.publishedreporter.com/write-for-us/", "link:guest_post_page"),
    # Real third-party guest-post pages (tests/fixtures/pages/README.md), read by hand in the raw HTML:
    # a Hugo site's "Write For Us" (pitch to contribute@, drafts to editors@; "We do not accept commercial
    # messages as articles" is no refusal of guest posts), only a search form.
    ("hugo-write-for-us-powershellmagazine.html", True, "high", True, "contribute@powershellmagazine.com", False,
     "https://powershellmagazine.com/write-for-us/", "title:write_for_us"),
    # a news site's "Write for WyoFile" (title names the site, not "us": slug and "send us a pitch" only);
    # its one form besides search is a newsletter sign-up (an e-mail field): no submission form
    ("wordpress-write-for-us-wyofile.html", True, "medium", True, "editor@wyofile.com", False,
     "https://wyofile.com/write-for-us/", "text:send_pitch"),
    # "Please send them to infopythonguru@gmail.com": a person's address, the only one on the page
    ("write-for-us-thepythonguru.html", True, "high", True, "infopythonguru@gmail.com", False,
     "https://thepythonguru.com/write-for-us/", "slug:write_for_us"),
    # an Austrian (German) article whose sidebar widget "Gastartikel verfassen" and menu link /gastartikel/:
    # not a guest-post page (one weak subheading), but it names one
    ("wordpress-gastartikel-link-at.html", False, "low", None, None, False,
     "https://www.unsere-zeitung.at/gastartikel/", "link:guest_post_page"),
    ("twentytwentyone-open_with_website.html", False, "none", None, None, False, None, None),
    ("wordpress-open-website-de.html", False, "none", None, None, False, None, None),
    ("drupal-comment-form.html", False, "none", None, None, False, None, None),
    ("medium-post.html", False, "none", None, None, False, None, None),
    ("feedback-form-not-comments.html", False, "none", None, None, False, None, None),
]


@pytest.mark.parametrize(
    ("name", "is_page", "confidence", "accepts", "email", "form", "guidelines", "rule"), GUEST_CASES
)
def test_guest_posts(name: str, is_page: bool, confidence: str, accepts: bool | None, email: str | None,
                     form: bool, guidelines: str | None, rule: str | None) -> None:
    g = facts(name).guest_post
    assert (g.is_guest_post_page, g.confidence, g.accepts, g.submit_email, g.submit_form,
            g.guidelines_url) == (is_page, confidence, accepts, email, form, guidelines)
    if rule is not None:
        assert rule in g.rules


def _page(title: str, body: str, nav: str = "", footer: str = "") -> str:
    return (f"<html><head><title>{title}</title></head><body><header><nav>{nav}</nav></header>"
            f"<main><article><h1>{title}</h1><div class='entry-content'>{body}</div></article></main>"
            f"<footer>{footer}</footer></body></html>")


FOOTPRINT_CASES = [
    # a nav item "Submit News" on a news story is no invitation
    ("https://news.example/2024/05/01/story/", _page("City council votes", "<p>" + "The council met. " * 40 + "</p>",
     nav='<a href="/submit-news/">Submit News</a>'), False, "none"),
    # "write for us" only in a footer link of an unrelated page
    ("https://blog.example/recipes/bread/", _page("Rye bread", "<p>" + "Mix the flour. " * 40 + "</p>",
     footer='<a href="/write-for-us/">Write for us</a>'), False, "none"),
    ("https://blog.example/guest-posting/", _page("Guest Posting", "<p>We accept guest posts on baking.</p>"), True, "high"),
    ("https://blog.example/about/", _page("About", "<h2>Write for us</h2><p>We like bread.</p>"), False, "low"),
    ("https://blog.example/about/", _page("About", "<h2>Write for us</h2><p>Send us your pitch!</p>"), True, "medium"),
    ("https://blog.example/write-for-us/", _page("Write for us", "<p>We do not accept guest posts.</p>"), True, "high"),
    ("https://blog.example/escribe-para-nosotros/", _page("Escribe para nosotros", "<p>Aceptamos artículos de invitados.</p>"), True, "high"),
    ("https://blog.example/ecrire-pour-nous/", _page("Écrire pour nous", "<p>Proposer un article : écrivez-nous.</p>"), True, "high"),
]


@pytest.mark.parametrize(("url", "page", "is_page", "confidence"), FOOTPRINT_CASES)
def test_footprints(url: str, page: str, is_page: bool, confidence: str) -> None:
    g = analyse(url, page, today=TODAY).guest_post
    assert (g.is_guest_post_page, g.confidence) == (is_page, confidence)


@pytest.mark.parametrize("refusal", [
    "We are no longer accepting guest posts.",
    "We do not accept guest posts.",
    "We don't accept guest articles at this time.",
    "Sponsored posts only.",
    "We are not accepting submissions right now.",
    "We have stopped accepting guest posts.",
    "This blog is closed to guest posts.",
    "Guest posts are currently closed.",
    "Wir nehmen derzeit keine Gastbeiträge an.",
    "Nous n'acceptons plus les articles invités.",
    "No aceptamos artículos de invitados.",
])
def test_refusals(refusal: str) -> None:
    g = analyse("https://blog.example/write-for-us/", _page("Write for us", f"<p>{refusal}</p>"), today=TODAY).guest_post
    assert (g.is_guest_post_page, g.accepts) == (True, False)


GATED = [(rule, form, gate) for rules, gate in ((TEXT_RULES, TEXT_GATE), (NEGATIVE_RULES, NEGATIVE_GATE))
         for rule in rules for form in fast_forms(rule.pattern)]


@pytest.mark.parametrize(("rule", "form", "gate"), GATED, ids=[f"{r.name}:{f.pattern[:30]}" for r, f, _ in GATED])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_match_of_a_gated_rule_holds_a_gate_word(rule: Rule, form: re.Pattern[str], gate: tuple[str, ...],
                                                       data: st.DataObject) -> None:
    """A text is read by the gated tables only if it has a gate word: every text a rule matches must have one."""
    text = data.draw(st.from_regex(form, fullmatch=True)).lower()
    if form.search(text) is None:  # lower-casing can unmake a match ("İ")
        return
    assert any(word in text for word in gate), (rule.name, text)


def test_a_refusal_in_the_text_is_still_read_through_the_gate() -> None:
    page = ("<html><head><title>About</title></head><body><article class='post'><h1>About this blog</h1>"
            "<div class='entry-content'><p>Thanks for reading. Please note that we no longer accept guest "
            "posts on this blog.</p></div></article></body></html>")
    assert analyse("https://bakes.example/about/", page, today=TODAY).guest_post.accepts is False


def test_every_address_on_a_real_guest_post_page() -> None:
    """PowerShell Magazine names two role addresses: pitches to contribute@, drafts and questions to editors@."""
    contacts = facts("hugo-write-for-us-powershellmagazine.html").guest_post.contacts
    assert [(c.email, c.role) for c in contacts] == [("contribute@powershellmagazine.com", True),
                                                     ("editors@powershellmagazine.com", True)]


def _guest_page_with(form: str) -> str:
    return _page("Write for us", f"<p>We accept guest posts on baking.</p>{form}")


@pytest.mark.parametrize(("form", "submit_form"), [
    # sign-ups take an address, not an article
    ("<form><input type='email' name='email'><button>Join</button></form>", False),
    ("<form id='newspack-subscribe-1'><input type='hidden' name='lists[]' value='1'>"
     "<input type='email' name='npe'><input type='submit'></form>", False),
    ("<form class='mc4wp-form'><input type='text' name='FNAME'><input type='email' name='EMAIL'></form>", False),
    ("<form action='/newsletter/'><input name='name'><input type='email' name='email'></form>", False),
    # submission forms: a text area, a file, or an address with other fields
    ("<form><input name='name'><input type='email' name='email'><textarea name='pitch'></textarea></form>", True),
    ("<form><input type='file' name='draft'></form>", True),
    ("<form><input name='name'><input type='email' name='email'><input type='url' name='draft'></form>", True),
])
def test_a_newsletter_sign_up_is_no_submission_form(form: str, submit_form: bool) -> None:
    g = analyse("https://blog.example/write-for-us/", _guest_page_with(form), today=TODAY).guest_post
    assert (g.is_guest_post_page, g.submit_form) == (True, submit_form)
