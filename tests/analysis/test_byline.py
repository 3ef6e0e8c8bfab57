"""The post date read from its byline on the parsed tree (dates.byline_dates), before htmldate's fallback.

Snippets are real markup, each cited with the page it was cut from: tests/fixtures/corpus (htmldate's
and postlight's public test pages; the dates "truth" are those of htmldate's tests/eval_default.json and
tests/eval_mediacloud_2020.json, adbar/htmldate b8952828), tests/fixtures/pages and tests/fixtures/wordpress
(their READMEs name the sources), and benchmarks/wpweb.py's classic theme.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import date

import pytest
from selectolax.lexbor import LexborHTMLParser

import crawler.analysis.post as post_module
from crawler.analysis import analyse, dates
from crawler.analysis.dates import (
    BYLINE_CANDIDATES,
    BYLINE_CHARS,
    BYLINE_NODES,
    byline_dates,
    byline_text_date,
)
from crawler.analysis.document import Document

from .corpus import CORPUS
from .pages import PAGES, TODAY

# A URL as benchmarks/realweb.py serves a saved page at: no date in it, so the page's own markup must tell.
DATELESS_URL = "http://127.0.1.7:8089/2026/post-0042/"


def _doc(body: str) -> Document:
    html = f'<html lang="en"><head><title>A post</title></head><body class="single">{body}</body></html>'
    return Document(DATELESS_URL, html, LexborHTMLParser(html), {}, TODAY)


def _post(byline: str, after: str = "") -> str:
    """A post as a classic theme writes it: header with title and byline, then the article, then `after`."""
    return (f'<article class="post"><header class="entry-header"><h1 class="entry-title">Feeding a starter</h1>'
            f'{byline}</header><div class="entry-content"><p>{"Flour and water, every day. " * 40}</p></div>'
            f'</article>{after}')


@pytest.mark.parametrize(("text", "expected"), [
    ("Posted on March 5, 2025 by admin", date(2025, 3, 5)),  # benchmarks/wpweb.py's classic byline
    ("Apr\xa013,\xa02020\xa0at\xa04:38\xa0PM", date(2020, 4, 13)),  # corpus/htmldate-1577551432
    ("Published: Dec. 22, 2016, 6:47 p.m.", date(2016, 12, 22)),  # corpus/postlight-www.al.com
    ("Tue, 14 Jan 2020", date(2020, 1, 14)),  # corpus/htmldate-1493757507
    ("VON MORITZ GATHMANN am 21. April 2020", date(2020, 4, 21)),  # corpus/htmldate-eval-cicero.de.pandemie
    ("/ martes 17 de marzo de 2020", date(2020, 3, 17)),  # corpus/htmldate-1551294044
    ("9. Dezember 2013", date(2013, 12, 9)),  # corpus/htmldate-eval-archive.org.nesselsetzer...antipoden
    ("13.01.2022", date(2022, 1, 13)),  # corpus/htmldate-eval-bfn.de-verden: dotted, day first
    ("Peter Grimm / 07.11.2023 / 09:30", date(2023, 11, 7)),  # corpus/htmldate-eval-achgut.com-Asyl-Abend
    ("17/03/2020", date(2020, 3, 17)),  # corpus/htmldate-1551001635: 17 can only be the day
    ("03/17/2020", date(2020, 3, 17)),  # the US order, where 17 can only be the day
    ("2025-03-05T10:00:00+01:00", date(2025, 3, 5)),
    ("13 Oct 2020 18:29 · updated 2020-12-08", date(2020, 10, 13)),  # the first date in the text, not the first form
    ("03/05/2020", None),  # the 3rd of May or the 5th of March: not settled here
    ("prije 26 minuta", None),  # corpus/htmldate-1750355638: relative
    ("March 2025", None),  # no day
    ("March 5, 2099", None),  # later than tomorrow
    ("Comments 1,234 · 2025 readers", None),
])
def test_byline_text_forms(text: str, expected: date | None) -> None:
    assert byline_text_date(text, TODAY) == expected


@pytest.mark.parametrize(("byline", "expected"), [
    # benchmarks/wpweb.py's classic theme (no <time> element): the ~36% of wpweb's pages that went to htmldate
    ('<div class="entry-meta"><span class="posted-on">Posted on <a href="#" rel="bookmark">March 5, 2025</a>'
     '</span></div>', date(2025, 3, 5)),
    # corpus/htmldate-1551294044 (elsoldemazatlan.com.mx; truth 2020-03-17): htmldate found no date
    ('<p class="published-date"> &nbsp; / martes 17 de marzo de 2020 </p>', date(2020, 3, 17)),
    # corpus/htmldate-eval-bfn.de-verden (truth 2022-01-13): htmldate found no date
    ('<div class="field field--name-field-publishing-date field__item">13.01.2022</div>', date(2022, 1, 13)),
    # corpus/htmldate-1791336003 (news.az; truth 2020-10-13): htmldate answered 2020-12-08
    ('<ul class="nav meta"> <li><a href="https://www.news.az/time/2020-10-13" title="13 Oct 2020 18:29">'
     '13 Oct 2020 18:29</a></li> <li><span><i class="fa fm fa-eye"></i>1479</span></li> </ul>', date(2020, 10, 13)),
    # corpus/htmldate-eval-fluter.de.vorbild (truth 2020-03-31): htmldate answered 2020-06-02, the modified date
    ('<ul><li class="group_additional_info field_node_create_date"> <time class="field field-name-field-node-'
     'create-date field-type-computed field-label-hidden">       31.03.2020  </time> </li>'
     '<li class="group_additional_info field_readingtime">6 Min.</li></ul>', date(2020, 3, 31)),
    # corpus/postlight-www.broadwayworld.com: htmldate answered another article's date (2022-08-09)
    ('<span class="portus-main-article-meta"><span itemprop="author"><a class="item-meta-i" '
     'href="/author/BWW-News-Desk">by BWW News Desk</a></span> BroadwayWorld.com Oct. 13, 2016</span>',
     date(2016, 10, 13)),
])
def test_real_bylines_are_read(byline: str, expected: date) -> None:
    assert byline_dates(_doc(_post(byline))) == (expected, None)


def test_a_wrapper_holding_the_title_is_not_the_byline() -> None:
    # corpus/htmldate-eval-leichtathletik-ostalbkreis.de.1952007 (truth 2007-05-20): the meta wrapper holds the
    # <h1>, whose title names another day (19.5.2007); the byline inside it is the post's date
    body = ('<article class="et_pb_post post-113 post type-post"><div class="et_post_meta_wrapper">'
            '<h1 class="entry-title">Ergebnisse: RM Schülerinnen A, Aalen-Unterkochen, 19.5.2007</h1>'
            '<p class="post-meta"> von <span class="author vcard"><a href="/author/marc/">Marc Scheloske</a></span>'
            ' | <span class="published">20. Mai 2007</span> | <a href="/category/ergebnisse/">Ergebnisse</a></p>'
            '</div><div class="entry-content"><p>Ergebnisse der Schülerinnen.</p></div></article>')
    assert byline_dates(_doc(body)) == (date(2007, 5, 20), None)


def test_comment_dates_are_not_the_posts() -> None:
    # wordpress/twentytwentyone-open_with_website.html: a comment's metadata, in a post without a byline
    comment = ('<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment">'
               '<article id="div-comment-2" class="comment-body"><footer class="comment-meta">'
               '<div class="comment-author vcard"><b class="fn">Maya Baker</b></div>'
               '<div class="comment-metadata"><a href="#comment-2"><span class="comment-date">November 21, 2026 at '
               '6:00 am</span></a></div></footer></article></li></ol></div>')
    assert byline_dates(_doc(_post("", after=comment))) == (None, None)


def test_a_sidebars_post_list_is_not_the_posts_date() -> None:
    # pages/wordpress-login-required-de.html: the dates are a widget's list of posts (htmldate reads the first)
    widget = ('<aside id="secondary"><div class="widget vw-widget-posts"><div class="vw-post-box">'
              '<h4 class="vw-post-box-post-title"><a href="/news/x">Viviane Obenauf</a></h4>'
              '<div class="vw-post-box-meta vw-post-box-meta-small"><div class="vw-post-meta-left">'
              '<a href="/news/x" class="vw-post-date updated" title="Viviane Obenauf" rel="bookmark">'
              '<i class="icon-entypo-clock"></i>2. Februar 2022</a></div></div></div></div></aside>')
    assert byline_dates(_doc(_post("", after=widget))) == (None, None)
    whole = (PAGES / "wordpress-login-required-de.html").read_text(encoding="utf-8")
    assert byline_dates(Document(DATELESS_URL, whole, LexborHTMLParser(whole), {}, TODAY)) == (None, None)


def test_a_date_slot_in_another_form_leaves_the_page_to_htmldate() -> None:
    # corpus/htmldate-1750355638 (avaz.ba; truth 2020-10-26): the post's date is relative; the dates after it
    # (09.08.2020, ...) are other articles'
    byline = ('<div class="autor-text-time"> <span>Piše: P. Mucović </span> <span class="article_published_at">'
              ' prije 26 minuta </span> </div>')
    others = '<div class="more"><div class="article-date-time ">09.08.2020 u 10:52</div></div>'
    assert byline_dates(_doc(_post(byline, after=others))) == (None, None)


def test_an_updated_date_is_the_modified_one() -> None:
    byline = '<div class="entry-meta">Posted on March 5, 2025 · Updated March 9, 2025</div>'
    assert byline_dates(_doc(_post(byline))) == (date(2025, 3, 5), date(2025, 3, 9))


# -- whole saved pages: the byline answers, htmldate is not asked ---------------------------------------------
# corpus page, the truth of htmldate's eval files; each was dated by htmldate or not at all before
REAL_PAGES = [
    ("htmldate-1551294044.html.gz", "2020-03-17"),  # htmldate: none
    ("htmldate-1566936994.html.gz", "2020-04-02"),  # htmldate: none
    ("htmldate-eval-bfn.de-verden.html.gz", "2022-01-13"),  # htmldate: none
    ("htmldate-1791336003.html.gz", "2020-10-13"),  # htmldate: 2020-12-08
    ("htmldate-eval-fluter.de.vorbild.html.gz", "2020-03-31"),  # htmldate: 2020-06-02
    ("htmldate-eval-cicero.de.pandemie.html.gz", "2020-04-21"),
    ("htmldate-eval-archive.org.nesselsetzer.wordpress.com.antipoden.html.gz", "2013-12-09"),
    ("htmldate-eval-achgut.com-Asyl-Abend.html.gz", "2023-11-07"),
    ("htmldate-eval-leichtathletik-ostalbkreis.de.1952007.html.gz", "2007-05-20"),
    ("htmldate-1545738097.html.gz", "2020-03-11"),
    ("htmldate-1551001635.html.gz", "2020-03-17"),
]


@pytest.mark.parametrize(("name", "truth"), REAL_PAGES)
def test_real_pages_are_dated_from_their_byline_without_htmldate(
        name: str, truth: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_htmldate(doc: Document) -> tuple[None, None]:
        raise AssertionError("htmldate asked")

    monkeypatch.setattr(post_module, "htmldate_fallback", no_htmldate)
    facts = analyse(DATELESS_URL, gzip.decompress((CORPUS / name).read_bytes()), today=TODAY).post
    assert (facts.published, "date:byline" in facts.rules) == (truth, True)


def test_a_relative_byline_still_gets_htmldates_answer() -> None:
    # corpus/htmldate-1750355638 (truth 2020-10-26): as before the byline reader
    facts = analyse(DATELESS_URL, gzip.decompress((CORPUS / "htmldate-1750355638.html.gz").read_bytes()),
                    today=TODAY).post
    assert (facts.published, facts.rules) == ("2020-10-26", ("date:htmldate",))


# -- hostile pages: the work is bounded -----------------------------------------------------------------------
def test_a_huge_byline_is_read_only_in_its_head() -> None:
    filler = "word " * 200_000  # 1 MB of text before the date
    assert byline_dates(_doc(_post(f'<div class="entry-meta">{filler}March 5, 2025</div>'))) == (None, None)
    assert byline_dates(_doc(_post(f'<div class="entry-meta">March 5, 2025 {filler}</div>'))) == (date(2025, 3, 5), None)


def test_a_byline_of_many_empty_nodes_is_walked_only_so_far() -> None:
    empty = "<i></i>" * 50_000
    assert BYLINE_NODES < 50_000
    assert byline_dates(_doc(_post(f'<span class="date">{empty}March 5, 2025</span>'))) == (None, None)
    assert byline_dates(_doc(_post(f'<span class="date">March 5, 2025{empty}</span>'))) == (date(2025, 3, 5), None)


def test_many_candidates_are_read_only_so_far(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = dates._bounded_text

    def counting(node: dates.LexborNode, limit: int = BYLINE_CHARS) -> str | None:
        read.append(node.tag or "")
        return real(node, limit)

    monkeypatch.setattr(dates, "_bounded_text", counting)
    noise = '<span class="meta">by admin</span>' * 20_000
    assert byline_dates(_doc(_post(noise + '<span class="posted-on">March 5, 2025</span>'))) == (None, None)
    assert len(read) == BYLINE_CANDIDATES
    read.clear()
    assert byline_dates(_doc(_post(noise[:34 * 5] + '<span class="posted-on">March 5, 2025</span>'))) == \
        (date(2025, 3, 5), None)
    assert len(read) == 6


def test_a_candidate_nested_past_the_ancestor_limit_is_not_trusted() -> None:
    deep = "<div>" * (dates.BYLINE_DEPTH + 5) + '<span class="date">March 5, 2025</span>' + "</div>" * (
        dates.BYLINE_DEPTH + 5)
    assert byline_dates(_doc(_post(deep))) == (None, None)
    shallow = "<div>" * 20 + '<span class="date">March 5, 2025</span>' + "</div>" * 20
    assert byline_dates(_doc(_post(shallow))) == (date(2025, 3, 5), None)


def test_only_the_parts_of_the_byline_selector_the_source_may_match_are_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    walked: list[str] = []
    real = dates.selected_in_order

    def recording(root: LexborHTMLParser, selector: str) -> Iterator[dates.LexborNode]:
        walked.append(selector)
        return real(root, selector)

    monkeypatch.setattr(dates, "selected_in_order", recording)
    doc = _doc(_post('<span class="posted-on">March 5, 2025</span>'))
    assert byline_dates(doc) == (date(2025, 3, 5), None)
    parts = walked[0].split(", ")
    assert "[class*=posted]" in parts and "[class*=date]" in parts  # "date": on nearly every page, always walked
    assert not {"[class*=byline]", "[class*=datum]", "[class*=fecha]"} & set(parts)  # words the page lacks


def test_an_element_named_for_a_comment_is_passed_over_without_reading_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = dates._bounded_text

    def counting(node: dates.LexborNode, limit: int = BYLINE_CHARS) -> str | None:
        read.append(node.attrs.get("class") or "")
        return real(node, limit)

    monkeypatch.setattr(dates, "_bounded_text", counting)
    # a recent-comments box above the post (its class and the widget's not read: the elements' own say "comment")
    recent = '<div><small class="comment-time">August 7, 2019</small><span class="comment-date">8.8.2019</span></div>'
    page = recent + _post('<span class="posted-on">March 5, 2025</span>')
    assert byline_dates(_doc(page)) == (date(2025, 3, 5), None)
    assert read == ["posted-on"]
