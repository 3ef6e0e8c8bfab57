"""A database whose pages are damaged (header intact): one line saying so and how to recover, exit 2, no traceback."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Runner, write_config
from tests.loopback import answering, serve
from tests.report_db import ReportDB

PAGE = 4096


def _blog(path: str) -> tuple[int, str, bytes]:
    """A small on-niche blog: a home linking to posts, so a crawl stores pages."""
    if path == "/robots.txt":
        return 200, "text/plain", b"User-agent: *\nAllow: /\n"
    links = "".join(f'<a href="/post-{i}/">post {i}</a>' for i in range(8))
    return 200, "text/html; charset=utf-8", (f"<html><head><title>Blog {path}</title></head><body><article>"
                                             f"<h1>Post {path}</h1><p>{'words ' * 200}</p>{links}</article></body></html>"
                                             ).encode()


@pytest.fixture
def blog() -> Iterator[str]:
    with serve(answering(_blog)) as base:
        yield base


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


@pytest.mark.parametrize("command", [("report", "--dry-run"), ("export",), ("rescore",), ("crawl", "BLOG"),
                                     ("nightly",), ("backlinks", "check")])
def test_a_damaged_database_is_one_line_with_the_way_back(damaged: Path, command: tuple[str, ...], blog: str) -> None:
    write_config(damaged.parent / "linktrail.toml", seeds={"urls": [blog + "/"]}, you={"site": blog + "/"},
                 crawl={"loopback_only": True, "download_delay": 0.0, "max_pages": 20})
    command = tuple(blog + "/" if c == "BLOG" else c for c in command)
    proc = Runner(damaged.parent)(*command, check=False)
    db = str(damaged)  # the config's database: absolute, relative to the file
    assert proc.returncode == 2 and proc.stdout == "", proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
    line = proc.stderr.rstrip("\n")
    assert line.startswith(("Error: ", "ERROR linktrail.nightly: "))
    assert f"{db}: the database file is damaged (" in line
    assert line.endswith(
        f"); recover what it holds with `sqlite3 {db} .recover | sqlite3 recovered.db` and use --db recovered.db, "
        f"or copy back the newest backup in {db}.backups/ (`linktrail nightly` keeps them)")
    assert not Path(f"{db}.backups").exists()  # no backup made of a damaged file (nightly keeps only a few)
