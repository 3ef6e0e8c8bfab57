"""Feed, sitemap and OPML responses: which kind a response is, and the links it hands the frontier."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crawler.feeds import FeedError, feed_entries, looks_like, opml_links, sitemap_entries

HTML_TYPES = (b"text/html", b"application/xhtml")
XML_TYPES = (b"xml", b"rss", b"atom", b"text/x-opml")
# Kinds of URL fetched again on every run (conditionally): where new posts and sites show up.
HUB_KINDS = frozenset({"seed", "home", "feed", "sitemap", "robots"})
# A sitemap's entries admitted per site, as a multiple of the per-site page cap.
SITEMAP_ENTRIES_PER_PAGE = 4


def response_kind(ctype: bytes, body: bytes, linked_as: str) -> str:
    """What a text response is: "page", "feed", "sitemap" or "opml"; else "bad_xml", or "bad_<kind>" when it was
    linked as a feed or sitemap (``linked_as``, a robots.txt ``Sitemap:`` line counting as a sitemap) and is not one.

    ``ctype`` is the lower-cased Content-Type header.
    """
    head = body[:512].lstrip().lower()
    if any(t in ctype for t in HTML_TYPES) and not head.startswith(b"<?xml"):
        return "page"
    kind = looks_like(body)
    if kind is not None:
        return kind
    if any(t in ctype for t in XML_TYPES) or head.startswith(b"<?xml"):
        return "bad_xml"
    if linked_as in ("feed", "sitemap", "robots"):
        return f"bad_{'sitemap' if linked_as == 'robots' else linked_as}"
    return "page"


@dataclass(frozen=True)
class HubLinks:
    """The links a feed, sitemap or OPML blogroll lists, and what to count and say about it."""

    links: list[tuple[str, str]]  # (url, title), newest first where the hub says
    follow_as: str  # the kind the frontier admits them as: "post" (an entry, dated), "sitemap", "blogroll"
    stat: str  # counted for every hub of this kind
    error: str | None = None  # counted when the hub is unreadable or empty
    problem: str = ""  # what the log says then (after the URL)
    dates: list[date | None] = field(default_factory=list)  # beside ``links``: each entry's date, when known


def hub_links(kind: str, body: bytes, url: str, max_pages_per_site: int) -> HubLinks:
    """Read a "feed", "sitemap" or "opml" response (see ``response_kind``)."""
    if kind == "feed":
        items = feed_entries(body, url)
        if not items:
            return HubLinks([], "post", "feeds_parsed", "errors/bad_feed", "a feed with no entries that could be read")
        return HubLinks([(u, t) for u, t, _d in items], "post", "feeds_parsed", dates=[d for _u, _t, d in items])
    if kind == "sitemap":
        try:
            entries = sitemap_entries(body, url)
        except FeedError as exc:
            return HubLinks([], "sitemap", "sitemaps_parsed", "errors/bad_sitemap",
                            f"sitemap cannot be read ({exc}); skipped")
        keep = SITEMAP_ENTRIES_PER_PAGE * max_pages_per_site
        links = [(u, "") for u in entries.urls[:keep]]
        follow = "sitemap" if entries.is_index else "post"
        if not entries.urls:
            return HubLinks(links, follow, "sitemaps_parsed", "errors/bad_sitemap", "sitemap lists no URLs")
        return HubLinks(links, follow, "sitemaps_parsed", dates=entries.dates[:keep])
    if kind == "opml":
        links = opml_links(body, url)
        if not links:
            return HubLinks(links, "blogroll", "opml_parsed", "errors/bad_opml", "OPML without outlines that have URLs")
        return HubLinks(links, "blogroll", "opml_parsed")
    raise ValueError(f"not a hub kind: {kind!r}")
