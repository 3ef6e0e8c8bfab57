"""UTC timestamps as linktrail stores them: ISO 8601, to the second or to the microsecond."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> str:
    """Now in UTC, to the second: when a page was fetched, a run started, a row was written."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def utcnow_precise(now: datetime | None = None) -> str:
    """``now`` (default: now) in UTC to the microsecond, so two checks in one second stay two rows."""
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
