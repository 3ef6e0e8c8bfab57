"""Time to compute today's plan (linktrail.plan.build_plan) from a database of 1M pages.

Run: .venv/bin/python benchmarks/bench_plan.py [--pages N] [--repeat N] [--db FILE] [--keep]

Builds a linktrail database with N synthetic pages (default 1,000,000) on 20 pages per site, a
quarter of them comment opportunities and 1% guest-post pages, relevance mostly off-niche, plus
a year of outreach and recorded plans (executemany, one transaction). Then, in the same run:
1. baseline: the plan indexes of migration m003 dropped (the m001/m002 indexes only);
2. current: with the m003 partial indexes, as `open_db` leaves a file;
3. current after `PRAGMA optimize` (what StorePipeline runs when a crawl closes the file).
For each: EXPLAIN QUERY PLAN of the two candidate queries and the median/max wall time of
`build_plan(..., record=False)` over --repeat runs (the target is <= 1 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.config import PlanConfig
from linktrail.plan import CANDIDATES, build_plan
from pipelines.store import PLAN_INDEXES, open_db

TODAY = date(2026, 11, 23)
PAGES_PER_SITE = 20
COLUMNS = ["url", "site", "fetched_url", "canonical", "http_status", "first_seen", "fetched_at", "depth", "found_from",
           "found_via", "title", "published", "modified", "language", "word_count", "platform", "comment_state",
           "comment_system", "website_field", "captcha", "commenter_rel", "comment_count", "newest_comment",
           "spam_share", "autoclose_risk", "guest_post", "guest_post_confidence", "guest_accepts", "submit_email",
           "guidelines_url", "contacts", "parked", "soft_404", "relevance", "relevance_reasons", "opportunity", "value",
           "value_reasons", "etag", "last_modified", "warnings", "facts"]


def generate(path: Path, pages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    db = open_db(path)
    conn = db.conn
    n_sites = max(pages // PAGES_PER_SITE, 1)
    conn.execute("begin")
    conn.executemany(
        "insert into sites (domain, home_url, name, platform, first_seen, last_crawled, pages_crawled, relevance, "
        "newest_post, status, accepts_guest_posts, contact_email) values (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (f"site{i}.example", f"http://site{i}.example/", f"Site {i}", "wordpress", "2026-01-01", "2026-11-20",
             PAGES_PER_SITE, round(rng.betavariate(1.2, 3), 3),
             (TODAY - timedelta(days=rng.randrange(900))).isoformat(),
             "parked" if rng.random() < 0.01 else "active", None, None)
            for i in range(n_sites)
        ),
    )

    def rows():  # type: ignore[no-untyped-def]
        for i in range(pages):
            site = f"site{i % n_sites}.example"
            url = f"http://{site}/post-{i}/"
            r = rng.random()
            opportunity = "comment" if r < 0.25 else "guest_post" if r < 0.26 else None
            state = rng.choice(("open", "open", "open", "embed", "login_required")) if opportunity == "comment" else (
                rng.choice(("closed", "none", "none")))
            website = int(rng.random() < 0.8) if state == "open" else None
            relevance = round(rng.betavariate(1.2, 3), 3)
            value = round(rng.uniform(0, 130) * (0.3 + relevance), 1) if opportunity else None
            published = (TODAY - timedelta(days=rng.randrange(1500))).isoformat()
            values = {
                "url": url, "site": site, "fetched_url": url, "canonical": url, "http_status": 200,
                "first_seen": "2026-01-01T00:00:00+00:00", "fetched_at": "2026-11-20T00:00:00+00:00", "depth": 2,
                "found_from": None, "found_via": "content", "title": f"Post {i}", "published": published,
                "modified": None, "language": "en", "word_count": 800, "platform": "wordpress",
                "comment_state": state, "comment_system": "wordpress", "website_field": website, "captcha": "none",
                "commenter_rel": "nofollow ugc", "comment_count": rng.randrange(20),
                "newest_comment": published, "spam_share": 0.0, "autoclose_risk": 0,
                "guest_post": int(opportunity == "guest_post"), "guest_post_confidence": "high",
                "guest_accepts": None if opportunity != "guest_post" else int(rng.random() < 0.8),
                "submit_email": None, "guidelines_url": None, "contacts": "[]", "parked": int(rng.random() < 0.01),
                "soft_404": 0, "relevance": relevance, "relevance_reasons": "[]", "opportunity": opportunity,
                "value": value, "value_reasons": "[]", "etag": None, "last_modified": None, "warnings": "[]",
                "facts": '{"post":{"text":"' + "lorem ipsum " * 15 + '"}}',
            }
            yield tuple(values[c] for c in COLUMNS)

    conn.executemany(
        f"insert into pages ({', '.join(COLUMNS)}) values ({', '.join('?' * len(COLUMNS))})", rows()
    )
    conn.executemany(
        "insert into outreach (url, domain, kind, status, date, created, updated) values (?,?,?,?,?,?,?)",
        (
            (f"http://site{i}.example/post-{i}/", f"site{i}.example", "comment", "done",
             (TODAY - timedelta(days=i % 60)).isoformat(), "2026-01-01", "2026-01-01")
            for i in range(min(n_sites, 4000))
        ),
    )
    conn.executemany(
        "insert or ignore into plans (date, url, position, kind, domain, minutes, why) values (?,?,?,?,?,?,?)",
        (
            ((TODAY - timedelta(days=d)).isoformat(), f"http://site{d * 7 + k}.example/post-x/", k, "comment",
             f"site{d * 7 + k}.example", 10, "")
            for d in range(1, 366) for k in range(6)
        ),
    )
    conn.execute("commit")
    conn.close()


def explain(db, label: str) -> None:  # type: ignore[no-untyped-def]
    for kind, sql in CANDIDATES.items():
        plan = [r[3] for r in db.conn.execute("explain query plan " + sql, {"threshold": 0.25})]
        print(f"  {label} {kind}: " + " | ".join(plan))


def time_plan(db, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    config = PlanConfig()
    for _ in range(repeat):
        started = time.perf_counter()
        plan = build_plan(db, config, TODAY, threshold=0.25, record=False)
        times.append(time.perf_counter() - started)
    assert plan.tasks, "the synthetic database must give a plan"
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, default=Path("/tmp/linktrail-bench-plan.db"))
    parser.add_argument("--keep", action="store_true", help="reuse --db if it exists (same --pages)")
    args = parser.parse_args()

    if not (args.keep and args.db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        generate(args.db, args.pages)
        print(f"generated {args.pages:,} pages in {time.perf_counter() - started:.1f} s "
              f"({args.db.stat().st_size / 1e6:.0f} MB): {args.db}")
    db = open_db(args.db)
    n = db.execute("select count(*) from pages").fetchone()[0]
    print(f"pages: {n:,}; plan: {PlanConfig().comments} comments + {PlanConfig().guest_posts} guest post")

    names = [sql.split()[5] for sql in PLAN_INDEXES]
    results = {}
    for name in names:
        db.execute(f"drop index if exists {name}")
    explain(db, "baseline")
    results["baseline (m001/m002 indexes)"] = time_plan(db, args.repeat)
    for sql in PLAN_INDEXES:
        db.execute(sql)
    explain(db, "current")
    results["current (m003 partial indexes)"] = time_plan(db, args.repeat)
    db.execute("pragma optimize")
    explain(db, "optimized")
    results["current + PRAGMA optimize"] = time_plan(db, args.repeat)
    print(f"{'build_plan':<34} {'median':>9} {'max':>9}")
    for label, times in results.items():
        print(f"{label:<34} {statistics.median(times) * 1000:>7.1f}ms {max(times) * 1000:>7.1f}ms")
    db.conn.close()


if __name__ == "__main__":
    main()
