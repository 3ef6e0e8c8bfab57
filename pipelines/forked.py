"""Work split over the machine's cores by forking: the end-of-crawl settle's passes over the stored pages.

`forked_map(fn, shares)` runs ``fn`` on each share, the first in this process and each other one in a
child forked for it, and returns the results in order. A child reads what it needs through its own
connection (a connection is never used across a fork: SQLite's rule) and sends its result back pickled
through a pipe, then leaves with ``os._exit`` (no atexit handlers, no buffered output written twice). It
never writes to the store: this process stays the one writer. A share whose child fails, dies or cannot
be forked is done in this process instead, after one warning line: the result is the same, only later.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """Forking is used where the platform can (Linux, the BSDs)."""
    return hasattr(os, "fork") and sys.platform != "darwin"  # macOS: forking after its frameworks load is unsafe


def cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _child(fn: Callable[[T], R], share: T, out: int) -> None:
    """In the forked child: ``fn(share)`` pickled into ``out``; exit code 0 only when all of it was written."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent's handlers are not this child's business
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        data = pickle.dumps(fn(share), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(out, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)


def forked_map(fn: Callable[[T], R], shares: Sequence[T], *, what: str = "work") -> list[R]:
    """``[fn(s) for s in shares]``, the shares after the first each computed in a forked child at the same time.

    ``fn`` must only read (files, its own connections) and return something picklable. Where forking is not
    possible, or with one share, everything runs here, in order.
    """
    if len(shares) <= 1 or not can_fork():
        return [fn(share) for share in shares]
    children: list[tuple[int, int] | None] = []  # (pid, read end) per share after the first; None: do it here
    # The objects this process holds are left out of the children's garbage collections: a collection writes to
    # every object it walks, and each page of memory written is copied (fork shares memory until written).
    gc.freeze()
    try:
        for share in shares[1:]:
            read, write = os.pipe()
            try:
                pid = os.fork()
            except OSError as exc:
                os.close(read)
                os.close(write)
                logger.warning("cannot fork for the %s (%s): its shares are done in this process", what, exc)
                children.append(None)
                continue
            if pid == 0:  # pragma: no cover - the child's side (its result is what the tests check)
                os.close(read)
                _child(fn, share, write)
            os.close(write)
            children.append((pid, read))
        gc.unfreeze()
        results = [fn(shares[0])]
        for index in range(1, len(shares)):
            child, children[index - 1] = children[index - 1], None  # from now on _collect answers for it
            results.append(_collect(child, fn, shares[index], what))
        return results
    finally:  # this process failed or was interrupted: no child outlives it
        gc.unfreeze()
        for child in children:
            if child is not None:
                _stop(*child)


def _collect(child: tuple[int, int] | None, fn: Callable[[T], R], share: T, what: str) -> R:
    """A child's result, or ``fn(share)`` computed here when the child did not deliver it."""
    if child is None:
        return fn(share)
    pid, read = child
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        _stop(pid, None)
        raise
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if code == 0 and data:
        return pickle.loads(data)  # type: ignore[no-any-return]  # our own child's bytes
    how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
    logger.warning("a process of the %s failed (%s): its share is done again in this process", what, how)
    return fn(share)


def _stop(pid: int, read: int | None) -> None:
    """Kill a child not yet waited for and reap it (and close its pipe, unless already closed)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if read is not None:
        os.close(read)
    os.waitpid(pid, 0)
