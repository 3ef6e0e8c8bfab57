"""Crawl workers on Redis: the sample web by one `linktrail crawl` (baseline) and by 1, 2 and 4 workers + ingest.

Run: /work/venv/bin/python benchmarks/bench_workers.py [--delay S]

Prints per run: wall time of the crawl (workers until the last exits, then ingest), pages/s,
duplicate page fetches counted by the server (robots.txt aside: each worker reads it once per
site), and whether the database has the same pages with the same states as the baseline.
Needs redis-server (started here as our own process on a free loopback port).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linktrail.demo import SampleWeb  # noqa: E402 - sys.path must hold the repo root first
from tests.conftest import write_config  # noqa: E402 - sys.path must hold the repo root first
from tests.redis_fixture import LocalRedis  # noqa: E402 - sys.path must hold the repo root first

LINKTRAIL = [sys.executable, "-m", "linktrail.cli"]
STATE = "url, comment_state, website_field, captcha, guest_post, opportunity, platform, title"


def states(db: Path) -> dict[str, tuple[object, ...]]:
    con = sqlite3.connect(db)
    rows = {r[0]: r for r in con.execute(f"select {STATE} from pages")}
    con.close()
    return rows


def duplicates(web: SampleWeb) -> int:
    extra = 0
    for paths in web.requests.values():
        pages = [p for p in paths if p != "/robots.txt"]
        extra += len(pages) - len(set(pages))
    return extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.25, help="download_delay per site (default 0.25 s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SampleWeb() as web:
        work = Path(tmp)
        redis = LocalRedis(work / "redis").start()
        niche = web.truth["demo_niche"]
        seed = web.url(web.truth["seed"] + "/")
        print(f"sample web: {len(web.bases)} blogs on 127.0.0.1; download_delay {args.delay} s; "
              f"machine: {os.cpu_count()} cores")
        baseline: dict[str, tuple[object, ...]] = {}
        for label, n in (("single process", 0), ("1 worker", 1), ("2 workers", 2), ("4 workers", 4)):
            run = work / label.replace(" ", "-")
            run.mkdir()
            write_config(run / "linktrail.toml", niche={"name": niche, "keywords": web.truth["niches"][niche]},
                         crawl={"download_delay": args.delay, "loopback_only": True, "max_pages": 500})
            web.requests.clear()
            started = time.monotonic()
            if n == 0:
                subprocess.run([*LINKTRAIL, "-q", "crawl", seed], cwd=run, check=True, capture_output=True)
                crawl_s = time.monotonic() - started
            else:
                subprocess.run([*LINKTRAIL, "-q", "workers", str(n), "--redis", redis.url, seed], cwd=run,
                               check=True, capture_output=True)
                crawl_s = time.monotonic() - started
                subprocess.run([*LINKTRAIL, "-q", "ingest", "--redis", redis.url], cwd=run, check=True,
                               capture_output=True)
            total = time.monotonic() - started
            rows = states(run / "linktrail.db")
            if n == 0:
                baseline = rows
            same = "baseline" if n == 0 else ("same" if rows == baseline else
                                              f"DIFFERENT ({len(set(rows) ^ set(baseline))} urls differ)")
            robots = sum(p.count("/robots.txt") for p in web.requests.values())
            print(f"{label:15} {len(rows):4d} pages  crawl {crawl_s:6.1f} s  with ingest {total:6.1f} s  "
                  f"{len(rows) / total:5.1f} pages/s  duplicate page fetches {duplicates(web)}  "
                  f"robots.txt reads {robots}  database: {same}")
        redis.stop()


if __name__ == "__main__":
    main()
