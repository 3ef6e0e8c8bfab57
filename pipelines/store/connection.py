"""Opening the database file: checks before any write, WAL, migrations; closing it; StoreError."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import sqlite_utils

from pipelines.store.backup import backup_dir
from pipelines.store.indexes import ensure_views
from pipelines.store.schema import migrations

logger = logging.getLogger(__name__)


class StoreError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


def _sqlite_problem(path: Path, exc: sqlite3.Error) -> StoreError:
    """One line for a SQLite error on opening: what happened to which file, and what to do next."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: locked by another process (is a crawl or report running?); try again when it ends")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: read-only; give a writable --db or make the file and its folder writable")
    if "malformed" in text:
        return damaged(path, exc)
    if "not a database" in text:
        return StoreError(f"{path}: not a linktrail database ({text}); give another --db or move this file away")
    return StoreError(f"{path}: cannot use this database: {text}")


def is_damage(exc: sqlite3.Error) -> bool:
    """Does this error say the file's pages are damaged (rather than locked, read-only or a bad statement)?"""
    return isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc)


def damaged(path: str | Path, exc: sqlite3.Error) -> StoreError:
    """One line for a damaged database file: what is wrong, and the two ways back."""
    return StoreError(
        f"{path}: the database file is damaged ({exc}); recover what it holds with "
        f"`sqlite3 {path} .recover | sqlite3 recovered.db` and use --db recovered.db, "
        f"or copy back the newest backup in {backup_dir(path)}/ (`linktrail nightly` keeps them)"
    )


def check_intact(path: str | Path) -> None:
    """Read every page of an existing database (SQLite's quick_check) before a long run writes to it.

    A crawl, a backlink check or a nightly run would otherwise meet damaged pages mid-way, or a nightly backup
    would push a good copy out. The cost is one read of the file (about a second per GB).

    Raises:
        StoreError: the file's pages are damaged (the one line of ``damaged``).
    """
    if not Path(path).is_file():
        return
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # open_db says what is wrong with a file SQLite cannot open
    try:
        rows = conn.execute("pragma quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise damaged(path, exc) from None
        return  # locked, not a database, ...: open_db's own checks say so
    finally:
        conn.close()
    if rows and rows[0][0] != "ok":  # e.g. "*** in database main ***\nPage 138: btreeInitPage() returns error code 11"
        first = " ".join(str(rows[0][0]).replace("*** in database main ***", "").split())
        raise damaged(path, sqlite3.DatabaseError(first[:200]))


def _read_only(path: Path) -> bool:
    """The file (or, for a new file, its folder) cannot or should not be written.

    The write bits count even for root, who could write anyway: `chmod a-w` says "leave it alone".
    """
    if path.exists():
        mode = path.stat().st_mode
        return not (mode & 0o222) or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    return path.parent.exists() and not os.access(path.parent, os.W_OK)


def open_db(
    path: str | Path, *, create: bool = True, migrate: bool = True, timeout: float = 5.0
) -> sqlite_utils.Database:
    """Open (creating and migrating) the linktrail database at ``path``, ready for writing.

    Checks come before any write, so a file that is refused is left exactly as it was.

    Raises:
        StoreError: not a SQLite file, another application's file, locked, read-only, or
            written by a newer linktrail.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no such database (run `linktrail crawl` or `linktrail demo` first)")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file; give a file name with --db")
    if _read_only(path):
        raise StoreError(f"{path}: read-only; give a writable --db or make the file and its folder writable")
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=timeout)
        db = sqlite_utils.Database(conn)
        db.execute(f"pragma busy_timeout = {int(timeout * 1000)}")
        # Reads only, until the file is known to be ours and of a version this code knows.
        tables = set(db.table_names())
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(db)}
        if tables and not applied and "pages" not in tables:
            raise StoreError(
                f"{path}: a SQLite file of another application (tables: {', '.join(sorted(tables)[:5])}); "
                "give another --db"
            )
        newer = applied - known
        if newer:
            raise StoreError(
                f"{path}: written by a newer linktrail (unknown migrations: {', '.join(sorted(newer))}); "
                "upgrade linktrail to open it"
            )
        # Take the write lock once, briefly: a file another process holds fails here, not mid-crawl.
        conn.execute("begin immediate")
        conn.execute("rollback")
        db.execute("pragma foreign_keys = on")
        if db.journal_mode != "wal":
            db.enable_wal()
        db.execute("pragma synchronous = normal")
        if migrate and migrations.pending(db):
            migrations.apply(db)
            ensure_views(db)
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _sqlite_problem(path, exc) from None
    except OSError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"{path}: {exc.strerror or exc}") from None
    return db


def close_db(db: sqlite_utils.Database) -> None:
    """Close after a run of writes: `PRAGMA optimize` first, so the plan's partial indexes get chosen."""
    try:
        db.execute("pragma optimize")
    except sqlite3.Error as exc:  # a busy file keeps its old statistics; nothing is lost
        logger.info("pragma optimize skipped: %s", exc)
    db.conn.close()

