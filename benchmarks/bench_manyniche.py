"""Discovery on a many-niche web: linktrail's best-first crawl against breadth-first, same web, same run.

Run: .venv/bin/python benchmarks/bench_manyniche.py [--blogs 40] [--posts 40] [--shops 20] [--dead 10]
         [--budgets 0.10,0.25] [--seed 1]

The web is benchmarks/manyniche.py's: blogs spread evenly over 10 niches (each niche ~10% of the
HTML pages), blogrolls and commenters crossing niches, commenters' websites that are often shops
or dead ports. Both crawlers start from two home pages of the first niche's blogs, with a budget
of each --budgets share of the web's HTML pages. (a) breadth-first: a bare Scrapy spider following
every link (LinkExtractor), FIFO queues and DEPTH_PRIORITY=1, stopped after the budget's pages;
(b) `linktrail crawl`'s discover spider with its default caps (max_pages_per_site 40, max_depth 4),
the niche's keywords, --max-pages = the budget. Both obey robots.txt, one request at a time per
site, no delays, the same CONCURRENT_REQUESTS, nothing off loopback. Counted from the web's truth:
harvest (share of the HTML pages fetched that are on-niche), page recall (share of the niche's
pages fetched), blogs reached (at least one page) and read in depth (at least --deep pages), pages
per reached on-niche blog, and reached blogs whose newest post was fetched; also requests sent.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_discovery_quality import COMMON, LOOPBACK_GUARD  # noqa: E402

DEEP_PAGES = 10


def base_of(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


def worker_bfs(seeds: list[str], budget: int) -> dict[str, Any]:
    import scrapy  # heavy
    from scrapy import signals  # heavy
    from scrapy.crawler import CrawlerProcess  # heavy
    from scrapy.exceptions import CloseSpider  # heavy
    from scrapy.linkextractors import LinkExtractor  # heavy

    fetched: list[str] = []

    class BfsSpider(scrapy.Spider):
        name = "bfs"
        extractor = LinkExtractor()

        async def start(self):  # type: ignore[no-untyped-def]
            for seed in seeds:
                yield scrapy.Request(seed, errback=self.failed)

        def parse(self, response):  # type: ignore[no-untyped-def]
            if len(fetched) >= budget:
                raise CloseSpider("budget")  # the budget counts HTML pages, as linktrail's does
            for link in self.extractor.extract_links(response):
                yield scrapy.Request(link.url, errback=self.failed)

        def failed(self, failure):  # type: ignore[no-untyped-def]
            """A dead commenter's site or a 404: counted by Scrapy's stats, not logged as an error."""

    settings = {**COMMON, "DEPTH_PRIORITY": 1,
                "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
                "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue"}
    process = CrawlerProcess({**settings, **LOOPBACK_GUARD})
    crawler = process.create_crawler(BfsSpider)

    def got(response: Any, request: Any, spider: Any) -> None:
        html = b"html" in (response.headers.get("Content-Type") or b"")
        if response.status == 200 and html and len(fetched) < budget:
            fetched.append(response.url)

    crawler.signals.connect(got, signal=signals.response_received)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {"pages": fetched, "requests": stats.get("downloader/request_count", 0)}


def worker_linktrail(seeds: list[str], budget: int, keywords: list[str], db: str) -> dict[str, Any]:
    from crawler.config import Config, CrawlConfig, NicheConfig  # heavy
    from linktrail.crawl import run_crawl  # heavy

    config = Config(niche=NicheConfig(name="bench", keywords=tuple(keywords)),
                    crawl=CrawlConfig(max_pages=budget, download_delay=0.0, concurrent_requests=16,
                                      loopback_only=True), database=db)
    stats = run_crawl(config, db, seeds, **{**COMMON, "LINKTRAIL_PROGRESS": "off"})
    con = sqlite3.connect(db)
    pages = [r[0] for r in con.execute("select url from pages where http_status between 200 and 299 "
                                       "or http_status = 304")]
    return {"pages": pages, "requests": stats.get("downloader/request_count", 0)}


def score(result: dict[str, Any], truth: dict[str, Any], deep: int = DEEP_PAGES) -> dict[str, Any]:
    """Harvest and recall of one crawl, counted from the web's truth."""
    niche, pages = truth["niche"], truth["pages"]
    fetched = [u for u in result["pages"] if u in pages]
    on = [u for u in fetched if pages[u] == niche]
    blogs = [b for b, n in truth["sites"].items() if n == niche]
    per_blog = {b: sum(base_of(u) == b for u in on) for b in blogs}
    reached = [b for b in blogs if per_blog[b]]
    got = set(fetched)
    return {
        "pages": len(fetched), "requests": result["requests"],
        "harvest": round(len(on) / max(len(fetched), 1), 3),
        "page_recall": round(len(on) / sum(n == niche for n in pages.values()), 3),
        "blogs": len(blogs), "reached": len(reached), "deep": sum(n >= deep for n in per_blog.values()),
        "per_blog": sorted(per_blog.values()),
        "newest": sum(truth["newest"][b] in got for b in reached),
    }


def run_worker(name: str, truth_file: Path, budget: int, db: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", name, "--truth", str(truth_file), "--n", str(budget),
           "--db", str(db)]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def compare(truth: dict[str, Any], budgets: list[float], work: Path) -> dict[tuple[float, str], dict[str, Any]]:
    """Both orders at each budget (a share of the web's HTML pages), each crawl in a child process."""
    truth_file = work / "truth.json"
    truth_file.write_text(json.dumps(truth))
    results = {}
    for share in budgets:
        budget = round(share * len(truth["pages"]))
        for name in ("bfs", "linktrail"):
            t = time.monotonic()
            raw = run_worker(name, truth_file, budget, work / f"{name}-{share}.db")
            results[(share, name)] = {**score(raw, truth), "budget": budget, "wall_s": round(time.monotonic() - t)}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--blogs", type=int, default=40)
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--shops", type=int, default=20)
    parser.add_argument("--dead", type=int, default=10)
    parser.add_argument("--budgets", default="0.10,0.25")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", choices=("bfs", "linktrail"), help=argparse.SUPPRESS)
    parser.add_argument("--truth", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        truth = json.loads(args.truth.read_text())
        if args.worker == "bfs":
            raw = worker_bfs(truth["seeds"], args.n)
        else:
            raw = worker_linktrail(truth["seeds"], args.n, truth["keywords"], args.db)
        print(json.dumps(raw))
        return 0

    from manyniche import serve_manyniche

    budgets = [float(b) for b in args.budgets.split(",")]
    with serve_manyniche(args.blogs, args.posts, args.shops, args.dead, args.seed) as web, \
            tempfile.TemporaryDirectory() as tmp:
        truth = web.truth
        on = sum(n == truth["niche"] for n in truth["pages"].values())
        print(f"{args.blogs} blogs in 10 niches + {args.shops} shops + {args.dead} dead commenters' sites; "
              f"{len(truth['pages'])} HTML pages, {on} of them '{truth['niche']}' ({on / len(truth['pages']):.1%}); "
              f"seeds: {', '.join(truth['seeds'])}")
        results = compare(truth, budgets, Path(tmp))
    print(f"{'budget':>6} {'order':<10} {'pages':>5} {'requests':>8} {'harvest':>7} {'page recall':>11} "
          f"{'blogs reached':>13} {'>=' + str(DEEP_PAGES) + ' pages':>10} {'newest post':>11} "
          f"{'pages/blog (min/median/max)':>28} {'wall s':>6}")
    for (_share, name), r in results.items():
        per = r["per_blog"]
        print(f"{r['budget']:>6} {name:<10} {r['pages']:>5} {r['requests']:>8} {r['harvest']:>7.2f} "
              f"{r['page_recall']:>11.2f} {r['reached']:>9}/{r['blogs']:<3} {r['deep']:>6}/{r['blogs']:<3} "
              f"{r['newest']:>7}/{r['reached']:<3} {f'{per[0]}/{statistics.median(per):g}/{per[-1]}':>28} "
              f"{r['wall_s']:>6}")
    print("issue 17's targets at 10%: on-niche blogs reached >= 90%, harvest >= 0.6, newest post of every reached "
          "on-niche blog fetched")
    return 0


if __name__ == "__main__":
    sys.exit(main())
