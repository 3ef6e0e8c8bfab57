"""Key Scrapy's download slot by linktrail's site identity, not the bare host name."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request

from crawler.urls import site_of


def slot_of(request: Request) -> str:
    """The site a request belongs to: its download slot (set by SiteSlotMiddleware)."""
    return str(request.meta.get("download_slot") or site_of(request.url) or urlsplit(request.url).netloc)


class SiteSlotMiddleware:
    """Key Scrapy's download slot by linktrail's site identity, not the bare host name.

    Scrapy keys slots by host without the port, so two blogs on 127.0.0.1 would share one
    slot, and ``blog.example.com`` and ``www.example.com`` would get two. The per-site
    concurrency and delay only mean "per site" when the slot is the site.
    """

    def process_request(self, request: Request) -> None:
        # Set every time: a request redirected to another site carries its old site's slot.
        request.meta["download_slot"] = site_of(request.url) or urlsplit(request.url).netloc
