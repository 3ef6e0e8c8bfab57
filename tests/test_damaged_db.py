"""A database whose pages are damaged (header intact): one line saying so and how to recover, exit 2, no traceback."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner, write_config
from tests.loopback import serve
from tests.report_db import ReportDB

PAGE = 4096


class _Blog(BaseHTTPRequestHandler):
    """A small on-niche blog: a home linking to posts, so a crawl stores pages."""

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
        else:
            links = "".join(f'<a href="/post-{i}/">post {i}</a>' for i in range(8))
            body = (f"<html><head><title>Blog {self.path}</title></head><body><article><h1>Post {self.path}</h1>"
                    f"<p>{'words ' * 200}</p>{links}</article></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if self.path != "/robots.txt" else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def blog() -> Iterator[str]:
    with serve(_Blog) as base:
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
