"""A held connection (crawler/scale/connection.py) answers and fails as redis-py's client does, real Redis."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import pytest
import redis

from crawler.scale.connection import REDIS_ERRORS, ROUND_TRIPS, HeldConnection, connect
from crawler.scale.queue import POP_READY
from crawler.scale.sender import ListSender
from tests.redis_fixture import LocalRedis, redis_server, redis_url  # noqa: F401 - fixtures

ECHO = "redis.call('RPUSH', KEYS[1], ARGV[1]) return {ARGV[1], redis.call('LLEN', KEYS[1]), false}"


def _evalsha_calls(server: redis.Redis) -> tuple[int, int]:
    stats = server.info("commandstats").get("cmdstat_evalsha", {})
    return int(stats.get("calls", 0)), int(stats.get("failed_calls", 0))


def test_a_held_script_answers_as_the_clients_and_loads_itself_where_redis_does_not_know_it(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    server = connect(redis_url)
    server.delete("held:list")
    server.script_flush()
    server.config_resetstat()
    held = HeldConnection(connect(redis_url)).register_script(ECHO)
    before = ROUND_TRIPS[0]
    assert held(keys=["held:list"], args=["a"]) == [b"a", 1, None]  # NOSCRIPT, SCRIPT LOAD, EVALSHA
    assert ROUND_TRIPS[0] - before == 3 and _evalsha_calls(server) == (2, 1)
    before = ROUND_TRIPS[0]
    assert held(keys=["held:list"], args=["b"]) == [b"b", 2, None]
    assert ROUND_TRIPS[0] - before == 1  # one round trip a call once loaded
    assert server.register_script(ECHO)(keys=["held:list"], args=["c"]) == [b"c", 3, None]  # the client's answer
    # The queue's pop, on an empty queue: the same answer through the client and through the held connection.
    keys = ["held:q", "held:busy", "held:done", "held:body"]
    args: list[str | int | float] = ["w", 20, "held:next:", "held:held:", "0.5", 8, 0.005, 0, "", 1, 0]
    assert HeldConnection(server).register_script(POP_READY)(keys=keys, args=args) == \
        server.register_script(POP_READY)(keys=keys, args=args) == [[], 0, b"-1.000000"]


def test_a_workers_connection_reads_and_writes_redis_protocol_with_hiredis(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    """The [scale] extra installs hiredis, which redis-py then uses: a pop's reply read and its command packed in C
    (issue 23: ~9 us of a worker's CPU less a pop, 40-48 -> 31-38 us)."""
    held = HeldConnection(connect(redis_url))
    assert held.execute("PING") in (b"PONG", "PONG", True)
    conn = held.connection
    assert conn is not None
    assert type(conn._parser).__name__ == "_HiredisParser"
    assert type(conn._command_packer).__name__ == "HiredisRespSerializer"
    held.release()


def test_connects_at_its_first_call_only() -> None:
    HeldConnection(redis.Redis(port=1)).register_script(ECHO)  # nothing listens on port 1: never asked


def test_a_lost_redis_raises_at_the_call_as_the_client_does_and_the_next_call_connects_again(tmp_path: Path) -> None:
    """Both retry nothing (``connect``'s clients): the error is the client's, at the call; the connection is dropped,
    and once Redis is back the next call connects again and loads the script into the new Redis."""
    first = LocalRedis(tmp_path / "first").start()
    client = connect(first.url)
    assert all(conn.retry.get_retries() == 0 for conn in [client.connection_pool.get_connection()])
    held = HeldConnection(client)
    script = held.register_script(ECHO)
    assert script(keys=["l"], args=["x"]) == [b"x", 1, None]
    first.kill()
    errors: list[type[Exception]] = []
    for call in (lambda: script(keys=["l"], args=["y"]), lambda: client.register_script(ECHO)(keys=["l"], args=["y"])):
        with pytest.raises(REDIS_ERRORS) as caught:
            call()
        errors.append(type(caught.value))
    assert errors == [redis.exceptions.ConnectionError, redis.exceptions.ConnectionError]
    assert held.connection is not None and not held.connection._sock  # dropped; the next call connects again
    again = LocalRedis(tmp_path / "again", first.port).start()
    try:
        assert script(keys=["l"], args=["z"]) == [b"z", 1, None]  # a new, empty Redis that did not know the script
    finally:
        again.stop()


def test_a_redis_that_does_not_answer_raises_a_timeout_at_the_call_as_the_client_does() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts (the kernel's backlog), never answers
        # As ``connect`` builds it (no retries), with a short timeout.
        client = redis.Redis.from_url(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", socket_timeout=0.2)
        for call in (lambda: HeldConnection(client).execute("RPUSH", "l", "x"), lambda: client.rpush("l", "x")):
            with pytest.raises(redis.exceptions.TimeoutError):
                call()


def test_a_held_connection_stays_in_its_thread_and_the_sender_pushes_on_its_own(
        redis_url: str) -> None:  # noqa: F811 - the fixture
    server = connect(redis_url)
    held = HeldConnection(server)
    held.execute("DEL", "held:items")
    failed: list[Exception] = []

    def elsewhere() -> None:
        try:
            held.execute("PING")
        except RuntimeError as exc:
            failed.append(exc)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert len(failed) == 1
    sent: list[Any] = []
    sender = ListSender(server, "held:items", sent=sent.extend, lost=lambda tags, exc: failed.append(exc))
    sender.send("m", 1)
    sender.flush()
    pool = server.connection_pool
    assert held.connection is not None and held.connection in pool._in_use_connections  # this thread's, kept
    sender.close()
    assert sent == [1] and len(failed) == 1 and server.lrange("held:items", 0, -1) == [b"m"]
    assert len(pool._in_use_connections) == 1  # the sender's thread gave its connection back as it ended
    held.release()
    assert not pool._in_use_connections
