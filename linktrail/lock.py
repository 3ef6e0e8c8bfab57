"""One run at a time per database: an exclusive fcntl.flock on a file beside it, holder noted inside.

Why flock and not the `filelock` package: the lock belongs to an open file description, so the
kernel drops it the moment the holder dies, even by SIGKILL: a stale lock from a killed run cannot
exist, there is nothing to detect or break, and no dependency is needed (filelock's Unix lock is
the same flock call). Child processes given the descriptor (``pass_fds``) share the lock, so a
crawl step orphaned by a killed nightly still keeps a second nightly away until it ends too.
The file is never deleted (deleting a lock file that another process has open races); only its
text, the holder's pid and start time, changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self


class LockHeld(Exception):
    """Another run holds the lock; the message says who and since when."""


class LockError(Exception):
    """The lock file cannot be created or opened (a missing or read-only folder)."""


def lock_path_for(db: str | Path) -> Path:
    """The lock file of a database: ``linktrail.db`` -> ``linktrail.db.lock`` in the same folder."""
    db = Path(db)
    return db.with_name(db.name + ".lock")


class RunLock:
    """An exclusive, non-blocking lock on a file; use as a context manager or acquire()/release()."""

    def __init__(self, path: str | Path, what: str = "linktrail nightly") -> None:
        self.path = Path(path)
        self.what = what
        self.fd: int | None = None

    def holder(self) -> str:
        """What the lock file says about its holder (may be empty, or a previous holder's)."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def acquire(self) -> RunLock:
        """Take the lock or raise at once.

        Raises:
            LockHeld: another live process holds it.
            LockError: the file cannot be opened.
        """
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise LockError(f"{self.path}: cannot create the lock file: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            who = self.holder() or "another process"
            raise LockHeld(
                f"another run holds {self.path} ({who}); this one exits without doing anything"
            ) from None
        started = datetime.now().astimezone().replace(microsecond=0).isoformat()
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{self.what}: pid {os.getpid()}, started {started}\n".encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        """Let go of the lock (the file stays, emptied)."""
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
