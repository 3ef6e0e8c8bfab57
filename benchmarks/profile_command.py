"""Where the CPU of a whole `linktrail crawl` goes: start-up, the crawl's parts, the settle, the exit.

Run: .venv/bin/python benchmarks/profile_command.py [--web real|wp|synth] [--dir /tmp/linktrail-<web>web]
         [--max-pages 1800] [--concurrency 16] [--tree PATH ...] [--rounds 3]

The web must exist (benchmarks/bench_crawl.py makes it, and its truth.json names the port); it is served here
as bench_crawl.py serves it. Each round runs `linktrail --config F crawl --seeds-file S` (bench_crawl.py's
config) once per ``--tree`` (a checkout whose crawler/, pipelines/ and linktrail/ go first on the path; default
this one), alternating, each in a process of its own. In that process the CPU time (user+sys, from the
interpreter's start) is read where the command starts the reactor, where the reactor stops, around the
settle, and after the exit's collection (linktrail.cli.settle_for_exit). Inside the crawl, the CPU of the
page analysis, the spider's niche scoring, each item pipeline and the store's flushes is added up around
those calls (less any collection meanwhile), and the garbage collector's from gc.callbacks. What the crawl
spent besides is Scrapy and Twisted (download, engine, scheduler, signals), linktrail's middlewares and
extension, the spider and its frontier.
Prints each part's median over the rounds per tree, in seconds and in ms per stored page.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(argv: list[str], out: Path) -> None:
    """Run `linktrail` with ``argv`` in this process, instrumented; write the parts' CPU to ``out`` (JSON)."""
    import gc

    parts: dict[str, float] = {}
    marks: dict[str, float] = {}
    gc_start, gc_total = [0.0], [0.0]  # a collection's start; all collections' CPU so far

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            gc_start[0] = time.process_time()
            return
        spent = time.process_time() - gc_start[0]
        gc_total[0] += spent
        key = "gc (in the crawl)" if "reactor start" in marks and "reactor stop" not in marks else "gc (outside)"
        parts[key] = parts.get(key, 0.0) + spent

    def timed(owner: Any, name: str, label: str) -> None:
        fn: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t, collected = time.process_time(), gc_total[0]
            try:
                return fn(*args, **kwargs)
            finally:  # a collection that ran meanwhile is the collector's, not this part's
                parts[label] = parts.get(label, 0.0) + time.process_time() - t - (gc_total[0] - collected)
        setattr(owner, name, wrapper)

    gc.callbacks.append(on_gc)
    from scrapy.crawler import CrawlerProcess

    import crawler.niche
    import crawler.spiders.discover as discover
    import linktrail.cli
    import linktrail.plan
    import pipelines.opportunity
    import pipelines.relevance
    import pipelines.store.pipeline
    import pipelines.store.writer

    marks["imported"] = cpu()
    timed(discover, "analyse", "analysis")
    timed(crawler.niche.NicheProfile, "score", "niche scoring")
    timed(pipelines.relevance.RelevancePipeline, "process_item", "relevance pipeline")
    timed(pipelines.opportunity.OpportunityPipeline, "process_item", "opportunity pipeline")
    timed(pipelines.store.pipeline.StorePipeline, "process_item", "store pipeline")
    timed(pipelines.store.writer.PageWriter, "flush", "store flushes")
    start, settle = CrawlerProcess.start, linktrail.plan.settle  # the settle of settle_crawl

    def started(self: CrawlerProcess, *args: Any, **kwargs: Any) -> None:
        marks["reactor start"] = cpu()
        try:
            start(self, *args, **kwargs)
        finally:
            marks["reactor stop"] = cpu()

    def settled(*args: Any, **kwargs: Any) -> Any:
        marks["settle start"] = cpu()
        try:
            return settle(*args, **kwargs)
        finally:
            marks["settle end"] = cpu()

    CrawlerProcess.start = started  # type: ignore[method-assign]
    linktrail.plan.settle = settled  # type: ignore[assignment]
    sys.argv = ["linktrail", *argv]
    try:
        linktrail.cli.main()
    except SystemExit as exc:
        if exc.code:
            raise
    marks["exit"] = cpu()
    out.write_text(json.dumps({"marks": marks, "parts": parts}))


def phases(got: dict[str, Any], pages: int) -> dict[str, float]:
    """The rows of the table, in seconds, from a child's marks and parts."""
    m, p = got["marks"], got["parts"]
    crawl = m["reactor stop"] - m["reactor start"]
    inside = ("analysis", "niche scoring", "relevance pipeline", "opportunity pipeline", "store pipeline",
              "gc (in the crawl)")
    rows = {
        "whole command": m["exit"],
        "imports (linktrail.cli and the instrumented modules)": m["imported"],
        "start-up after the imports, to the reactor": m["reactor start"] - m["imported"],
        "crawl (reactor running)": crawl,
        **{f"  {k}": p.get(k, 0.0) for k in inside},
        "    of the store pipeline: flushes": p.get("store flushes", 0.0),
        "  the rest: Scrapy/Twisted, middlewares, spider, frontier": crawl - sum(p.get(k, 0.0) for k in inside),
        "after the crawl, to the settle": m["settle start"] - m["reactor stop"],
        "settle": m["settle end"] - m["settle start"],
        "after the settle: gates, summary, exit's collection": m["exit"] - m["settle end"],
        "pages stored": pages,
    }
    return rows


def run(tree: Path, args: argparse.Namespace, tmp: Path, name: str) -> dict[str, float]:
    import sqlite3

    db, out = tmp / f"{name}.db", tmp / f"{name}.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), str(ROOT / "benchmarks")]),
           "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, __file__, "--child", str(out), "--", "--config", str(tmp / "linktrail.toml"),
           "--db", str(db), "crawl", "--seeds-file", str(tmp / "seeds.txt")]
    with (tmp / f"{name}.log").open("w") as log:
        subprocess.run(cmd, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
    with sqlite3.connect(db) as conn:
        pages = conn.execute("select count(*) from pages").fetchone()[0]
    return phases(json.loads(out.read_text()), pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--web", choices=("synth", "wp", "real"), default="real")
    parser.add_argument("--dir", type=Path, default=None, help="the web (default /tmp/linktrail-<web>web)")
    parser.add_argument("--max-pages", type=int, default=1800)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--tree", type=Path, action="append", help="a checkout to time (repeat to compare)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.rest, args.child)
        return 0
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_crawl import CONFIG
    from synthweb import Server

    web = args.dir or Path(tempfile.gettempdir()) / f"linktrail-{args.web}web"
    truth = json.loads((web / "truth.json").read_text())
    trees = [t.resolve() for t in args.tree or [ROOT]]
    results: dict[Path, list[dict[str, float]]] = {t: [] for t in trees}
    with Server(web), tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "seeds.txt").write_text("".join(base + "/\n" for base in truth["sites"]))
        (tmp / "linktrail.toml").write_text(CONFIG.format(keywords=json.dumps(truth["keywords"]),
                                                          max_pages=args.max_pages, concurrency=args.concurrency))
        for r in range(args.rounds):
            for k, tree in enumerate(trees):
                results[tree].append(run(tree, args, tmp, f"r{r}t{k}"))
                whole = results[tree][-1]["whole command"]
                print(f"round {r + 1}, {tree}: {whole:.2f} s CPU", flush=True)
    print(f"median of {args.rounds} rounds; s of CPU (ms per stored page)")
    print(f"{'part':<58}" + "".join(f"{str(t)[-22:]:>24}" for t in trees))
    for row in results[trees[0]][0]:
        cells = []
        for tree in trees:
            value = statistics.median(res[row] for res in results[tree])
            pages = statistics.median(res["pages stored"] for res in results[tree])
            cells.append(f"{value:.0f}" if row == "pages stored" else f"{value:.2f} ({1000 * value / pages:.2f})")
        print(f"{row:<58}" + "".join(f"{c:>24}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
