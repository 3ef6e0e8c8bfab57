"""Crawl throughput on a loopback web: bare Scrapy (a) against linktrail's discover crawl (b), same run.

Run: .venv/bin/python benchmarks/bench_crawl.py [--web synth|wp|real] [--mode worker|command]
         [--sites 100] [--pages 200] [--max-pages 10000] [--concurrency 16] [--dir /tmp/linktrail-<web>web]
         [--only a|b] [--repeat N] [--floor]

--web synth is benchmarks/synthweb.py's web (one WordPress theme, ~84 links and a shared 90 KB
filler a page); --web wp is benchmarks/wpweb.py's (five templates: classic and block WordPress,
Blogger-like, Ghost-like, dateless; 60-120 KB whole pages, long comment threads, 100-300 links);
--web real is benchmarks/realweb.py's: the saved real pages of tests/fixtures served as many
sites, their links rewritten to stay on loopback.

(a) a bare Scrapy spider that follows every link with LinkExtractor (Scrapy's duplicate filter
drops what it has seen); (b) `linktrail crawl`'s discover spider with full analysis, relevance,
opportunity scoring and SQLite storage (and its resume journal). Both start from every site's
home page, obey robots.txt, one request at a time per site, no delays, no AutoThrottle, the
same CONCURRENT_REQUESTS, and stop after --max-pages responses. Each runs in a child process;
CPU is the process's user+sys time of the crawl (imports excluded), RSS its peak (ru_maxrss).
Prints pages/s, CPU ms per page, peak RSS and the ratios b/a, and the distribution of (b)'s
analysis CPU time per page over the whole crawl (p50, p95, p99, max: LINKTRAIL_ANALYSIS_TIMINGS).

--mode command times the whole commands as a user runs them instead: `scrapy runspider
benchmarks/bare_spider.py` against `linktrail --config linktrail.toml crawl --seeds-file F`
(start-up, config, crawl, scoring, storage, gates, summary, exit), each a process of its own
whose CPU (user+sys) and peak RSS come from wait4; the bare spider gets the politeness linktrail
runs with (its robots, delay, AutoThrottle and concurrency settings, read from crawler.runner).
Pages are each crawl's responses (linktrail's from the stats in its crawls table). With --floor,
each round also times benchmarks/floor_spider.py: the same links found with one regular expression
(Scrapy's own cost a page, with linktrail's cuts to its machinery), then the same with lxml's parse
of every page, each as a fraction of the bare spider's CPU: what linktrail spends above the second
is its own work (its middlewares, analysis, scoring, storage).

With --repeat N the pair runs N times, alternating a and b, and each pair's ratios are printed
with their median: a shared VM's speed drifts by 10-20% over minutes, and alternating keeps each
ratio to runs made minutes apart.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


COMMON = {
    "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False, "LOGSTATS_INTERVAL": 0,
}


def worker_bare(seeds: list[str], max_pages: int, concurrency: int) -> dict[str, Any]:
    from bare_spider import LOOPBACK_GUARD, BareSpider
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess({**COMMON, **LOOPBACK_GUARD, "CONCURRENT_REQUESTS": concurrency,
                              "CLOSESPIDER_PAGECOUNT": max_pages, "USER_AGENT": "bench-bare"})
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, seeds=seeds)
    cpu, wall = cpu_seconds(), time.monotonic()
    process.start()
    return {**crawler.stats.get_stats(), "bench/cpu": cpu_seconds() - cpu, "bench/wall": time.monotonic() - wall}


def worker_linktrail(seeds: list[str], max_pages: int, concurrency: int, keywords: list[str],
                     db: str) -> dict[str, Any]:
    from crawler.config import Config, CrawlConfig, NicheConfig
    from linktrail.crawl import run_crawl

    config = Config(
        niche=NicheConfig(name="bench", keywords=tuple(keywords)),
        crawl=CrawlConfig(max_pages=max_pages, max_pages_per_site=100_000, max_depth=100, max_new_sites=100_000,
                          download_delay=0.0, concurrent_requests=concurrency, loopback_only=True,
                          time_budget_minutes=60),
        database=db,
    )
    from linktrail.cli import setup_logging

    setup_logging(0)  # as `linktrail crawl` does: warnings only
    cpu, wall = cpu_seconds(), time.monotonic()
    stats = run_crawl(config, db, seeds, **{**COMMON, "LINKTRAIL_PROGRESS": "off", "LINKTRAIL_ANALYSIS_TIMINGS": True})
    return {**stats, "bench/cpu": cpu_seconds() - cpu, "bench/wall": time.monotonic() - wall}


def run_child(args: list[str]) -> dict[str, Any]:
    """Run a worker in a child process and read its JSON line (peak RSS is the child's own)."""
    proc = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# -- whole commands: `linktrail crawl` against `scrapy runspider` ----------------------------

# What a user's linktrail.toml sets for this crawl; the bare spider gets the same politeness.
CONFIG = """[niche]
name = "bench"
keywords = {keywords}
[crawl]
max_pages = {max_pages}
max_pages_per_site = 100000
max_depth = 100
max_new_sites = 100000
download_delay = 0.0
concurrent_requests = {concurrency}
loopback_only = true
time_budget_minutes = 60
"""
POLITENESS = ("ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "DOWNLOAD_DELAY_JITTER", "AUTOTHROTTLE_ENABLED",
              "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY",
              "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_TIMEOUT", "TELNETCONSOLE_ENABLED",
              "REMOTE_CONTROL_ENABLED")


def politeness(config_file: Path, db: str) -> dict[str, str]:
    """The settings `linktrail crawl` runs with that make its pace: delays, AutoThrottle, concurrency, robots."""
    from crawler.configload import load_config
    from crawler.runner import scrapy_settings

    settings = scrapy_settings(load_config(config_file), db=db)
    return {k: str(settings.get(k)) for k in POLITENESS if settings.get(k) is not None}


def timed(cmd: list[str], log: Path) -> dict[str, float]:
    """Run a whole process; its CPU (user+sys, start-up to exit), wall time and peak RSS, from wait4."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")])}
    with log.open("w") as out:
        t = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=log.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {log.read_text()[-2000:]}")
    return {"bench/cpu": usage.ru_utime + usage.ru_stime, "bench/wall": wall, "bench/maxrss_mb": usage.ru_maxrss / 1024}


def command_pair(args: argparse.Namespace, truth: dict[str, Any], tmp: Path, run: int,
                 floors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`scrapy runspider` of the bare spider, then `linktrail crawl`, each a whole process in ``tmp``; with
    ``args.floor`` between them benchmarks/floor_spider.py's two floors, added to ``floors``."""
    seeds = tmp / "seeds.txt"
    seeds.write_text("".join(base + "/\n" for base in truth["sites"]))
    config = tmp / "linktrail.toml"
    config.write_text(CONFIG.format(keywords=json.dumps(truth["keywords"]), max_pages=args.max_pages,
                                    concurrency=args.concurrency))
    db = tmp / f"bench{run}.db"
    results = []
    if args.only in (None, "a"):
        stats_file = tmp / f"bare{run}.json"
        sets = {**politeness(config, str(db)), "LOG_LEVEL": "WARNING", "CLOSESPIDER_PAGECOUNT": str(args.max_pages),
                "USER_AGENT": "bench-bare"}
        cmd = [str(Path(sys.executable).with_name("scrapy")), "runspider", str(ROOT / "benchmarks" / "bare_spider.py"),
               "-a", f"seeds={seeds}", "-a", f"stats={stats_file}",
               *[a for k, v in sets.items() for a in ("-s", f"{k}={v}")]]
        usage = timed(cmd, tmp / f"bare{run}.log")
        results.append(summarise({**json.loads(stats_file.read_text()), **usage}, "scrapy"))
        for name, parse in (("floor", "0"), ("floor+lxml", "1")) if args.floor else ():
            floor_cmd = [*cmd[:2], str(ROOT / "benchmarks" / "floor_spider.py"), "-a", f"parse={parse}", *cmd[3:]]
            usage = timed(floor_cmd, tmp / f"{name}{run}.log")
            floors.append(summarise({**json.loads(stats_file.read_text()), **usage}, name))
    if args.only in (None, "b"):
        cmd = [str(Path(sys.executable).with_name("linktrail")), "--config", str(config), "--db", str(db), "crawl",
               "--seeds-file", str(seeds)]
        usage = timed(cmd, tmp / f"linktrail{run}.log")
        with sqlite3.connect(db) as conn:
            stats = json.loads(conn.execute("select stats from crawls order by rowid desc limit 1").fetchone()[0])
        results.append(summarise({**stats, **usage}, "linktrail"))
    return results


def summarise(stats: dict[str, Any], name: str) -> dict[str, Any]:
    pages = int(stats.get("response_received_count", 0))
    cpu = float(stats.get("bench/cpu", 0.0))
    wall = float(stats.get("bench/wall", 0.0)) or 1e-9
    rss = stats.get("bench/maxrss_mb") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"name": name, "pages": pages, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            "pages_per_s": round(pages / wall, 1), "cpu_ms_per_page": round(1000 * cpu / max(pages, 1), 2),
            "maxrss_mb": round(rss, 1), "stored": stats.get("linktrail/pages_stored"),
            "finish_reason": stats.get("finish_reason"),
            "analysis_ms": {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("linktrail/analysis_ms/")}}


def print_floors(results: list[dict[str, Any]], floors: list[dict[str, Any]]) -> None:
    """Each floor's CPU per page against the bare spider's of the same round, medians over the rounds."""
    bare = [r for r in results if r["name"] == "scrapy"]
    for name in ("floor", "floor+lxml"):
        ratios = [f["cpu_ms_per_page"] / a["cpu_ms_per_page"] for f, a in
                  zip((f for f in floors if f["name"] == name), bare, strict=False)]
        if ratios:
            print(f"{name} / bare CPU per page: median {statistics.median(ratios):.2f} of {len(ratios)} "
                  f"({', '.join(f'{x:.2f}' for x in ratios)}): Scrapy as linktrail runs it, following links"
                  f"{' and parsing each page with lxml' if name == 'floor+lxml' else ''}, nothing else")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--max-pages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--web", choices=("synth", "wp", "real"), default="synth", help="which web (default synth)")
    parser.add_argument("--mode", choices=("worker", "command"), default="worker",
                        help="time the crawl in a worker process (default) or the whole commands")
    parser.add_argument("--dir", type=Path, default=None, help="where the web is (default /tmp/linktrail-<web>web)")
    parser.add_argument("--only", choices=("a", "b"), default=None)
    parser.add_argument("--floor", action="store_true",
                        help="command mode: also time benchmarks/floor_spider.py (Scrapy's own cost, then + lxml)")
    parser.add_argument("--repeat", type=int, default=1, help="run the pair N times, alternating (default 1)")
    parser.add_argument("--worker", choices=("bare", "linktrail"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.dir = args.dir or Path(tempfile.gettempdir()) / f"linktrail-{args.web}web"

    if args.worker:
        truth = json.loads((args.dir / "truth.json").read_text())
        seeds = [base + "/" for base in truth["sites"]]
        if args.worker == "bare":
            stats = worker_bare(seeds, args.max_pages, args.concurrency)
        else:
            stats = worker_linktrail(seeds, args.max_pages, args.concurrency, truth["keywords"], args.db)
        print(json.dumps(summarise(stats, args.worker)))
        return 0

    from realweb import generate as generate_real
    from synthweb import PORT, Server, host_of
    from synthweb import generate as generate_synth
    from wpweb import generate as generate_wp

    generate = {"wp": generate_wp, "real": generate_real}.get(args.web, generate_synth)
    truth_file = args.dir / "truth.json"
    old = json.loads(truth_file.read_text()) if truth_file.exists() else {}
    if old.get("web", "synth") != args.web or old.get("pages") != args.pages or old.get("port") != PORT or \
            list(old.get("sites", ())) != [f"http://{host_of(i)}:{PORT}" for i in range(args.sites)]:
        t = time.monotonic()
        generate(args.dir, args.sites, args.pages)
        truth = json.loads(truth_file.read_text())
        truth_file.write_text(json.dumps({**truth, "web": args.web, "pages": args.pages}, indent=1))
        print(f"generated {args.sites} sites x {args.pages} pages ({args.web}) in {time.monotonic() - t:.0f} s "
              f"under {args.dir}")
    want = json.loads(truth_file.read_text())["pages_per_site"]
    results: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    with Server(args.dir) as server, tempfile.TemporaryDirectory() as tmp:
        print(f"serving {args.sites * want} pages with {server.kind}; crawling {args.max_pages} pages, "
              f"CONCURRENT_REQUESTS={args.concurrency}, {os.cpu_count()} cores, {args.mode} mode")
        common = ["--web", args.web, "--dir", str(args.dir),
                  "--max-pages", str(args.max_pages), "--concurrency", str(args.concurrency)]
        for run in range(max(args.repeat, 1)):
            if args.mode == "command":
                results += command_pair(args, json.loads(truth_file.read_text()), Path(tmp), run, floors)
                continue
            if args.only in (None, "a"):
                results.append(run_child(["--worker", "bare", *common]))
            if args.only in (None, "b"):
                results.append(run_child(["--worker", "linktrail", "--db", str(Path(tmp) / f"bench{run}.db"),
                                          *common]))
    print(f"{'crawler':<10} {'pages':>7} {'pages/s':>8} {'CPU ms/page':>12} {'peak RSS MB':>12} {'wall s':>7}")
    for r in results + floors:
        print(f"{r['name']:<10} {r['pages']:>7} {r['pages_per_s']:>8} {r['cpu_ms_per_page']:>12} "
              f"{r['maxrss_mb']:>12.0f} {r['wall_s']:>7}")
    print_floors(results, floors)
    for r in results:
        if r.get("analysis_ms"):
            t = r["analysis_ms"]
            print(f"analysis CPU ms/page over {t['count']:.0f} pages: p50 {t['p50']}, p95 {t['p95']}, p99 {t['p99']}, "
                  f"max {t['max']}; p99/p50 {t['p99'] / max(t['p50'], 1e-9):.1f} (target <= 3)")
    if args.only is None:
        cpu, speed = [], []
        for a, b in zip(results[::2], results[1::2], strict=True):
            cpu.append(b["cpu_ms_per_page"] / a["cpu_ms_per_page"])
            speed.append(b["pages_per_s"] / a["pages_per_s"])
            print(f"b/a CPU per page: {cpu[-1]:.2f} (target <= 0.5); pages/s: {speed[-1]:.2f}x (target >= 2); "
                  f"peak RSS: {b['maxrss_mb']:.0f} MB vs {a['maxrss_mb']:.0f} MB")
        if len(cpu) > 1:
            print(f"median of {len(cpu)} pairs: b/a CPU per page {statistics.median(cpu):.2f}, "
                  f"pages/s {statistics.median(speed):.2f}x; peak RSS "
                  f"{statistics.median(r['maxrss_mb'] for r in results[1::2]):.0f} MB vs "
                  f"{statistics.median(r['maxrss_mb'] for r in results[::2]):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
