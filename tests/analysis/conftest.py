"""Make the repository root importable when pytest is run as a script; analyse fixture pages afresh per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from .corpus import verdict  # noqa: E402
from .pages import facts  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _fresh_analysis_caches() -> None:
    """Each test session analyses the fixture pages afresh: a process that ran the tests before (mutmut forks
    every mutant's run from one that did) would otherwise read back facts from the unchanged code."""
    facts.cache_clear()
    verdict.cache_clear()
