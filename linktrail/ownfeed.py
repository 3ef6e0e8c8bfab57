"""Read the user's own feed (`[you] feed`) after a crawl: the dates of their posts, for the plan's cadence."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from crawler.analysis import analyse
from crawler.config import Config
from crawler.feeds import FeedError
from crawler.fetch import FetchError, fetch_once
from crawler.runner import user_agent
from crawler.urls import is_http_url, is_loopback_host
from linktrail.results import own_posts_from_feed, record_own_feed_error, save_own_posts
from pipelines.store import open_db

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 5 * 1024 * 1024
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class FeedHTTPError(FeedError):
    """The feed's server answered with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def fetch_feed(url: str, *, agent: str, loopback_only: bool = False, timeout: float = 20.0) -> bytes:
    """The feed's bytes (at most 5 MB), fetched once with linktrail's honest user agent.

    Raises:
        FeedError: not http(s), not loopback while ``loopback_only``, an HTTP error, or unreachable.
    """
    parts = urlsplit(url)
    if not is_http_url(url):
        raise FeedError(f"{url}: not an http(s) URL")
    if loopback_only and not is_loopback_host(parts.hostname):
        raise FeedError(f"{url}: not a loopback address (loopback_only is on)")
    try:
        _, body, _ = fetch_once(url, agent=agent, accept=FEED_ACCEPT, max_bytes=MAX_FEED_BYTES, timeout=timeout)
    except FetchError as exc:
        if exc.status:
            raise FeedHTTPError(f"{url}: HTTP {exc.status}", exc.status) from None
        raise FeedError(f"{url}: {exc.reason}") from None
    return body


def advertised_feeds(home: str, *, agent: str, loopback_only: bool = False) -> list[str]:
    """The feeds a site's home page advertises (<link rel=alternate> first, then feed links in the page).

    Raises:
        FeedError: the home page could not be fetched (not http(s), not loopback while ``loopback_only``, an HTTP
            error, or unreachable).
    """
    if loopback_only and not is_loopback_host(urlsplit(home).hostname):
        raise FeedError(f"{home}: not a loopback address (loopback_only is on)")
    try:
        final, body, headers = fetch_once(home, agent=agent, accept=HTML_ACCEPT, max_bytes=MAX_FEED_BYTES)
    except FetchError as exc:
        raise FeedError(f"{home}: HTTP {exc.status}" if exc.status else f"{home}: {exc.reason}") from None
    return list(analyse(final, body, headers).feeds)


def _not_found(feed: str, home: str, *, agent: str, loopback_only: bool) -> str:
    """The line for a feed URL that answers 404, naming the feed the site advertises if any."""
    said = f"your feed: {feed} answers 404 (not found)"
    try:
        feeds = [f for f in advertised_feeds(home, agent=agent, loopback_only=loopback_only) if f != feed]
    except FeedError as exc:
        return f"{said}, and {home} could not be read to find the feed it advertises ({exc})"
    if not feeds:
        return f"{said}, and {home} advertises no feed (<link rel=alternate>): check feed under [you] in linktrail.toml"
    return f'{said}; your site advertises {feeds[0]}: set feed = "{feeds[0]}" under [you] in linktrail.toml'



def read_own_feed(db_path: str, config: Config) -> str:
    """Fetch `[you] feed`, store its entry dates in own_posts, and return one line saying what happened."""
    feed = config.you.feed
    agent, loopback_only = user_agent(config.you.contact_url), config.crawl.loopback_only
    db = open_db(db_path)
    try:
        try:
            body = fetch_feed(feed, agent=agent, loopback_only=loopback_only)
        except FeedError as exc:
            record_own_feed_error(db, feed, str(exc))
            if isinstance(exc, FeedHTTPError) and exc.status == 404:
                home = config.you.site or f"{urlsplit(feed).scheme}://{urlsplit(feed).netloc}/"
                return _not_found(feed, home, agent=agent, loopback_only=loopback_only)
            return f"your feed: not read: {exc}"
        posts = own_posts_from_feed(body, feed)
        count = save_own_posts(db, feed, posts)
    finally:
        db.conn.close()
    return f"your feed: {count} dated posts read from {feed}"
