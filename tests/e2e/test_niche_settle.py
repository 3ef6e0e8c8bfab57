"""End to end: a page's stored relevance does not depend on crawl order, and `rescore` after a crawl changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner, write_config

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
