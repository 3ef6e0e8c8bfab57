"""`linktrail ingest`: drain the crawl workers' Redis list into the one SQLite file, batched and idempotent.

Reliable-queue pattern: a batch is moved atomically from the items list to a side list
(``…:items:ingesting``), written to SQLite in one transaction through the store's PageWriter,
and only then dropped from the side list. An ingest killed between its commit and that drop
finds the side list at its next start and writes it again: pages are upserted by URL (first-seen
kept, no change recorded for an identical row), links are insert-or-ignore, and a worker's run
goes into ``crawls`` once (matched on its worker id and start). Nothing is written twice.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crawler.niche import TermsMemo
from crawler.scale.connection import REDIS_ERRORS, Keys, RedisUnavailable, redact
from pipelines.redisqueue import RUN_RECORD, RUN_TYPE, decode, keep_terms, page_from_message, page_rows
from pipelines.store import PageWriter, compact_json, transaction

if TYPE_CHECKING:
    from collections.abc import Callable

    import redis
    import sqlite_utils

logger = logging.getLogger(__name__)

# `ingest --follow`: seconds a batch waits for more items after its first, at most.
FOLLOW_WINDOW = 1.0
# `ingest --follow`: seconds an idle ingest blocks waiting for an item, at most: a signal is handled when it returns
# (1 s made the end of a crawl wait that long for the ingest to stop).
POLL = 0.2
# `ingest --follow`: seconds between two looks at the items list while a batch fills (a full batch is written at
# the next look; 0.1 s made ten looks a batch beside workers that fill one in more than the window, each a script
# call in the ingest and in Redis).
GATHER_STEP = 0.25

# Move up to ARGV[1] messages from the items list to the side list, in one step.
TAKE_BATCH = """
local out = {}
for i = 1, tonumber(ARGV[1]) do
  local v = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
  if not v then break end
  out[#out + 1] = v
end
return out
"""


@dataclass
class IngestResult:
    """What one `ingest` run did."""

    pages: int = 0
    touched: int = 0
    crawls: int = 0
    bad: int = 0
    batches: int = 0
    finished: int = 0  # worker runs that ended with the shared crawl (finish reason "finished")
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def written(self) -> int:
        """Pages and not-modified pages stored so far: what a settle reads (worker runs go to crawls only)."""
        return self.pages + self.touched

    def line(self, db: str) -> str:
        bad = f"; {self.bad} unreadable messages skipped" if self.bad else ""
        return (f"ingested {self.pages} pages, {self.touched} not-modified pages and {self.crawls} worker runs "
                f"into {db} in {self.batches} batches{bad}")


def _record_crawl(db: sqlite_utils.Database, message: dict[str, Any]) -> bool:
    """Insert a worker's run into crawls unless it is there already; True when inserted."""
    worker, started = message.get("worker") or "", message.get("started")
    stats = dict(message.get("stats") or {})
    stats["linktrail/worker"] = worker
    seen = list(db.query(
        "select id from crawls where started = ? and json_extract(stats, '$.\"linktrail/worker\"') = ?",
        [started, worker],
    ))
    if seen:
        return False
    db.table("crawls").insert({
        "kind": message.get("kind") or "discover", "started": started, "finished": message.get("finished"),
        "finish_reason": message.get("finish_reason"),
        "stats": compact_json(stats),
    })
    return True


def write_batch(db: sqlite_utils.Database, raw: list[Any], result: IngestResult, batch_size: int = 200,
                memo: TermsMemo | None = None) -> None:
    """Write one batch of messages in one transaction; the terms its pages carry into ``memo`` (for the settle)."""
    writer = PageWriter(db, batch_size=max(batch_size, len(raw)) + 1)
    with transaction(db):
        for data in raw:
            try:
                message = decode(data)
                kind = message.get("type")
                if kind == "page":
                    if message["v"] == 1:
                        writer.add(page_from_message(message["item"]))
                    else:
                        row, links, site_name = page_rows(message)
                        writer.add_rows(row, links, site_name)
                        if memo is not None:
                            keep_terms(memo, row["url"], message)
                    result.pages += 1
                elif kind == "touch":
                    item = message["item"]
                    writer.touch(item["url"], item["fetched_at"], item.get("etag"), item.get("last_modified"))
                    result.touched += 1
                elif kind == RUN_TYPE:
                    result.crawls += int(_record_crawl(db, message))
                    result.finished += message.get("finish_reason") == "finished"
                else:
                    raise ValueError(f"unknown message type {kind!r}")
            except (ValueError, KeyError, TypeError) as exc:
                result.bad += 1
                logger.warning("skipped an unreadable message (%s): %.120r", exc, data)
        writer.flush()
    result.batches += 1


def _ends_a_run(raw: list[Any]) -> bool:
    """``raw`` holds a worker's run record (its last message, after all its pages: pipelines/redisqueue.py)."""
    return any(RUN_RECORD in (m if isinstance(m, bytes) else str(m).encode())[:40] for m in raw)


def _gather(keys: Keys, take: Any, raw: list[Any], batch: int, window: float, stop: threading.Event) -> list[Any]:
    """Add the items that arrive within ``window`` seconds to ``raw``, up to ``batch`` (``--follow``), until a
    worker's run record comes (that worker is done: its batch is written at once).

    Looks at the list every ``GATHER_STEP`` seconds and takes all that is there: a blocking move per item
    cost one round trip per page (issue 23), as many as the workers' pushes.
    """
    deadline = time.monotonic() + window
    while len(raw) < batch and not stop.is_set() and not _ends_a_run(raw):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        stop.wait(min(left, GATHER_STEP))
        raw = [*raw, *take(keys=[keys.items, keys.ingesting], args=[batch - len(raw)])]
    return raw


def drain(server: redis.Redis, db: sqlite_utils.Database, *, keys: Keys | None = None, batch: int = 200,
          follow: bool = False, stop: threading.Event | None = None, poll: float = POLL,
          window: float = FOLLOW_WINDOW, halt: threading.Event | None = None,
          memo: TermsMemo | None = None, crawl_over: Callable[[IngestResult], None] | None = None) -> IngestResult:
    """Move the workers' items into SQLite until the list is empty (with ``follow``: until ``stop``, then
    what is queued by then, as without ``follow``); ``halt`` ends it after the batch being written.

    With ``follow``, a batch is written once it is full or ``window`` seconds after its first item,
    whichever comes first: workers push one item per page, and a transaction per item would cost the
    ingest more CPU than the crawl it follows. Stopped once the workers are done, it stores what they
    left (no `ingest --once` after it: one start-up and one settle less, issue 23). ``memo``: where the pages'
    terms the workers sent are kept (`keep_terms`), for the settle after (the pages are not tokenized again).
    ``crawl_over`` (with ``follow``): called once a worker's run that ended with the shared crawl is stored and
    nothing is left queued, while the workers exit (the command settles the scores then, not once told they did).

    Raises:
        RedisUnavailable: Redis went away; every batch written before stays written.
    """
    keys = keys or Keys()
    stop = stop or threading.Event()
    halt = halt or threading.Event()
    result = IngestResult()
    take = server.register_script(TAKE_BATCH)
    try:
        # What an earlier ingest took but may not have committed: write it again (idempotent).
        leftover = server.lrange(keys.ingesting, 0, -1)
        if leftover:
            logger.info("re-writing %d messages an interrupted ingest left", len(leftover))
            write_batch(db, leftover, result, batch, memo)
            server.delete(keys.ingesting)
        while not halt.is_set():
            raw = take(keys=[keys.items, keys.ingesting], args=[batch])
            if not raw:
                if not follow or stop.is_set():
                    break
                # (Redis 6+ takes a fraction of a second; redis-py types it int)
                first = server.blmove(keys.items, keys.ingesting, poll, "LEFT", "RIGHT")  # type: ignore[arg-type]
                if first is None:
                    continue
                raw = [first] + take(keys=[keys.items, keys.ingesting], args=[batch - 1])
            if follow and not stop.is_set():
                raw = _gather(keys, take, raw, batch, window, stop)
            finished = result.finished
            write_batch(db, raw, result, batch, memo)
            server.delete(keys.ingesting)
            # A worker ends "finished" only once it saw the shared crawl over (crawler/scale/scheduler.py): every
            # worker idle, so their pages are queued before it (a page a worker's sender still held comes later,
            # and then the command settles again at its end).
            if crawl_over is not None and follow and result.finished > finished and not server.llen(keys.items):
                crawl_over(result)
    except REDIS_ERRORS as exc:
        url = server.connection_pool.connection_kwargs
        where = f"{url.get('host', '?')}:{url.get('port', '?')}"
        raise RedisUnavailable(
            f"Redis at {redact(where)} lost during ingest ({exc}); what was written stays; "
            "run `linktrail ingest` again when Redis is back"
        ) from None
    return result


def drain_until_signal(server: redis.Redis, db: sqlite_utils.Database, *, batch: int = 200,
                       follow: bool = False, memo: TermsMemo | None = None,
                       crawl_over: Callable[[IngestResult], None] | None = None) -> IngestResult:
    """``drain``, stopped by SIGINT or SIGTERM after the current batch; with ``follow`` a first signal stops
    following (what is queued then is stored), a second stops after the current batch."""
    stop, halt = threading.Event(), threading.Event()

    def on_signal(*_: object) -> None:
        if stop.is_set() or not follow:
            halt.set()
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return drain(server, db, batch=batch, follow=follow, stop=stop, halt=halt, memo=memo, crawl_over=crawl_over)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
