"""benchmarks/profile_command.py's table: each part from the command's marks and the crawl's sums."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from profile_command import phases


def test_the_parts_add_up_to_the_crawl_and_the_rest_is_what_no_part_took() -> None:
    marks = {"imported": 0.5, "reactor start": 0.7, "reactor stop": 10.7, "settle start": 10.8,
             "settle end": 11.6, "exit": 11.7}
    parts = {"analysis": 6.0, "niche scoring": 0.5, "store pipeline": 0.4, "store flushes": 0.25,
             "gc (in the crawl)": 0.1, "gc (outside)": 0.05}
    rows = phases({"marks": marks, "parts": parts}, 1000)
    assert rows["whole command"] == 11.7 and rows["pages stored"] == 1000
    assert rows["crawl (reactor running)"] == pytest.approx(10.0)
    # the flushes are inside the store pipeline's time: not taken from the rest twice
    assert rows["  the rest: Scrapy/Twisted, middlewares, spider, frontier"] == pytest.approx(10.0 - 7.0)
    assert rows["settle"] == pytest.approx(0.8)
    spans = ("imports (linktrail.cli and the instrumented modules)", "start-up after the imports, to the reactor",
             "crawl (reactor running)", "after the crawl, to the settle", "settle",
             "after the settle: gates, summary, exit's collection")
    assert sum(rows[k] for k in spans) == pytest.approx(rows["whole command"])
