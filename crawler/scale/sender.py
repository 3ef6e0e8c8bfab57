"""Appending to a Redis list from a thread of its own, so the crawl's event loop never waits on Redis for it.

A worker queued each page for `linktrail ingest` with one RPUSH in the Scrapy callback chain: a round trip
per page, during which the worker's event loop sent nothing and read nothing. On a machine whose cores the
workers, the ingest, Redis and the web share, each such wait lasted until Redis got a core (issue 23: 1,201
pushes held one worker's loop 4.0 s of a 35 s crawl, profiled). The sender pushes in order, as soon as it
can, and whatever queued while a push was out goes in the next one, one RPUSH of many values.

A push waits up to ``GATHER`` seconds after the message that woke it for more to come: a worker found its
thread pushing one page a time (1,812 pushes for 2,018 pages, issue 23), each push a round trip of CPU in the
worker and in Redis, and a switch of the interpreter's lock between the thread and the crawl's event loop.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from crawler.scale.connection import REDIS_ERRORS, HeldConnection

if TYPE_CHECKING:
    import redis

# The most messages one push carries (a page message is a few KB: a push of this many stays a few MB).
BATCH = 200
# Seconds a push waits for more messages after the first (unless BATCH are there, or the sender is closing or
# flushed): a page reaches `linktrail ingest` this much later, in a push of all the pages of that time.
GATHER = 0.05


class ListSender:
    """RPUSH messages to one Redis list from a background thread, in the order they were given.

    ``sent(tags)`` runs (in the sender's thread) with the tags of the messages each push delivered; ``lost(tags,
    exc)`` with those of a push that failed and of every message given after it: after one failure nothing more is
    pushed (a lost Redis stops the worker). ``close`` pushes what is left and waits for the thread.
    """

    def __init__(self, server: redis.Redis, key: str, *, sent: Callable[[list[Any]], None],
                 lost: Callable[[list[Any], Exception], None]) -> None:
        self.server = server
        self.key = key
        self._sent = sent
        self._lost = lost
        self._queue: deque[tuple[str, Any]] = deque()
        self._cond = threading.Condition()
        self._closing = False
        self._flushing = 0  # callers waiting in ``flush``: push now
        self._busy = False
        self.failure: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="linktrail-redis-sender", daemon=True)
        self._thread.start()

    def send(self, message: str, tag: Any = None) -> None:
        with self._cond:
            self._queue.append((message, tag))
            if len(self._queue) == 1 or len(self._queue) >= BATCH:
                self._cond.notify_all()

    def flush(self) -> None:
        """Wait until everything given so far has been pushed (or lost)."""
        with self._cond:
            self._flushing += 1
            self._cond.notify_all()
            try:
                self._cond.wait_for(lambda: not self._queue and not self._busy)
            finally:
                self._flushing -= 1

    def close(self) -> None:
        """Push what is queued, then end the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        held = HeldConnection(self.server)  # this thread's own connection of the client's pool (issue 23)
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._queue or self._closing)
                    if not self._queue:
                        return
                    self._cond.wait_for(lambda: len(self._queue) >= BATCH or self._closing or self._flushing, GATHER)
                    batch = [self._queue.popleft() for _ in range(min(len(self._queue), BATCH))]
                    self._busy = True
                try:
                    self._push(held, batch)
                finally:
                    with self._cond:
                        self._busy = False
                        self._cond.notify_all()
        finally:
            held.release()

    def _push(self, held: HeldConnection, batch: list[tuple[str, Any]]) -> None:
        tags = [tag for _message, tag in batch]
        if self.failure is None:
            try:
                held.execute("RPUSH", self.key, *(message for message, _tag in batch))
            except REDIS_ERRORS as exc:
                self.failure = exc
            else:
                self._sent(tags)
                return
        self._lost(tags, self.failure)
