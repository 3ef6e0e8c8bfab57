"""Items the spiders yield and the pipelines score and store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.analysis.facts import PageFacts


@dataclass
class PageItem:
    """One fetched page with its analysis; pipelines add relevance and opportunity value."""

    url: str  # canonical URL
    site: str
    fetched_url: str  # the URL as fetched (after redirects)
    status: int
    fetched_at: str  # ISO 8601, UTC
    depth: int
    facts: PageFacts
    found_from: str | None = None  # the page whose link led here
    found_via: str | None = None  # seed / blogroll / commenter / content / nav / feed / sitemap
    etag: str | None = None
    last_modified: str | None = None
    relevance: float | None = None
    relevance_reasons: list[str] = field(default_factory=list)
    opportunity: str | None = None  # comment / guest_post / None
    value: float | None = None
    value_reasons: list[str] = field(default_factory=list)


@dataclass
class TouchItem:
    """A stored page answered 304 Not Modified: only its fetch time (and validators) change."""

    url: str  # canonical URL, as stored
    fetched_at: str  # ISO 8601, UTC
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class CheckItem:
    """One check of a backlink (or of a posted comment) against its source page."""

    backlink_id: int
    checked_at: str
    status: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    rel: list[str] = field(default_factory=list)
    anchor: str | None = None
    link_count: int = 0
    placement: str | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
