"""Which blogging platform or CMS built the page: generator tags, assets, headers, URLs."""

from __future__ import annotations

from .document import Document
from .rules import PLATFORM_RULES, SCREEN

# Rules that read short strings run first; markup rules only when those leave doubt.
CHEAP = tuple(r for r in PLATFORM_RULES if r.where in ("generator", "url", "header", "asset"))
COSTLY = tuple(r for r in PLATFORM_RULES if r not in CHEAP)
# Markup rules read as one selector first: most pages match none of them (a walk of the tree, not ten).
COSTLY_MARKUP = ", ".join(r.pattern for r in COSTLY if r.where == "css")
COSTLY_UNMARKED = tuple(r for r in COSTLY if r.where != "css")
SURE = 10  # a total this high (a generator tag, or URL plus assets) needs no more evidence


def detect_platform(doc: Document) -> tuple[str, tuple[str, ...]]:
    """Return the platform (one of facts.PLATFORMS) and the names of the rules that fired."""
    fired = doc.fired(CHEAP)
    totals: dict[str, int] = {}
    for rule in fired:
        totals[rule.value] = totals.get(rule.value, 0) + rule.weight
    if not totals or max(totals.values()) < SURE:
        fired += doc.fired(COSTLY if SCREEN.selects(doc.tree, COSTLY_MARKUP, doc.screened()) else COSTLY_UNMARKED)
        fired.sort(key=PLATFORM_RULES.index)
    if not fired:
        return ("other" if doc.generators else "unknown"), ()
    scores: dict[str, int] = {}
    for rule in fired:
        scores[rule.value] = scores.get(rule.value, 0) + rule.weight
    best = max(scores.items(), key=lambda item: item[1])[0]  # first of the best in table order
    return best, tuple(r.name for r in fired)
