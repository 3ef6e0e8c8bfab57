"""The frontier's part in a shared crawl (crawler/scale/): pages of its sites read, and verdicts given, elsewhere."""

from __future__ import annotations

from crawler.sitestate import SiteState


class SharedSites:
    """What a worker's frontier hears of its sites from the other workers of a shared crawl."""

    sites: dict[str, SiteState]

    def note_relevance(self, site: str, relevance: float | None) -> None:
        raise NotImplementedError

    def _offer(self, site: str, state: SiteState) -> None:
        raise NotImplementedError

    def judging(self, site: str, url: str) -> bool:
        """Is ``url`` the home page whose verdict the new site ``site``'s other pages wait for, and out?"""
        state = self.sites.get(site)
        return state is not None and state.judging and state.judge == url and state.relevance is None

    def verdict(self, site: str, relevance: float | None, *, read_here: bool = False) -> None:
        """The verdict of the home page ``site`` waited for, read by another worker (None: no page came of
        it): as if it had been read here, the site's other pages may go, or stop if it is off-niche.
        ``read_here``: this worker read it (for the worker that handed it out), already counted by ``read_here``."""
        state = self.sites.get(site)
        if state is None:
            return
        state.ended(hub=False)  # its home page's request has ended: the wait is over
        if relevance is not None and not read_here:
            self.read_here(site)  # against the site's caps here (its budget counted elsewhere)
        self.note_relevance(site, relevance)
        self._offer(site, state)

    def read_here(self, site: str) -> None:
        """As one worker of a shared crawl: a page of ``site`` another worker handed out was read here.

        It counts against the site's caps here (not the budget: its origin counts that), so the
        links this worker adds next meet the same caps as in one process.
        """
        state = self.sites.get(site)
        if state is None:
            state = self.sites[site] = SiteState(False)
        state.pages += 1
