"""Redis for crawl workers: the URL checked and redacted, a client that answers, the keys of one crawl job."""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from crawler.extras import ScaleExtraMissing

try:  # the optional [scale] extra; without it, one line that names it (crawler/extras.py)
    import redis
except ModuleNotFoundError as exc:
    raise ScaleExtraMissing(exc.name) from exc
if importlib.util.find_spec("scrapy_redis") is None:  # the scheduler's package: found, not imported (it loads Scrapy,
    raise ScaleExtraMissing("scrapy_redis")           # which the workers' launcher never needs)

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# Seconds to wait for Redis before a worker or `ingest` gives up: short, so a lost Redis stops
# a worker within seconds instead of blocking its reactor.
SOCKET_TIMEOUT = 5.0


class CountingConnection(redis.connection.Connection):
    """A Redis connection that counts its round trips (one per command, or per pipeline) in ``ROUND_TRIPS``."""

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        ROUND_TRIPS[0] += 1
        super().send_packed_command(command, check_health)


# Round trips this process sent to Redis (a worker's stat ``linktrail/redis/round_trips``).
ROUND_TRIPS = [0]


class HeldConnection:
    """One connection of a client's pool, kept by the thread that made this for its calls to Redis.

    A call sends on it and reads the answer (redis-py's ``Connection.send_command`` and ``read_response``, as its
    pipelines and pub/sub do), without the client's per-call pool checkout and release (a poll of the socket each),
    its retry wrapper and its metrics hooks: a script call cost a worker ~75 us of CPU through ``Redis``, ~30 us here
    (issue 23; benchmarks/bench_redis_calls.py). Errors are the client's with ``connect``'s settings, which retry
    nothing: a lost Redis raises one of REDIS_ERRORS at the call and drops the connection; the next call connects
    again. The connection is taken at the first call (making this never touches Redis) and never crosses threads:
    a call from another thread raises RuntimeError (a thread makes its own, on the same client).
    """

    def __init__(self, server: redis.Redis) -> None:
        self.server = server
        self.thread = threading.get_ident()
        self.connection: redis.connection.Connection | None = None

    def execute(self, *args: Any) -> Any:
        """Send one command (its name, then its arguments) and return Redis' answer, as ``Redis.execute_command``
        for a command without a response callback (EVALSHA, RPUSH)."""
        if threading.get_ident() != self.thread:
            raise RuntimeError("a HeldConnection is used by the thread that made it only")
        conn = self.connection
        if conn is None:
            conn = self.connection = self.server.connection_pool.get_connection()
        try:
            conn.send_command(*args)
            response = conn.read_response()
        except REDIS_ERRORS:
            conn.disconnect()  # as the client does on a failed call: the next one connects again
            raise
        if conn.should_reconnect():  # a server's maintenance notice: as the client does after a call
            conn.disconnect()
        return response

    def register_script(self, script: str) -> HeldScript:
        """A Lua script called on this connection, as ``Redis.register_script``'s."""
        return HeldScript(self, script)

    def release(self) -> None:
        """Give the connection back to the client's pool (the next call takes one again)."""
        conn, self.connection = self.connection, None
        if conn is not None:
            self.server.connection_pool.release(conn)


class HeldScript:
    """A Lua script called by its SHA1 on a held connection; loaded once more when Redis does not know it (a Redis
    restarted): as redis-py's ``Script``, whose digest it uses."""

    def __init__(self, held: HeldConnection, script: str) -> None:
        self.held = held
        self.script = script
        self.sha = held.server.register_script(script).sha

    def __call__(self, keys: list[Any] | None = None, args: list[Any] | None = None) -> Any:
        keys = keys or []
        try:
            return self.held.execute("EVALSHA", self.sha, len(keys), *keys, *(args or ()))
        except redis.exceptions.NoScriptError:
            self.held.execute("SCRIPT", "LOAD", self.script)
            return self.held.execute("EVALSHA", self.sha, len(keys), *keys, *(args or ()))


class RedisUnavailable(Exception):
    """Redis cannot be reached or used; the message says which URL and what to do."""


def redact(url: str) -> str:
    """The Redis URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url


def connect(url: str) -> redis.Redis:
    """A Redis client for ``url``, checked with PING.

    Raises:
        RedisUnavailable: a malformed URL, or no Redis answering there.
    """
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise RedisUnavailable(f"--redis: {url!r} is not a Redis URL like redis://127.0.0.1:6379/0")
    try:
        counted: dict[str, Any] = {"connection_class": CountingConnection} if url.startswith("redis://") else {}
        client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT,
                                      **counted)
        client.ping()
    except ValueError as exc:
        raise RedisUnavailable(f"--redis: {redact(url)}: {exc}") from None
    except redis.exceptions.RedisError as exc:
        raise RedisUnavailable(
            f"Redis at {redact(url)} is not reachable ({exc}); start redis-server or give another --redis"
        ) from None
    return client


# A site's "downloading" mark is its turn's key with this suffix: the queue's scripts, which know the turn's key
# prefix, find it without a key of their own (crawler/scale/queue.py).
OUT = ":out"


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one crawl job (the spider's name is the job)."""

    prefix: str = "linktrail:discover"

    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def seen(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def busy(self) -> str:
        return f"{self.prefix}:busy"

    @property
    def items(self) -> str:
        return f"{self.prefix}:items"

    @property
    def ingesting(self) -> str:
        return f"{self.prefix}:items:ingesting"

    def site(self, site: str) -> str:
        return f"{self.prefix}:next:{site}"

    def out(self, site: str) -> str:  # a site whose request is downloading, until it ends (its lease)
        return f"{self.site(site)}{OUT}"

    def held(self, site: str) -> str:  # a site a queue pop handed out, until its request takes the turn
        return f"{self.prefix}:held:{site}"

    def done(self, worker: str) -> str:
        return f"{self.prefix}:done:{worker}"

    @property
    def verdicts(self) -> str:  # a new site's home page URL -> its relevance ("" none), whoever fetched it
        return f"{self.requests}:verdicts"  # cleared with the queue at the crawl's end (FINISH_IF_DONE)

    @property
    def turns(self) -> str:  # when each request went out, "<site key> <seconds>" (LINKTRAIL_TURN_LOG=1 only)
        return f"{self.prefix}:turns"

    def robots(self, netloc: str) -> str:
        return f"{self.prefix}:robots:{netloc}"


def server_for(settings: BaseSettings) -> tuple[redis.Redis, Keys]:
    """The crawl's Redis client and keys for a component's ``from_crawler`` (LINKTRAIL_REDIS_URL, _PREFIX).

    Raises:
        NotConfigured: no Redis is set, so the component is off.
        RuntimeError: Redis does not answer (the crawl cannot start).
    """
    url = settings.get("LINKTRAIL_REDIS_URL")
    if not url:
        from scrapy.exceptions import NotConfigured  # heavy: Scrapy, loaded by then; the launcher never needs it

        raise NotConfigured("LINKTRAIL_REDIS_URL is empty")
    try:
        server = connect(url)
    except RedisUnavailable as exc:
        raise RuntimeError(str(exc)) from None
    return server, Keys(settings.get("LINKTRAIL_REDIS_PREFIX", "linktrail:discover"))


def worker_id() -> str:
    """Who this worker is, in Redis and in the crawls table: host, pid and a random tail."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
