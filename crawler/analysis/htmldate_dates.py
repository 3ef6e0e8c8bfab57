"""The post's dates htmldate finds: the fallback for a page that may be one post and names no date where dates.py
reads (metadata, time elements, the URL, the byline). htmldate parses the page again; what it is given is bounded."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode

from .dates import OUTSIDE_POST_TAGS
from .document import Document

if TYPE_CHECKING:
    from collections.abc import Callable

    from htmldate.utils import Extractor
    from lxml.html import HtmlElement

# Characters of the decoded page htmldate reads: the head and the top of the body, where a post's
# byline is (a 100 KB page cost 40-50 ms whole with the extensive search, ~2 ms so bounded).
HTMLDATE_BUDGET = 65_536
# Elements dropped from the tree before htmldate reads it. Navigation and asides are outside the post
# (OUTSIDE_POST_TAGS): their dates are other posts' (a widget's list, an archive), which htmldate took for the
# post's. Style sheets and drawings hold none of its sources (meta, JSON-LD, elements' text, time/abbr): in CSS its
# patterns find a theme build's timestamp, and svg it drops itself, after copying the tree. Each is read at a cost
# (htmldate copies the tree, serializes it and runs its patterns over it): 0.87x the fallback's time, the same
# dates on the realweb's 183 fallbacks and the corpus's 20. Scripts stay: htmldate finds right dates in them
# (benchmarks/analysis_accuracy.py --dates: 252 right / 17 wrong with them, 251 / 18 without).
HTMLDATE_UNREAD = (*OUTSIDE_POST_TAGS, "style", "svg")
# Lists whose class or id names a menu or navigation ("mega-menu", "navResource", "nav-links"), outside the post as
# <nav> is, dropped with it: their links name other pages, with those pages' dates (news.az's "nav" lists of other
# articles, whose image paths /uploads/2020/12/08/ htmldate took for the post's date), and a site's menus are much
# of what it reads: on the realweb's 199 KB dateless pages 58% of the text, 79% of the elements (its time there
# 5.2 -> 2.8 ms; the same dates on the realweb's 397 fallbacks, and asked of each of the 448 saved real pages, on all
# but news.az's, which gets its right date).
MENU_WORDS = ("menu", "nav")


def _menus(tree: HtmlElement) -> list[HtmlElement]:
    """The lists (<ul>) whose class or id holds one of MENU_WORDS, in any case."""
    return [ul for ul in tree.iter("ul")
            if any(word in f"{ul.get('class') or ''} {ul.get('id') or ''}".lower() for word in MENU_WORDS)]


def _area_start(html: str, area: LexborNode) -> int | None:
    """Where a comment area's start tag is in the page's text: the first tag of its name whose id (else first class)
    is the area's; None when it has neither or its tag is not found as written."""
    attrs = area.attributes
    for name in ("id", "class"):
        value = (attrs.get(name) or "").split()
        if value:  # the value a whole token of the attribute: "comments", not "no-comments"
            # the name after a space in the tag: tried at each space from the tag's end back (a lazy run tried it at
            # each character: 0.7x the time on the realweb's 199 KB pages, 53 KB searched)
            tag = re.compile(rf"<{re.escape(area.tag or '')}\s(?:[^>]*\s)?{name}\s*=\s*[\"']?(?:[^\"'>]*\s)?"
                             rf"{re.escape(value[0])}(?![^\s\"'>])", re.IGNORECASE)
            found = tag.search(html)
            return found.start() if found is not None else None
    return None


def before_comments(doc: Document, html: str) -> str:
    """`html` up to the page's first comment area (Document.comment_areas): a post's own date is printed above its
    comments, and htmldate, given them, reads a comment's date (its candidates include every <small> and <footer>)
    at a cost that grows with the thread: the 451 fallbacks of a wpweb and a realweb crawl (benchmarks/) cost
    2.6 ms each so, 8.6 ms with the comments, which were most of the pages above 3x the median analysis cost."""
    starts = [start for area in doc.comment_areas if (start := _area_start(html, area)) is not None]
    return html[:min(starts)] if starts else html


@cache
def _htmldate_parser_in_c() -> None:
    """Give htmldate's parser (its load_html's) a class lookup in C, every element an HtmlElement: lxml.html's is a
    Python call for each element htmldate reads (~1,300 on a 64 KB page of menus), 0.9x the time, the same dates."""
    from htmldate.utils import HTML_PARSER  # heavy: htmldate, as in htmldate_fallback
    from lxml import etree, html  # htmldate's parser, imported with it

    HTML_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity))


def _find_dates(tree: HtmlElement, url: str, max_date: str) -> tuple[str | None, str | None]:
    """What htmldate's find_date answers asked of `tree` for the published date (original_date=True) and then for
    the modified one, in its fast mode, the format "%Y-%m-%d": its stages in find_date's order, each that reads the
    question (the metadata, JSON-LD, abbr and time elements) asked it for each date not yet found, the others (the
    URL, the elements' text, the patterns over the serialized tree, the image) once for both, on the one pruned tree:
    find_date pruned a copy of it for each question (the two answers in one pass: 0.6x the time on the realweb's 82
    and 89 KB pages, dated by the patterns, the same dates on its fallbacks and on every saved real page). The tree
    is pruned in place. The stages are htmldate 1.11's (tests/analysis/test_htmldate_dates.py compares the answers
    with find_date's)."""
    from htmldate.core import (  # heavy: htmldate, as in htmldate_fallback
        TIMESTAMP_LOOSE_PATTERN,
        TIMESTAMP_PATTERN,
        date_candidates,
        examine_abbr_elements,
        examine_elements,
        examine_header,
        examine_time_elements,
        serialize,
    )
    from htmldate.extractors import (  # heavy: htmldate, as above
        discard_unwanted,
        extract_url_date,
        idiosyncrasies_search,
        img_search,
        json_search,
        pattern_search,
    )
    from htmldate.settings import CLEANING_LIST  # heavy: htmldate, as above
    from htmldate.utils import Extractor, clean_html  # heavy: htmldate, as above
    from htmldate.validators import get_max_date, get_min_date  # heavy: htmldate, as above

    latest, earliest = get_max_date(max_date), get_min_date(None)
    questions = [Extractor(False, latest, earliest, original, "%Y-%m-%d") for original in (True, False)]
    found: list[str | None] = [None, None]

    def each(stage: Callable[[Extractor], str | None]) -> bool:
        """Ask a stage that reads the question for each date not found yet; are both found?"""
        for which, options in enumerate(questions):
            found[which] = found[which] or stage(options)
        return None not in found

    def once(stage: Callable[[Extractor], str | None]) -> bool:
        """Ask a stage whose answer is the same to both questions, if a date is still missing; are both found?"""
        if None in found:
            answer = stage(questions[0])
            found[:] = [known or answer for known in found]
        return None not in found

    if (once(lambda options: extract_url_date(url, options))
            or each(lambda options: examine_header(tree, options) or json_search(tree, options))
            or each(lambda options: examine_abbr_elements(tree, options))):
        return found[0], found[1]
    try:
        search_tree = discard_unwanted(clean_html(tree, CLEANING_LIST))
    except ValueError:  # as find_date: lxml's rare error on NULL bytes or control characters
        search_tree = tree
    if (once(lambda options: examine_elements(date_candidates(search_tree, False), options)
             or examine_elements(search_tree.xpath(".//title|.//h1"), options))
            or each(lambda options: examine_time_elements(search_tree, options))):
        return found[0], found[1]
    html = serialize(search_tree)
    if once(lambda options: pattern_search(html, TIMESTAMP_PATTERN, options) or img_search(search_tree, options)
            or idiosyncrasies_search(html, options)):
        return found[0], found[1]
    clean_html(search_tree, ["script", "style"])  # fast mode's last stage: a bare date in the text
    text = " ".join(search_tree.itertext())
    once(lambda options: pattern_search(text, TIMESTAMP_LOOSE_PATTERN, options))
    return found[0], found[1]


def htmldate_fallback(doc: Document) -> tuple[str | None, str | None]:
    """Cold path: ask htmldate (which parses the page again) for the dates, in its fast mode on
    the first HTMLDATE_BUDGET characters of the decoded page, up to its comments, without the elements
    HTMLDATE_UNREAD and the menus (_menus); the modified date only when there is a published one. The page is
    parsed once, as htmldate would parse it (its load_html), and both dates are found in one pass (_find_dates)."""
    from htmldate.utils import load_html  # heavy: htmldate (~85 ms to import); most runs never need it
    from lxml.etree import strip_elements  # htmldate's parser, imported with it

    _htmldate_parser_in_c()
    html = before_comments(doc, doc.html_head(HTMLDATE_BUDGET))
    if html.startswith("http") and " " not in html:
        return None, None  # htmldate would take this text for a URL and download it
    try:
        tree = load_html(html)
        if tree is None:
            return None, None
        strip_elements(tree, *HTMLDATE_UNREAD, with_tail=False)
        for menu in _menus(tree):
            menu.drop_tree()  # its tail is text of the element around it: kept
        published, modified = _find_dates(tree, doc.url, doc.today.isoformat())
    except Exception:  # noqa: BLE001 - htmldate on hostile HTML must not stop the analysis
        return None, None
    return (published, modified) if published is not None else (None, None)
