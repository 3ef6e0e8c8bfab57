"""linktrail's own Scrapy signals, sent by its components and connected to by its spiders."""

from __future__ import annotations

# Sent by SiteBreakerMiddleware when it stops a site: handlers get ``site`` and ``reason``.
site_broken = object()
