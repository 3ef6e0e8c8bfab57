"""A subtree's text without some of its elements, read in place (the tree is left as it was); nodes without
repeats, whether an ancestor is among some, and a query's nodes found as they are read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Queries (css_first or css, ~5 us each) `selected_in_order` makes at most before it asks for all the nodes at once:
# a node among a thousand small siblings would otherwise cost a query each.
IN_ORDER_QUERIES = 48
# Children of a node `_wraps` reads at most.
WRAPPER_NODES = 16
# A selector part that tests one attribute for a substring ("[class*=date]"): read from a node's attributes in Python.
_SUBSTRING_PART = re.compile(r"\[([a-z-]+)\*=([a-zA-Z0-9-]+)\]")


def text_without(node: LexborNode, junk: list[LexborNode]) -> str:
    """The node's text (deep, " " between fragments) without that of `junk`, the elements of its subtree
    (itself included) that a selector found, in page order.

    What a clone of the node with the junk decomposed reads ("" when the node is junk itself), without
    copying the subtree (cloning a 100 KB body cost more than the rest of the article's analysis): the
    junk is unlinked from the tree (its own subtree kept), the text read, and each junk element put
    back where it was, last unlinked first, before anything else reads the tree.
    """
    ident = node.mem_id
    if any(j.mem_id == ident for j in junk):
        return ""
    # (element, its next sibling then, its parent then): children before their ancestors, so each
    # is put back into a tree that is as it was when it was unlinked
    unlinked: list[tuple[LexborNode, LexborNode | None, LexborNode | None]] = []
    try:
        for element in reversed(junk):
            place = (element, element.next, element.parent)
            element.decompose(recursive=False)  # unlinks the element; its subtree stays with it
            unlinked.append(place)
        return node.text(deep=True, separator=" ")
    finally:
        for element, after, parent in reversed(unlinked):
            if after is not None:
                after.insert_before(element, move=True)
            elif parent is not None:
                parent.insert_child(element, move=True)


def unique(nodes: list[LexborNode]) -> list[LexborNode]:
    """Nodes without repeats (lexbor lists a node once per selector of a list it matches)."""
    seen: set[int] = set()
    result = []
    for node in nodes:
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            result.append(node)
    return result


def has_ancestor_in(node: LexborNode, ids: set[int], limit: int = 200) -> bool:
    parent = node.parent
    while parent is not None and limit:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
        limit -= 1
    return False


class _Spent(Exception):
    """`selected_in_order` made IN_ORDER_QUERIES queries."""


def selected_in_order(root: LexborHTMLParser | LexborNode, selector: str,
                      queries: int = IN_ORDER_QUERIES) -> Iterator[LexborNode]:
    """What ``root.css(selector)`` lists, in its order (repeats too), found as the caller reads them: lexbor walks
    every element for a css() query and tries each part of the selector on it (a 12-part selector: 1.2 ms on a
    200 KB page), where a caller that stops at the first nodes needs only the tree up to them. The first match is
    css_first's (the walk stops there), then its subtree's matches (of a wrapper, such as an article whose class names
    "status-publish", each child's subtree's the same way: the node itself listed once for each "[attribute*=...]"
    part it matches, as css lists it), then the following siblings of it and of each of its ancestors, in page order,
    each the same way. A subtree's query is matched against the whole tree (a
    combinator reads ancestors outside it), so each lists what the whole query lists inside it. Past `queries`
    queries, the rest of the whole query's list."""
    top = root.root if isinstance(root, LexborHTMLParser) else root
    if top is None:
        return
    read = 0
    left = [queries]
    try:
        for node in _in_order(top, selector, left):
            read += 1
            yield node
    except _Spent:
        yield from root.css(selector)[read:]


def _query(left: list[int]) -> None:
    """Count one query; past the budget, stop (_Spent)."""
    left[0] -= 1
    if left[0] < 0:
        raise _Spent


def _in_order(top: LexborNode, selector: str, left: list[int]) -> Iterator[LexborNode]:
    """``top.css(selector)``'s nodes, found as they are read (`selected_in_order`)."""
    _query(left)
    first = top.css_first(selector)
    if first is None:
        return
    tests = _substring_tests(selector)
    if tests is None or not _wraps(first):
        _query(left)
        yield from first.css(selector)  # itself first (repeated as css repeats it), then its subtree's
    else:  # a wrapper (an article): itself once a part it matches (as css repeats it), then each child's subtree's
        attrs = first.attrs
        for name, value in tests:
            if value in (attrs.get(name) or ""):
                yield first
        child = first.child
        while child is not None:
            if child.is_element_node:
                yield from _in_order(child, selector, left)
            child = child.next
    node: LexborNode | None = first  # inside top: its ancestors reach top
    while node is not None and node.mem_id != top.mem_id:
        sibling = node.next
        while sibling is not None:
            if sibling.is_element_node:
                yield from _in_order(sibling, selector, left)
            sibling = sibling.next
        node = node.parent


def _wraps(node: LexborNode, nodes: int = WRAPPER_NODES) -> bool:
    """Does the element hold elements that hold elements (an article, not a byline's few spans)? One whose children
    and their children are more than `nodes`, taken for one."""
    child = node.child
    while child is not None:
        grandchild = child.child if child.is_element_node else None
        while grandchild is not None:
            if grandchild.is_element_node:
                return True
            nodes -= 1
            grandchild = grandchild.next
        nodes -= 1
        if nodes < 0:
            return True
        child = child.next
    return False


@cache
def _substring_tests(selector: str) -> tuple[tuple[str, str], ...] | None:
    """(attribute, substring) of each part of a selector list of "[attribute*=substring]" parts; None for another."""
    tests = [_SUBSTRING_PART.fullmatch(part) for part in selector.split(", ")]
    return tuple((test[1], test[2]) for test in tests if test is not None) if all(tests) else None
