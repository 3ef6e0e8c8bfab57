"""Rows per second of the store, and its share of the per-page CPU next to analysis, in one run.

Run: .venv/bin/python benchmarks/bench_store.py [--pages N] [--batch N] [--repeat N]

On the ~100 KB WordPress-like post of bench_analysis.py (84 links), measured in the same run:
- analyse(): the pure page analysis, per page (what every crawled page costs besides Scrapy);
- the relevance (keywords + learned terms) and opportunity pipelines, per page;
- PageWriter: N items (distinct URLs, the same facts) written in batches (CPU time, and rows/s of wall time), first
  as new pages and then again as a re-crawl (updates, first-seen kept, change history checked), per row and
  rows/s; page_row() alone (the JSON of the facts) is shown too;
and the target: storage at most 10% of analysis + crawl CPU per page. "Crawl" here is the
DESIGN.md figure for Scrapy's own per-page work (4.5 ms, a lean callback), added to the
analyse() time measured now.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import HEADERS, URL, build_page

from crawler.analysis import analyse
from crawler.items import PageItem
from crawler.niche import Learner, NicheProfile
from pipelines.opportunity import OpportunityPipeline
from pipelines.store import PageWriter, open_db, page_row

CRAWL_MS_PER_PAGE = 4.5  # DESIGN.md: Scrapy's own CPU per page on a lean callback (2-core machine)


# CPU time of this process (the target is a share of the crawl's CPU; other processes on the
# machine then disturb the figures less than they would wall time).
clock = time.process_time


def per_call(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Median CPU seconds per call over ``repeat`` calls (after one warm-up), timed in groups of 5."""
    fn()
    times = []
    for _ in range(repeat):
        started = clock()
        for _ in range(5):
            fn()
        times.append((clock() - started) / 5)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="items written per pass")
    parser.add_argument("--batch", type=int, default=200, help="PageWriter batch size (LINKTRAIL_STORE_BATCH)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    body = build_page()
    facts = analyse(URL, body, HEADERS)
    analyse_s = per_call(lambda: analyse(URL, body, HEADERS), args.repeat)

    keywords = ["tomato", "soil", "compost", "seedling", "heirloom", "balcony garden"]
    learner = Learner()
    learner.add(facts.post.title, facts.post.text, seed=True)
    learner.add(facts.post.title, facts.post.text + " basil", seed=True)
    for i in range(50):
        learner.add("other", f"birds warbler thrush migration {i} binoculars", seed=False)
    profile = NicheProfile.from_keywords(keywords).with_learned(learner.weights(), learner.avg_len)
    relevance_s = per_call(lambda: profile.score(facts.post.title, facts.post.text), args.repeat)
    item = PageItem(url=URL, site="gardening-notes.example", fetched_url=URL, status=200,
                    fetched_at="2026-11-23T10:00:00+00:00", depth=1, facts=facts, found_via="content",
                    relevance=0.8, relevance_reasons=["matches 'tomato' x9"])
    opportunity = OpportunityPipeline()
    opportunity_s = per_call(lambda: opportunity.process_item(item), args.repeat)
    row_s = per_call(lambda: page_row(item), args.repeat)

    items = [
        dataclasses.replace(item, url=f"https://site{i % 100}.example/post-{i}/", site=f"site{i % 100}.example")
        for i in range(args.pages)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        passes = {}
        for label, fetched_at in (("new pages", "2026-11-23T10:00:00+00:00"),
                                  ("re-crawl", "2026-11-24T10:00:00+00:00")):
            batch = [dataclasses.replace(it, fetched_at=fetched_at) for it in items]
            writer = PageWriter(db, args.batch)
            started, wall = clock(), time.perf_counter()
            for it in batch:
                writer.add(it)
            writer.flush()
            passes[label] = ((clock() - started) / len(batch), (time.perf_counter() - wall) / len(batch))
        size = (Path(tmp) / "bench.db").stat().st_size + (Path(tmp) / "bench.db-wal").stat().st_size
        assert db["pages"].count == args.pages
        db.conn.close()

    crawl_ms = analyse_s * 1000 + CRAWL_MS_PER_PAGE
    print(f"page: {len(body) / 1000:.0f} KB, {len(facts.links)} links, {len(facts.post.text)} chars of text; "
          f"facts JSON {len(page_row(item)['facts']) / 1000:.1f} KB; database {size / args.pages / 1000:.1f} KB/page")
    print(f"{'per page (CPU time)':<40} {'ms':>8}")
    print(f"{'analyse() (measured)':<40} {analyse_s * 1000:>8.2f}")
    print(f"{'Scrapy crawl CPU (DESIGN.md figure)':<40} {CRAWL_MS_PER_PAGE:>8.2f}")
    print(f"{'relevance score (keywords + learned)':<40} {relevance_s * 1000:>8.3f}")
    print(f"{'opportunity rules':<40} {opportunity_s * 1000:>8.3f}")
    print(f"{'page_row() (facts to JSON)':<40} {row_s * 1000:>8.3f}")
    for label, (seconds, wall) in passes.items():
        share = seconds * 1000 / crawl_ms
        print(f"{'store, ' + label + f' (batch {args.batch})':<40} {seconds * 1000:>8.3f}   "
              f"{1 / wall:>7,.0f} rows/s wall   {share:.1%} of analysis+crawl CPU "
              f"({'within' if share <= 0.10 else 'OVER'} the 10% target)")


if __name__ == "__main__":
    main()
