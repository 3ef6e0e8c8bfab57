"""Is the site real: parked or for-sale domains, hosting default pages, soft 404s."""

from __future__ import annotations

from .document import Document
from .facts import HealthFacts
from .rules import DEFAULT_PAGE_RULES, PARKED_RULES, SOFT_404_RULES

SMALL_PAGE_CHARS = 5000  # parking pages say little; their markers count only on short pages
HEADING_TEXT_SELECTOR = "h1, h2, .page-title, .entry-title"


def analyse_health(doc: Document) -> HealthFacts:
    """HealthFacts for the page."""
    body = doc.body_text
    headings = [doc.title] + [
        " ".join(n.text().split()) for n in doc.tree.css(HEADING_TEXT_SELECTOR)[:6]
    ]
    heading_text = "\n".join(h for h in headings if h)
    # A parked page says little; on a long page these markers are a story about domains.
    parked = doc.fired(PARKED_RULES, text=body) if len(body) <= SMALL_PAGE_CHARS else []
    default = doc.fired(DEFAULT_PAGE_RULES, text=heading_text)
    soft_404 = doc.fired(SOFT_404_RULES, text=heading_text)
    return HealthFacts(
        parked=bool(parked),
        default_page=bool(default),
        soft_404=bool(soft_404),
        rules=tuple(r.name for r in parked + default + soft_404),
    )
