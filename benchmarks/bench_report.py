"""Plan and duplicate-comment costs on a large seeded database; baseline: the same work done naively in this run."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.config import PlanConfig
from linktrail.outreach import find_duplicate, jaccard, shingles
from linktrail.plan import build_plan
from tests.report_db import PAGE_COLUMNS, ReportDB

WORDS = ["starter", "rye", "crumb", "proof", "levain", "flour", "water", "salt", "bake", "oven", "dough", "shape",
         "score", "banneton", "crust", "hydration", "autolyse", "fold", "steam", "loaf", "whole", "wheat", "spelt",
         "tin", "cold", "warm", "kitchen", "morning", "evening"]


def comment(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 70)))


def main(pages: int = 20000, comments: int = 5000) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        r = ReportDB(Path(tmp) / "bench.db")
        rows, sites = [], []
        for i in range(pages):
            site = f"s{i % (pages // 4)}.example"
            row = dict.fromkeys(PAGE_COLUMNS)
            row.update(url=f"https://{site}/p{i}/", site=site, opportunity="comment", comment_state="open",
                       website_field=1, relevance=rng.random(), value=rng.random() * 100, parked=0,
                       newest_comment="2026-11-20", commenter_rel="ugc", title=f"Post {i}")
            rows.append(row)
        sites = [{"domain": f"s{i}.example", "name": f"Blog {i}", "status": "active"} for i in range(pages // 4)]
        r.db["sites"].insert_all(sites, pk="domain")
        r.db["pages"].insert_all(rows, pk="url", batch_size=1000)
        for i in range(0, pages, 7):
            r.outreach(f"https://s{i % (pages // 4)}.example/p{i}/", "done", "2026-11-10")
        t0 = time.perf_counter()
        plan = build_plan(r.db, PlanConfig(comments=50, budget_minutes=10_000), date(2026, 11, 23),
                          threshold=0.25, record=False)
        t_plan = time.perf_counter() - t0
        print(f"plan of {len(plan.tasks)} tasks from {pages} candidate pages: {t_plan * 1000:.1f} ms")

        texts = [comment(rng) for _ in range(comments)]
        import json

        r.db["outreach"].insert_all([
            {"url": f"https://x{i}.example/", "domain": f"x{i}.example", "kind": "comment", "status": "done",
             "date": "2026-11-01", "note": None, "fingerprint": str(i), "shingles": json.dumps(sorted(shingles(t))),
             "created": "", "updated": ""} for i, t in enumerate(texts)])
        probe = comment(rng)
        t0 = time.perf_counter()
        find_duplicate(r.db, probe)
        t_dup = time.perf_counter() - t0
        print(f"near-duplicate check against {comments} stored comments (shingle hashes in SQLite): "
              f"{t_dup * 1000:.1f} ms")
        # Baseline: re-shingling every earlier comment's text each time instead of storing the hashes.
        t0 = time.perf_counter()
        mine = shingles(probe)
        max(jaccard(mine, shingles(t)) for t in texts)
        t_base = time.perf_counter() - t0
        print(f"baseline, re-shingling {comments} texts each time: {t_base * 1000:.1f} ms "
              f"({t_base / t_dup:.1f}x the stored-hash check)")


if __name__ == "__main__":
    main()
