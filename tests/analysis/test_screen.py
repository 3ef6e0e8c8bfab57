"""The css screen (rules/screen.py) walks fewer selector parts and finds exactly what the whole selector finds."""

from __future__ import annotations

import gzip
import re
from datetime import date
from html.entities import html5
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.analysis import analyse
from crawler.analysis.comments import ITEM_SELECTOR
from crawler.analysis.document import Document
from crawler.analysis.platform import COSTLY_MARKUP
from crawler.analysis.rules import (
    BLOGROLL_CONTAINERS,
    BYLINE_SELECTOR,
    COMMENT_AREA_SELECTOR,
    COMMENT_ITEM_RULES,
    COMMENT_PARTS,
    COMMENTER_LINK_SELECTOR,
    EMBED_RULES,
    FORM_RULES,
    HEADING_CLASSES,
    HEADING_SELECTOR,
    MAIN_SELECTORS,
    NAV_CONTAINERS,
    NOT_MAIN,
    PARKED_RULES,
    PLATFORM_RULES,
    PUBLISHED_TIME,
    SCREEN,
    SCRIPT_LITERALS,
    SITE_NAME_SELECTOR,
    TITLE_SELECTORS,
    matches,
)
from crawler.analysis.rules.screen import (
    MAX_NUMERIC,
    alternation,
    named_references,
    numeric_references,
    part_literal,
    reference_code,
    split_list,
    token_forms,
)
from crawler.analysis.subtree import unique
from crawler.analysis.widgets import WIDGET_SELECTOR

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The structural selectors too (the article, the comment areas and their commenter links, navigation, blogrolls, the
# parts of a comment, a post's byline: rules.STRUCTURAL_PARTS).
STRUCTURAL = {*MAIN_SELECTORS, NOT_MAIN, COMMENT_AREA_SELECTOR, COMMENTER_LINK_SELECTOR, NAV_CONTAINERS,
              BLOGROLL_CONTAINERS, HEADING_SELECTOR, *TITLE_SELECTORS, SITE_NAME_SELECTOR, *COMMENT_PARTS, BYLINE_SELECTOR}
SELECTORS = sorted({WIDGET_SELECTOR, COSTLY_MARKUP, ITEM_SELECTOR} | STRUCTURAL | {
    r.pattern for table in (EMBED_RULES, PLATFORM_RULES, FORM_RULES, COMMENT_ITEM_RULES) for r in table
    if r.where == "css"})


def _doc(html: str) -> Document:
    return Document("https://blog.example/p/", html, LexborHTMLParser(html), {}, date(2026, 12, 1))


def _agrees(doc: Document) -> None:
    """Screened or not, each selector finds the same nodes in the same order."""
    for selector in SELECTORS:
        whole = [n.mem_id for n in doc.tree.css(selector)]
        assert [n.mem_id for n in SCREEN.selected(doc.tree, selector, doc.screened())] == whole, selector
        assert SCREEN.selects(doc.tree, selector, doc.screened()) == bool(whole), selector


@pytest.mark.parametrize(("part", "literal"), [
    ("#disqus_thread", "disqus_thread"),
    ("[data-spotim-module]", "data-spotim-module"),
    ("[class*=' gig-comment']", "gig-comment"),  # a value's words, not its spaces
    ("fb\\:comments", "<fb:comments"),  # an escaped tag name: its start tag, "<" and all
    ("nav", "<nav"),  # the word "nav" is on every page, its start tag on 3 in 4 and in two places
    ("span.date", ""),  # both on nearly every page, 180 times: walked without asking
    ("h2.date-header", "date-header"),
    ("main h1", "<main"),
    ("p.note", "note"),  # a </p> alone makes a <p>: never "<p"
    ("#SOHUCS", "sohucs"),  # lower case: ids and [a=b i] ignore ASCII case
    ("iframe[src*='facebook.com/plugins/comments']", "facebook.com/plugins/comments"),
    ('meta[property="al:ios:app_name"][content="Medium"]', "al:ios:app_name"),  # colons in quotes
    ("[data-sitekey]:not(.h-captcha):not(.cf-turnstile)", "data-sitekey"),  # never what :not() names
    ("input[name$='_url' i]:not([name*='redirect' i])", "_url"),
    ("dl#comments-block > dt", "comments-block"),
    ("[lang|=en]", "lang"),  # [a|=b] matches "b" or "b-...": the name is surely there
    ("form textarea", ""),  # on every page: walked without asking
    ("a:nth-child(2n+1)", ""),
    ("div!weird", ""),  # syntax it does not read: walked
    ("[id=a\\3a]", ""),  # a hex escape (\3a is ":"): walked
    ("body", ""),  # the parser makes a <body> the source may not name
    ("table tbody", "<table"),  # nor a <tbody>
])
def test_a_parts_literal_is_in_the_source_of_whatever_it_matches(part: str, literal: str) -> None:
    assert part_literal(part) == literal


@pytest.mark.parametrize("html", [
    "<NAV><a href=/x>x</a></NaV><Header>h</header>",  # any case
    "<div><!-- <nav> -->nav header footer aside main map cite svg section</div>",  # the words, a tag in a comment
    "<main><h1>t</h1></main><footer class=x>f</footer><aside id=a>s</aside><map name=m></map><cite>c</cite>",
    "<table><tr><td>x</td></tr></table></p></br><svg><section>s</section></svg>",  # made by the parser
    "<div>&lt;nav&gt; &#60;footer&gt;</div>",  # a reference spells text, never a tag
])
def test_a_tag_is_screened_by_its_start_tag_and_found_wherever_the_parser_makes_one(html: str) -> None:
    doc = _doc(html)
    _agrees(doc)
    live = SCREEN.live(NAV_CONTAINERS, doc.screened()).split(", ")
    assert ("nav" in live) == ("<nav" in html.lower())
    assert ("footer" in live) == ("<footer" in html.lower())


@pytest.mark.parametrize(("html", "live"), [
    ('<div class="x nav">n</div>', True), ("<div class='NAV'>n</div>", True), ("<div class=nav>n</div>", True),
    ("<div class = nav\n>n</div>", True), ('<div class="a\tnav\fb">n</div>', True), ("<div class=\r\nnav\r>n</div>", True),
    ('<div class="nav-x main-nav" data-nav="nav/x">n</div>', False),  # the word, never a whole token
    ("<div class=nav/>n</div>", False),  # an unquoted value runs on to the "/": "nav/"
])
def test_a_common_class_is_screened_as_a_whole_token_of_a_value(html: str, live: bool) -> None:
    doc = _doc(html)
    _agrees(doc)
    assert (".nav" in SCREEN.live(NAV_CONTAINERS, doc.screened()).split(", ")) is live
    assert (doc.tree.css_first(".nav") is not None) is live


@pytest.mark.parametrize(("html", "live"), [
    ("<style>.site-headernbt{} #navbar-iframe{} .widget-areanbt{} .breadcrumb-x{} .widget-titlex{}</style><p>", False),
    ("<script>var c = 'pagination-' + 'site-footer-x';</script><p>p</p>", False),  # the names inside others
    ("<header class='site-header navbar'><nav class=breadcrumb>b</nav></header><div id=pagination>p</div>", True),
    ("<div class='x Site-Footer\twidget-area'>f</div><ol class=breadcrumbs></ol><h3 class=Widget-Title>", True),
])
def test_nav_and_widget_heading_names_are_screened_as_whole_tokens_not_inside_css_and_script_names(
        html: str, live: bool) -> None:
    doc = _doc(html)
    _agrees(doc)
    parts = set(SCREEN.live(f"{NAV_CONTAINERS}, {HEADING_CLASSES}", doc.screened()).split(", "))
    named = {".navbar", ".site-header", ".site-footer", ".widget-area", ".breadcrumb", ".breadcrumbs", ".pagination",
             ".widget-title", ".sidebar-title"}
    assert {p for p in named if doc.tree.css_first(p) is not None} <= parts
    assert bool(named & parts) is live


@pytest.mark.parametrize("html", [f'<div class="a{ref}nav">n</div>' for ref in (
    "&#32;", "&#x20;", "&Tab;", "&NewLine;", "&#12;", "&#x0D;", "&#0009;", "&#32")] + ['<i id="x&#9;header">h</i>'])
def test_a_reference_that_could_make_a_space_inside_a_value_makes_every_token_found(html: str) -> None:
    doc = _doc(html)
    assert SCREEN.tokens <= doc.screened()
    assert "disqus_thread" not in doc.screened()  # the other literals: screened as ever
    _agrees(doc)
    assert SCREEN.tokens.isdisjoint(_doc(html.replace("&", "")).screened())
    underscored = _doc(html + "<p>&#95;</p>").screened()  # and a character's reference: the literals holding it
    assert "disqus_thread" in underscored and SCREEN.tokens <= underscored


def test_split_list_keeps_commas_inside_brackets_and_quotes() -> None:
    assert split_list("a[x='1,2'], b:not(.c, .d) , e") == ("a[x='1,2']", "b:not(.c, .d)", "e")


def test_a_page_without_the_literals_walks_nothing_and_one_with_them_walks_their_parts() -> None:
    plain = _doc("<html><body><p>Nothing to see</p><div id=comments></div></body></html>")
    assert plain.screened() == frozenset({" comments "})  # the whole id "comments" (a token: #comments)
    assert SCREEN.live(WIDGET_SELECTOR, plain.screened()) == ""
    disqus = _doc("<html><body><DIV ID='Disqus_Thread'></DIV></body></html>")
    assert disqus.screened() == frozenset({"disqus_thread"})
    assert SCREEN.live(WIDGET_SELECTOR, disqus.screened()) == "#disqus_thread"
    _agrees(plain)
    _agrees(disqus)


@pytest.mark.parametrize("html", [
    "<span class=published>20. Mai 2007</span>",  # no "datetime" anywhere (a 329 KB real page)
    "<span class=published>20. Mai 2007</span><time class='entry-date published' datetime=2007-05-20>x</time>",
    "<abbr class=published title=2007-05-20>x</abbr><span itemprop='date&#80;ublished' datetime=2007-05-20>x</span>",
])
def test_a_part_is_walked_only_where_the_source_holds_each_of_its_literals_the_screen_looks_for(html: str) -> None:
    """time.published[datetime] is screened by " published " and by "datetime" (the longest literal of another
    part, main time[datetime]): a page with a .published but no "datetime" does not walk it."""
    doc = _doc(f"<html><body>{html}</body></html>")
    live = split_list(SCREEN.live(PUBLISHED_TIME, doc.screened()))
    assert ".published[title]" in live
    assert ("time.published[datetime]" in live) == ("datetime" in html)
    assert ([n.mem_id for n in SCREEN.selected(doc.tree, PUBLISHED_TIME, doc.screened())]
            == [n.mem_id for n in doc.tree.css(PUBLISHED_TIME)])


@pytest.mark.parametrize("spelled", ["disqus&#95;thread", "disqus&#x5F;thread", "disqus&lowbar;thread",
                                     "disqus&UnderBar;thread", "&#100;isqus_thread", "disqus_thr&#0101;ad"])
def test_a_character_reference_that_could_spell_a_literal_makes_it_found(spelled: str) -> None:
    html = f'<html><body><div id="{spelled}"></div><p>no comments here</p></body></html>'
    doc = _doc(html)
    assert "disqus_thread" in doc.screened()
    assert doc.tree.css_first("#disqus_thread") is not None
    assert SCREEN.selects(doc.tree, WIDGET_SELECTOR, doc.screened())
    assert analyse("https://blog.example/p/", html).comments.system == "disqus"


def test_a_reference_makes_found_only_the_literals_holding_a_character_it_may_spell() -> None:
    """A "/" spelled in a script (a 365 KB real page): the widget selector's parts that may hold one are walked, and
    the part the page names, not all 66."""
    doc = _doc('<script>var u = "a&#x2F;b";</script><div id="disqus_thread"></div>')
    assert doc.screened() == {"disqus_thread"} | {lit for lit in SCREEN.css if "/" in lit}
    assert SCREEN.live(WIDGET_SELECTOR, doc.screened()) == (
        "#disqus_thread, iframe[src*='facebook.com/plugins/comments'], "
        "iframe[src*='jetpack.wordpress.com/jetpack-comment'], iframe[src*='blogger.com/comment'], "
        "a[href*='blogger.com/comment.g'], a[href*='blogger.com/comment/']")
    _agrees(doc)


def test_past_max_numeric_references_a_page_counts_as_spelling_every_character() -> None:
    """The references are read one by one up to a bound: a page with more walks every part, as if unscreened."""
    assert _doc(f"<p>{'&#47;' * MAX_NUMERIC}</p>").screened() == {lit for lit in SCREEN.css if "/" in lit}
    assert _doc(f"<p>{'&#47;' * (MAX_NUMERIC + 1)}</p>").screened() == SCREEN.css


def test_any_character_of_any_literal_spelled_by_a_reference_makes_it_found() -> None:
    names = {}
    for name, value in html5.items():
        if len(value) == 1 and name.endswith(";"):
            names.setdefault(value, name)
    css = [lit for lit in SCREEN.css if not lit.startswith("<")]
    assert "serendipity[comment]" in css
    assert " nav " in css  # a token: a reference that could make a space inside a value makes it found too
    for literal in css:
        for at, char in enumerate(literal):
            if char == " " and literal in SCREEN.tokens:
                continue  # a token's space: every token found (the test above)
            refs = [f"&#{ord(char)};", f"&#x{ord(char):X};", f"&#000{ord(char)};", f"&#x{ord(char.upper()):x};"]
            refs += [f"&{names[char]}"] if char in names else []
            for ref in refs:
                spelled = literal[:at] + ref + literal[at + 1:]
                assert literal in _doc(f'<div class="{spelled}"></div>').screened(), spelled


_WORD = st.binary(min_size=1, max_size=5).map(lambda b: bytes(b"ab1;-"[c % 5] for c in b))


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=10), st.lists(st.binary(max_size=6).map(
    lambda b: bytes(b"ab1;-"[c % 5] for c in b)), max_size=20))
def test_an_alternation_matches_its_words_and_nothing_else(words: list[bytes], others: list[bytes]) -> None:
    whole = re.compile(b"(?:" + alternation(words) + b")\\Z")
    for text in words + others:
        assert (whole.match(text) is not None) == (text in words)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="&#xX0123456789abcdefgilmnoprstuwyLOWBAR;_-. ", max_size=14))
def test_the_reference_searches_find_what_one_alternation_of_every_reference_finds(text: str) -> None:
    chars = frozenset("".join(SCREEN.literals))
    codes = sorted({ord(c) for c in chars} | {ord(c.upper()) for c in chars})
    plain = re.compile(rb"&#(?:x0*(?:" + b"|".join(b"%x" % c for c in codes) + rb")(?![0-9a-f])"
                       rb"|0*(?:" + b"|".join(b"%d" % c for c in codes) + rb")(?![0-9]))"
                       rb"|(?:" + b"|".join(re.escape(n.encode()) for n in named_references(chars)) + rb")")
    data = text.lower().encode()
    found = any(n.encode() in data for n in named_references(chars)) or numeric_references(chars).search(data)
    assert bool(found) == (plain.search(data) is not None)


def test_references_that_spell_no_literal_character_keep_the_screen_on() -> None:
    doc = _doc("<p>It&#8217;s &#038; &amp; &#39;quoted&#39; &#8211; &#160; &#x2019;</p>")
    assert doc.screened() == frozenset()


@pytest.mark.parametrize(("comment", "fires"), [
    ("<!-- Generated by Hugo 0.120 -->", True), ("<!-- GENERATED BY HUGO -->", False), ("", False),
    ("<!-- Begin Jekyll SEO tag v2.8.0 -->", True), ("<!-- begin jekyll seo tag -->", False)])
def test_rules_on_the_raw_page_read_their_leads_from_the_screen_and_keep_their_case(comment: str, fires: bool) -> None:
    html = f"<html><head>{comment}</head><body><p>x</p></body></html>"
    doc = _doc(html)
    assert any(SCREEN.matches_raw(r.pattern, lambda: html, doc.screened()) for r in RAW_RULES) == fires
    assert any(matches(r.pattern, html) for r in RAW_RULES) == fires


def _pool() -> list[str]:
    pages = [p.read_bytes() for folder in ("pages", "wordpress") for p in sorted((FIXTURES / folder).glob("*.html"))]
    pages += [gzip.decompress(p.read_bytes()) for p in sorted((FIXTURES / "corpus").glob("*.html.gz"))]
    return [p.decode("utf-8", "replace") for p in pages]


RAW_RULES = [r for r in PLATFORM_RULES if r.where == "html"]


def test_the_commenter_links_are_looked_for_by_the_parts_the_page_may_match() -> None:
    """A thread whose markup names .comment-author alone walks neither .comment-header's part nor .comment-block's
    (each link walks its ancestors once a part), and finds what the whole selector finds in the comment area."""
    doc = _doc("<!DOCTYPE html><body><ol id=comments><li><div class=comment-author><a href=http://x.example/>x</a>"
               "<a rel='external ugc' href=http://y.example/>y</a></div></li></ol><a href=/z>z</a></body>")
    live = split_list(SCREEN.live(COMMENTER_LINK_SELECTOR, doc.screened()))
    assert ".comment-author a[href]" in live and "a[rel~=external][rel~=ugc]" in live
    assert ".comment-header cite a[href]" not in live and ".comment-block cite.user a[href]" not in live
    area = doc.tree.css_first("#comments")
    assert [n.attributes["href"] for n in doc.commenter_links] == ["http://x.example/", "http://y.example/"]
    assert [n.mem_id for n in doc.commenter_links] == [n.mem_id for n in unique(area.css(COMMENTER_LINK_SELECTOR))]


def test_on_every_saved_page_the_screened_selectors_find_what_the_whole_ones_find() -> None:
    pool = _pool()
    assert len(pool) > 400
    screened = 0
    for html in pool:
        doc = _doc(html)
        screened += SCREEN.live(WIDGET_SELECTOR, doc.screened()) != WIDGET_SELECTOR
        _agrees(doc)
        for rule in RAW_RULES:
            assert SCREEN.matches_raw(rule.pattern, lambda html=html: html, doc.screened()) == matches(rule.pattern, html), rule.name
    assert screened > len(pool) * 0.9  # the screen leaves parts out on nearly every real page


# Markup made of the rules' own names, in any case, some spelled with character references.
NAMES = ["disqus_thread", "fb-comments", "fb:comments", "viafoura", "vf-conversations", "spotim-x", "gig-comment",
         "wp-block-x", "comment-form", "commentform", "livefyre", "data-spotim-module", "coral_talk1", "sqs-block",
         "jetpack_remote_comment", "comment-list", "facebook.com/plugins/comments", "entry-content", "blogroll",
         "widget-title", "breadcrumb", "sidebar", "articlebody", "entry-title", "headline", "site-title", "x",
         "nav", "a nav", "nav\tb", "main-nav", "navigation", "header", "widget", "widget_links", "comments", "banner"]


@st.composite
def _spelled(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    if draw(st.booleans()):
        name = name.upper()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(name) - 1))
        ref = draw(st.sampled_from([f"&#{ord(name[at])};", f"&#x{ord(name[at]):X};", "&period;", "&lowbar;"]))
        name = name[:at] + ref + name[at + 1:]
    return name


@st.composite
def _element(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["div", "iframe", "form", "li", "a", "vf-conversations", "fb:comments", "section",
                                "aside", "map", "h3", "NAV", "header", "Footer", "main", "cite", "svg", "time"]))
    attrs = draw(st.lists(st.tuples(st.sampled_from(["id", "class", "src", "href", "onclick", "action", "itemprop",
                                                     "data-spotim-module", "data-drupal-selector", "role", "rel"]), _spelled()),
                          max_size=3))
    attributes = " ".join(f'{name}="{value}"' for name, value in attrs)
    return f"<{tag} {attributes}>t</{tag}>"


@settings(max_examples=300, deadline=None)
@given(st.lists(_element(), max_size=6), st.booleans())
def test_on_made_up_markup_the_screened_selectors_find_what_the_whole_ones_find(
        elements: list[str], standards: bool) -> None:
    html = ("<!DOCTYPE html>" if standards else "") + "<html><body>" + "".join(elements) + "</body></html>"
    _agrees(_doc(html))


SCRIPT_RULES = [r for table in (EMBED_RULES, PARKED_RULES, PLATFORM_RULES) for r in table if r.where == "script"]


@pytest.mark.parametrize("filler", [0, 40_000])  # a short text: each literal looked for; a long one: one pass
def test_script_rules_fire_exactly_when_their_literal_is_in_the_inline_scripts(filler: int) -> None:
    assert {r.pattern for r in SCRIPT_RULES} == set(SCRIPT_LITERALS.all)
    present = SCRIPT_RULES[::2]
    pad = "\u00e9" * (filler // 20)  # two bytes each in UTF-8, read by the one pass as bytes
    scripts = "".join(f"<script>var x{i} = '{pad}{r.pattern}';</script>"
                      for i, r in enumerate(present))
    # a literal split across two scripts is in neither: the scripts' texts are joined by a newline
    half = len(SCRIPT_RULES[1].pattern) // 2
    scripts += f"<script>{SCRIPT_RULES[1].pattern[:half]}</script><script>{SCRIPT_RULES[1].pattern[half:]}</script>"
    doc = _doc(f"<html><head>{scripts}</head><body><p>x</p></body></html>")
    assert (len(doc.script_text) >= 16_384) == bool(filler)
    for rule in SCRIPT_RULES:
        assert doc.fires(rule) == (rule.pattern in doc.script_text), rule.name
        assert doc.fires(rule) == (rule in present), rule.name


def test_the_screen_reads_the_pages_own_bytes_only_when_they_are_its_text_in_utf8() -> None:
    """analyse hands the screen the response's bytes instead of encoding the text again: only when they are
    that text's UTF-8 exactly (strict UTF-8, nothing cut or replaced), so the screen reads the same bytes."""
    from crawler.analysis.encoding import decode
    from crawler.analysis.page import _prepare

    raw = [p.read_bytes() for folder in ("pages", "wordpress") for p in sorted((FIXTURES / folder).glob("*.html"))]
    raw += [gzip.decompress(p.read_bytes()) for p in sorted((FIXTURES / "corpus").glob("*.html.gz"))]
    kept = 0
    for data in raw:
        prepared = _prepare(data, {}, [])
        if prepared is None:
            continue
        text, source = prepared
        if source is not None:
            kept += 1
            assert source == (decode(data, {})[0] if text is None else text).encode()  # None: left undecoded
    assert kept > len(raw) / 2  # most saved pages are UTF-8
    for data, headers in [
        (b"<p>caf\xe9</p>", {}),  # not UTF-8: decoded by a guess
        (b"<p>caf\xc3\xa9</p>", {"content-type": "text/html; charset=latin-1"}),  # declared otherwise
        ("\ufeff<p>café</p>".encode(), {}),  # a byte order mark: not part of the text
        (b"<p>a\x00b</p>", {}),  # NUL replaced in the text
    ]:
        text, source = _prepare(data, headers, [])
        assert source is None or source == text.encode(), data
        assert source is None, data
    text, source = _prepare("<p>café</p>".encode(), {}, [])
    assert text is None and source == "<p>café</p>".encode()  # strict UTF-8: the text is decoded if it is read


def _screen_by_hand(html: str) -> frozenset[str]:
    """What the screen must answer, one ``in`` a string: the literals (lower case) in the lower-cased source, the css
    literals holding a character of theirs a reference may spell, and every token where one may spell a space."""
    data = html.encode("utf-8", "replace").lower()
    spaces = set(" \t\n\r\f")
    chars = {c for lit in SCREEN.css for c in lit.removeprefix("<")} - spaces
    spelled = {chr(reference_code(m[0])).lower() for m in SCREEN._numeric.finditer(data)}  # the regex: tested above
    spelled |= {c.lower() for name, value in html5.items() for c in value
                if ("&" + name.lower()).encode() in data and c.lower() in chars | spaces}
    return frozenset(lit for lit in SCREEN.literals
                     if any(form.encode() in data for form in token_forms(lit))
                     or (lit in SCREEN.tokens and not spaces.isdisjoint(spelled))
                     or (lit in SCREEN.css and any(c in lit.removeprefix("<") for c in spelled - spaces)))


def test_the_one_search_finds_the_literals_and_the_references_of_each_saved_page_exactly() -> None:
    """Literals and named references are found in one pass: each set's answer is what a search for it alone
    gives, on pages with references (the literals holding what they spell found) and without."""
    pages = _pool() + [
        '<div class="entry-content">&lowbar;</div>', '<div id="disqus_thread">&amp;&#8217;</div>',
        '<div id="DISQUS_THREAD"></div>&#95;', "&period", "<p>&hyphen;</p>", "<p>nothing here</p>",
        "".join(f'<i class="{lit}"></i>' for lit in SCREEN.literals) + "&amp;",
    ]
    scans = [SCREEN.scan(page) for page in pages + ["<svg><script>Drupal.settings</script></svg>"]]
    answers = [answer for answer, _ in scans]
    assert frozenset() in answers and any(a and len(a) > 3 for a in answers)
    for page, (answer, plain) in zip(pages, scans, strict=False):
        assert answer == _screen_by_hand(page), page[:80]
        assert plain == {p for p in SCREEN.plain if p.encode() in page.encode().lower()}, page[:80]
    assert scans[-1][1] == {"<svg", "drupal.settings"}  # the plain strings: script rules' literals, foreign tags


def test_inline_scripts_are_read_only_on_a_page_whose_source_holds_a_script_literal() -> None:
    """A literal the source lacks (in any case) is in no inline script: the scripts' text is not read at all."""
    # sound for literals whose lower case bytes.lower() makes, that hold no line end (normalised by the parser)
    assert all(lit.isascii() and not {"\r", "\n", "\x00"} & set(lit) for lit in SCRIPT_LITERALS.all)
    filler = "<script>var a = '" + "\u00e9" * 20_000 + "';</script>"
    without = _doc(f"<html><head>{filler}</head><body><p>x</p></body></html>")
    assert without.script_text == "" and not any(without.fires(r) for r in SCRIPT_RULES)
    shouted = _doc(f"<html><head>{filler}<script>DRUPAL.SETTINGS</script></head><body></body></html>")
    assert shouted.script_text and not any(shouted.fires(r) for r in SCRIPT_RULES)  # read: the rules want its case


@pytest.mark.parametrize("spelled", ["Drupal&#46;settings", "Drupal&period;settings", "Drupal<!-- -->.settings"])
@pytest.mark.parametrize("foreign", ["<svg>{}</svg>", "<math>{}</math>", "<svg><g><a>{}</a></g></svg>"])
def test_a_script_in_svg_or_mathml_holds_what_its_references_spell(spelled: str, foreign: str) -> None:
    """Inside SVG or MathML a <script> is not raw text (references decoded, comments dropped): its text may hold a
    literal the source does not, and the rule fires as it does on the text."""
    drupal = next(r for r in SCRIPT_RULES if r.pattern == "Drupal.settings")
    doc = _doc(f"<html><body>{foreign.format(f'<script>{spelled}</script>')}</body></html>")
    assert "Drupal.settings" in doc.script_text and doc.fires(drupal)
