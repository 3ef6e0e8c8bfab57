"""The SQLite store: schema and migrations, batched idempotent writes, change history, bad files, crashes."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from crawler.analysis.facts import CommentFacts, Contact, Evidence, GuestPostFacts, Link, PageFacts, PostFacts
from crawler.config import PlanConfig
from crawler.items import PageItem
from linktrail.plan import CANDIDATES, gate_params
from pipelines.store import (
    PageWriter,
    StoreError,
    close_db,
    close_interrupted_runs,
    compact_json,
    crawl_finished_since,
    done_comment_count,
    facts_from_json,
    finish_crawl,
    migrations,
    open_db,
    page_count,
    page_row,
    schema_version,
    start_crawl,
)

ROOT = Path(__file__).resolve().parent.parent
SQLITE_UTILS = Path(sys.executable).parent / "sqlite-utils"


def make_item(
    url: str = "http://crumb.example/rye/", *, state: str = "open", fetched_at: str = "2026-11-01T10:00:00+00:00",
    relevance: float | None = 0.6, value: float | None = 80.0, text: str = "rye starter levain", links: int = 2,
    parked: bool = False,
) -> PageItem:
    site = url.split("/")[2]
    facts = PageFacts(
        url=url,
        comments=CommentFacts(state=state, system="wordpress", website_field=True if state == "open" else None,
                              rel=("nofollow", "ugc"), count=3, newest="2026-10-30",
                              evidence=(Evidence("form:wordpress_commentform", "form#commentform"),)),
        guest_post=GuestPostFacts(contacts=(Contact("ed@crumb.example", url),)),
        post=PostFacts(title="Rye starter", published="2026-10-20", word_count=900, text=text),
        links=tuple(Link(f"http://other{i}.example/", anchor="friend", rel=("ugc",), kind="commenter", external=True)
                    for i in range(links)),
    )
    if parked:
        from crawler.analysis.facts import HealthFacts

        facts = PageFacts(url=url, health=HealthFacts(parked=True))
    return PageItem(
        url=url, site=site, fetched_url=url, status=200, fetched_at=fetched_at, depth=1, facts=facts,
        found_via="content", relevance=relevance, relevance_reasons=["matches 'rye' x1"],
        opportunity="comment" if state == "open" else None, value=value if state == "open" else None,
        value_reasons=["+40 comment form open (wordpress)"] if state == "open" else [],
    )


def write(db: sqlite_utils.Database, *items: PageItem, batch: int = 200) -> PageWriter:
    writer = PageWriter(db, batch)
    for item in items:
        writer.add(item)
    writer.flush()
    return writer


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_has_the_schema_wal_foreign_keys_indexes_and_views(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    assert db.journal_mode == "wal"
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert schema_version(db) == len(migrations._migrations)
    assert {"sites", "pages", "links", "crawls", "page_changes", "outreach", "plans", "backlinks",
            "backlink_checks"} <= set(db.table_names())
    indexes = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")}
    assert {"idx_pages_plan_comment", "idx_pages_plan_guest", "idx_pages_site_relevance", "idx_pages_seed"} <= indexes
    assert {"open_comment_opportunities", "guest_post_sites"} <= set(db.view_names())


def test_file_with_only_the_first_migration_and_rows_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    names = [m.name for m in migrations._migrations]
    migrations.apply(old, stop_before=names[1])  # what linktrail's first release wrote
    assert [m.name for m in migrations.applied(old)] == ["m001_initial"]
    old["sites"].insert({"domain": "crumb.example", "name": "Crumb", "relevance": 0.7, "status": "active"})
    old["pages"].insert({"url": "http://crumb.example/rye/", "site": "crumb.example", "title": "Rye",
                         "first_seen": "2025-01-01T00:00:00+00:00", "opportunity": "comment", "value": 70.0,
                         "comment_state": "open", "website_field": 1, "parked": 0, "relevance": 0.7})
    old["plans"].insert({"date": "2025-01-02", "url": "http://crumb.example/rye/", "position": 0, "kind": "comment"})
    old.conn.close()

    db = open_db(path)
    assert [m.name for m in migrations.applied(db)] == names
    assert db["pages"].get("http://crumb.example/rye/")["first_seen"] == "2025-01-01T00:00:00+00:00"
    assert db["plans"].count == 1
    indexes = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")}
    assert "idx_pages_plan_comment" in indexes
    assert "open_comment_opportunities" in db.view_names()
    assert [r["url"] for r in db.query("select url from open_comment_opportunities")] == ["http://crumb.example/rye/"]
    # New writes go into the migrated file and keep the old first-seen date.
    write(db, make_item(fetched_at="2026-11-01T10:00:00+00:00"))
    assert db["pages"].get("http://crumb.example/rye/")["first_seen"] == "2025-01-01T00:00:00+00:00"


def test_file_from_a_newer_linktrail_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = open_db(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "linktrail", "name": "m999_from_the_future", "applied_at": "2027-01-01 00:00:00"}
    )
    db.conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match=r"newer linktrail \(unknown migrations: m999_from_the_future\); upgrade"):
        open_db(path)
    assert digest(path) == before


def test_recrawl_updates_without_duplicates_keeps_first_seen_and_records_closed_comments(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    write(db, make_item(), make_item("http://crumb.example/levain/"))
    write(db, make_item(state="closed", fetched_at="2026-11-20T10:00:00+00:00"),
          make_item("http://crumb.example/levain/", fetched_at="2026-11-20T10:00:00+00:00"))
    assert db["pages"].count == 2
    assert db["links"].count == 4  # two pages x two commenter links, written twice
    page = db["pages"].get("http://crumb.example/rye/")
    assert page["first_seen"] == "2026-11-01T10:00:00+00:00"
    assert page["fetched_at"] == "2026-11-20T10:00:00+00:00"
    assert page["comment_state"] == "closed" and page["opportunity"] is None
    changes = {(r["field"], r["old"], r["new"]) for r in db.query(
        "select * from page_changes where url = ? and seen_at = ?", ["http://crumb.example/rye/", page["fetched_at"]])}
    assert ("comment_state", "open", "closed") in changes
    assert ("opportunity", "comment", None) in changes
    assert ("value", "80.0", None) in changes
    # The unchanged page has no history, and a third identical crawl adds none either.
    assert not list(db.query("select * from page_changes where url = 'http://crumb.example/levain/'"))
    before = db["page_changes"].count
    write(db, make_item(state="closed", fetched_at="2026-11-21T10:00:00+00:00"))
    assert db["page_changes"].count == before
    site = db["sites"].get("crumb.example")
    assert site["pages_crawled"] == 2 and site["first_seen"] == "2026-11-01T10:00:00+00:00"


def test_small_value_moves_are_not_history_big_ones_are(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    write(db, make_item(value=80.0))
    write(db, make_item(value=85.0, fetched_at="2026-11-02T10:00:00+00:00"))
    write(db, make_item(value=50.0, fetched_at="2026-11-03T10:00:00+00:00"))
    assert [(r["old"], r["new"]) for r in db.query("select * from page_changes where field = 'value'")] == [
        ("85.0", "50.0")
    ]


def test_site_relevance_is_the_mean_of_its_best_five_pages(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.0, 0.0, 0.0]
    write(db, *(make_item(f"http://crumb.example/p{i}/", relevance=r) for i, r in enumerate(scores)), batch=3)
    site = db["sites"].get("crumb.example")
    assert site["relevance"] == pytest.approx(0.7)
    assert site["pages_crawled"] == 8


def test_a_parked_site_that_comes_back_is_active_again(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lt.db")
    write(db, make_item("http://gone.example/", parked=True))
    assert db["sites"].get("gone.example")["status"] == "parked"
    write(db, make_item("http://gone.example/", fetched_at="2026-11-22T00:00:00+00:00"))
    assert db["sites"].get("gone.example")["status"] == "active"


def test_writes_are_batched_one_transaction_per_batch(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    db = open_db(path)
    writer = PageWriter(db, batch_size=3)
    other = sqlite3.connect(path)  # what another process sees
    for i in range(2):
        writer.add(make_item(f"http://crumb.example/p{i}/"))
    assert other.execute("select count(*) from pages").fetchone()[0] == 0
    writer.add(make_item("http://crumb.example/p2/"))
    assert other.execute("select count(*) from pages").fetchone()[0] == 3
    writer.add(make_item("http://crumb.example/p3/"))
    writer.flush()
    assert other.execute("select count(*) from pages").fetchone()[0] == 4
    other.close()


def test_rows_have_one_shape_and_facts_round_trip(tmp_path: Path) -> None:
    item = make_item()
    row = page_row(item)
    bare = page_row(make_item("http://bare.example/", state="none", relevance=None, links=0))
    assert list(row) == list(bare)
    assert facts_from_json(row["facts"], item.url) == item.facts
    assert facts_from_json(None, "http://x.example/").url == "http://x.example/"
    assert facts_from_json('{"post": {"text": "hi", "future_field": 1}, "other": 2}', "http://x.example/").post.text == "hi"


def test_facts_orjson_refuses_are_read_by_the_json_module() -> None:
    # A lone surrogate (a page's broken text) goes out through the json module (`compact_json`) and must come back
    # the same way (orjson refuses it): the settle scores that text, not an empty page.
    odd = PageFacts(url="http://x.example/", post=PostFacts(text="bad \ud800 text"))
    assert facts_from_json(compact_json(odd), odd.url).post.text == "bad \ud800 text"
    assert facts_from_json('{"post": {"text": "hi", "word_count": NaN}}', "http://x.example/").post.text == "hi"
    assert facts_from_json("{not json", "http://x.example/") == PageFacts(url="http://x.example/")


# ---- bad files: one clear error, nothing changed ------------------------------------------------


def test_not_a_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = digest(path)
    with pytest.raises(StoreError, match="not a linktrail database .*file is not a database"):
        open_db(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    other = sqlite3.connect(path)
    other.execute("create table albums (id integer primary key, name text)")
    other.commit()
    other.close()
    before = digest(path)
    with pytest.raises(StoreError, match="another application .*albums"):
        open_db(path)
    assert digest(path) == before


def test_read_only_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    write(open_db(path), make_item()).db.conn.close()
    path.chmod(0o444)
    before = digest(path)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_db(path)
        assert digest(path) == before
    finally:
        path.chmod(0o644)


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("pragma locking_mode = exclusive")
conn.execute("begin exclusive")
conn.execute("insert into crawls (kind, started) values ('other', 'now')")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
conn.execute("rollback")
"""


def hold_lock(path: Path) -> subprocess.Popen[str]:
    """Another process holding an exclusive lock on the file; returns once the lock is held."""
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_locked_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    write(open_db(path), make_item()).db.conn.close()
    proc = hold_lock(path)
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            open_db(path, timeout=0.2)
    finally:
        proc.communicate("", timeout=30)
    db = open_db(path)
    assert db["crawls"].count == 0 and db["pages"].count == 1


# ---- crashes --------------------------------------------------------------------------------------

HEAVY_WRITER = """
import sys
sys.path.insert(0, {root!r})
sys.path.insert(0, {tests!r})
from test_store import make_item
from pipelines.store import PageWriter, open_db

db = open_db(sys.argv[1])
writer = PageWriter(db, batch_size=int(sys.argv[2]))
i = 0
while True:
    writer.add(make_item(f"http://site{{i % 50}}.example/p{{i}}/", text="rye starter " * 400, links=20))
    i += 1
    if i % writer.batch_size == 0:
        print(writer.written, flush=True)
"""


def test_sigkill_mid_batch_loses_at_most_the_batch_and_never_corrupts(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    open_db(path).conn.close()
    batch = 40
    script = HEAVY_WRITER.format(root=str(ROOT), tests=str(Path(__file__).parent))
    proc = subprocess.Popen([sys.executable, "-c", script, str(path), str(batch)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    written = 0
    for line in proc.stdout:  # each line: rows committed so far; the writer keeps writing after it
        written = int(line)
        if written >= 10 * batch:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    check = sqlite3.connect(path)
    assert check.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert check.execute("pragma foreign_key_check").fetchall() == []
    count = check.execute("select count(*) from pages").fetchone()[0]
    check.close()
    assert count >= written and count % batch == 0  # whole batches only

    db = open_db(path)  # the file opens and takes more writes
    write(db, make_item("http://after.example/crash/"))
    assert db["pages"].count == count + 1
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


# ---- other tools open the file as it is -----------------------------------------------------------


def test_sqlite_utils_cli_opens_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    db = open_db(path)
    write(db, make_item())
    db.conn.close()
    tables = subprocess.run([str(SQLITE_UTILS), "tables", str(path), "--counts"], capture_output=True, text=True,
                            check=True)
    counts = {t["table"]: t["count"] for t in json.loads(tables.stdout)}
    assert counts["pages"] == 1 and counts["sites"] == 1
    views = subprocess.run([str(SQLITE_UTILS), "views", str(path)], capture_output=True, text=True, check=True)
    assert "open_comment_opportunities" in views.stdout
    rows = subprocess.run([str(SQLITE_UTILS), "query", str(path), "select url, value from open_comment_opportunities"],
                          capture_output=True, text=True, check=True)
    assert json.loads(rows.stdout) == [{"url": "http://crumb.example/rye/", "value": 80.0}]


def test_plan_queries_walk_the_partial_indexes(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    db = open_db(path)
    write(db, *(make_item(f"http://s{i % 30}.example/p{i}/", state="open" if i % 4 else "closed",
                          value=float(i % 97), relevance=(i % 10) / 10) for i in range(600)), batch=100)
    close_db(db)  # PRAGMA optimize, as after every crawl
    db = open_db(path)
    for kind, sql in CANDIDATES.items():
        params = gate_params(PlanConfig(), date(2026, 11, 23), threshold=0.25, own=("mine.example",))
        plan = " | ".join(r[3] for r in db.execute("explain query plan " + sql, params))
        index = "idx_pages_plan_comment" if kind == "comment" else "idx_pages_plan_guest"
        assert index in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_heavy_writer_child_writes_whole_batches(tmp_path: Path) -> None:
    # The crash test runs this module's make_item in a child process: the child imports it and writes.
    path = tmp_path / "lt.db"
    script = HEAVY_WRITER.format(root=str(ROOT), tests=str(Path(__file__).parent))
    proc = subprocess.Popen([sys.executable, "-c", script, str(path), "5"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.kill()
    _, err = proc.communicate(timeout=30)
    assert first == "5\n", err
    check = sqlite3.connect(path)
    urls = {u for (u,) in check.execute("select url from pages")}
    check.close()
    assert {f"http://site{i}.example/p{i}/" for i in range(5)} <= urls and len(urls) % 5 == 0


def _unused(*_: Any) -> None:
    """Keep linters quiet about helpers used only by the child processes."""


def test_crawl_rows_finished_interrupted_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "lt.db"
    assert not crawl_finished_since(path, "discover", "2000-01-01")  # no file: nothing finished
    db = open_db(path)
    assert close_interrupted_runs(db, "2026-11-02T00:00:00+00:00") is None
    nightly = start_crawl(db, "nightly")
    crawl = start_crawl(db, "discover")
    started = db["crawls"].get(nightly)["started"]
    assert not crawl_finished_since(path, "discover", started)
    assert close_interrupted_runs(db, "2099-01-01T00:00:00+00:00") == started
    rows = {r["id"]: r for r in db["crawls"].rows}
    assert rows[nightly]["finish_reason"] == rows[crawl]["finish_reason"] == "interrupted"
    assert crawl_finished_since(path, "discover", started)
    assert not crawl_finished_since(path, "backlinks", started)
    finish_crawl(db, nightly, "finished", {})  # an already closed row keeps its first ending
    assert db["crawls"].get(crawl)["finished"] == "2099-01-01T00:00:00+00:00"
    assert done_comment_count(db) == 0 and page_count(db) == 0
    close_db(db)
