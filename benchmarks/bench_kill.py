"""What SIGKILL costs a crawl: N kills of a real `linktrail crawl` at spread moments, each resumed; pages fetched again.

Run: .venv/bin/python benchmarks/bench_kill.py [--sites 12] [--pages 60] [--kills 10] [--dir /tmp/linktrail-killweb]
         [--concurrency 16] [--delay 0.0]

A generated loopback web (benchmarks/synthweb.py, its request log on) is crawled once without
interruption (the baseline: which pages a whole crawl stores), then again from a fresh database with
N SIGKILLs. Kill k comes when the crawl's journal (DB.job/frontier.log, written after every callback)
holds k/(N+1) of the baseline's pages as done (distinct URLs): a condition, not a time, so the moments spread over
the crawl whatever the machine's speed, and fall anywhere in the store's flush cycle. After each kill
the same command is run again (it resumes). At the end it prints: kills survived, SQLite's
integrity_check, pages lost or gained against the baseline, and for each kill the pages fetched again
(URLs the server answered before the kill and again after it), split into those whose fetch had ended
before the kill but were not yet committed to SQLite (the store's flush window) and those still in
flight; extra requests in all (requests beyond one per URL, robots.txt asked again by each run
included).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("SYNTHWEB_PORT", "8497")  # not bench_crawl's port: both may run at once

import synthweb  # noqa: E402

from crawler.journal import Journal  # noqa: E402

CONFIG = """[niche]
name = "bench"
keywords = {keywords}
[crawl]
max_pages = 100000
max_pages_per_site = 100000
max_depth = 100
max_new_sites = 100000
download_delay = {delay}
concurrent_requests = {concurrency}
loopback_only = true
time_budget_minutes = 60
"""
LINKTRAIL = str(Path(sys.executable).with_name("linktrail"))


def requests(log: Path) -> list[str]:
    """The URLs the server answered, in order (robots.txt included)."""
    if not log.exists():
        return []
    return [line.split(" ", 1)[1] for line in log.read_text().splitlines() if " " in line]


def done_pages(journal: Path, seen: dict[str, Any]) -> int:
    """Distinct pages the journal says were fetched and stored (``D 1`` lines), read on from where the last call
    stopped: the crawl's progress, which a page fetched again after a kill does not move."""
    urls: set[bytes] = seen.setdefault("urls", set())
    if journal.exists():
        with journal.open("rb") as f:
            f.seek(seen.get("offset", 0))
            chunk = f.read()
        end = chunk.rfind(b"\n") + 1
        seen["offset"] = seen.get("offset", 0) + end
        urls.update(line.split(b"\t")[2] for line in chunk[:end].splitlines() if line.startswith(b"D\t1\t"))
    return len(urls)


def stored(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [u for (u,) in conn.execute("select url from pages")]


def crawl(work: Path, seeds: Path) -> subprocess.Popen[bytes]:
    cmd = [LINKTRAIL, "--config", str(work / "linktrail.toml"), "--db", str(work / "lt.db"), "crawl",
           "--seeds-file", str(seeds)]
    return subprocess.Popen(cmd, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(args: argparse.Namespace) -> dict[str, Any]:
    web = args.dir / "web"
    if not (web / "truth.json").exists() or json.loads((web / "truth.json").read_text()).get("pages_per_site") != \
            args.pages + 13 or len(json.loads((web / "truth.json").read_text())["sites"]) != args.sites:
        synthweb.generate(web, args.sites, args.pages)
    truth = json.loads((web / "truth.json").read_text())
    out: dict[str, Any] = {"web": f"synthweb {args.sites} sites x {args.pages} posts", "kills": []}
    for name in ("base", "killed"):
        work = args.dir / name
        work.mkdir(parents=True, exist_ok=True)
        for old in work.glob("lt.db*"):
            if old.is_dir():
                for f in old.iterdir():
                    f.unlink()
                old.rmdir()
            else:
                old.unlink()
        (work / "linktrail.toml").write_text(CONFIG.format(keywords=json.dumps(truth["keywords"]), delay=args.delay,
                                                           concurrency=args.concurrency))
        (work / "seeds.txt").write_text("".join(base + "/\n" for base in truth["sites"]))
        (work / "requests.log").unlink(missing_ok=True)

    base = args.dir / "base"
    with synthweb.Server(web, access_log=base / "requests.log"):
        t = time.monotonic()
        code = crawl(base, base / "seeds.txt").wait()
        out["baseline_seconds"] = round(time.monotonic() - t, 1)
    if code:
        raise RuntimeError(f"the baseline crawl exited {code}")
    baseline = set(stored(base / "lt.db"))
    out["baseline_pages"] = len(baseline)

    work = args.dir / "killed"
    log, journal = work / "requests.log", work / "lt.db.job" / Journal.NAME
    seen: dict[str, Any] = {}
    with synthweb.Server(web, access_log=log):
        for k in range(1, args.kills + 1):
            target = len(baseline) * k // (args.kills + 1)
            proc = crawl(work, work / "seeds.txt")
            while proc.poll() is None and done_pages(journal, seen) < target:
                time.sleep(0.01)  # polling the journal for the condition, not waiting for time to pass
            if proc.poll() is not None:
                out["kills"].append({"kill": k, "finished_before": True})
                break
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            before = requests(log)
            replay = Journal(journal.parent).replay()
            in_db = set(stored(work / "lt.db"))
            out["kills"].append({"kill": k, "journal_done": done_pages(journal, seen), "requests_before": len(before),
                                 "stored": len(in_db), "_ended": {u for u, ok in replay.done.items() if ok},
                                 "_before": set(before)})
        code = crawl(work, work / "seeds.txt").wait()
    if code:
        raise RuntimeError(f"the last resumed crawl exited {code}")
    every = requests(log)
    pages = [u for u in every if not u.endswith("/robots.txt")]
    for i, kill in enumerate(out["kills"]):
        if kill.get("finished_before"):
            continue
        end = next((k["requests_before"] for k in out["kills"][i + 1:] if "requests_before" in k), len(every))
        after = every[kill["requests_before"]:end]
        again = {u for u in after if u in kill["_before"] and not u.endswith("/robots.txt")}
        kill["refetched"] = len(again)
        kill["refetched_uncommitted"] = len(again & kill.pop("_ended"))
        kill["refetched_in_flight"] = kill["refetched"] - kill["refetched_uncommitted"]
        del kill["_before"]
    final = stored(work / "lt.db")
    with sqlite3.connect(work / "lt.db") as conn:
        out["integrity_check"] = conn.execute("pragma integrity_check").fetchone()[0]
    killed = [k for k in out["kills"] if "refetched" in k]
    counts = Counter(pages)
    out |= {
        "kills_survived": len(killed), "pages": len(final), "duplicate_rows": len(final) - len(set(final)),
        "lost_vs_baseline": len(baseline - set(final)), "gained_vs_baseline": len(set(final) - baseline),
        "pages_refetched": sum(k["refetched"] for k in killed),
        "refetched_per_kill": [k["refetched"] for k in killed],
        "refetched_uncommitted_per_kill": [k["refetched_uncommitted"] for k in killed],
        "refetched_in_flight_per_kill": [k["refetched_in_flight"] for k in killed],
        "urls_requested_more_than_once": sum(1 for n in counts.values() if n > 1),
        "extra_requests": len(every) - len(set(every)),
        "baseline_pages_per_second": round(len(baseline) / out["baseline_seconds"], 1),
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sites", type=int, default=12)
    parser.add_argument("--pages", type=int, default=60, help="posts per site")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.0, help="download_delay (seconds between two pages of a site)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/linktrail-killweb"))
    args = parser.parse_args(argv)
    result = run(args)
    print(json.dumps(result, indent=1, default=sorted))
    k = result["kills_survived"]
    per = result["refetched_per_kill"]
    print(f"{k} kills survived, integrity_check {result['integrity_check']}, {result['pages']} pages "
          f"({result['lost_vs_baseline']} lost, {result['gained_vs_baseline']} gained, "
          f"{result['duplicate_rows']} duplicate rows); pages fetched again per kill: median "
          f"{sorted(per)[len(per) // 2] if per else 0}, max {max(per, default=0)}, total {sum(per)} "
          f"(uncommitted {sum(result['refetched_uncommitted_per_kill'])}, in flight "
          f"{sum(result['refetched_in_flight_per_kill'])}); {result['extra_requests']} extra requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
