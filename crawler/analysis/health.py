"""Is the site real: parked or for-sale domains, hosting default pages, soft 404s."""

from __future__ import annotations

import re

from .document import Document
from .facts import HealthFacts
from .rules import DEFAULT_PAGE_RULES, PARKED_RULES, SOFT_404_RULES

SMALL_PAGE_CHARS = 5000  # parking pages say little; their markers count only on short pages
HEADING_TEXT_SELECTOR = "h1, h2, .page-title, .entry-title"
WORDS = re.compile(r"\S+")


def _collapsed_length(text: str, limit: int) -> int:
    """len(collapse(text)), counted only up to just past ``limit``."""
    total = -1
    for match in WORDS.finditer(text):
        total += len(match.group()) + 1
        if total > limit:
            break
    return max(total, 0)


def analyse_health(doc: Document) -> HealthFacts:
    """HealthFacts for the page."""
    # The parked markers only count on short pages: collapse the body text only when it is short,
    # not the 50 KB of a long article just to measure it.
    short = _collapsed_length(doc.body_text_raw, SMALL_PAGE_CHARS) <= SMALL_PAGE_CHARS
    headings = [doc.title] + [
        " ".join(n.text().split()) for n in doc.tree.css(HEADING_TEXT_SELECTOR)[:6]
    ]
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
