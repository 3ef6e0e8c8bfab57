"""A redis-server of our own on 127.0.0.1 for the scale tests and benchmarks (skips when absent)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server")
SKIP_REASON = "redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PortTaken(RuntimeError):
    """Something else took the port before redis-server could bind it."""


class LocalRedis:
    """``redis-server`` as a child process on a free loopback port, ready when PING answers."""

    def __init__(self, workdir: Path, port: int | None = None, *, persist: bool = False) -> None:
        self.workdir = workdir
        self.chosen = port is None  # a port picked here may be taken before redis binds it: pick again then
        self.port = port or free_port()
        self.persist = persist
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> LocalRedis:
        if REDIS_SERVER is None:
            raise RuntimeError(SKIP_REASON)
        self.workdir.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            try:
                self._start()
                return self
            except PortTaken:
                if not self.chosen:
                    raise
                self.port = free_port()
        raise RuntimeError("no free loopback port for redis-server after 5 tries")

    def _start(self) -> None:
        assert REDIS_SERVER is not None
        args = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                "--daemonize", "no", "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log")]
        # persist: an append-only file written on every command, so a killed server loses nothing.
        args += ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else ["--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_ready()

    def _wait_ready(self, limit: float = 20.0) -> None:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + limit
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                log = self.workdir / "redis.log"
                if log.exists() and "Address already in use" in log.read_text(errors="replace"):
                    raise PortTaken(self.port)
                raise RuntimeError(f"redis-server exited {self.proc.returncode}; see {log}")
            try:
                if client.ping():
                    pid = client.info("server")["process_id"]
                    client.close()
                    if pid != self.proc.pid:  # another server answers on this port: ours cannot bind it
                        self.stop()
                        raise PortTaken(self.port)
                    return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server on port {self.port} did not answer PING") from None
                time.sleep(0.05)  # poll interval while waiting for PING, not a wait for an outcome

    def kill(self) -> None:
        """Lose Redis abruptly (SIGKILL), as a crashed server or a cut cable would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRedis]:
    """One redis-server for the session (no persistence); skipped, saying why, when not installed."""
    if REDIS_SERVER is None:
        pytest.skip(SKIP_REASON)
    server = LocalRedis(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: LocalRedis) -> str:
    """The session's Redis, emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url
