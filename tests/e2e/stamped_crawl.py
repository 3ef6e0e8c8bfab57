"""A crawl as `linktrail crawl` runs it, that also writes when each request started: the moment Scrapy handed
it to the HTTP handler, after the download slot's delay, on the crawler's own clock.

Run: python -m tests.e2e.stamped_crawl CONFIG SEED STAMPS (in the directory of CONFIG, as `linktrail crawl`).
A server's stamps lag under load (a thread must be scheduled to read the request), so a gap measured there can
come out shorter than the delay that was kept; these cannot (issue 24: 0.278 s seen against a 0.3 s delay).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Request, Response

from crawler.configload import load_config
from linktrail.crawl import run_crawl

STARTS: list[tuple[str, str, float]] = []  # (download slot, URL, time.monotonic()) per request, in order


class StampingHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler, noting when each download starts."""

    async def download_request(self, request: Request) -> Response:
        STARTS.append((str(request.meta.get("download_slot")), request.url, time.monotonic()))
        return await super().download_request(request)


def main(config_path: str, seed: str, out: str) -> None:
    config = load_config(config_path)
    handler = f"{__name__}.StampingHandler"
    run_crawl(config, config.database, [seed], DOWNLOAD_HANDLERS={"http": handler})
    Path(out).write_text(json.dumps(STARTS))


if __name__ == "__main__":
    main(*sys.argv[1:4])
