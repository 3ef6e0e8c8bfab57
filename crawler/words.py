"""Plain words for counts and endings in the lines linktrail prints: "1 error", "2 errors", "finished"."""

from __future__ import annotations

# Words whose plural is not the word + "s".
_PLURALS = {"opportunity": "opportunities", "comment went live": "comments went live", "this": "these"}

# How a crawl ended (Scrapy's finish reason), in words.
_ENDINGS = {
    "finished": "finished",
    "max_pages": "stopped at the page cap",
    "closespider_timeout": "stopped at the time budget",
    "closespider_itemcount": "stopped at the item cap",
    "closespider_pagecount": "stopped at the page cap",
    "closespider_errorcount": "stopped after too many errors",
    "shutdown": "interrupted",
}


def plural(count: int | float, word: str) -> str:
    """'1 error', '2 errors', '0 opportunities'."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {_PLURALS.get(word, word + 's')}"


def ending(reason: object) -> str:
    """'finished', 'stopped at the page cap', 'interrupted', or 'ended: <reason>' for others."""
    text = str(reason or "").strip()
    return _ENDINGS.get(text, f"ended: {text or 'unknown'}")


def days_ago(days: int) -> str:
    """'today', 'yesterday', '5 days ago'."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
