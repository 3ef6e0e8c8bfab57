"""A site's delay counted from the end of its last download, so the site itself sees the gap.

Scrapy counts ``DOWNLOAD_DELAY`` from the moment a site's download slot lets a request go. The bytes
leave an event-loop turn or more later, and a page being analysed holds the loop for tens of
milliseconds: one request's bytes went out late, the next one's on time, and a server saw 0.278 s
between two requests the crawler had let go 0.3 s apart. With one request at a time per site,
counting the delay from the moment the last download ended (response or failure) makes it a
minimum at the site too: the next request leaves after that moment plus the delay, and the site
saw the last one before it answered. Apache Nutch's fetcher counts its crawl delay the same way.
The cost is one response time per request on each site, which only a delayed crawl pays.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from time import monotonic
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader
from scrapy.crawler import Crawler
from scrapy.http import Response

Download = Callable[[Request], Coroutine[Any, Any, Response]]


class PacedDownloader(Downloader):
    """Scrapy's downloader, whose per-site delay runs from the end of the site's last download."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # Scrapy frees a site's slot, and may start its next request, as soon as the handler returns:
        # the end is stamped there, before that, whether the download answered or failed.
        download = self.handlers.download_request_async
        self.handlers.download_request_async = self._ends_stamped(download)  # type: ignore[method-assign,assignment]

    def _ends_stamped(self, download: Download) -> Download:
        async def stamped(request: Request) -> Response:
            try:
                return await download(request)
            finally:
                self.download_ended(request)

        return stamped

    def download_ended(self, request: Request) -> None:
        """``request``'s download has ended: its site's delay runs from now."""
        slot = self.slots.get(request.meta.get(self.DOWNLOAD_SLOT))  # type: ignore[arg-type]
        if slot is not None and slot.delay > 0:
            slot.lastseen = monotonic()
