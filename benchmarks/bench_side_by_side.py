"""Separate crawls side by side: what this machine's cores give crawls that share nothing, the scale-out's ceiling.

Run: .venv/bin/python benchmarks/bench_side_by_side.py [--sites 200] [--pages 20] [--crawls 2] [--web synth|real]
     [--repeat 3]

`bench_workers.py` compares `linktrail workers N` + `ingest` with one `linktrail crawl` on the same web. Part of what
the workers lose against N times one process is theirs (the shared queue in Redis, the messages, the ingest), part
is the machine's (N busy processes share caches, memory and the web server). This measures the machine's part on the
same web, served by nginx as `bench_workers.py --server nginx` serves it: one `linktrail crawl` alone, then
``--crawls`` of them at once, each with its own working directory and database, none knowing of the others (each
fetches the whole web); rounds alternate which goes first. Prints per round the wall time until the last one exits,
the pages each stored, the pages/s of all of them together against one alone, and each process' CPU seconds; then the
medians. N separate crawls reach the throughput N workers could at best, were the shared queue and the ingest free.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench_workers import LINKTRAIL, ROOT, NginxWeb, write_crawl_config


def crawl_all(web: NginxWeb, work: Path, n: int) -> tuple[float, list[int], list[float]]:
    """``n`` `linktrail crawl` processes of the whole web at once: (wall s until the last exits, pages each stored,
    CPU s each)."""
    dirs = [work / str(i) for i in range(n)]
    procs = []
    started = time.monotonic()
    for d in dirs:
        d.mkdir(parents=True)
        write_crawl_config(d, web, 0)
        procs.append(subprocess.Popen([*LINKTRAIL, "-q", "crawl", *(b + "/" for b in web.bases)], cwd=d,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      env={**os.environ, "PYTHONPATH": str(ROOT)}))
    cpu = []
    for proc in procs:
        _pid, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"a crawl exited with {os.waitstatus_to_exitcode(status)}; see {work}")
        cpu.append(usage.ru_utime + usage.ru_stime)
    wall = time.monotonic() - started
    stored = []
    for d in dirs:
        with sqlite3.connect(d / "linktrail.db") as db:
            stored.append(db.execute("select count(*) from pages").fetchone()[0])
    return wall, stored, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--crawls", type=int, default=2, help="separate crawls at once")
    parser.add_argument("--web", choices=("synth", "real"), default="synth",
                        help="generated pages, or real saved pages (as bench_workers.py --web)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    real = None
    if args.web == "real":
        from realweb import real_pages

        real = [html for _name, html in real_pages()]
    ratios, alone_cpu, beside_cpu = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        web = NginxWeb(args.sites, args.pages, Path(tmp) / "nginx", real)
        print(f"web: {args.sites} blogs x {args.pages} {'real saved' if real else 'generated'} pages served by nginx; "
              f"32 requests in flight per crawl, no delay; {os.cpu_count()} cores")
        print("| round | crawls at once | wall s | pages stored, each | pages/s, all | against one alone "
              "| CPU s, each |")
        print("|---|---|---|---|---|---|---|")
        try:
            for round_ in range(args.repeat):
                order = (1, args.crawls) if round_ % 2 == 0 else (args.crawls, 1)
                got = {n: crawl_all(web, Path(tmp) / f"{round_}-{n}", n) for n in order}
                one = sum(got[1][1]) / got[1][0]
                for n in (1, args.crawls):
                    wall, stored, cpu = got[n]
                    rate = sum(stored) / wall
                    print(f"| {round_ + 1} | {n} | {wall:.1f} | {', '.join(map(str, stored))} | {rate:.1f} | "
                          f"{rate / one:.2f}x | {', '.join(f'{c:.2f}' for c in cpu)} |", flush=True)
                ratios.append(sum(got[args.crawls][1]) / got[args.crawls][0] / one)
                alone_cpu += got[1][2]
                beside_cpu += got[args.crawls][2]
        finally:
            web.stop()
    print(f"\nmedians: {args.crawls} separate crawls {statistics.median(ratios):.2f}x one crawl's pages/s; "
          f"CPU s of a crawl alone {statistics.median(alone_cpu):.2f}, beside the others "
          f"{statistics.median(beside_cpu):.2f} ({statistics.median(beside_cpu) / statistics.median(alone_cpu):.2f}x)")


if __name__ == "__main__":
    main()
