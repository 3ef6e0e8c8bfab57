"""linktrail: find, plan and verify honest link opportunities on niche blogs (the command line and the day's work)."""

from __future__ import annotations

from linktrail import startup

startup.install()  # before the imports below: Ctrl-C while they load is one line, not a traceback

from crawler import __version__  # noqa: E402

__all__ = ["__version__"]
