"""Links on a page: resolved, filtered, and sorted by role (commenter, blogroll, nav, content)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from crawler.urls import is_http_url

from .document import Attributes, Document, SiteOf, collapse
from .facts import Link
from .rules import (
    BINARY_EXTENSIONS,
    BLOGROLL_CONTAINERS,
    BLOGROLL_HEADING,
    FEED_TYPES,
    FEED_URL,
    HEADING_CLASSES,
    HEADING_ELEMENTS,
    NAV_CONTAINERS,
    SCREEN,
    SITEMAP_URL,
    SKIPPED_SCHEMES,
    XFN_TOKENS,
    split_list,
)
from .subtree import has_ancestor_in, unique
from .walk import ANCHORS

# Whitespace, backslashes or dot segments: leave those hrefs to urljoin.
_NEEDS_JOIN = re.compile(r"[\s\\]|/\.\.?(/|$|\?)")
# An empty query ("/x?", "/?#top"): urljoin drops the "?", so such root-relative hrefs go through it.
_EMPTY_QUERY = re.compile(r"\?(?:#|$)")
BLOGROLL_WORDS = ("blogroll", "widget_links", "linkcat", "bloglist", "blog-list", "friends")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MAX_LINKS = 5000  # beyond this a page is a link farm or a dump; the rest is dropped
MAX_BLOGROLL_SIBLINGS = 20
# Every match of BLOGROLL_HEADING says one of these words (tests/analysis/test_links.py holds this): a
# heading without any, lower-cased, is not read by its ~20 alternatives (10 us a heading in other characters
# than ASCII, a third of the saved pages' headings). Unless it holds a letter that the regex, ignoring case,
# matches as an ASCII one and str.lower() does not make one: these are all of them (the test holds this too).
BLOGROLL_HEADING_WORDS = ("blog", "link", "friend", "lien", "freunde", "enlace", "amigo")
CASE_FOLDED_TO_ASCII = ("\u0130", "\u0131", "\u017f")  # dotted and dotless i, long s (the Kelvin sign lowers to "k")


def resolve(base: str, href: str, origin: str = "", directory: str = "") -> str | None:
    """An absolute http(s) URL without fragment, or None for links that lead to no page.

    `origin` ("https://host") lets root-relative links skip urljoin, the slow part, and
    `directory` (`directory_of` the base) plain relative ones ("page.html", "a/b?x=1").
    """
    href = href.strip(" \t\n\r\f")
    if not href or href[0] == "#":
        return None
    if href.startswith(("http://", "https://")) and not _needs_join(href):
        url = href
    elif (origin and href[0] == "/" and href[:2] != "//" and not _needs_join(href)
          and not ("?" in href and _EMPTY_QUERY.search(href))):
        url = origin + href
    elif directory and (plain := _plain_relative(href)):
        url = directory + plain
    else:
        if href[:12].lower().startswith(SKIPPED_SCHEMES):
            return None
        try:
            url = urljoin(base, href)
        except ValueError:
            return None
        if not is_http_url(url):
            return None
    url = url.partition("#")[0]
    path = url.partition("?")[0]
    dot = path.rfind(".")
    if dot > path.rfind("/") and path[dot + 1:].lower() in BINARY_EXTENSIONS:
        return None
    return url


def _needs_join(href: str) -> bool:
    """``_NEEDS_JOIN.search(href)``, told without the regex for an href that holds no backslash, no "/." and no
    whitespace: none but the space is printable (str.isprintable; tests/analysis/test_links.py holds this), and
    the regex engine, with no literal to look for first, tries both branches at every character (0.8 us an href
    of the saved pages, the four looks 0.25 us)."""
    if "/." not in href and "\\" not in href and " " not in href and href.isprintable():
        return False
    return _NEEDS_JOIN.search(href) is not None


# A relative path urljoin would only append to the base's directory: no scheme, no dot or empty
# segments, no parameters, and a query (if any) that is not empty.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_~%-][^:;?#\\\s]*\Z")
_DOT_SEGMENT = re.compile(r"(?:^|/)\.\.?(?:/|$)")
_UNSAFE_BASE_PATH = re.compile(r";|//|(?:^|/)\.\.?(?:/|$)")
_SPACE_OR_BACKSLASH = re.compile(r"[\x00-\x20\\]")


def _plain_relative(href: str) -> str:
    """The href without its fragment when urljoin would just append it to the base's directory, else ""."""
    before = href.partition("#")[0]
    path, sep, query = before.partition("?")
    if (not _PLAIN_PATH.match(path) or "//" in path or ("." in path and _DOT_SEGMENT.search(path))
            or (sep and not query) or _needs_join(before)):
        return ""
    return before


def directory_of(base: str, origin: str) -> str:
    """"scheme://netloc/dir/" of the base, to which a plain relative href joins as urljoin joins it; "" when the
    base's path has what urljoin rewrites (empty or dot segments, parameters, spaces)."""
    if not origin or not base.startswith(origin) or not is_http_url(base):
        return ""
    path = base[len(origin):].partition("#")[0].partition("?")[0]
    if _SPACE_OR_BACKSLASH.search(base) or _UNSAFE_BASE_PATH.search(path):
        return ""
    return origin + path[: path.rfind("/") + 1] if path else origin + "/"


def origin_of(url: str) -> str:
    """"scheme://netloc" of an http(s) URL, or "" (then every link goes through urljoin)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("http", "https"):
        return ""
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return f"{scheme}://{netloc}" if netloc else ""


def _ids(nodes: list[LexborNode]) -> set[int]:
    return {n.mem_id for n in nodes}


def _inside(containers: list[LexborNode], selector: str = ANCHORS) -> set[int]:
    """Ids of the links inside any of the containers."""
    found: set[int] = set()
    for container in containers:
        if container.tag in ("a", "area"):
            found.add(container.mem_id)
        found.update(n.mem_id for n in container.css(selector))
    return found


# A part of a selector list that tests one attribute alone: a class, an id, or [name], [name=value] and the like.
_ONE_ATTRIBUTE = re.compile(r"[.#][\w-]+$|\[([\w-]+)(?:[~|^$*]?=[^\]]*)?\]$")


@lru_cache(maxsize=256)
def grouped(selector: str) -> str:
    """The same elements as the selector list, its parts that test one and the same attribute tried behind a test of
    that attribute: ".menu, #nav, .nav" as "[class]:is(.menu, .nav), #nav". lexbor tries each part of a list on each
    element (~12 ns a try); an element without the attribute fails a group in one (the nav containers of a 394 KB
    page, 6,000 elements: 1.3 ms, not 1.6). The order of the parts changes, not that of the elements found."""
    kept: list[str] = []
    groups: dict[str, list[str]] = {}
    for part in split_list(selector):
        one = _ONE_ATTRIBUTE.match(part)
        if one is None:
            kept.append(part)
        else:
            groups.setdefault({".": "class", "#": "id"}.get(part[0]) or one[1].lower(), []).append(part)
    kept += [f"[{name}]:is({', '.join(parts)})" if len(parts) > 1 else parts[0] for name, parts in groups.items()]
    return ", ".join(kept)


def _in_containers(nodes: list[LexborNode], containers: list[LexborNode]) -> tuple[list[bool], list[LexborNode]]:
    """(for each anchor, page order: is it inside a container; the outermost containers that hold anchors).

    A container's anchors follow each other in page order: from the first in it (css_first) to the first after it,
    found in a few ancestor walks however many it holds, where a query of the container named each (a Blogger archive
    widget's 1,800: 0.5 ms). A container whose first anchor is in the run of the one before it is inside that one."""
    inside = [False] * len(nodes)
    holders: list[LexborNode] = []
    index = {node.mem_id: i for i, node in enumerate(nodes)} if containers else {}
    end = 0
    for container in containers:  # in page order, each before those inside it
        first = container.css_first(ANCHORS)  # the container itself, if it is a link
        start = index.get(first.mem_id, -1) if first is not None else -1  # -1: none, or past MAX_LINKS
        if start < end:
            continue
        end = _run_end(nodes, start, container)
        inside[start:end] = [True] * (end - start)
        holders.append(container)
    return inside, holders


def _run_end(nodes: list[LexborNode], start: int, container: LexborNode) -> int:
    """The index of the first anchor after `start` (one inside the container) that is outside it, or len(nodes): steps
    doubled while they land inside, then halved."""
    target = container.mem_id
    parent = container.parent
    beside = parent.mem_id if parent is not None else target  # an anchor that reaches it first is outside

    def holds(i: int) -> bool:
        node: LexborNode | None = nodes[i]
        while node is not None:
            mem = node.mem_id
            if mem in (target, beside):
                return mem == target
            node = node.parent
        return False

    inside, step = start, 1
    while inside + step < len(nodes) and holds(inside + step):
        inside += step
        step *= 2
    low, high = inside + 1, min(inside + step, len(nodes))  # nodes[high] is outside (or there is none)
    while low < high:
        middle = (low + high) // 2
        if holds(middle):
            low = middle + 1
        else:
            high = middle
    return low


def _is_blogroll_container(node: LexborNode) -> bool:
    attrs = node.attributes
    ident = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return any(word in ident for word in BLOGROLL_WORDS)


def _blogroll_by_heading(doc: Document) -> set[int]:
    """Links that follow a heading such as "Blogs I read", up to the next heading."""
    found: set[int] = set()
    # HEADING_SELECTOR's elements, in no particular order (a heading twice adds nothing): its tags from the
    # document's one walk by tag, its classes in a walk of their own only on a page that may hold them.
    headings = [node for tag in HEADING_ELEMENTS for node in doc.tagged(tag)]
    headings += SCREEN.selected(doc.tree, HEADING_CLASSES, doc.screened())
    for heading in headings:
        text = heading.text()
        if len(text) > 80 or not _names_blogroll(text):
            continue
        sibling = heading.next
        for _ in range(MAX_BLOGROLL_SIBLINGS):
            if sibling is None or sibling.tag in HEADING_TAGS:
                break
            if sibling.tag == "a":
                found.add(sibling.mem_id)
            elif sibling.is_element_node:
                found |= _ids(sibling.css("a[href]"))
            sibling = sibling.next
    return found


def _names_blogroll(heading: str) -> bool:
    if heading.isascii() or not any(char in heading for char in CASE_FOLDED_TO_ASCII):
        low = heading.lower()
        if not any(word in low for word in BLOGROLL_HEADING_WORDS):
            return False
    return BLOGROLL_HEADING.search(heading) is not None


def anchor_text(node: LexborNode, attrs: Attributes | None = None) -> str:
    """The link's text, whitespace collapsed; an image link's alt text (`attrs`: the node's attributes, if read)."""
    text = collapse(node.text(deep=True, separator=" "))
    if not text:
        # a link without children (a fifth of those without text) holds no image: no query (3 us) for it
        img = node.css_first("img[alt]") if node.child is not None else None
        if img is not None:
            text = collapse(img.attributes.get("alt") or "")
        if not text:
            if attrs is None:
                attrs = node.attributes
            text = collapse(attrs.get("title") or attrs.get("aria-label") or "")
    return text[:300]


def extract_links(doc: Document) -> tuple[tuple[Link, ...], tuple[str, ...], tuple[str, ...]]:
    """(links, feeds, sitemaps) of the page."""
    tree = doc.tree
    base = doc.base_url
    origin = origin_of(base)
    directory = directory_of(base, origin)
    nodes = doc.tagged("anchors")
    attributes = doc.anchor_attributes
    if len(nodes) > MAX_LINKS:
        doc.warnings.append(f"links_truncated:{len(nodes)}>{MAX_LINKS}")
        nodes, attributes = nodes[:MAX_LINKS], attributes[:MAX_LINKS]
    commenter = _ids(doc.commenter_links)
    screened = doc.screened()  # the parts of these selectors whose names the page holds (rules/screen.py)
    live = SCREEN.live(NAV_CONTAINERS, screened)
    containers = unique(tree.css(grouped(live))) if live else []
    nav, holders = _in_containers(nodes, containers)
    # Blogroll widgets live in sidebars and footers: look for them there only.
    blogroll = _blogroll_by_heading(doc)
    # The blogroll widgets inside a container: looked for in the outermost containers' subtrees only
    # (lexbor's cost is per node visited: the sidebars and footers are a part of the page).
    blogroll_parts = SCREEN.live(BLOGROLL_CONTAINERS, screened)  # "" on most pages: no walk at all
    if blogroll_parts:
        container_ids = _ids(containers)
        blogroll |= _inside([c for o in holders for c in o.css(blogroll_parts) if has_ancestor_in(c, container_ids)])
    blogroll |= _inside([c for c in holders if _is_blogroll_container(c)])
    marked = bool(commenter or blogroll)  # else no link's mem_id is asked for
    own_site = doc.site
    site_of = doc.site_of
    table = _remembered(site_of)
    resolved: dict[str, tuple[str | None, str, str]] = {}
    seen: set[tuple[str, str]] = set()
    links: list[Link] = []
    feeds: list[str] = []
    sitemaps: list[str] = []
    for node, attrs, in_nav in zip(nodes, attributes, nav, strict=True):
        href = attrs.get("href") or ""
        known = resolved.get(href)
        if known is None:
            known = resolved[href] = _resolve_with_site(base, origin, directory, href, site_of, table)
        url, site, url_kind = known
        if url is None:
            continue
        mem = node.mem_id if marked else 0
        rel_text = attrs.get("rel")
        rel = tuple(rel_text.lower().split()) if rel_text else ()
        if mem in commenter:
            kind = "commenter"
        elif mem in blogroll or (rel and not XFN_TOKENS.isdisjoint(rel)):
            kind = "blogroll"
        elif url_kind == "feed" or (attrs.get("type") or "") in FEED_TYPES:
            kind = "feed"
            feeds.append(url)
        elif url_kind == "sitemap":
            kind = "sitemap"
            sitemaps.append(url)
        elif in_nav:
            kind = "nav"
        else:
            kind = "content"
        key = (url, kind)
        if key in seen:
            continue
        seen.add(key)
        links.append(_link(url, anchor_text(node, attrs), rel, kind, site != own_site))
    head_feeds = [
        url
        for href, attrs in doc.link_hrefs("alternate", token=True)
        if (attrs.get("type") or "").lower().strip() in FEED_TYPES and (url := resolve(base, href))
    ]
    head_sitemaps = [url for href, _ in doc.link_hrefs("sitemap") if (url := resolve(base, href))]
    return (tuple(links), tuple(dict.fromkeys(head_feeds + feeds)),
            tuple(dict.fromkeys(head_sitemaps + sitemaps)))


# site_of -> (origin, href) -> (URL, site, "feed"/"sitemap"/"") of hrefs whose URL does not depend on the page's
# path: absolute ones with a host (origin "") and root-relative ones (not "//...": urljoin reads a bare "//" as the
# page itself). A site's pages repeat most of their links (menus, sidebars, blogrolls), and a look-up here costs a
# tenth of resolving the href and naming its site. Keyed by strings only: the garbage collector stops tracking such
# tuples, where a key that held site_of stayed tracked and each full collection walked all 32,768 of them.
_KNOWN: dict[SiteOf, dict[tuple[str, str], tuple[str | None, str, str]]] = {}
MAX_SITE_OFS = 8  # a crawl names sites one way; callers that pass a new function each time do not pile up tables
# An absolute href with a host: "http:///x" has none, and urljoin resolves it against the page.
_ABSOLUTE = re.compile(r"https?://[^/?#\\\s]")
MAX_KNOWN = 1 << 15
# Links are immutable, and a site's menus repeat on every page: equal links are one object. Fewer of them than
# hrefs: a Link is an object the garbage collector tracks (~0.8 us each in a full collection on this machine),
# and a site's menus and sidebars are a few hundred links.
_LINKS: dict[tuple[str, str, tuple[str, ...], str, bool], Link] = {}
MAX_LINKS_KEPT = 1 << 12


def _link(url: str, anchor: str, rel: tuple[str, ...], kind: str, external: bool) -> Link:
    key = (url, anchor, rel, kind, external)
    link = _LINKS.get(key)
    if link is None:
        if len(_LINKS) >= MAX_LINKS_KEPT:
            _LINKS.clear()
        # by position: 0.7x the time of keywords (Link's fields are in this order: test_links holds it)
        link = _LINKS[key] = Link(url, anchor, rel, kind, external)
    return link


def _remembered(site_of: SiteOf) -> dict[tuple[str, str], tuple[str | None, str, str]]:
    """The hrefs remembered for this way of naming sites (`_KNOWN`)."""
    table = _KNOWN.get(site_of)
    if table is None:
        if len(_KNOWN) >= MAX_SITE_OFS:
            _KNOWN.clear()
        table = _KNOWN[site_of] = {}
    return table


def _resolve_with_site(base: str, origin: str, directory: str, href: str, site_of: SiteOf,
                       table: dict[tuple[str, str], tuple[str | None, str, str]] | None = None,
                       ) -> tuple[str | None, str, str]:
    """(the link's URL or None, its site, "feed" or "sitemap" if its URL says so): `resolve`, `site_of`
    and the URL's kind, remembered where the page's path does not matter (`table`: `_remembered(site_of)`)."""
    if _ABSOLUTE.match(href):
        key = ("", href)
    elif origin and href[:1] == "/" and href[:2] != "//":  # root-relative: only the origin matters
        key = (origin, href)
    else:
        return _resolved(resolve(base, href, origin, directory), site_of)
    if table is None:
        table = _remembered(site_of)
    known = table.get(key)
    if known is None:
        if len(table) >= MAX_KNOWN:
            table.clear()
        known = table[key] = _resolved(resolve(base, href, origin), site_of)
    return known


def _resolved(url: str | None, site_of: SiteOf) -> tuple[str | None, str, str]:
    if url is None:
        return None, "", ""
    low = url.lower()
    if _is_feed(url, low):
        kind = "feed"
    elif "sitemap" in low and SITEMAP_URL.search(url.partition("?")[0]):
        kind = "sitemap"
    else:
        kind = ""
    return url, _site(site_of, url), kind


def _is_feed(url: str, low: str) -> bool:
    """Does the URL (`low`: lower-cased) say it is a feed."""
    if "feed" not in low and "rss" not in low and "atom" not in low and "index.xml" not in low:
        return False
    return FEED_URL.search(url.partition("?")[0]) is not None or low.endswith("/feeds/posts/default?alt=rss")


def _site(site_of: SiteOf, url: str) -> str:
    try:
        return str(site_of(url))
    except Exception:  # noqa: BLE001 - analysis never raises: a URL the caller's site_of rejects has no site
        return ""
