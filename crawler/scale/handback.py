"""Hand a finished request back to the worker whose frontier handed it out (its site's slot, its page count).

A worker's frontier (crawler/frontier.py) marks a site in flight when it hands out a URL, and
counts the request against its feed-ahead. In a shared crawl another worker may pop that request
from the Redis queue and fetch it; without word back, the first worker keeps the site marked in
flight and the request counted as out until it goes idle, and stops feeding the shared queue (the
stall of issue 23). So each request carries its origin (``lt_origin``, the worker id); whoever ends
it (a response, a failure, or the shared seen-set dropping it) tells the origin through a Redis
list of its own, ``…:done:<worker>``, which the origin's queue pops empty as they hand out requests (in the
same script call: no round trip of its own; the origin reads what they took when it feeds).
A page's word carries its relevance: the origin holds the site's pending pages, and a site read as
off-niche stops there as in one process.

Word is not sent on its own: it waits in this worker's outbox and goes with its next queue pop or push
(crawler/scale/queue.py: in the same script call), which comes within one engine tick of the response, or,
idle or closing, alone (``send``). A round trip per word was 964 of a worker's 10,600 (issue 23); the home
pages' verdicts go the same way (a round trip each was 200 of a bench_workers run's ~2,950).

A new site's other pages wait for its home page's verdict (crawler/sitestate.py). Two workers may
find the same new site: the second one's home page request is dropped by the shared seen-set, and
without word it would let the site's pages go unjudged (pages of an off-niche site that one process
never fetches). So whoever ends a home page request writes its verdict, the page's relevance or
none, to one hash of the crawl, ``…:requests:verdicts``, and a worker whose home page was dropped
waits for it there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from crawler.scale.connection import REDIS_ERRORS, Keys

if TYPE_CHECKING:
    import redis

# An origin that is gone (killed, finished) never reads its list: it expires.
DONE_TTL = 3600
# Read at most this many at a time: one feed's worth, and a bounded reply.
COLLECT = 1000


class HandBack:
    """This worker's end of the hand-back: tell another worker its request ended; read what others told."""

    def __init__(self, server: redis.Redis, keys: Keys, worker: str) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self.pending = 1  # what the scheduler's last queue pop left in this worker's list (1: not known yet)
        self.inbox: list[bytes | str] = []  # what the queue pops took from it, not read yet (``collect``)
        self.outbox: list[str] = []  # word for other workers not sent yet: key, field, value, ... (SEND_WORD)
        self.published: set[str] = set()  # home pages whose relevance this worker wrote, their requests not ended

    def heard(self, words: list[bytes | str], left: int) -> None:
        """The scheduler's queue pop took ``words`` from this worker's list (COLLECT at most) and left ``left``."""
        self.inbox += words
        self.pending = left

    def mine(self, origin: str | None) -> bool:
        """Was the request handed out by this worker (or by nobody: a seed of the scheduler, a test)?"""
        return origin is None or origin == self.worker

    def tell(self, origin: str, site: str, hub: bool, page: bool, relevance: float | None = None) -> None:
        """``origin``'s request to ``site`` ended here (``page``: a page fetched and analysed, of ``relevance``):
        into the outbox, sent with this worker's next queue pop or push, or by ``send``."""
        self.outbox += [self.keys.done(origin), "", json.dumps([site, hub, page, relevance])]

    def take_outbox(self) -> list[str]:
        """The outbox's word (key, field, value, ...), for a queue script that sends it (``SEND_WORD``); now empty."""
        out, self.outbox = self.outbox, []
        return out

    def send(self) -> None:
        """Send the outbox now, on its own (an idle or closing worker: no pop or push to carry it)."""
        if not self.outbox:
            return
        words = self.take_outbox()
        try:
            pipe = self.server.pipeline(transaction=False)
            for key, field, value in zip(words[::3], words[1::3], words[2::3], strict=True):
                if not field:
                    pipe.rpush(key, value)
                    pipe.expire(key, DONE_TTL)
                elif not value:
                    pipe.hsetnx(key, field, "")
                else:
                    pipe.hset(key, field, value)
            pipe.execute()
        except REDIS_ERRORS:
            return  # the scheduler notices a lost Redis and stops this worker

    def publish(self, url: str, relevance: float | None) -> None:
        """The home page ``url`` was read here, of ``relevance``; None: its request ended without a page (kept
        only if nothing was written for it: a page's relevance is never overwritten). Into the outbox, sent as
        ``tell``'s word is.

        A home page read here is published twice, with its relevance when read, then as ended: the second is
        not sent (the HSETNX could change nothing, and was a round trip of the worker's loop per home page).
        """
        if relevance is None and url in self.published:
            self.published.discard(url)  # its request ended: not published again
            return
        self.outbox += [self.keys.verdicts, url, "" if relevance is None else repr(relevance)]
        if relevance is not None:
            self.published.add(url)

    def verdicts(self, urls: list[str]) -> dict[str, float | None]:
        """The verdicts written so far for these home pages: relevance, or None for a request without a page."""
        try:
            values = self.server.hmget(self.keys.verdicts, urls)
        except REDIS_ERRORS:
            return {}
        out: dict[str, float | None] = {}
        for url, value in zip(urls, values, strict=True):
            if value is not None:
                out[url] = float(value) if value else None
        return out

    def collect(self, force: bool = False) -> list[tuple[str, bool, bool, float | None]]:
        """What other workers told this one since the last call: (site, hub, page, relevance) per request.

        What the queue pops took, and the list read only when they left something there, or with ``force``.
        """
        raw, self.inbox = self.inbox, []
        if force or self.pending:
            try:
                more = self.server.lpop(self.keys.done(self.worker), COLLECT)
            except REDIS_ERRORS:
                more = None
            raw += more if isinstance(more, list) else []
            self.pending = max(self.pending - COLLECT, 0)
        out = []
        for item in raw:
            try:
                site, hub, page, relevance = json.loads(item)
                relevance = None if relevance is None else float(relevance)
            except (ValueError, TypeError):
                continue
            out.append((str(site), bool(hub), bool(page), relevance))
        return out
