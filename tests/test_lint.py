"""The code stays lint-clean and type-clean: ruff and mypy, as configured in pyproject.toml, find nothing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF_PATHS = ["crawler", "pipelines", "linktrail", "tests", "benchmarks", "data/sample-web"]
MYPY_PATHS = ["crawler", "pipelines", "linktrail"]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed in this environment (pip install -e '.[test]' brings it)")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=240)


def test_ruff_is_clean() -> None:
    proc = _run("ruff", "check", *RUFF_PATHS)
    assert proc.returncode == 0, f"ruff check {' '.join(RUFF_PATHS)} failed:\n{proc.stdout}{proc.stderr}"


def test_mypy_is_clean() -> None:
    proc = _run("mypy", *MYPY_PATHS)
    assert proc.returncode == 0, f"mypy {' '.join(MYPY_PATHS)} failed:\n{proc.stdout}{proc.stderr}"
