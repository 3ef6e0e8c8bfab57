"""Backups of the database (pipelines/store/backup.py): consistent while another connection writes, rotated."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pipelines.store import backup_db, backup_dir, backups_of, open_db
from tests.report_db import ReportDB


def pages(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        return [r[0] for r in conn.execute("select url from pages order by url")]
    finally:
        conn.close()


def test_a_backup_holds_what_was_committed_while_a_write_is_open(tmp_path: Path) -> None:
    path = tmp_path / "linktrail.db"
    rdb = ReportDB(path)
    rdb.page("https://a.example/1")
    rdb.page("https://a.example/2")
    rdb.db.conn.close()
    writer = sqlite3.connect(path)
    writer.execute("begin immediate")
    writer.execute("delete from pages where url = 'https://a.example/2'")  # not committed
    try:
        copy = backup_db(path, keep=3, now=datetime(2026, 11, 23, 5, tzinfo=UTC))
    finally:
        writer.rollback()
        writer.close()
    assert copy is not None and copy == backup_dir(path) / "linktrail-20261123T050000Z.db"
    assert pages(copy) == ["https://a.example/1", "https://a.example/2"]


def test_backups_are_rotated_and_none_kept_when_told(tmp_path: Path) -> None:
    path = tmp_path / "linktrail.db"
    open_db(path).conn.close()
    for hour in range(5):
        backup_db(path, keep=2, now=datetime(2026, 11, 23, hour, tzinfo=UTC))
    assert [p.name for p in backups_of(path)] == ["linktrail-20261123T030000Z.db", "linktrail-20261123T040000Z.db"]
    assert backup_db(path, keep=0) is None and len(backups_of(path)) == 2
    assert backup_db(tmp_path / "missing.db", keep=2) is None and not backup_dir(tmp_path / "missing.db").exists()
