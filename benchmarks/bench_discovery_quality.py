"""Discovery quality on the synthetic web: linktrail's best-first crawl against breadth-first, same run.

Run: .venv/bin/python benchmarks/bench_discovery_quality.py [--sites 100] [--pages 100]
         [--budget 0.25] [--dir /tmp/linktrail-synthweb-q]

From one seed (an on-niche blog) and a page budget of --budget of the whole web, each crawler
fetches pages; then: the share of on-niche sites reached (at least one page fetched; target
>= 90%) and the harvest rate (share of fetched pages that are on on-niche sites; target >= 0.6).
(a) breadth-first: Scrapy with FIFO queues and DEPTH_PRIORITY=1, following every link with
LinkExtractor; (b) `linktrail crawl`'s discover spider (niche keywords = the seed's niche).
Both obey robots.txt, one request at a time per site, no delays.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
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

COMMON = {"ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
          "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "LOG_LEVEL": "WARNING",
          "TELNETCONSOLE_ENABLED": False, "LOGSTATS_INTERVAL": 0}

# Bare Scrapy gets linktrail's loopback guard too: nothing in these runs may leave 127.0.0.0/8.
LOOPBACK_GUARD = {"DOWNLOADER_MIDDLEWARES": {"crawler.downloadermiddlewares.loopback.LoopbackOnlyMiddleware": 50},
                  "LINKTRAIL_LOOPBACK_ONLY": True}

def base_of(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


def worker_bfs(seed: str, budget: int) -> list[str]:
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.linkextractors import LinkExtractor

    fetched: list[str] = []

    class BfsSpider(scrapy.Spider):
        name = "bfs"
        extractor = LinkExtractor()

        async def start(self):  # type: ignore[no-untyped-def]
            yield scrapy.Request(seed)

        def parse(self, response):  # type: ignore[no-untyped-def]
            for link in self.extractor.extract_links(response):
                yield scrapy.Request(link.url)

    settings = {**COMMON, "CLOSESPIDER_PAGECOUNT": budget, "DEPTH_PRIORITY": 1,
                "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
                "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue"}
    process = CrawlerProcess({**settings, **LOOPBACK_GUARD})
    crawler = process.create_crawler(BfsSpider)

    def got(response: Any, request: Any, spider: Any) -> None:
        if response.status == 200 and "robots.txt" not in response.url and len(fetched) < budget:
            fetched.append(response.url)

    crawler.signals.connect(got, signal=signals.response_received)
    process.crawl(crawler)
    process.start()
    return fetched


def worker_linktrail(seed: str, budget: int, keywords: list[str], db: str, off_niche_pages: int = 1) -> list[str]:
    from crawler.config import Config, CrawlConfig, NicheConfig
    from linktrail.crawl import run_crawl

    config = Config(
        niche=NicheConfig(name="bench", keywords=tuple(keywords)),
        crawl=CrawlConfig(max_pages=budget, max_pages_per_site=100_000, max_depth=100, max_new_sites=100_000,
                          download_delay=0.0, concurrent_requests=16, loopback_only=True),
        database=db,
    )
    run_crawl(config, db, [seed], **{**COMMON, "LINKTRAIL_PROGRESS": "off",
                                        "LINKTRAIL_OFF_NICHE_PAGES": off_niche_pages})
    con = sqlite3.connect(db)
    return [r[0] for r in con.execute("select url from pages")]


def score(urls: list[str], truth: dict[str, Any]) -> dict[str, Any]:
    niche = truth["niche"]
    on_sites = {b for b, n in truth["sites"].items() if n == niche}
    reached = {base_of(u) for u in urls}
    on_pages = sum(base_of(u) in on_sites for u in urls)
    return {"pages": len(urls), "on_niche_sites": len(on_sites), "reached": len(reached & on_sites),
            "reach": round(len(reached & on_sites) / len(on_sites), 3),
            "harvest": round(on_pages / max(len(urls), 1), 3), "sites_reached": len(reached)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--budget", type=float, default=0.25)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "linktrail-synthweb-q")
    parser.add_argument("--off-niche-pages", type=int, default=1,
                        help="LINKTRAIL_OFF_NICHE_PAGES for linktrail (1, the default: home page only; 0: no cap)")
    parser.add_argument("--worker", choices=("bfs", "linktrail"), help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        truth = json.loads((args.dir / "truth.json").read_text())
        if args.worker == "bfs":
            urls = worker_bfs(truth["seed"], args.n)
        else:
            urls = worker_linktrail(truth["seed"], args.n, truth["keywords"], args.db, args.off_niche_pages)
        print(json.dumps(urls))
        return 0

    from synthweb import Server, generate

    truth_file = args.dir / "truth.json"
    if not truth_file.exists() or len(json.loads(truth_file.read_text())["sites"]) != args.sites or \
            json.loads(truth_file.read_text())["pages_per_site"] != args.pages + 13:
        generate(args.dir, args.sites, args.pages)
    truth = json.loads(truth_file.read_text())
    total = len(truth["sites"]) * truth["pages_per_site"]
    budget = int(total * args.budget)
    results = {}
    with Server(args.dir) as server, tempfile.TemporaryDirectory() as tmp:
        print(f"{len(truth['sites'])} sites ({sum(n == truth['niche'] for n in truth['sites'].values())} on-niche "
              f"'{truth['niche']}'), {total} pages, served by {server.kind}; "
              f"budget {budget} pages from {truth['seed']}")
        for name in ("bfs", "linktrail"):
            t = time.monotonic()
            cmd = [sys.executable, __file__, "--worker", name, "--dir", str(args.dir), "--n", str(budget),
                   "--db", str(Path(tmp) / "q.db"), "--off-niche-pages", str(args.off_niche_pages)]
            out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
            results[name] = {**score(json.loads(out.strip().splitlines()[-1]), truth),
                             "wall_s": round(time.monotonic() - t)}
    print(f"{'order':<10} {'pages':>6} {'on-niche sites reached':>23} {'harvest':>8} {'all sites':>10} {'wall s':>7}")
    for name, r in results.items():
        print(f"{name:<10} {r['pages']:>6} {r['reached']:>10}/{r['on_niche_sites']:<3} ({r['reach']:.0%}) "
              f"{r['harvest']:>8.2f} {r['sites_reached']:>10} {r['wall_s']:>7}")
    print("targets: linktrail reach >= 90%, harvest >= 0.6")
    return 0


if __name__ == "__main__":
    sys.exit(main())
