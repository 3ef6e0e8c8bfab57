"""linktrail: find, plan and verify honest link opportunities on niche blogs (the command line and the day's work)."""

from __future__ import annotations

from crawler import __version__

__all__ = ["__version__"]
