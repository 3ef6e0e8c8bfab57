"""Pure page analysis: (url, html[, headers]) -> PageFacts, parsing each page once (the work: crawler.analysis.page)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .facts import (
    CAPTCHAS,
    COMMENT_STATES,
    COMMENT_SYSTEMS,
    LINK_KINDS,
    PLATFORMS,
    CommentFacts,
    Contact,
    Evidence,
    GuestPostFacts,
    HealthFacts,
    Link,
    PageFacts,
    PostFacts,
)

if TYPE_CHECKING:
    from .document import host_key
    from .page import analyse

__all__ = [
    "CAPTCHAS", "COMMENT_STATES", "COMMENT_SYSTEMS", "LINK_KINDS", "PLATFORMS",
    "CommentFacts", "Contact", "Evidence", "GuestPostFacts", "HealthFacts", "Link", "PageFacts",
    "PostFacts", "analyse", "host_key",
]

# The analysis proper (selectolax, the rules, dates, ~85 ms of imports) loads when first used, not with this
# package: importing crawler.analysis.facts runs this file, and the store's codec, the ingest and every command
# that opens the database need the facts dataclasses only.
_LAZY = {"analyse": ".page", "host_key": ".document"}


def __getattr__(name: str) -> Any:
    """``analyse`` and ``host_key``, imported on first use and kept here (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups find it without calling here
    return value
