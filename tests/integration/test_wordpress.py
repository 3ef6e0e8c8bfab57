"""Crawl a real WordPress (Debian 12's 6.1, block and classic themes) with linktrail; assert every state."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner, write_config

pytestmark = pytest.mark.services

TRUTH = json.loads((Path(__file__).parent.parent / "fixtures" / "wordpress" / "truth.json").read_text())
CASES = sorted({(v["theme"], v["case"]) for v in TRUTH.values()})


@pytest.fixture(scope="module")
def crawled_wordpress(wordpress: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One linktrail crawl of every WordPress site, from their home pages; rows by URL."""
    work = tmp_path_factory.mktemp("wp")
    write_config(work / "linktrail.toml", niche={"keywords": ["sourdough", "starter", "bread"]},
                 crawl={"download_delay": 0.0, "loopback_only": True, "max_pages_per_site": 60})
    run = Runner(work)
    run("crawl", *[site["base"] + "/" for site in wordpress["sites"]])
    db = sqlite3.connect(work / "linktrail.db")
    db.row_factory = sqlite3.Row
    return {r["url"]: dict(r) for r in db.execute("select * from pages")}


@pytest.mark.parametrize(("theme", "case"), CASES)
def test_every_comment_state_on_real_wordpress(
    wordpress: dict[str, Any], crawled_wordpress: dict[str, dict[str, Any]], theme: str, case: str
) -> None:
    pages = [p for p in wordpress["pages"] if p["theme"] == theme and p["case"] == case]
    assert pages, f"the WordPress service has no {theme} page for {case}"
    for page in pages:
        row = crawled_wordpress.get(page["url"])
        assert row is not None, f"linktrail did not reach {page['url']}"
        want = page["expected"]
        assert row["comment_state"] == want["state"], (page["url"], page.get("note"))
        assert row["comment_system"] == want["system"]
        website = None if row["website_field"] is None else bool(row["website_field"])
        assert website == want["website_field"]
        if want.get("count"):
            assert row["comment_count"] == want["count"]
            assert row["commenter_rel"].split() == want["rel"]
        assert row["platform"] == "wordpress"
        if case == "write_for_us":
            assert row["guest_post"] == 1 and row["opportunity"] == "guest_post"
            assert row["submit_email"] == page["guest_post"]["submit_email"]
