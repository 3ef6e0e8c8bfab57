"""Where comment widgets draw: the elements their embed rules select, and which of those rules fire."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from .document import Document
from .rules import EMBED_RULES, SCREEN, Rule
from .subtree import has_ancestor_in

WIDGET_SELECTOR = ", ".join(r.pattern for r in EMBED_RULES if r.where == "css")
# The embed rules that read no markup: all that can fire on a page where WIDGET_SELECTOR finds nothing
# (one walk of the tree instead of one per css rule, 0.75x their time).
EMBED_UNMARKED = tuple(r for r in EMBED_RULES if r.where != "css")


class Widgets:
    """The elements a comment widget draws into (css embed rules, one pass, read only when a form is found)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ids: set[int] | None = None

    def holds(self, form: LexborNode) -> bool:
        if self.ids is None:
            doc = self.doc
            self.ids = {n.mem_id for n in SCREEN.selected(doc.tree, WIDGET_SELECTOR, doc.screened())}
        return bool(self.ids) and (form.mem_id in self.ids or has_ancestor_in(form, self.ids))

    def embeds(self) -> list[Rule]:
        """The embed rules that fire, in table order."""
        doc = self.doc
        drawn = bool(self.ids) if self.ids is not None else SCREEN.selects(doc.tree, WIDGET_SELECTOR, doc.screened())
        return self.doc.fired(EMBED_RULES if drawn else EMBED_UNMARKED)
