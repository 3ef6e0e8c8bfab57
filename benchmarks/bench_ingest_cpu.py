"""The ingest's CPU on the page messages of a crawl, in one process, without Redis: decode + write, then the settle.

    python benchmarks/bench_ingest_cpu.py make STORE.db DIR   # DIR/with.jsonl, DIR/without.jsonl from a crawl's store
    python benchmarks/bench_ingest_cpu.py run DIR/with.jsonl  # one JSON line: CPU seconds of each part
    python benchmarks/bench_ingest_cpu.py tail DIR/with.jsonl  # one JSON line: the settle's parts, wall / CPU

``make`` rebuilds the version 2 page messages a crawl's workers would have sent for the pages of STORE.db (its
pages row, its links rows, its site's name), with their terms (``with``: ``sent_terms``' form, the message since
issue 23's terms) and without (``without``: the message before). ``run`` writes them into a new store as
`linktrail ingest --follow` does (`write_batch`, BATCH messages a batch; the terms kept when this checkout's
`write_batch` takes a ``memo``), then settles it: CPU time (process_time, and the settle's forked children's).
Run ``run`` from each checkout (PYTHONPATH) alternating, in separate processes, to compare. ``tail``: what the
ingest does once the workers exit, timed by part (wall and this process' CPU seconds): the messages written, every
page's relevance changed (the workers' scores are provisional: the settle rewrites them), then `settle_crawl`, its
learning pass, the scoring pass's shares (`forked_map`, this process' and its children's, the learning pass's
subtracted), the scores written, the plan's gates.

Measured (2026-12-04, 2 vCPUs shared, load 2-3; the 4,000 generated pages of bench_workers.py --web synth's
one-process store, ``tail``, 3 runs): settle 0.61-1.02 s wall, 0.39-0.41 s CPU here; learning 0.15-0.30 s wall
(0.10 CPU here), scoring 0.40-0.65 s (0.23), scores written 0.05-0.06 s (0.045), gates 0.001 s. The scoring pass's
child finished before this process' share: writing this share's scores while the child scores (tried) gained nothing.

Measured (2026-12-04, 2 vCPUs shared, load 1-8; the 3,944 real pages of bench_workers.py --web real's one-process
store; medians of 8 rounds, main a76eb64 without terms / issue 23's terms): decode + write 1.84 / 1.80 s, settle
1.28 / 1.01 s here and 1.24 / 0.95 s in its forked child; a worker's sent_terms + the bigger JSON ~8 us a page.
"""

from __future__ import annotations

import inspect
import json
import resource
import sqlite3
import sys
import tempfile
import time
import zlib
from datetime import date
from pathlib import Path
from typing import Any

BATCH = 70  # what a --follow batch holds beside two workers at ~70 pages/s (its 1 s window)
KEYWORDS = ["sourdough", "starter", "levain", "crumb", "hydration"]  # bench_workers.py's niche


def make(store: Path, out: Path) -> None:
    from crawler.niche import MAX_TERM_CHARS, page_terms
    from pipelines.store import PAGE_COLUMNS

    con = sqlite3.connect(store)
    con.row_factory = sqlite3.Row
    links: dict[str, list[list[object]]] = {}
    for r in con.execute("select from_url, to_url, to_site, anchor, rel, kind from links order by rowid"):
        links.setdefault(r[0], []).append(list(r)[1:])
    out.mkdir(parents=True, exist_ok=True)
    with (out / "with.jsonl").open("w") as with_terms, (out / "without.jsonl").open("w") as without:
        for r in con.execute("select * from pages order by fetched_at, rowid"):
            row = {c: r[c] for c in PAGE_COLUMNS}  # a message's row: the store's later columns are not in it
            row["first_seen"] = row["fetched_at"]
            facts = json.loads(row["facts"] or "{}")
            post = facts.get("post") or {}
            message = {"v": 2, "type": "page", "row": row, "links": links.get(row["url"], []),
                       "site_name": post.get("site_name") or None}
            without.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n")
            text = post.get("text") or ""
            joined = " ".join(page_terms(text))
            if joined:
                check = zlib.crc32(text[:MAX_TERM_CHARS].encode("utf-8", "surrogatepass"))
                message["terms"] = [len(text), check, joined]
            with_terms.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n")


def children() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run(messages: Path) -> None:
    from crawler.configload import config_from_dict
    from crawler.niche import TermsMemo
    from pipelines.ingest import IngestResult, write_batch
    from pipelines.relevance import SHARE_PAGES, settle
    from pipelines.store import open_db

    raw = messages.read_bytes().splitlines()
    takes_memo = "memo" in inspect.signature(write_batch).parameters
    memo = TermsMemo(SHARE_PAGES)
    config = config_from_dict({"niche": {"name": "sourdough", "keywords": KEYWORDS}})
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "x.db")
        result = IngestResult()
        c0, w0 = time.process_time(), children()
        for start in range(0, len(raw), BATCH):
            if takes_memo:
                write_batch(db, raw[start : start + BATCH], result, memo=memo)
            else:
                write_batch(db, raw[start : start + BATCH], result)
        c1 = time.process_time()
        settled = settle(db, config, date(2026, 12, 4), memo=memo) if takes_memo else settle(
            db, config, date(2026, 12, 4))
        c2, w2 = time.process_time(), children()
    print(json.dumps({"pages": result.pages, "bad": result.bad, "kept": len(memo.kept) if takes_memo else 0,
                      "write": round(c1 - c0, 3), "settle": round(c2 - c1, 3),
                      "settle_children": round(w2 - w0, 3), "rewritten": settled.rewritten}))


def tail(messages: Path) -> None:
    import linktrail.plan
    import pipelines.relevance
    from crawler.configload import config_from_dict
    from crawler.niche import TermsMemo
    from pipelines.ingest import IngestResult, write_batch
    from pipelines.store import open_db

    took: dict[str, list[float]] = {}

    def timed(module: Any, name: str) -> None:
        real = getattr(module, name)

        def run_timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                spent = took.setdefault(name, [0.0, 0.0])
                spent[0] += time.perf_counter() - wall
                spent[1] += time.process_time() - cpu
        setattr(module, name, run_timed)

    for name in ("store_profile", "forked_map", "write_scores"):
        timed(pipelines.relevance, name)
    for name in ("settle", "apply_gates"):
        timed(linktrail.plan, name)
    raw = messages.read_bytes().splitlines()
    memo = TermsMemo(pipelines.relevance.SHARE_PAGES)
    config = config_from_dict({"niche": {"name": "sourdough", "keywords": KEYWORDS}})
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "x.db")
        result = IngestResult()
        for start in range(0, len(raw), BATCH):
            write_batch(db, raw[start : start + BATCH], result, memo=memo)
        with db.conn:
            db.conn.execute("update pages set relevance = round(relevance * 0.9, 3)")
        took.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        linktrail.plan.settle_crawl(db, config, date(2026, 12, 4), memo=memo)
        took["settle_crawl"] = [time.perf_counter() - wall, time.process_time() - cpu]
    # forked_map ran the learning pass too (inside store_profile): the scoring pass is the rest of it
    learning = took.get("store_profile", [0.0, 0.0])
    took["forked_map"] = [a - b for a, b in zip(took.get("forked_map", [0.0, 0.0]), learning, strict=True)]
    names = {"store_profile": "learning", "forked_map": "scoring", "write_scores": "scores written"}
    print(json.dumps({names.get(k, k): [round(v, 3) for v in spent] for k, spent in took.items()}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1] == "tail":
        tail(Path(sys.argv[2]))
    else:
        run(Path(sys.argv[2]))
