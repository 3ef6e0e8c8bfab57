"""A guard that refuses (and records) any connection outside 127.0.0.0/8, ::1 or a Unix socket."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

violations: list[str] = []
_installed = False


class NetworkGuardError(OSError):
    """A test tried to reach an address outside loopback."""


def _allowed(address: Any, family: int) -> bool:
    if family == getattr(socket, "AF_UNIX", None):
        return True
    if not isinstance(address, tuple) or not address:
        return True
    host = address[0]
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


def install(log_path: str | None = None) -> None:
    """Patch socket.connect/connect_ex once for this process."""
    global _installed
    if _installed:
        return
    _installed = True
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(sock: socket.socket, address: Any) -> None:
        if _allowed(address, sock.family):
            return
        message = f"netguard: refused a connection to {address!r} (tests may only reach 127.0.0.0/8)"
        violations.append(message)
        if log_path:
            with open(log_path, "a", encoding="utf-8") as fh:
                fh.write(message + "\n")
        raise NetworkGuardError(message)

    def connect(self: socket.socket, address: Any) -> None:
        refuse(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        refuse(self, address)
        return real_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
