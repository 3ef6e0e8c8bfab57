"""Scrapy's Referer middleware, without working out a Referer for a request that has one already."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.referer import RefererMiddleware as ScrapyRefererMiddleware


class RefererMiddleware(ScrapyRefererMiddleware):
    """Scrapy's, without working out a Referer for a request that has one already.

    Scrapy's policy only ever sets the header if it is missing (``setdefault``), but computes it
    for every request a callback yields. The discover spider gives each request the page that
    linked to it, so the policy's answer was thrown away. Requests without the header (seeds,
    redirects, whose header Scrapy's redirect code removes first) get the policy's, as before.
    """

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if b"Referer" in request.headers:
            return request
        return super().get_processed_request(request, response)
