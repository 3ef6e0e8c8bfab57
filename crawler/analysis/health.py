"""Is the site real: parked or for-sale domains, hosting default pages, soft 404s."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from .document import ASCII_SPACES, SPACES, TEXT_BUDGET, Document, collapse
from .facts import HealthFacts
from .rules import DEFAULT_PAGE_RULES, HEADING_TEXT_SELECTOR, PARKED_RULES, SCREEN, SOFT_404_RULES

SMALL_PAGE_CHARS = 5000  # parking pages say little; their markers count only on short pages
# HEADING_TEXT_SELECTOR's tag parts: on a page without its classes, what it selects is these headings.
HEADING_TAGS = ("h1", "h2")


def _is_short(text: str, limit: int) -> bool:
    """len(collapse(text)) <= limit, without collapsing the 50 KB of a long article to measure it."""
    if len(text) <= limit:
        return True
    start = text[: 2 * limit]
    # Collapsing keeps every non-space character: more than `limit` of them decide it, counted
    # in C instead of splitting the text into words (or collapsing all of a long non-ASCII page).
    spaces = ASCII_SPACES if start.isascii() else SPACES
    if len(start) - sum(start.count(c) for c in spaces) > limit:
        return False
    head = text[: 4 * limit]
    # The collapsed head is a lower bound of the whole; 4x covers pages padded with whitespace.
    return len(collapse(head)) <= limit and (len(head) == len(text) or len(collapse(text)) <= limit)


def analyse_health(doc: Document) -> HealthFacts:
    """HealthFacts for the page."""
    # The parked markers only count on short pages: collapse the body text only when it is short,
    # not the 50 KB of a long article just to measure it.
    raw = doc.body_text_raw
    # Once an analyser has read body_text (the comment rules, on a page without a comment area), a
    # body within its budget is measured by it: it is then collapse(body_text_raw) itself.
    if "body_text" in doc.__dict__ and len(raw) <= TEXT_BUDGET:
        short = len(doc.body_text) <= SMALL_PAGE_CHARS
    else:
        short = _is_short(raw, SMALL_PAGE_CHARS)
    headings = [doc.title] + [" ".join(n.text().split()) for n in _headings(doc)[:6]]
    heading_text = "\n".join(h for h in headings if h)
    # A parked page says little; on a long page these markers are a story about domains.
    parked = doc.fired(PARKED_RULES, text=doc.body_text) if short else []
    default = doc.fired(DEFAULT_PAGE_RULES, text=heading_text)
    soft_404 = doc.fired(SOFT_404_RULES, text=heading_text)
    return HealthFacts(
        parked=bool(parked),
        default_page=bool(default),
        soft_404=bool(soft_404),
        rules=tuple(r.name for r in parked + default + soft_404),
    )


def _headings(doc: Document) -> list[LexborNode]:
    """What HEADING_TEXT_SELECTOR selects: <h1> and <h2> from the walk by tag when the page's source holds
    neither class (rules/screen.py), one walk of the tree otherwise."""
    live = SCREEN.live(HEADING_TEXT_SELECTOR, doc.screened())
    if live == ", ".join(HEADING_TAGS):
        return doc.headings(HEADING_TAGS)
    return doc.tree.css(live)
