"""The crawl benchmark's webs and modes: the real-page web stays on loopback, both modes print their table."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from realweb import A_HREF, KEEP, own_host, real_pages, rewrite
from synthweb import SiteSpec, host_of, post_url

WORDPRESS = ROOT / "tests" / "fixtures" / "wordpress" / "twentytwentyone-open_with_website.html"


def test_real_pages_are_the_fixture_pool() -> None:
    pool = real_pages()
    assert len(pool) == 47 + 14 + 387  # tests/fixtures/pages, wordpress and corpus
    assert ("twentytwentyone-open_with_website.html", WORDPRESS.read_text()) in pool


def test_rewrite_keeps_the_page_and_moves_every_link_onto_the_loopback_web() -> None:
    html = WORDPRESS.read_text()
    sites = [SiteSpec(i, "sourdough", host_of(i)) for i in range(3)]
    own = post_url(sites[1], 4)
    out = rewrite(html, sites[1], sites, 10, own)
    assert own_host(html) == "127.0.0.1"  # the WordPress on 127.0.0.1:8090 that served it
    links = [m.group(2).strip("\"'") for m in A_HREF.finditer(out)]
    assert len(links) == len(A_HREF.findall(html)) > 20
    assert all(u.startswith(("http://127.1.0.1:", "http://127.1.1.1:", "http://127.1.2.1:")) or u.startswith(KEEP)
               for u in links)
    assert re.search(r'<link rel="canonical" href="([^"]*)"', out).group(1) == own  # type: ignore[union-attr]
    # outside link targets, not a character changed
    strip = re.compile(r"""\bhref\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
    assert strip.sub("href", out) == strip.sub("href", html)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.1.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("mode", ["worker", "command"])
def test_bench_crawl_prints_its_table_on_a_tiny_real_web(tmp_path: Path, mode: str) -> None:
    env = {"SYNTHWEB_PORT": str(free_port()), "SYNTHWEB_SERVER": "python", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_crawl.py"), "--web", "real", "--sites", "2",
                           "--pages", "3", "--max-pages", "6", "--mode", mode, "--dir", str(tmp_path / "web")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert re.fullmatch(rf"generated 2 sites x 3 pages \(real\) in \d+ s under {re.escape(str(tmp_path))}/web", lines[0])
    assert lines[1] == (f"serving 8 pages with python; crawling 6 pages, CONCURRENT_REQUESTS=16, {os.cpu_count()} "
                        f"cores, {mode} mode")
    assert lines[2].split() == ["crawler", "pages", "pages/s", "CPU", "ms/page", "peak", "RSS", "MB", "wall", "s"]
    names = [line.split()[0] for line in lines[3:5]]
    assert names == (["bare", "linktrail"] if mode == "worker" else ["scrapy", "linktrail"])
    assert all(int(line.split()[1]) > 0 for line in lines[3:5])
    assert lines[-1].startswith("b/a CPU per page: ") and "(target <= 0.5); pages/s: " in lines[-1]


def test_bench_crawl_with_floor_times_the_floor_spider_beside_the_pair(tmp_path: Path) -> None:
    """--floor: benchmarks/floor_spider.py, alone and with lxml's parse, crawls the same pages and gets its ratio."""
    env = {"SYNTHWEB_PORT": str(free_port()), "SYNTHWEB_SERVER": "python", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_crawl.py"), "--web", "real", "--sites", "2",
                           "--pages", "3", "--max-pages", "6", "--mode", "command", "--floor",
                           "--dir", str(tmp_path / "web")], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {line.split()[0]: line.split() for line in proc.stdout.splitlines()[3:7]}
    assert list(rows) == ["scrapy", "linktrail", "floor", "floor+lxml"]
    # every crawler of the round fetched pages of the same web: the bare spider's count, give or take robots.txt
    assert all(int(row[1]) > 0 for row in rows.values())
    assert abs(int(rows["floor"][1]) - int(rows["scrapy"][1])) <= 2, rows
    for name in ("floor", "floor+lxml"):
        ratio = float(rows[name][3]) / float(rows["scrapy"][3])
        line = next(line for line in proc.stdout.splitlines() if line.startswith(f"{name} / bare CPU per page: "))
        assert line.split()[7] == f"{ratio:.2f}", line
