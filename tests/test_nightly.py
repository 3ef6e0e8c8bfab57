"""The nightly's parts: the run lock (held, released, freed by a killed holder), plan day, exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from linktrail.exits import EXIT_FOUND, EXIT_OK, EXIT_UNFINISHED
from linktrail.lock import LockHeld, RunLock, lock_path_for
from linktrail.nightly import Step, exit_code, plan_day

HOLD = """
import sys
from linktrail.lock import RunLock
lock = RunLock(sys.argv[1], what="test holder").acquire()
print("locked", flush=True)
sys.stdin.read()  # hold until killed or stdin closes
"""


def test_lock_file_sits_beside_the_database(tmp_path: Path) -> None:
    assert lock_path_for(tmp_path / "data" / "lt.db") == tmp_path / "data" / "lt.db.lock"


def test_second_holder_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "db.lock"
    first = RunLock(path).acquire()
    try:
        with pytest.raises(LockHeld) as err:
            RunLock(path).acquire()
        assert f"pid {os.getpid()}" in str(err.value)
        assert "started 20" in str(err.value)
    finally:
        first.release()
    with RunLock(path):  # free again once released
        assert f"pid {os.getpid()}" in path.read_text()
    assert path.read_text() == ""  # emptied, not deleted


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "db.lock"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"  # waits for the condition, no sleep
        with pytest.raises(LockHeld, match=f"pid {proc.pid}"):
            RunLock(path).acquire()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert f"pid {proc.pid}" in path.read_text()  # the dead holder's note is still there...
    with RunLock(path):  # ...but the kernel released its lock
        assert f"pid {os.getpid()}" in path.read_text()


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime(2026, 11, 23, 3, 30), date(2026, 11, 23)),
        (datetime(2026, 11, 23, 11, 59), date(2026, 11, 23)),
        (datetime(2026, 11, 23, 12, 0), date(2026, 11, 24)),
        (datetime(2026, 12, 31, 23, 0), date(2027, 1, 1)),
    ],
)
def test_plan_day_small_hours_today_evening_tomorrow(now: datetime, day: date) -> None:
    assert plan_day(now) == day


@pytest.mark.parametrize(
    ("statuses", "fail_on_lost", "code"),
    [
        (["ok", "ok", "ok"], False, EXIT_OK),
        (["ok", "skipped", "ok"], True, EXIT_OK),
        (["ok", "lost", "ok"], False, EXIT_OK),
        (["ok", "lost", "ok"], True, EXIT_FOUND),
        (["failed", "ok", "ok"], False, EXIT_UNFINISHED),
        (["ok", "lost", "failed"], True, EXIT_UNFINISHED),  # a crash outranks what was asked about
    ],
)
def test_exit_codes(statuses: list[str], fail_on_lost: bool, code: int) -> None:
    steps = [Step(n, s, "") for n, s in zip(("crawl", "backlinks", "plan"), statuses, strict=True)]
    assert exit_code(steps, fail_on_lost) == code
