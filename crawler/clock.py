"""The clock: the user's today, UTC timestamps as linktrail stores them, and the waits servers ask for."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_SECOND: list[tuple[int, str]] = [(-1, "")]  # the last second asked for, and its text


def local_now() -> datetime:
    """Now on the user's clock, with its UTC offset: what "today" and "this morning" are counted in."""
    return datetime.now().astimezone()


def today() -> date:
    """The user's local date, read at each call: the day of the plan, of outreach, and of every age in days.

    One day for all of linktrail, so a page scored, planned and marked around midnight counts the same day.
    """
    return local_now().date()


def utcnow() -> str:
    """Now in UTC, to the second: when a page was fetched, a run started, a row was written.

    A crawl asks several times a page; within one second the text is the same, so it is made once.
    """
    second = int(time.time())
    last, text = _SECOND[0]
    if second != last:
        text = datetime.fromtimestamp(second, UTC).isoformat()
        _SECOND[0] = (second, text)
    return text


def utcnow_precise(now: datetime | None = None) -> str:
    """``now`` (default: now) in UTC to the microsecond, so two checks in one second stay two rows."""
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or an HTTP date); None if absent or unreadable.

    An HTTP date is always GMT (RFC 9110), so one parsed without a zone is read as UTC.
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)
