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
            tag = re.compile(rf"<{re.escape(area.tag or '')}\s[^>]*?(?<=\s){name}\s*=\s*[\"']?(?:[^\"'>]*\s)?"
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


def htmldate_fallback(doc: Document) -> tuple[str | None, str | None]:
    """Cold path: ask htmldate (which parses the page again) for the dates, in its fast mode on
    the first HTMLDATE_BUDGET characters of the decoded page, up to its comments, without the elements
    HTMLDATE_UNREAD and the menus (_menus); the modified date only when there is a published one. The page is
    parsed once for both questions, as htmldate would parse it (its load_html): given a tree, htmldate prunes a copy of
    it, so the second question reads the tree the first one did (0.8x the time of two parses on the
    saved real pages, the same dates)."""
    # heavy: htmldate (~85 ms to import), a dependency like any other; most runs never need it.
    from htmldate import find_date
    from htmldate.utils import load_html  # heavy: htmldate, as above
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
        published = find_date(tree, url=doc.url, original_date=True, extensive_search=False,
                              outputformat="%Y-%m-%d", max_date=doc.today.isoformat())
        if published is None:
            return None, None
        modified = find_date(tree, url=doc.url, original_date=False, extensive_search=False,
                             outputformat="%Y-%m-%d", max_date=doc.today.isoformat())
    except Exception:  # noqa: BLE001 - htmldate on hostile HTML must not stop the analysis
        return None, None
    return published, modified
