"""End to end: a page's stored relevance does not depend on crawl order, and `rescore` after a crawl changes nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Runner, write_config

pytestmark = pytest.mark.e2e

SCORE_COLUMNS = ("relevance", "relevance_reasons", "opportunity", "value", "value_reasons")
# A keyword no page of the sample web has (beside the niche's own), for the warning.
NOWHERE = "zeppelin"


def scores(db_path: Path) -> dict[str, tuple[Any, ...]]:
    db = sqlite3.connect(db_path)
    rows = {r[0]: r[1:] for r in db.execute(f"select url, {', '.join(SCORE_COLUMNS)} from pages")}
    db.close()
    return rows


def site_scores(db_path: Path) -> dict[str, Any]:
    db = sqlite3.connect(db_path)
    rows = dict(db.execute("select domain, relevance from sites").fetchall())
    db.close()
    return rows


def test_two_crawls_in_other_orders_store_the_same_scores_and_rescore_changes_nothing(
    sample_web: Any, tmp_path: Path
) -> None:
    niche = sample_web.truth["demo_niche"]
    homes = [sample_web.url(slug + "/") for slug in sorted(sample_web.truth["sites"])]
    runs = []
    for name, seeds, concurrent in (("forward", homes, 16), ("backward", homes[::-1], 2)):
        run = Runner(tmp_path / name)
        run.cwd.mkdir()
        write_config(run.cwd / "linktrail.toml",
                     niche={"name": niche, "keywords": [*sample_web.truth["niches"][niche], NOWHERE]},
                     crawl={"download_delay": 0.0, "loopback_only": True, "max_pages": 500,
                            "concurrent_requests": concurrent})
        proc = run("crawl", *seeds)
        # Issue 16: a keyword that matched no stored page is named once, at the end of the crawl.
        assert proc.stderr.count(NOWHERE) == 1, proc.stderr
        assert f"warning: [niche] keyword '{NOWHERE}' matches no stored page: check the spelling, or drop it" \
            in proc.stderr.splitlines()
        runs.append(run)

    forward, backward = (scores(r.cwd / "linktrail.db") for r in runs)
    assert len(forward) > 50 and set(forward) == set(backward)
    on = [u for u, r in forward.items() if r[0] >= 0.25]
    assert 10 < len(on) < len(forward)
    assert {u: (r, backward[u]) for u, r in forward.items() if r != backward[u]} == {}

    # Right after the crawl, nothing changed: a rescore is a no-op, to the stored reasons.
    run = runs[0]
    sites = site_scores(run.cwd / "linktrail.db")
    proc = run("rescore")
    first = proc.stdout.splitlines()[0]
    assert first.startswith(f"rescored {len(forward)} pages: 0 now on niche, 0 now off (threshold 0.25), "
                            "0 changed value; learned "), first
    assert scores(run.cwd / "linktrail.db") == forward
    assert site_scores(run.cwd / "linktrail.db") == sites
    assert proc.stderr.count(NOWHERE) == 1
    report = run("report")
    assert f"warning: [niche] keyword '{NOWHERE}' matches no stored page: check the spelling, or drop it" \
        in report.stderr.splitlines()


# A crawl in a child process with every tokenizing of a page's text recorded, by phase: the crawl, then its settle.
COUNTED_CRAWL = """
import json, sys
import crawler.niche, linktrail.crawl, linktrail.plan
from crawler.config import Config, CrawlConfig, NicheConfig
texts, phase = {"crawl": [], "settle": []}, ["crawl"]
real_terms, real_settle = crawler.niche.page_terms, linktrail.plan.settle  # the settle of settle_crawl

def counted(text):
    texts[phase[0]].append(text)
    return real_terms(text)

def settling(*args, **kw):
    phase[0] = "settle"
    return real_settle(*args, **kw)

crawler.niche.page_terms, linktrail.plan.settle = counted, settling
config = Config(niche=NicheConfig(name="n", keywords=tuple(json.loads(sys.argv[3]))),
                crawl=CrawlConfig(max_pages=500, download_delay=0.0, loopback_only=True), database=sys.argv[1])
stats = linktrail.crawl.run_crawl(config, sys.argv[1], json.loads(sys.argv[2]), LINKTRAIL_PROGRESS="off",
                                  LOG_LEVEL="WARNING")
print(json.dumps({**texts, "stored": stats["linktrail/pages_stored"], "rescored": stats["linktrail/niche/rescored"]}))
"""


def test_the_settle_after_a_crawl_tokenizes_no_page_the_crawl_scored(sample_web: Any, tmp_path: Path) -> None:
    """The crawl keeps the terms of each page it scores; the settle's learning and scoring passes take them
    (the same text, by length and hash), so no page's text is tokenized a second time to settle."""
    niche = sample_web.truth["demo_niche"]
    homes = [sample_web.url(slug + "/") for slug in sorted(sample_web.truth["sites"])]
    db = tmp_path / "t.db"
    proc = subprocess.run([sys.executable, "-c", COUNTED_CRAWL, str(db), json.dumps(homes),
                           json.dumps(sample_web.truth["niches"][niche])],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    stored = {t for (t,) in sqlite3.connect(db).execute("select json_extract(facts, '$.post.text') from pages")}
    assert got["stored"] > 50 and got["rescored"] > 0  # the settle scored the pages again, with what it learned
    assert stored <= set(got["crawl"])  # every stored page's text was tokenized as the crawl scored it
    assert got["settle"] == []
