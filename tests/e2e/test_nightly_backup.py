"""`linktrail nightly` keeps a copy of the database from before it writes; the README's restore works."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Runner, write_config
from tests.report_db import ReportDB

pytestmark = pytest.mark.e2e

DAY = "2026-11-23"


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_nightly_backs_up_before_writing_and_the_copy_restores(linktrail: Runner) -> None:
    db = linktrail.cwd / "linktrail.db"
    rdb = ReportDB(db)
    for i in range(3):
        rdb.page(f"https://s{i}.example/post/")
    rdb.db.conn.close()
    write_config(linktrail.cwd / "linktrail.toml", crawl={"loopback_only": True}, nightly={"backups": 1})
    linktrail("nightly", "--date", DAY)
    (copy,) = sorted((linktrail.cwd / "linktrail.db.backups").iterdir())
    assert count(copy, "select count(*) from pages") == 3
    assert count(copy, f"select count(*) from plans where date = '{DAY}'") == 0  # taken before the plan was written
    assert count(db, f"select count(*) from plans where date = '{DAY}'") == 3
    # The README's restore: copy it back over the database (and its -wal, -shm).
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    shutil.copyfile(copy, db)
    proc = linktrail("report", "--dry-run", "--date", DAY)
    assert "https://s0.example/post/" in proc.stdout
