"""The end-of-crawl settle (a full rescore) in one process against split between processes, by store size.

Run: .venv/bin/python benchmarks/bench_settle.py [--sizes 500,1000,2000,4000] [--repeat 3] [--processes 2]

Builds a store of real pages, as a crawl of them would leave it: benchmarks/realweb.py's web (the saved real
pages of tests/fixtures as 40 sites x 101 pages, links rewritten onto the web), each page analysed as the
spider does (`analyse` on its bytes), scored and stored with the store's writer; the first site is the seed
site. Then, for each size, a copy holding that many pages (the first by rowid), its stored scores cleared (as
after a first crawl: every page is written again), is settled with `rescore(..., processes=1)` and with
``--processes``, alternating, ``--repeat`` times. Prints the medians of the wall time and of the CPU time of
all processes (this one and the children it forked), checks that both give the same stored scores, and the
size from which the split starts by default (pipelines.relevance.PARALLEL_PAGES, overridden here so every
size is split).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from realweb import generate

import pipelines.relevance
from crawler.analysis import analyse
from crawler.configload import config_from_dict
from crawler.items import PageItem
from crawler.niche import NicheProfile
from pipelines.relevance import rescore
from pipelines.store import PageWriter, open_db

TODAY = date(2026, 12, 3)
HEADERS = {"Content-Type": "text/html; charset=UTF-8"}


def build_store(path: Path, web: Path, truth: dict[str, object]) -> int:
    """Every page of the generated web analysed and stored at ``path``; the number of pages."""
    keywords = NicheProfile.from_keywords(truth["keywords"])  # type: ignore[arg-type]
    db = open_db(path)
    writer = PageWriter(db, 200)
    seed = str(truth["seed"])
    n = 0
    for root in sorted((web / "sites").iterdir()):
        base = f"http://{root.name}:{truth['port']}"
        for file in [root / "index.html", *sorted((root / "p").glob("*.html"))]:
            url = base + "/" if file.name == "index.html" else f"{base}/p/{file.stem}/"
            facts = analyse(url, file.read_bytes(), HEADERS)
            relevance, reasons = keywords.score(facts.post.title, facts.post.text)
            writer.add(PageItem(url=url, site=root.name, fetched_url=url, status=200,
                                fetched_at="2026-12-03T08:00:00+00:00", depth=0, facts=facts,
                                found_via="seed" if url == seed else "content",
                                relevance=relevance, relevance_reasons=reasons))
            n += 1
    writer.flush()
    db.conn.close()
    return n


def settle_once(store: Path, run: Path, config: object, processes: int) -> tuple[float, float, str]:
    """(wall s, CPU s of this process and its children, digest of the stored scores) of one full settle."""
    shutil.copy(store, run)
    db = open_db(run)
    db.execute("update pages set relevance = null, relevance_reasons = null, opportunity = null, value = null, "
               "value_reasons = null")
    db.conn.commit()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, wall = time.process_time(), time.perf_counter()
    rescore(db, config, TODAY, processes=processes)  # type: ignore[arg-type]
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu + (after.ru_utime + after.ru_stime) - (kids.ru_utime + kids.ru_stime)
    db.conn.close()
    con = sqlite3.connect(run)
    rows = con.execute("select url, relevance, relevance_reasons, opportunity, value, value_reasons from pages "
                       "order by url").fetchall()
    con.close()
    return wall, cpu, hashlib.sha256(repr(rows).encode()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="500,1000,2000,4000", help="store sizes in pages, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    default_from = pipelines.relevance.PARALLEL_PAGES
    pipelines.relevance.PARALLEL_PAGES = 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t = time.monotonic()
        truth = generate(work / "web", 40, 100)
        whole = work / "whole.db"
        pages = build_store(whole, work / "web", truth)
        print(f"store: {pages} real-web pages analysed and stored in {time.monotonic() - t:.0f} s; "
              f"settles split from {default_from} pages by default")
        config = config_from_dict({"seeds": {"urls": [str(truth["seed"])]},
                                   "niche": {"name": "sourdough", "keywords": truth["keywords"]}})
        print(f"| pages | wall s: 1 process | wall s: {args.processes} | CPU s (all): 1 process "
              f"| CPU s: {args.processes} | same scores |")
        print("|---|---|---|---|---|---|")
        for size in (min(int(s), pages) for s in args.sizes.split(",")):
            store = work / f"size{size}.db"
            shutil.copy(whole, store)
            con = sqlite3.connect(store)
            con.execute("delete from pages where rowid > ?", [size])
            con.commit()
            con.close()
            got: dict[int, list[tuple[float, float, str]]] = {1: [], args.processes: []}
            for _ in range(args.repeat):
                for procs in got:
                    got[procs].append(settle_once(store, work / "run.db", config, procs))
            one, split = got[1], got[args.processes]
            same = len({digest for _w, _c, digest in one + split}) == 1
            print(f"| {size} | {statistics.median(w for w, _c, _d in one):.2f} "
                  f"| {statistics.median(w for w, _c, _d in split):.2f} "
                  f"| {statistics.median(c for _w, c, _d in one):.2f} "
                  f"| {statistics.median(c for _w, c, _d in split):.2f} "
                  f"| {'yes' if same else 'NO'} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
