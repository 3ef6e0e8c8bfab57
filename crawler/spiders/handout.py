"""The discover spider's count of requests out, in one process or as one worker of a shared crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import scrapy

    from crawler.frontier import Candidate, Frontier


class HandOutCount:
    """Requests the spider handed out and not yet heard back from: its feed-ahead and its frontier's sites in flight.

    As one worker of a shared crawl (``handback`` set by crawler/scale/scheduler.py), another worker
    may end a request this one handed out: it says so through crawler/scale/handback.py, and this
    one frees the site when it next feeds. Whoever ends a request made elsewhere tells its origin.
    """

    handback: Any = None  # crawler/scale/handback.HandBack for a worker of a shared crawl
    read_for_others: dict[str, float]  # relevance of pages read here for requests another worker handed out
    frontier: Frontier
    outstanding: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_for_others = {}

    def _stat(self, key: str, n: int = 1) -> None:
        raise NotImplementedError

    def _count_pages(self) -> None:
        raise NotImplementedError

    def _ended(self, c: Candidate, stored: bool, final: str | None = None, page: bool = False,
               origin: str | None = None) -> None:
        raise NotImplementedError

    def _origin_meta(self) -> dict[str, str]:
        """What a request carries so that whoever ends it can tell this worker (nothing in one process)."""
        return {} if self.handback is None else {"lt_origin": self.handback.worker}

    def _told_origin(self, c: Candidate, page: bool, origin: str | None) -> bool:
        """Another worker handed this request out: tell it (it counts it), and count nothing here."""
        if self.handback is None or self.handback.mine(origin):
            return False
        self.handback.tell(origin, c.site, c.hub, page, self.read_for_others.pop(c.url, None))
        return True

    def _note_relevance(self, c: Candidate, site: str, relevance: float, origin: str | None) -> None:
        """A page of ``site`` was read (for ``c``): its relevance ranks the site's pending pages.

        As a worker reading a page another worker handed out, this one counts the page against the
        site's caps here too (the links it adds next are the site's pages), and keeps its relevance
        for the word back to the origin, which holds the site's pending pages.
        """
        if self.handback is not None and not self.handback.mine(origin):
            self.frontier.read_here(site)
            self.read_for_others[c.url] = relevance
        self.frontier.note_relevance(site, relevance)

    def _collect_handed_back(self) -> None:
        """This worker's requests that other workers ended since it last fed."""
        for site, hub, page, relevance in self.handback.collect() if self.handback is not None else ():
            self._stat("frontier/handed_back")
            self._returned(site, hub, page, relevance)

    def _returned(self, site: str, hub: bool, page: bool, relevance: float | None = None) -> None:
        self.outstanding = max(self.outstanding - 1, 0)
        if relevance is not None:  # read by another worker: known here before the site may send again
            self.frontier.note_relevance(site, relevance)
        self.frontier.done(site, hub=hub, page=page)
        if page:
            self._count_pages()

    def release_all(self) -> None:
        """Nothing this spider handed out is out anywhere any more: every site may send again."""
        for site, hub, page, relevance in self.handback.collect(force=True) if self.handback is not None else ():
            self._returned(site, hub, page, relevance)
        self.outstanding = 0
        # Sites still marked in flight here although nothing is out: a request ended where this spider was
        # never told (as one worker of a shared crawl: a worker killed while holding one).
        held = self.frontier.reset_inflight()
        if held:
            self._stat("frontier/held_when_idle", held)

    def _on_dropped(self, request: scrapy.Request) -> None:
        """The scheduler refused a request (the shared seen-set: another worker found it first): it is not out."""
        c: Candidate | None = request.meta.get("lt")
        if c is not None:
            self._ended(c, False, origin=request.meta.get("lt_origin"))
