"""Scan a source page for links to the targets: where each sits, its rel and anchor, and noindex."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.analysis.comments import AUTHOR_SELECTOR
from crawler.analysis.rules import COMMENT_AREA_SELECTOR, COMMENT_ITEM_RULES, COMMENTER_LINK_SELECTOR
from crawler.urls import is_http_url

from .targets import Target, nondefault_port, norm_host, norm_path

PLACEMENTS = ("content", "comments", "sidebar", "footer", "nav")
REL_FLAGS = ("nofollow", "ugc", "sponsored")

# --------------------------------------------------------------------------------------------
# Where a link sits: class and id tokens of its ancestors, nearest first.
COMMENT_TOKEN = re.compile(
    r"^(comments?|commentlist|comment-list|comments-area|comments-section|comment-body"
    r"|comment-content|comment-author|comment-meta|comment-respond|respond|disqus_thread"
    r"|comment-\d+|li-comment-\d+|wp-block-comments?|wp-block-comment-template"
    r"|wp-block-comment-author-name|wp-block-comment-content|vcard-comment)$"
)
SIDEBAR_TOKEN = re.compile(r"^(sidebar|secondary|widget|widget-area|widgets|blogroll|sidebar-\w+)$")
FOOTER_TOKEN = re.compile(r"^(footer|site-footer|page-footer|colophon|site-info)$")
NAV_TOKEN = re.compile(r"^(nav|navigation|menu|main-navigation|site-navigation|navbar|primary-menu)$")
CONTENT_TAGS = frozenset({"article", "main"})

# Hrefs that lead to no page.
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "ftp:", "file:", "#")

# Robots directives that keep a page out of search indexes.
NOINDEX_TOKENS = frozenset({"noindex", "none"})
ROBOTS_DIRECTIVES = frozenset({
    "all", "noindex", "nofollow", "none", "noarchive", "nosnippet", "notranslate", "noimageindex",
    "unavailable_after", "max-snippet", "max-image-preview", "max-video-preview", "indexifembedded",
})


@dataclass(frozen=True, slots=True)
class FoundLink:
    """One link on the page that points to the target's host."""

    url: str
    anchor: str
    rel: tuple[str, ...]
    placement: str  # one of PLACEMENTS
    image: bool
    exact: bool  # points to the expected page (always true for a domain target)
    commenter: bool = False  # names a commenter's site in the comment area (analysis' COMMENTER_LINK_SELECTOR)
    author: str = ""  # the name on the comment the link stands in (analysis' comment items), "" outside comments

    @property
    def followed(self) -> bool:
        """No nofollow, ugc or sponsored: the link passes value."""
        return not any(flag in self.rel for flag in REL_FLAGS)


@dataclass(frozen=True, slots=True)
class LinkReport:
    """The links one page holds to one target: exact matches best first, then other pages of its site."""

    target: Target
    links: tuple[FoundLink, ...]
    site_links: tuple[FoundLink, ...]

    @property
    def best(self) -> FoundLink | None:
        return self.links[0] if self.links else None


@dataclass(frozen=True, slots=True)
class PageScan:
    """What one parse of a source page says: noindex, and the links to each target."""

    base_url: str
    noindex: str | None  # the rule that fired ("meta robots", "x-robots-tag"), None if indexable
    reports: tuple[LinkReport, ...]


def _tokens(node: LexborNode) -> list[str]:
    attrs = node.attributes
    tokens = (attrs.get("class") or "").lower().split()
    ident = attrs.get("id")
    if ident:
        tokens.append(ident.lower())
    return tokens


def placement(node: LexborNode, comment_areas: frozenset[int] = frozenset()) -> str:
    """Where a link sits: comments, sidebar, nav or footer by its nearest telling ancestor; else content.

    ``comment_areas`` are the mem_ids of the elements analysis takes for the comment area
    (COMMENT_AREA_SELECTOR). A <footer> or <header> inside an <article> or <main> is part of the content.
    """
    tentative: str | None = None
    parent = node.parent
    while parent is not None:
        tag = parent.tag
        if tag in ("body", "html"):
            break
        tokens = _tokens(parent)
        if parent.mem_id in comment_areas or any(COMMENT_TOKEN.match(t) for t in tokens):
            return "comments"
        if tag == "aside" or any(SIDEBAR_TOKEN.match(t) for t in tokens):
            return "sidebar"
        if tag == "nav" or any(NAV_TOKEN.match(t) for t in tokens):
            return "nav"
        if tag in CONTENT_TAGS or parent.attributes.get("role") == "main":
            return "content"
        if tentative is None and (tag == "footer" or any(FOOTER_TOKEN.match(t) for t in tokens)):
            tentative = "footer"
        elif tentative is None and tag == "header":
            tentative = "nav"
        parent = parent.parent
    return tentative or "content"


def comment_authors(tree: LexborHTMLParser) -> dict[int, str]:
    """{mem_id of a comment item: its author's name as shown} (analysis' COMMENT_ITEM_RULES and author selector)."""
    authors: dict[int, str] = {}
    for rule in COMMENT_ITEM_RULES:
        for item in tree.css(rule.pattern):
            name = item.css_first(AUTHOR_SELECTOR)
            authors.setdefault(item.mem_id, _collapse(name.text())[:100] if name is not None else "")
    return authors


def _author_of(node: LexborNode, authors: dict[int, str]) -> str:
    """The author of the nearest comment item holding ``node``, "" when none does."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in authors:
            return authors[parent.mem_id]
        parent = parent.parent
    return ""


def _collapse(text: str) -> str:
    return " ".join(text.split())


def anchor_of(node: LexborNode) -> tuple[str, bool]:
    """(anchor text, is an image link): an image link's anchor is its alt text."""
    text = _collapse(node.text(deep=True, separator=" "))
    img = node.css_first("img")
    if not text and img is not None:
        text = _collapse(img.attributes.get("alt") or "")
    if not text:
        text = _collapse(node.attributes.get("title") or node.attributes.get("aria-label") or "")
    return text[:300], img is not None


def noindex_rule(tree: LexborHTMLParser | None, headers: Mapping[str, str | Sequence[str]]) -> str | None:
    """"x-robots-tag" or "meta robots" when the page asks not to be indexed, else None."""
    for name, value in headers.items():
        if name.lower() != "x-robots-tag":
            continue
        for line in [value] if isinstance(value, str) else value:
            if _has_noindex(line):
                return "x-robots-tag"
    if tree is not None:
        for meta in tree.css("meta[name][content]"):
            name = (meta.attributes.get("name") or "").strip().lower()
            if name in ("robots", "googlebot", "bingbot") and _has_noindex(meta.attributes.get("content") or ""):
                return "meta robots"
    return None


def _has_noindex(value: str) -> bool:
    for token in value.lower().split(","):
        token = token.strip()
        head, sep, tail = token.partition(":")
        if sep and head.strip() not in ROBOTS_DIRECTIVES:
            token = tail.strip()  # "googlebot: noindex"
        if token in NOINDEX_TOKENS:
            return True
    return False


def _base(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    if node is not None:
        href = (node.attributes.get("href") or "").strip()
        if href:
            try:
                joined = urljoin(url, href)
            except ValueError:
                return url
            if is_http_url(joined):
                return joined
    return url


def _rank(link: FoundLink, index: int) -> tuple[int, int, int, int]:
    return (not link.exact, not link.followed, PLACEMENTS.index(link.placement), index)


def scan_page(url: str, html: str | bytes, targets: Iterable[Target],
              headers: Mapping[str, str | Sequence[str]] | None = None) -> PageScan:
    """Parse the page once and report, for each target, every link to it and where it sits."""
    targets = tuple(targets)
    tree = LexborHTMLParser(html)
    base = _base(tree, url)
    base_parts = urlsplit(base)
    base_host = (norm_host(base_parts.hostname or ""), nondefault_port(base_parts.scheme, base_parts.port))
    by_host: dict[tuple[str, int | None], list[int]] = {}
    for i, t in enumerate(targets):
        by_host.setdefault((t.host, t.port), []).append(i)
    needles = tuple({n for t in targets for n in (t.host, t.unicode_host)})
    relative_counts = base_host in by_host
    found: list[list[tuple[FoundLink, int]]] = [[] for _ in targets]
    areas = frozenset(n.mem_id for n in tree.css(COMMENT_AREA_SELECTOR))
    commenters = frozenset(n.mem_id for n in tree.css(COMMENTER_LINK_SELECTOR)) if areas else frozenset()
    authors = comment_authors(tree) if areas else {}
    for index, node in enumerate(tree.css("a[href], area[href]")):
        href = (node.attributes.get("href") or "").strip()
        if not href:
            continue
        low = href[:2048].lower()
        if low.startswith(SKIPPED_SCHEMES):
            continue
        absolute = low.startswith(("http:", "https:", "//"))
        if absolute:
            if not any(n in low for n in needles):
                continue  # cheap: the target host is not even in the href
        elif not relative_counts:
            continue
        try:
            link_url = urljoin(base, href)
            parts = urlsplit(link_url)
            key = (norm_host(parts.hostname or ""), nondefault_port(parts.scheme, parts.port))
        except ValueError:
            continue
        if not is_http_url(link_url) or key not in by_host:
            continue
        path = norm_path(parts.path, parts.query)
        anchor, image = anchor_of(node)
        rel = tuple((node.attributes.get("rel") or "").lower().split())
        where = placement(node, areas)
        commenter = where == "comments" and node.mem_id in commenters
        author = _author_of(node, authors) if where == "comments" else ""
        for i in by_host[key]:
            target = targets[i]
            exact = target.path is None or target.path == path
            found[i].append((FoundLink(link_url.partition("#")[0], anchor, rel, where, image, exact, commenter,
                                       author), index))
    reports = []
    for target, links in zip(targets, found, strict=True):
        ranked = [link for link, _ in sorted(links, key=lambda pair: _rank(*pair))]
        reports.append(LinkReport(target, tuple(x for x in ranked if x.exact),
                                  tuple(x for x in ranked if not x.exact)))
    return PageScan(base, noindex_rule(tree, headers or {}), tuple(reports))
