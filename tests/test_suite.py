"""The suite's own settings: hypothesis draws the same examples everywhere unless asked otherwise."""

from __future__ import annotations

import os

from hypothesis import settings


def test_hypothesis_is_derandomised_by_default() -> None:
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        assert settings.default.derandomize is True
        assert settings.default.database is None
