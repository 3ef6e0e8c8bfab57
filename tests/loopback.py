"""Throwaway servers on 127.0.0.1: HTTP for tests that need a few pages served, raw TCP for ones that misbehave,
and a port that refuses."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that refuses connections for the block: bound, so nobody else can take it, and never
    listening, so a connection to it is refused at once (binding, closing and hoping leaves it up for grabs)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])


def answering(answer: Callable[[str], tuple[int, str, bytes]]) -> type[BaseHTTPRequestHandler]:
    """A quiet handler class answering each GET with ``answer(path)``: (status, content type, body)."""

    class Answering(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, ctype, body = answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Answering


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port for the block; yields the base URL (no slash)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def raw_server(answer: Callable[[socket.socket, bytes, threading.Event], None]) -> Iterator[str]:
    """A raw TCP server on 127.0.0.1 (the OS picks the port) that calls ``answer(conn, request, stop)`` per connection.

    For servers that misbehave below HTTP: garbage, endless headers, bytes trickled. ``stop`` is set when the
    block ends, so an answer that waits (``stop.wait(t)``) ends with it. Yields the base URL (no slash).
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve_one(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):  # the client hung up: that is what the tests want of it
            answer(conn, conn.recv(65536), stop)  # a test's GET fits in one read

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        listener.close()
        thread.join(timeout=5)
