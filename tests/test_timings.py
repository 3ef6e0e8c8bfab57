"""Per-page analysis timings: kept only when LINKTRAIL_ANALYSIS_TIMINGS is on, summarised into the crawl's stats."""

from __future__ import annotations

import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from crawler.timings import Timings, summary, timed
from tests.conftest import ROOT
from tests.loopback import serve


def test_summary_is_nearest_rank_over_every_call() -> None:
    timings = Timings()
    timings.ms.extend(float(n) for n in range(1, 201))  # 1..200 ms
    assert timings.summary() == {"count": 200.0, "p50": 100.0, "p95": 190.0, "p99": 198.0, "max": 200.0}
    assert summary(None) == {} and Timings().summary() == {}


def test_timed_returns_the_result_and_keeps_a_time_only_with_timings() -> None:
    timings = Timings()
    assert timed(None, sorted, [3, 1, 2]) == [1, 2, 3]
    assert timed(timings, sorted, [3, 1, 2], reverse=True) == [3, 2, 1]
    assert len(timings.ms) == 1 and timings.ms[0] >= 0.0


class Blog(BaseHTTPRequestHandler):
    """A home page linking two posts; no robots.txt."""

    def do_GET(self) -> None:
        if self.path == "/":
            body = b'<html><body><h1>Bread</h1><a href="/a/">a</a> <a href="/b/">b</a></body></html>'
        elif self.path in ("/a/", "/b/"):
            body = b"<html><body><article><p>Sourdough starter notes.</p></article></body></html>"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


CRAWL = """
import json, sys
from crawler.config import Config, CrawlConfig, NicheConfig
from linktrail.crawl import run_crawl
config = Config(niche=NicheConfig(name="bread", keywords=("sourdough", "bread")),
                crawl=CrawlConfig(max_pages=10, download_delay=0.0, loopback_only=True), database=sys.argv[1])
stats = run_crawl(config, sys.argv[1], [sys.argv[2] + "/"], LINKTRAIL_PROGRESS="off", LOG_LEVEL="WARNING",
                  LINKTRAIL_ANALYSIS_TIMINGS=sys.argv[3] == "on", LINKTRAIL_PROBE=False)
print(json.dumps({k: v for k, v in stats.items() if k.startswith("linktrail/")}, default=str))
"""


@pytest.mark.parametrize("setting", ["on", "off"])
def test_a_crawl_summarises_its_analysis_timings_only_when_asked(tmp_path: Path, setting: str) -> None:
    with serve(Blog) as base:
        proc = subprocess.run([sys.executable, "-c", CRAWL, str(tmp_path / "t.db"), base, setting], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=True)
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    assert stats["linktrail/pages_analysed"] == 3
    timing = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("linktrail/analysis_ms/")}
    if setting == "off":
        assert timing == {}
    else:
        assert set(timing) == {"count", "p50", "p95", "p99", "max"} and timing["count"] == 3
        assert 0 <= timing["p50"] <= timing["p95"] <= timing["p99"] <= timing["max"]
