"""linktrail's downloader middlewares, one module per component (as ``scrapy.downloadermiddlewares``)."""

from __future__ import annotations


def failure_reason(exc: BaseException) -> str:
    """A failed download's exception in a few words for a log line: its type and first line."""
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{name}: {text}" if text and len(text) < 160 else name
