"""One walk of a freshly parsed tree for the elements analysers ask for by tag alone and the ones dropped from it.

lexbor walks the whole tree for each css() query (~0.1 ms on a median real page, several ms on a 400 KB one) and
tries every part of a selector list on each element; a part that tests a tag name alone is cheap, the walk and the
nodes it hands back are not. So the document's invisible markup (DROPPED) and TAG_SELECTORS' elements are found in
one walk: the same nodes, in the same order, as the two queries made apart (tests/analysis/test_tag_walks.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Markup whose text a reader never sees; dropped from the tree once scripts are read.
DROPPED = "script, style, noscript, template"
DROPPED_TAGS = frozenset(DROPPED.split(", "))
# Dropped elements that may hold elements (a <script> or <style> holds text only).
HOLDERS = frozenset({"noscript", "template"})
# Elements analysers ask for by tag alone, and JOINED's groups of them in page order: what "a[href], area[href]"
# and "h1, h2, h3, h4" select (a part more, such as the headings, costs ~4 us of the walk).
TAG_SELECTORS = {"a": "a[href]", "area": "area[href]", "iframe": "iframe[src]", "link": "link[href]",
                 "base": "base[href]", "meta": "meta", "title": "title", "h1": "h1", "h2": "h2", "h3": "h3", "h4": "h4",
                 "textarea": "textarea"}
# What the "anchors" group holds, as one selector (by_tag_queried; links.py's queries of a container's links).
ANCHORS = "a[href], area[href]"
JOINED = {"a": "anchors", "area": "anchors", "h1": "headings", "h2": "headings", "h3": "headings", "h4": "headings"}
BOTH = f"{', '.join(TAG_SELECTORS.values())}, {DROPPED}"
Groups = dict[str, list[LexborNode]]


def ancestors(node: LexborNode) -> Iterator[LexborNode]:
    """The element's ancestors, nearest first."""
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _inside(node: LexborNode, holder: LexborNode) -> bool:
    """Is `holder` an ancestor of `node`."""
    target = holder.mem_id
    return any(parent.mem_id == target for parent in ancestors(node))


def within(node: LexborNode, tag: str) -> bool:
    """Has the element an ancestor element of this tag (what the descendant combinator in "tag node" asks)."""
    return any(parent.tag == tag for parent in ancestors(node))


def foreign(node: LexborNode) -> bool:
    """Is the element inside SVG or MathML (or in an HTML island in one: callers treat both alike)."""
    return any(parent.tag in ("svg", "math") for parent in ancestors(node))


def by_tag(tree: LexborHTMLParser | LexborNode) -> Groups | None:
    """TAG_SELECTORS' elements by tag, and JOINED's groups, in page order; None for a tag lexbor spells otherwise
    (then one query per selector)."""
    groups = _empty_groups()
    for node in tree.css(", ".join(TAG_SELECTORS.values())):
        if not _add(groups, node, node.tag):
            return None
    return groups


def by_tag_queried(tree: LexborHTMLParser) -> Groups:
    """What `by_tag` finds, one query per selector."""
    return {"anchors": tree.css(ANCHORS), "headings": tree.css("h1, h2, h3, h4"),
            **{t: tree.css(selector) for t, selector in TAG_SELECTORS.items()}}


def _empty_groups() -> Groups:
    """One empty list per tag of TAG_SELECTORS and per group of JOINED."""
    return {tag: [] for tag in (*TAG_SELECTORS, *JOINED.values())}


def _add(groups: Groups, node: LexborNode, tag: str | None) -> bool:
    """Put the element (`tag`: its tag, read once by the caller) in its group; False for a tag of no group."""
    name = tag or ""
    group = groups.get(name)
    if group is None:
        return False
    group.append(node)
    joined = JOINED.get(name)
    if joined is not None:
        groups[joined].append(node)
    return True


def walk(tree: LexborHTMLParser) -> tuple[list[LexborNode], Groups] | None:
    """(what ``tree.css(DROPPED)`` selects, what `by_tag` will find once those are decomposed), in one walk; None
    for a tag lexbor spells otherwise. lexbor walks in page order, each element before its descendants: the
    elements inside a dropped <noscript> or <template> follow it, before anything outside it."""
    dropped: list[LexborNode] = []
    groups = _empty_groups()
    holder: LexborNode | None = None  # the last dropped element that may hold the nodes that follow
    for node in tree.css(BOTH):
        if holder is not None:
            if _inside(node, holder):
                if node.tag in DROPPED_TAGS:
                    dropped.append(node)
                continue  # decomposed with its holder
            holder = None
        tag = node.tag
        if tag in DROPPED_TAGS:
            dropped.append(node)
            if tag in HOLDERS:
                holder = node
        elif not _add(groups, node, tag):
            return None
    return dropped, groups

