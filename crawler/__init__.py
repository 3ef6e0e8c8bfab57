"""linktrail: find, plan and verify honest link opportunities on niche blogs."""

from __future__ import annotations

__version__ = "0.1.0"
