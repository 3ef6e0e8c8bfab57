"""A database whose pages are damaged (header intact): one line saying so and how to recover, exit 2, no traceback."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.conftest import Runner
from tests.report_db import ReportDB

PAGE = 4096


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A real linktrail database, its second half overwritten with garbage, page 1 (header, schema) untouched."""
    path = tmp_path / "linktrail.db"
    rdb = ReportDB(path)
    for i in range(400):
        rdb.page(f"https://s{i % 40}.example/post-{i}/", value=float(i % 90), facts='{"x": "' + "y" * 500 + '"}')
    rdb.db.conn.close()
    pages = path.stat().st_size // PAGE
    assert pages > 50
    garbage = random.Random(19)
    with path.open("r+b") as f:
        for n in range(pages // 2, pages):
            f.seek(n * PAGE)
            f.write(garbage.randbytes(PAGE))
    assert not Path(f"{path}-wal").exists() or os.path.getsize(f"{path}-wal") == 0
    return path


@pytest.mark.parametrize("command", [("report", "--dry-run"), ("export",), ("rescore",)])
def test_a_damaged_database_is_one_line_with_the_way_back(damaged: Path, command: tuple[str, ...]) -> None:
    proc = Runner(damaged.parent)(*command, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "Error: linktrail.db: the database file is damaged (database disk image is malformed); recover what it "
        "holds with `sqlite3 linktrail.db .recover | sqlite3 recovered.db` and use --db recovered.db, or copy back "
        "the newest backup in linktrail.db.backups/ (`linktrail nightly` keeps them)"]
