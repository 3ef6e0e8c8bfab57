"""crawler/clock.py: the store's timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from crawler.clock import utcnow


def test_utcnow_is_the_current_second_in_utc_and_moves_with_the_clock() -> None:
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, 0, 999_000, tzinfo=UTC), tick=False) as clock:
        assert utcnow() == "2026-11-23T10:00:00+00:00"
        assert utcnow() == "2026-11-23T10:00:00+00:00"  # the same second, made once
        clock.shift(0.002)
        assert utcnow() == "2026-11-23T10:00:01+00:00"
        clock.move_to(datetime(2027, 1, 1, 0, 0, 0, tzinfo=UTC))
        assert utcnow() == "2027-01-01T00:00:00+00:00"
    now = utcnow()  # the real clock again
    assert abs((datetime.fromisoformat(now) - datetime.now(UTC)).total_seconds()) < 60
