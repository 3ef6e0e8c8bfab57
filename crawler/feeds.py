"""Feeds, sitemaps and OPML blogrolls: tell them apart and read their links, newest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from lxml import etree

_ROOT = re.compile(rb"<(?:[a-z]+:)?(rss|feed|rdf:rdf|rdf|urlset|sitemapindex|opml)\b", re.IGNORECASE)
_KINDS = {
    b"rss": "feed", b"feed": "feed", b"rdf:rdf": "feed", b"rdf": "feed",
    b"urlset": "sitemap", b"sitemapindex": "sitemap", b"opml": "opml",
}
# No entities, no network, no huge trees: sitemaps and OPML files come from strangers.
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
MAX_SITEMAP_ENTRIES = 50_000  # the sitemap protocol's own limit per file


class FeedError(ValueError):
    """A feed, sitemap or OPML document that cannot be fetched or read at all; the message says which and why."""


def looks_like(body: bytes) -> str | None:
    """'feed', 'sitemap', 'opml' from the document's root element, or None."""
    m = _ROOT.search(body[:2048])
    return _KINDS.get(m.group(1).lower()) if m else None


def feed_links(body: bytes, base_url: str) -> list[tuple[str, str]]:
    """(entry URL, title) for each entry of an RSS or Atom feed, newest first when dated (see ``feed_entries``)."""
    return [(url, title) for url, title, _d in feed_entries(body, base_url)]


def feed_entries(body: bytes, base_url: str) -> list[tuple[str, str, date | None]]:
    """(entry URL, title, date published or updated) for each entry of an RSS or Atom feed, newest first when dated.

    feedparser copes with broken feeds; an undated feed keeps its own order (usually newest first).
    """
    # Every crawl, worker and ingest process imports this module (seeds, hubs); most read no feed at start.
    # heavy: feedparser (~25-50 ms of imports), loaded when a feed is read
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    dated = []
    for i, entry in enumerate(parsed.entries):
        link = entry.get("link")
        if not link:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        key = tuple(when[:6]) if when else ()
        dated.append((key, -i, urljoin(base_url, link), str(entry.get("title", ""))))
    if all(d[0] for d in dated):
        dated.sort(reverse=True)
    return [(url, title, date(*k[:3]) if k else None) for k, _i, url, title in dated]


@dataclass(frozen=True)
class SitemapEntries:
    """What a sitemap lists: child sitemaps (an index) or page URLs, newest first, with each one's ``lastmod`` date."""

    is_index: bool
    urls: list[str]
    dates: list[date | None] = field(default_factory=list)  # beside ``urls``: None when absent or unreadable


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def sitemap_entries(body: bytes, base_url: str) -> SitemapEntries:
    """Page URLs (or child sitemaps of an index), sorted by ``lastmod`` newest first.

    Raises:
        FeedError: not XML, or neither a ``urlset`` nor a ``sitemapindex``.
    """
    try:
        root = etree.fromstring(body, parser=_XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not XML ({exc})") from None
    if root is None:
        raise FeedError("not XML (empty document)")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise FeedError(f"root element is <{kind or '?'}>, not <urlset> or <sitemapindex>")
    rows: list[tuple[str, int, str]] = []
    for i, node in enumerate(root):
        if i >= MAX_SITEMAP_ENTRIES:
            break
        loc, lastmod = "", ""
        for child in node:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
        if loc:
            rows.append((lastmod, -i, urljoin(base_url, loc)))
    rows.sort(reverse=True)  # ISO dates sort as text; undated entries keep document order, last
    return SitemapEntries(kind == "sitemapindex", [url for _m, _i, url in rows], [_day(m) for m, _i, _u in rows])


def _day(text: str) -> date | None:
    """The day of a W3C datetime (``2026-11-30``, ``2026-11-30T09:00:00+00:00``); None when it is not one."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def opml_links(body: bytes, base_url: str) -> list[tuple[str, str]]:
    """(site or feed URL, title) for each outline of an OPML blogroll (site URL preferred)."""
    try:
        root = etree.fromstring(body, parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    out = []
    for node in root.iter("outline"):
        url = node.get("htmlUrl") or node.get("xmlUrl") or node.get("url")
        if url:
            out.append((urljoin(base_url, url.strip()), node.get("title") or node.get("text") or ""))
    return out
