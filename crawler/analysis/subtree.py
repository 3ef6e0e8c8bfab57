"""A subtree's text without some of its elements, read in place (the tree is left as it was); nodes without
repeats, and whether an ancestor is among some."""

from __future__ import annotations

from selectolax.lexbor import LexborNode


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
