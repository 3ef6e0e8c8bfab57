"""End to end: `linktrail` on bad database files (one line, exit 2, file untouched) and `linktrail rescore`."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.analysis.facts import CommentFacts, GuestPostFacts, PageFacts, PostFacts
from crawler.items import PageItem
from pipelines.store import PageWriter, open_db

pytestmark = pytest.mark.e2e

BREAD = "My rye starter doubled; the levain went into the dough, then the banneton, then the oven. Open crumb."
BIRDS = "Warblers at the reed bed at dawn; a thrush sang and the waders fed. Binoculars and a telescope."


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert all(w in lines[0] for w in words), lines[0]
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["rescore"], ["report", "--dry-run"]])
def test_not_a_database(linktrail: Any, tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes, not a database\n" * 100)
    before = digest(path)
    one_line_error(linktrail("--db", str(path), *command, check=False), "notes.db", "not a linktrail database")
    assert digest(path) == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_read_only_database(linktrail: Any, tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    open_db(path).conn.close()
    path.chmod(0o444)
    before = digest(path)
    try:
        one_line_error(linktrail("--db", str(path), "rescore", check=False), "lt.db", "read-only")
        assert digest(path) == before
    finally:
        path.chmod(0o644)


def test_database_from_a_newer_linktrail(linktrail: Any, tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    db = open_db(path)
    db["_sqlite_migrations"].insert({"migration_set": "linktrail", "name": "m900_next", "applied_at": "2027-01-01"})
    db.conn.close()
    before = digest(path)
    one_line_error(linktrail("--db", str(path), "report", check=False), "newer linktrail", "m900_next", "upgrade")
    assert digest(path) == before


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("pragma locking_mode = exclusive")
conn.execute("begin exclusive")
conn.execute("insert into crawls (kind, started) values ('other', 'now')")
print("locked", flush=True)
sys.stdin.read()
conn.execute("rollback")
"""


def test_database_locked_by_another_process(linktrail: Any, tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    open_db(path).conn.close()
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        one_line_error(linktrail("--db", str(path), "rescore", check=False), "lt.db", "locked by another process")
    finally:
        locker.communicate("", timeout=30)
    check = sqlite3.connect(path)
    assert check.execute("select count(*) from crawls").fetchone()[0] == 0
    assert check.execute("pragma integrity_check").fetchone()[0] == "ok"
    check.close()


def test_rescore_needs_an_existing_database(linktrail: Any, tmp_path: Path) -> None:
    one_line_error(linktrail("--db", str(tmp_path / "none.db"), "rescore", check=False), "no such database")
    assert not (tmp_path / "none.db").exists()


def page(url: str, text: str, found_via: str = "content", guest: bool = False) -> PageItem:
    facts = PageFacts(
        url=url, comments=CommentFacts(state="open", system="wordpress", website_field=True),
        guest_post=GuestPostFacts(is_guest_post_page=guest, confidence="high", accepts=True if guest else None,
                                  submit_email="ed@" + url.split("/")[2] if guest else None),
        post=PostFacts(title="Notes", text=text, published="2026-11-20"),
    )
    return PageItem(url=url, site=url.split("/")[2], fetched_url=url, status=200,
                    fetched_at="2026-11-23T08:00:00+00:00", depth=0, facts=facts, found_via=found_via,
                    relevance=0.0, opportunity="guest_post" if guest else "comment", value=1.0)


def test_rescore_after_the_niche_changed(linktrail: Any, tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    writer = PageWriter(db)
    for i in range(3):
        writer.add(page(f"http://bread.example/p{i}/", BREAD, found_via="seed" if i == 0 else "content"))
        writer.add(page(f"http://birds.example/p{i}/", BIRDS))
    writer.add(page("http://birds.example/write-for-us/", BIRDS, guest=True))
    writer.flush()
    db.conn.close()
    config = tmp_path / "linktrail.toml"

    config.write_text('database = "lt.db"\n[niche]\nkeywords = ["levain", "starter", "crumb"]\n')
    proc = linktrail("rescore", "--date", "2026-11-23")
    assert proc.stdout.startswith("rescored 7 pages: 3 now on niche, 0 now off (threshold 0.25)")
    assert "learned" in proc.stdout and "seed pages" in proc.stdout
    plan = json.loads(linktrail("report", "--date", "2026-11-23", "--format", "json", "--dry-run").stdout)
    assert {t["domain"] for t in plan["tasks"] if t["kind"] != "publish"} == {"bread.example"}

    config.write_text('database = "lt.db"\n[niche]\nkeywords = ["warbler", "thrush", "waders", "binoculars"]\n'
                      'learn = false\n[weights]\nrelevance = 50\n')
    proc = linktrail("rescore", "--date", "2026-11-23")
    assert proc.stdout.strip() == "rescored 7 pages: 4 now on niche, 3 now off (threshold 0.25), 7 changed value"
    plan = json.loads(linktrail("report", "--date", "2026-11-24", "--format", "json", "--dry-run").stdout)
    kinds = {(t["kind"], t["domain"]) for t in plan["tasks"] if t["kind"] != "publish"}
    assert kinds == {("guest_post", "birds.example")}  # one task per domain: the pitch comes first
    check = sqlite3.connect(tmp_path / "lt.db")
    reasons = check.execute("select value_reasons from pages where url = 'http://birds.example/p0/'").fetchone()[0]
    assert any(r.startswith("+") and "relevance" in r for r in json.loads(reasons))
    check.close()


def test_rescore_without_keywords_says_so(linktrail: Any, tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    write = PageWriter(db)
    write.add(page("http://bread.example/p0/", BREAD, found_via="seed"))
    write.flush()
    db.conn.close()
    proc = linktrail("--db", "lt.db", "rescore")
    assert proc.stdout.startswith("rescored 1 pages")
    assert "no [niche] keywords in built-in defaults" in proc.stderr and "learned terms only" in proc.stderr


def test_bad_weights_in_the_config_are_one_line(linktrail: Any, tmp_path: Path) -> None:
    open_db(tmp_path / "lt.db").conn.close()
    (tmp_path / "linktrail.toml").write_text('database = "lt.db"\n[weights]\ncaptca = -5\n')
    one_line_error(linktrail("rescore", check=False), "unknown rule 'captca'")
