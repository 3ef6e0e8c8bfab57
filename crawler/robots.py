"""The robots.txt rule every caller follows: what an answer to /robots.txt means for a site.

- **5xx, or no answer** (a timeout, a refused connection, a DNS failure): disallow the whole site
  (RFC 9309, 2.3.1.4); the crawl skips the site for the run, `classify URL` refuses the page.
- **Any other answer**: its body holds the rules, read by Protego as Scrapy reads them (2xx; a 4xx
  error page names no rules, so it allows everything, as RFC 9309 says for 4xx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.robotstxt import ProtegoRobotParser

if TYPE_CHECKING:
    from scrapy.robotstxt import RobotParser

# The reason given, in one line, whenever a site is refused because its robots.txt was not read.
UNREACHABLE = "robots.txt unreachable means disallow"


def robots_url(url: str) -> str:
    """The robots.txt that governs ``url``: its scheme and host (with port), path /robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def disallows_all(status: int | None) -> bool:
    """Does this answer to /robots.txt (its HTTP status, None when none came) forbid the whole site?"""
    return status is None or status >= 500


class DisallowAll:
    """The robots.txt of a site whose robots.txt could not be read: nothing may be fetched."""

    def __init__(self, why: str = "") -> None:
        self.why = why  # "connection refused", "HTTP 503", ...

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        return None


def parse(body: bytes) -> RobotParser:
    """The rules of a robots.txt body, parsed as the crawl parses them (Scrapy's Protego parser)."""
    return ProtegoRobotParser(body, None)

