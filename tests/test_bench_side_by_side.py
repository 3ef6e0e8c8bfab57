"""The side-by-side benchmark: separate crawls at once, each of the whole web into its own database."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_side_by_side import crawl_all
from bench_workers import NginxWeb


def test_each_crawl_at_once_stores_the_whole_web_and_its_cpu_is_its_own(tmp_path: Path) -> None:
    web = NginxWeb(3, 2, tmp_path / "nginx")
    try:
        _, stored, cpu = crawl_all(web, tmp_path / "two", 2)
        _, alone, _ = crawl_all(web, tmp_path / "one", 1)
    finally:
        web.stop()
    assert stored == [6, 6]  # 3 blogs x (home + 1 post): neither crawl knew of the other
    assert alone == [6]
    assert len(cpu) == 2 and all(c > 0.2 for c in cpu)  # a whole `linktrail crawl` process each (start-up alone)
