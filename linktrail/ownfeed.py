"""Read the user's own feed (`[you] feed`) after a crawl: the dates of their posts, for the plan's cadence."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

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
        raise FeedError(f"{url}: HTTP {exc.status}" if exc.status else f"{url}: {exc.reason}") from None
    return body


def read_own_feed(db_path: str, config: Config) -> str:
    """Fetch `[you] feed`, store its entry dates in own_posts, and return one line saying what happened."""
    feed = config.you.feed
    db = open_db(db_path)
    try:
        try:
            body = fetch_feed(feed, agent=user_agent(config.you.contact_url),
                              loopback_only=config.crawl.loopback_only)
        except FeedError as exc:
            record_own_feed_error(db, feed, str(exc))
            return f"your feed: not read: {exc}"
        posts = own_posts_from_feed(body, feed)
        count = save_own_posts(db, feed, posts)
    finally:
        db.conn.close()
    return f"your feed: {count} dated posts read from {feed}"
