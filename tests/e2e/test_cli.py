"""The command line as a user meets it: help, the demo, classify, and scrapy from the repo root."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NETGUARD_SITE, ROOT, Runner

pytestmark = pytest.mark.e2e

COMMANDS = ["crawl", "report", "classify", "demo"]


@pytest.mark.parametrize("args", [[], *[[c] for c in COMMANDS]])
def test_help(linktrail: Runner, args: list[str]) -> None:
    proc = linktrail(*args, "--help")
    assert "Usage:" in proc.stdout


def test_demo_prints_a_plan_and_the_same_counts_each_run(linktrail: Runner) -> None:
    """Two runs serve the sample web on other ports and crawl it in another order: the same counts and tasks
    (the off-niche stop once depended on which answer came first: 102 pages one run, 54 the next)."""
    began = time.monotonic()
    proc = linktrail("demo", "--db", "demo.db", timeout=120)
    took = time.monotonic() - began
    out = proc.stdout
    assert "Plan for" in out and "comment" in out and "pitch" in out
    assert "demo.db" in out
    db = sqlite3.connect(linktrail.cwd / "demo.db")
    assert db.execute("select count(*) from sites").fetchone()[0] >= 12
    planned = db.execute("select count(distinct domain), count(*) from plans").fetchone()
    assert planned[0] == planned[1] >= 5
    # its own figures are what happened: the seconds within the command's whole time, the sites those stored
    done = re.search(r"^Served, crawled and planned in (\d+\.\d) s: (\d+) sites in demo.db\.$", out, re.MULTILINE)
    assert done, out
    assert 0 < float(done.group(1)) <= took
    assert int(done.group(2)) == db.execute("select count(*) from sites").fetchone()[0]
    again = linktrail("demo", "--db", "demo.db", timeout=120).stdout

    def counts_and_tasks(text: str) -> tuple[list[str], list[str]]:
        lines = text.splitlines()
        counts = [line for line in lines if line.startswith(("crawled ", "Plan for ")) or " tasks, " in line]
        return counts, sorted(line for line in lines if re.match(r" ?\d+\. ", line))

    first, second = counts_and_tasks(out), counts_and_tasks(again)
    assert len(first[0]) == 3 and first[0][0].startswith("crawled 54 pages on 18 sites") and len(first[1]) >= 5
    assert first == second


def test_classify_saved_page_json(linktrail: Runner, sample_web: Any) -> None:
    key = next(k for k, v in sample_web.truth["pages"].items()
               if v["comments"]["state"] == "open" and v["comments"]["website_field"])
    slug, _, path = key.partition("/")
    saved = sample_web.sites_dir / slug / path / "index.html"
    proc = linktrail("classify", "--json", str(saved), "--url", sample_web.url(key))
    result = json.loads(proc.stdout)
    assert result["source"] == str(saved)
    assert result["comments"]["state"] == "open"
    assert result["comments"]["website_field"] is True
    for k in ("url", "platform", "guest_post"):
        assert k in result
    for k in ("state", "system", "website_field", "captcha"):
        assert k in result["comments"]
    rules = [e["rule"] for e in result["comments"]["evidence"]]
    assert rules[0].startswith("form:") and any(r.startswith("website:") for r in rules)
    assert all(e["matched"] for e in result["comments"]["evidence"])


def test_classify_live_url_and_a_missing_file(linktrail: Runner, sample_web: Any) -> None:
    key = next(k for k, v in sample_web.truth["pages"].items() if v["comments"]["state"] == "login_required")
    proc = linktrail("classify", "--json", sample_web.url(key), "no-such-file.html", check=False)
    assert proc.returncode == 2
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["comments"]["state"] == "login_required"
    assert "no-such-file.html" in proc.stderr


def test_scrapy_crawl_discover_from_repo_root(tmp_path: Path, sample_web: Any) -> None:
    db = tmp_path / "scrapy.db"
    seed = sample_web.url(sample_web.truth["seed"] + "/")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
           "LINKTRAIL_NETGUARD_LOG": str(tmp_path / "guard.log")}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "discover", "-a", f"seeds={seed}",
         "-s", f"LINKTRAIL_DB={db}", "-s", "LINKTRAIL_LOOPBACK_ONLY=1", "-s", "DOWNLOAD_DELAY=0",
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LINKTRAIL_MAX_PAGES=8", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "guard.log").exists() or not (tmp_path / "guard.log").read_text()
    count = sqlite3.connect(db).execute("select count(*) from pages").fetchone()[0]
    assert 1 <= count <= 8
