"""Feeds, sitemaps and OPML blogrolls: tell them apart and read their links."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import feedparser
from lxml import etree

_ROOT = re.compile(rb"<(?:[a-z]+:)?(rss|feed|rdf:rdf|rdf|urlset|sitemapindex|opml)\b", re.IGNORECASE)
_KINDS = {
    b"rss": "feed", b"feed": "feed", b"rdf:rdf": "feed", b"rdf": "feed",
    b"urlset": "sitemap", b"sitemapindex": "sitemap", b"opml": "opml",
}


def looks_like(body: bytes) -> str | None:
    """'feed', 'sitemap', 'opml' from the document's root element, or None."""
    m = _ROOT.search(body[:2048])
    return _KINDS.get(m.group(1).lower()) if m else None


def feed_links(body: bytes, base_url: str) -> list[tuple[str, str]]:
    """(entry URL, title) for each entry of an RSS or Atom feed (feedparser copes with broken ones)."""
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    out = []
    for entry in parsed.entries:
        link = entry.get("link")
        if link:
            out.append((urljoin(base_url, link), str(entry.get("title", ""))))
    return out


def opml_links(body: bytes, base_url: str) -> list[tuple[str, str]]:
    """(site or feed URL, title) for each outline of an OPML blogroll."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    out = []
    for node in root.iter("outline"):
        url = node.get("htmlUrl") or node.get("xmlUrl") or node.get("url")
        if url:
            out.append((urljoin(base_url, url), node.get("title") or node.get("text") or ""))
    return out
