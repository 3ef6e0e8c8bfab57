"""The suite's own settings: hypothesis draws the same examples everywhere unless asked otherwise, and a run as on
a later day moves the clock of every subprocess too."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from hypothesis import settings

from tests.conftest import NETGUARD_SITE, ROOT


def test_hypothesis_is_derandomised_by_default() -> None:
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        assert settings.default.derandomize is True
        assert settings.default.database is None


def test_a_subprocess_runs_as_many_days_ahead_as_asked() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
           "LINKTRAIL_TEST_DAYS_AHEAD": "400"}
    already = int(os.environ.get("LINKTRAIL_TEST_DAYS_AHEAD") or 0)  # this suite's own run as on a later day
    before = time.time()
    child = float(subprocess.run([sys.executable, "-c", "import time; print(time.time())"], env=env, check=True,
                                 capture_output=True, text=True, timeout=60).stdout)
    # 400 days on from when it started, give or take the run itself (an hour is far more than it takes)
    assert abs(child - before - (400 - already) * 86400) < 3600
