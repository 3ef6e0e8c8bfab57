"""Loaded by every Python subprocess the tests start (via PYTHONPATH): the same loopback-only guard, and the
same later day when the suite runs as on one (tests/days_ahead.py)."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:
    from netguard_core import install

    install(log_path=os.environ.get("LINKTRAIL_NETGUARD_LOG"))
except Exception as exc:  # noqa: BLE001 - never break the child over the guard itself
    sys.stderr.write(f"netguard: not installed: {exc}\n")

import days_ahead  # found on the path set above

days_ahead.install()
