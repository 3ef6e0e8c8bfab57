"""Ctrl-C while `linktrail` starts (imports, the crawl's set-up): one line and exit 130, not a traceback."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

from linktrail.exits import EXIT_INTERRUPTED


def _interrupted(signum: int, frame: FrameType | None) -> None:
    """Say so in one line and leave at once: nothing has been fetched, and SQLite survives any exit."""
    what = "crawl" if "crawl" in sys.argv[1:] else "linktrail"
    os.write(2, f"{what} interrupted while starting: nothing was fetched; run the same command again\n".encode())
    os._exit(EXIT_INTERRUPTED)


def install() -> None:
    """From the first line of the package until a command takes over SIGINT (the crawl: Scrapy, once its reactor
    runs; other commands: Python's own KeyboardInterrupt, see ``release``). Only for the console script: a
    program or a test that imports linktrail keeps its own Ctrl-C."""
    if os.path.basename(sys.argv[0]) == "linktrail" and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted)


def release() -> None:
    """Python's own Ctrl-C again (KeyboardInterrupt), for a command that does not crawl."""
    if signal.getsignal(signal.SIGINT) is _interrupted:
        signal.signal(signal.SIGINT, signal.default_int_handler)
