"""The article on a page: title, dates, language, word count and main text."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from .dates import byline_dates, post_dates, url_month_only
from .document import Document, collapse
from .facts import PostFacts
from .htmldate_dates import htmldate_fallback
from .rules import SCREEN, SITE_NAME_SELECTOR, TITLE_SELECTORS
from .walk import within

# Separators between the parts of a <title>: "Post – Blog", "Blog » Archive » Post".
TITLE_PARTS = re.compile(r"\s+[|\-–—·•»]\s+|\s+::\s+")
GENERIC_PART = re.compile(r"^\s*(blog ?archiv(e)?|archiv(e)?s?|blog|home|startseite)\s*$", re.IGNORECASE)
LANG = re.compile(r"^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$")
# Title selectors "tag h1" that the walk by tag answers: the first <h1>, in page order, inside such an element. Their
# literals are on most pages (no screen skips them): lexbor walked the whole tree for each (0.3 ms on a 400 KB page).
H1_INSIDE = {f"{tag} h1": tag for tag in ("article", "main")}
# SITE_NAME_SELECTOR's parts, and those of a link inside an <h1> inside something ("#header h1 a"): lexbor tries
# these on every link, walking its ancestors (most of the 1.1 ms the selector cost on the realweb's 394 KB pages,
# which match none of it). They can match only where an <h1> holding a link is inside that something: a few <h1>s
# a page (the walk by tag has them), each asked.
SITE_NAME_PARTS = tuple(SITE_NAME_SELECTOR.split(", "))
H1_LINK = " h1 a"


def _site_name_selector(doc: Document) -> str:
    """SITE_NAME_SELECTOR without its parts "X h1 a" where no <h1> holding a link is inside an X (they match none)."""
    linked = [h1 for h1 in doc.tagged("h1") if h1.css_first("a") is not None]
    return ", ".join(part for part in SITE_NAME_PARTS
                     if not part.endswith(H1_LINK) or any(h1.css_matches(part[:-2]) for h1 in linked))


def _first_h1_inside(doc: Document, tag: str) -> LexborNode | None:
    """What ``css_first(f"{tag} h1")`` finds, from the walk by tag."""
    return next((node for node in doc.tagged("h1") if within(node, tag)), None)


def post_title(doc: Document) -> str:
    """The post's title: its heading, else og:title, else <title> without the site name."""
    screened = doc.screened()
    for selector in TITLE_SELECTORS:  # most name a class the page's source lacks: not walked (rules/screen.py)
        inside = H1_INSIDE.get(selector)
        node = _first_h1_inside(doc, inside) if inside else SCREEN.first(doc.tree, selector, screened)
        if node is not None:
            text = collapse(node.text())
            if text:
                return text[:500]
    if text := collapse(doc.meta_content('meta[property="og:title"]')):
        return text[:500]
    site_names = _site_names(doc)
    if len(doc.h1s) == 1 and doc.h1s[0].lower() not in site_names:
        return doc.h1s[0][:500]
    # "Post – Blog" or "Blog » Blog Archive » Post": the first part that names neither
    parts = [part for part in TITLE_PARTS.split(doc.title)
             if part.lower() not in site_names and not GENERIC_PART.match(part)]
    return (parts[0] if parts else doc.title)[:500]


def site_name(doc: Document) -> str:
    """The name the site gives itself: og:site_name, else application-name, else the header's site title."""
    for selector in ('meta[property="og:site_name"]', 'meta[name="application-name"]'):
        if text := collapse(doc.meta_content(selector)):
            return text[:120]
    node = SCREEN.first(doc.tree, _site_name_selector(doc), doc.screened())
    text = collapse(node.text()) if node is not None else ""
    return text[:120] if 0 < len(text) <= 120 else ""


def _site_names(doc: Document) -> set[str]:
    """Lower-cased names the page gives its site (logo text, og:site_name, a home-link h1)."""
    names = {collapse(n.text()).lower() for n in SCREEN.selected(doc.tree, _site_name_selector(doc), doc.screened())}
    names.add(collapse(doc.meta_content('meta[property="og:site_name"]')).lower())
    for h1 in doc.tagged("h1"):
        link = h1.css_first("a[href]")
        href = (link.attributes.get("href") or "") if link is not None else ""
        if href and urlsplit(urljoin(doc.url, href)).path in ("", "/"):
            names.add(collapse(h1.text()).lower())
    names.discard("")
    return names


def normalise_language(value: str) -> str | None:
    """A BCP 47 tag with the language lower-cased and the region upper-cased: "en-US"."""
    value = value.strip().replace("_", "-")
    if not LANG.match(value):
        return None
    head, _, rest = value.partition("-")
    if not rest:
        return head.lower()
    return f"{head.lower()}-{rest.upper() if len(rest) == 2 else rest}"


def page_language(doc: Document) -> str | None:
    """The language the page declares: <html lang>, else Content-Language, else og:locale."""
    html = doc.tree.css_first("html")
    candidates = [html.attributes.get("lang") or html.attributes.get("xml:lang") or ""
                  if html is not None else ""]
    candidates.append(doc.meta_content('meta[http-equiv="content-language" i]').split(",")[0])
    candidates.append(doc.headers.get("content-language", "").split(",")[0])
    candidates.append(doc.meta_content('meta[property="og:locale"]'))
    for candidate in candidates:
        if candidate and (lang := normalise_language(candidate)):
            return lang
    return None


ARTICLE_WORDS = 150  # a page with this much main text and no date is worth a deeper look
# Body classes of pages that are not one post (WordPress, Ghost): a static page, the home page, lists.
NOT_POST_CLASSES = frozenset({
    "page", "home", "blog", "archive", "category", "tag", "author", "date", "search", "error404", "paged",
    "page-template", "home-template", "tag-template", "author-template", "paged-template",
})
# Paths of pages that are not one post: the home page, lists, about, contact and legal pages.
NOT_POST_PATH = re.compile(
    r"^/?$|/(tags?|category|categories|author|label|search|page)/|"
    r"/(about|about-us|about-me|contact|contact-us|contact-me|kontakt|impressum|imprint|privacy|"
    r"privacy-policy|datenschutz|legal|terms|disclaimer|sitemap)(\.html?|\.php)?/?$",
    re.IGNORECASE,
)


def _not_a_post(doc: Document) -> bool:
    """Does the page say it is not one post (a static page, the home page, a list, about, contact, legal)?"""
    return not doc.body_classes.isdisjoint(NOT_POST_CLASSES) or NOT_POST_PATH.search(urlsplit(doc.url).path) is not None


def _looks_like_post(doc: Document, words: int) -> bool:
    """Is the page one post, whose date matters (and is worth htmldate's parse)?"""
    if _not_a_post(doc):
        return False
    if doc.meta_content('meta[property="og:type"]').lower() == "article":
        return True
    return words >= ARTICLE_WORDS and doc.tree.css_first("article") is not None


def analyse_post(doc: Document) -> PostFacts:
    """PostFacts for the page."""
    published, modified, rules = post_dates(doc)
    words = doc.main_words
    if published is None and not _not_a_post(doc):
        # a page that may be one post, without a date in its metadata: the date its byline prints (cheap, on
        # the tree, bounded: dates.BYLINE_CANDIDATES); else, on a page that looks like a post, htmldate,
        # which parses the page again (bounded: htmldate_dates.HTMLDATE_BUDGET, 2-9 ms)
        found, updated = byline_dates(doc)
        if found is not None:
            published = found.isoformat()
            # one date shown is the last change known too (as htmldate answers on such pages)
            modified = modified or (updated or found).isoformat()
            rules += ("date:byline",)
        elif _looks_like_post(doc, words):
            published, found_modified = htmldate_fallback(doc)
            modified = modified or found_modified
            if published is not None:
                rules += ("date:htmldate",)
    elif published is not None and rules == ("date:url",) and url_month_only(doc.url) and not _not_a_post(doc):
        # /2003/03/ names the month, not the day (read as the 1st): the byline's date in that month, where it has one
        found, _ = byline_dates(doc)
        if found is not None and found.isoformat()[:7] == published[:7]:
            published = found.isoformat()
            rules += ("date:byline",)
    return PostFacts(
        title=post_title(doc),
        published=published,
        modified=modified,
        language=page_language(doc),
        word_count=words,
        text=doc.main_text,
        rules=rules,
        site_name=site_name(doc),
    )
