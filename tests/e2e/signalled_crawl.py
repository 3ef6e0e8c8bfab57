"""A crawl as `linktrail crawl` runs it, sent Ctrl-C (SIGINT) by itself the moment its spider opens, while Scrapy's
engine is still starting; prints the crawl's finish reason.

Run: python -m tests.e2e.signalled_crawl CONFIG SEED (in the directory of CONFIG, as `linktrail crawl`).
The spider's opening is held one reactor turn after the signal, so the stop it asks for is handled before the
engine runs: the moment a Ctrl-C under load hit when `linktrail crawl` ended "did not finish (no finish reason)",
exit 4, instead of "interrupted", exit 130.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from crawler.configload import load_config
from linktrail.crawl import run_crawl


class InterruptOnOpen:
    """Send this process SIGINT when the spider opens; finish opening one reactor turn later."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InterruptOnOpen:
        extension = cls()
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        return extension

    def opened(self, spider: Any) -> Deferred[None]:
        from twisted.internet import reactor  # reactor: the one the crawl installed

        os.kill(os.getpid(), signal.SIGINT)
        return deferLater(reactor, 0, lambda: None)


def main(config_path: str, seed: str) -> None:
    config = load_config(config_path)
    stats = run_crawl(config, config.database, [seed], EXTENSIONS={f"{__name__}.InterruptOnOpen": 0})
    print(stats.get("finish_reason"))


if __name__ == "__main__":
    main(*sys.argv[1:3])
