"""Run the tests as on a later day: LINKTRAIL_TEST_DAYS_AHEAD=N moves this process' clock N days on.

Started by conftest.py and by the subprocesses' sitecustomize (tests/netguard/), so the tests and every `linktrail`
they start read the same later day; a test that fails then holds a date that will age. Only Python's clock moves
(time-machine, ticking): SQLite's date('now') and Redis keep the real one.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

_TRAVELS: list[object] = []  # the one travel this process started, kept so it is never collected


def install() -> None:
    """Move the clock once for this process, when LINKTRAIL_TEST_DAYS_AHEAD asks it."""
    days = int(os.environ.get("LINKTRAIL_TEST_DAYS_AHEAD") or 0)
    if not days or _TRAVELS:
        return
    import time_machine  # a test dependency, loaded only when asked for

    travel = time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True)
    travel.start()
    _TRAVELS.append(travel)
