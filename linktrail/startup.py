"""Ctrl-C while `linktrail` starts (imports, the crawl's set-up): one line and exit 130, not a traceback."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from linktrail.exits import EXIT_INTERRUPTED

_when = "interrupted while starting: nothing was fetched; run the same command again"  # where the command was
_SETTLING = "interrupted after its pages were stored, while their scores were settled: the next crawl settles them"


def _interrupted(signum: int, frame: FrameType | None) -> None:
    """Say so in one line and leave at once: SQLite survives any exit (an open transaction is rolled back)."""
    what = "crawl" if "crawl" in sys.argv[1:] else "linktrail"
    os.write(2, f"{what} {_when}\n".encode())
    os._exit(EXIT_INTERRUPTED)


def install() -> None:
    """From the first line of the package until a command takes over SIGINT (the crawl: crawler.runner's
    Interruption while Scrapy runs, this again after it; other commands: Python's own KeyboardInterrupt, see
    ``release``). Only for the console script: a
    program or a test that imports linktrail keeps its own Ctrl-C."""
    if os.path.basename(sys.argv[0]) == "linktrail" and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted)


def release() -> None:
    """Python's own Ctrl-C again (KeyboardInterrupt), for a command that does not crawl."""
    if signal.getsignal(signal.SIGINT) is _interrupted:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextmanager
def settling() -> Iterator[None]:
    """While the crawl's scores are settled, after its reactor stopped (its signal handlers gone): in the console
    script, Ctrl-C is one line saying that the pages are stored and the next crawl settles them. Afterwards the
    handler and its line are those of before (the demo's own Ctrl-C, or the start-up one's)."""
    global _when
    previous, said = signal.getsignal(signal.SIGINT), _when
    console = os.path.basename(sys.argv[0]) == "linktrail" and previous is not None
    if console:
        _when = _SETTLING
        signal.signal(signal.SIGINT, _interrupted)
    try:
        yield
    finally:
        _when = said
        if console:
            signal.signal(signal.SIGINT, previous)
