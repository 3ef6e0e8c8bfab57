"""Dates: reading them in several formats and languages, and finding a post's own dates."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice
from typing import Any

from selectolax.lexbor import LexborNode

from crawler import clock

from .document import Document
from .rules import BYLINE_SELECTOR, MODIFIED_TIME, PUBLISHED_TIME, SCREEN
from .subtree import selected_in_order

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janv janvier enero ene jänner jän",
        "february feb februar fév fev février fevrier febrero",
        "march mar märz maerz mars marzo",
        "april apr avril avr abril abr",
        "may mai mayo",
        "june jun juni juin junio",
        "july jul juli juillet juil julio",
        "august aug août aout agosto ago",
        "september sep sept septembre septiembre setiembre",
        "october oct oktober okt octobre octubre",
        "november nov novembre noviembre",
        "december dec dezember dez décembre decembre déc diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = r"(?P<month>[a-zA-ZäéûÄÉ]{3,10})\.?"
# Patterns for dates, tried in order (each commented with an example).
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2024-03-05, 2024-03-05T10:00:00+01:00, 2024/03/05
    re.compile(r"(?P<year>(19|20)\d\d)[-/.](?P<mon>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    # March 5, 2024 / Mar 5th 2024
    re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(st|nd|rd|th)?,?\s+(?P<year>(19|20)\d\d)", re.IGNORECASE),
    # 5 March 2024 / 5. März 2024 / 5 de marzo de 2024 / 5th of March, 2024
    re.compile(r"(?P<day>[0-3]?\d)(st|nd|rd|th|er|\.|º)?\s+(de\s+|of\s+)?" + _MONTH
               + r",?\s+(de\s+)?(?P<year>(19|20)\d\d)", re.IGNORECASE),
    # 05.03.2024 (German) / 05/03/2024 (day first: fr, es, en-GB)
    re.compile(r"(?<!\d)(?P<day>[0-3]?\d)[./](?P<mon>[01]?\d)[./](?P<year>(19|20)\d\d)(?!\d)"),
)
URL_DATE = re.compile(r"/(?P<year>(19|20)\d\d)/(?P<mon>[01]?\d)(/(?P<day>[0-3]?\d))?/")
PUBLISHED_META = (
    'meta[property="article:published_time"]', 'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]', 'meta[property="og:published_time"]',
    'meta[name="pubdate"]', 'meta[name="publish-date"]', 'meta[name="date"]',
    'meta[name="DC.date.issued"]', 'meta[name="dcterms.created"]',
)
MODIFIED_META = (
    'meta[property="article:modified_time"]', 'meta[property="og:updated_time"]',
    'meta[itemprop="dateModified"]', 'meta[name="last-modified"]', 'meta[name="dcterms.modified"]',
)


def parse_date(text: str, today: date | None = None) -> date | None:
    """Read a date from text in common formats (ISO, "March 5, 2024", "5. März 2024", ...)."""
    if not text:
        return None
    text = text.strip()[:200]
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        found = match_date(match, today) if match is not None else None
        if found is not None:
            return found
    return None


def match_date(match: re.Match[str], today: date | None) -> date | None:
    """The plausible date a match of one of DATE_PATTERNS names (its day, its month's name or number, its
    year); None for an unknown month name, a day the month lacks, or an implausible date."""
    groups = match.groupdict()
    if groups.get("month"):
        month = MONTHS.get(groups["month"].lower().rstrip("."))
        if month is None:
            return None
    else:
        month = int(groups["mon"])
    try:
        found = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
    return found if plausible(found, today) else None


def plausible(found: date, today: date | None) -> bool:
    """A date a blog could carry: after 1994 and not later than tomorrow."""
    limit = (today or clock.today()) + timedelta(days=1)
    return date(1995, 1, 1) <= found <= limit


def _iso(found: date | None) -> str | None:
    return found.isoformat() if found is not None else None


def _json_ld_dates(doc: Document) -> tuple[date | None, date | None]:
    """datePublished and dateModified from JSON-LD blocks."""
    published: date | None = None
    modified: date | None = None
    for raw in doc.json_ld:
        if "date" not in raw:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for item in _walk(data):
            if published is None and isinstance(item.get("datePublished"), str):
                published = parse_date(item["datePublished"], doc.today)
            if modified is None and isinstance(item.get("dateModified"), str):
                modified = parse_date(item["dateModified"], doc.today)
        if published is not None:
            break
    return published, modified


ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "TechArticle", "Report",
                           "SocialMediaPosting", "DiscussionForumPosting", "LiveBlogPosting"})


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return any(isinstance(name, str) and name in ARTICLE_TYPES for name in names)


def _walk(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Dicts in a JSON-LD document (top level and @graph), articles first."""
    found: list[dict[str, Any]] = []
    if depth > 6:
        return found
    if isinstance(data, list):
        for item in data:
            found += _walk(item, depth + 1)
    elif isinstance(data, dict):
        found.append(data)
        graph = data.get("@graph")
        if graph is not None:
            found += _walk(graph, depth + 1)
    if depth == 0:
        found.sort(key=lambda item: not _is_article(item))
    return found


def _meta_date(doc: Document, selectors: tuple[str, ...]) -> date | None:
    for selector in selectors:
        attrs = doc.meta(selector)
        if attrs is not None:
            found = parse_date(attrs.get("content") or "", doc.today)
            if found is not None:
                return found
    return None


def in_order(doc: Document, selector: str) -> Iterator[LexborNode]:
    """``SCREEN.selected(doc.tree, selector, ...)``'s nodes, found as they are read (subtree.selected_in_order): the
    date readers stop at the first that holds a date, most often near the top of the page."""
    live = SCREEN.live(selector, doc.screened())
    return selected_in_order(doc.tree, live) if live else iter(())


def _time_date(doc: Document, selector: str) -> date | None:
    for node in islice(in_order(doc, selector), 5):
        attrs = node.attributes
        value = attrs.get("datetime") or attrs.get("title") or attrs.get("content") or node.text()
        found = parse_date(value or "", doc.today)
        if found is not None:
            return found
    return None


def url_date(url: str, today: date | None = None) -> date | None:
    """A date in the URL path, as /2024/03/05/ or /2024/03/ (first of the month)."""
    match = URL_DATE.search(url)
    if match is None:
        return None
    try:
        found = date(int(match["year"]), int(match["mon"]), int(match["day"] or 1))
    except ValueError:
        return None
    return found if plausible(found, today) else None


def url_month_only(url: str) -> bool:
    """Does the URL's path name a month without its day (/2024/03/), the date url_date reads as the 1st?"""
    match = URL_DATE.search(url)
    return match is not None and match["day"] is None


def post_dates(doc: Document) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(published, modified, rule names) from the parsed tree; the cheap sources first."""
    rules: list[str] = []
    published, modified = _json_ld_dates(doc)
    if published is not None:
        rules.append("date:json_ld")
    if published is None:
        published = _meta_date(doc, PUBLISHED_META)
        if published is not None:
            rules.append("date:meta")
    if published is None:
        published = _time_date(doc, PUBLISHED_TIME)
        if published is not None:
            rules.append("date:time_element")
    if published is None:
        published = url_date(doc.url, doc.today)
        if published is not None:
            rules.append("date:url")
    if modified is None:
        modified = _meta_date(doc, MODIFIED_META) or _time_date(doc, MODIFIED_TIME)
    return _iso(published), _iso(modified), tuple(rules)


# -- the byline: the date a theme prints near the post's title (rules.BYLINE_SELECTOR) ---------------
# Elements outside the post by their tag alone: their dates are not the post's (the byline's _outside_post,
# htmldate's HTMLDATE_UNREAD).
OUTSIDE_POST_TAGS = ("nav", "aside")
# Not the post's own date: comments, sidebars, navigation, related posts, the site's header.
BYLINE_OUTSIDE = ("comment", "widget", "sidebar", "related", "sharedaddy", "navigation", "masthead",
                  "site-header")
BYLINE_TAGS = frozenset({"div", "span", "p", "time", "abbr", "a", "li", "small", "em", "strong", "b", "i",
                         "h2", "h3", "h4", "h5", "h6", "header", "footer", "dd", "td", "font", "ul"})
WRAPPER_TAGS = frozenset({"h1", "h2", "h3", "p", "article", "section"})
BYLINE_CANDIDATES = 40  # elements read at most, in page order
BYLINE_CHARS = 160  # characters of each element's text read at most
BYLINE_DEPTH = 100  # ancestors of an element read at most
BYLINE_NODES = 64  # nodes of each element walked at most (a byline is a few spans and links)
# An update, not the post's date.
UPDATED = re.compile(r"updated|modified|aktualisiert|geändert|mis à jour|actualizado", re.IGNORECASE)

# Names of an element meant for the post's date (not a byline that may only name the author).
DATE_SLOT = re.compile(r"date|time|publish|posted|datum|fecha", re.IGNORECASE)

# Strict forms for a byline (one date, read where it starts): ISO, "March 5, 2025", "5 March 2025",
# "5. März 2025", and numeric day-month forms only where they cannot be read the other way round.
_BYLINE_PATTERNS = DATE_PATTERNS[:3]
_NUMERIC = re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)(?P<year>(19|20)\d\d)(?!\d)")


def byline_text_date(text: str, today: date) -> date | None:
    """The first date in a byline's text, in a strict form; None where none or only an ambiguous one."""
    best: tuple[int, date] | None = None
    for pattern in _BYLINE_PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[0]:
                break
            found = match_date(match, today)
            if found is not None:
                best = (match.start(), found)
                break
    for match in _NUMERIC.finditer(text):
        if best is not None and match.start() >= best[0]:
            break
        a, b = int(match["a"]), int(match["b"])
        # 05.03.2025 is day first wherever dots are written; 25/03/2025 can only be; 03/05/2025 could be either
        if match["sep"] == "." or a > 12:
            day, month = a, b
        elif b > 12:
            day, month = b, a
        else:
            continue
        try:
            found = date(int(match["year"]), month, day)
        except ValueError:
            continue
        if plausible(found, today):
            best = (match.start(), found)
            break
    return best[1] if best is not None else None


def _bounded_text(node: LexborNode, limit: int = BYLINE_CHARS) -> str | None:
    """The first ``limit`` characters of an element's text (its title attribute first), read node by
    node (BYLINE_NODES at most); None for an element that holds a heading or paragraphs (a wrapper of
    the post, not its byline)."""
    parts: list[str] = []
    size = 0
    title = node.attrs.get("title")
    if title:
        parts.append(title[:limit])
        size = len(parts[0])
    for walked, child in enumerate(node.traverse(include_text=True, skip_empty=True)):
        if size >= limit or walked >= BYLINE_NODES:
            break
        if child.is_text_node:
            text = child.text_content or ""
            parts.append(text[: limit - size])
            size += len(parts[-1])
        elif child.tag in WRAPPER_TAGS and child.mem_id != node.mem_id:
            return None
    return " ".join(parts)


def _outside_post(node: LexborNode) -> bool:
    """Is the element (or an ancestor) a comment, a sidebar, navigation or a related-posts box? An
    element nested deeper than BYLINE_DEPTH is taken for one (its ancestors are not all read)."""
    current: LexborNode | None = node
    for _ in range(BYLINE_DEPTH):
        if current is None:
            return False
        if current.tag == "body":
            return False
        if current.tag in OUTSIDE_POST_TAGS or _named_outside(current):
            return True
        current = current.parent
    return True


def _named_outside(node: LexborNode) -> bool:
    """Does the element's class or id name a comment, a sidebar, navigation or a related-posts box?"""
    attrs = node.attrs  # each attribute looked up alone, not all read into a dict
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return any(word in names for word in BYLINE_OUTSIDE)


def byline_dates(doc: Document) -> tuple[date | None, date | None]:
    """(published, updated) as the post's byline prints them: the first of the elements that name a
    date or post meta (BYLINE_SELECTOR, walking the parts the page's source may match; outside comments,
    sidebars and navigation; wrappers of headings and paragraphs skipped) whose text holds a date in a
    strict form. An element named for the date whose text holds none in such a form (relative, without a
    year) ends the search, and so does the BYLINE_CANDIDATES-th element read."""
    updated: date | None = None
    read = 0
    for node in in_order(doc, BYLINE_SELECTOR):
        if node.tag not in BYLINE_TAGS:
            continue
        read += 1
        if read > BYLINE_CANDIDATES:
            break
        # a comment's own date (and a widget's): what _outside_post would say after its text was read
        if _named_outside(node) or (text := _bounded_text(node)) is None:
            continue
        attrs = node.attrs
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if UPDATED.search(names):
            found, later, slot = None, byline_text_date(text, doc.today), False
        else:
            # "Posted on March 5, 2025 · Updated March 9, 2025": the date before the word is the post's
            cue = UPDATED.search(text)
            found = byline_text_date(text[:cue.start()] if cue else text, doc.today)
            later = byline_text_date(text[cue.start():], doc.today) if cue else None
            slot = cue is None and (node.tag == "time" or DATE_SLOT.search(names) is not None)
        if (found is None and later is None and not slot) or _outside_post(node):
            continue  # the ancestors are walked only for an element that decides something
        updated = updated or later
        if found is not None:
            return found, updated
        if slot:
            break  # the post's date is here, in a form not read (relative, no year): htmldate's
    return None, None
