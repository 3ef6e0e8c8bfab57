"""Consistent copies of the database (SQLite's online backup API), rotated, and where they live."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path


def backup_dir(path: str | Path) -> Path:
    """Where the copies of ``path`` are kept: a folder beside it, ``linktrail.db.backups/``."""
    path = Path(path)
    return path.with_name(path.name + ".backups")


def backups_of(path: str | Path) -> list[Path]:
    """The copies kept of ``path``, oldest first (their names sort by time)."""
    folder = backup_dir(path)
    return sorted(folder.glob(f"{Path(path).stem}-*.db")) if folder.is_dir() else []


def backup_db(path: str | Path, *, keep: int, now: datetime | None = None) -> Path | None:
    """Copy ``path`` into its backup folder as it is now, consistent even while others write; keep the newest ``keep``.

    The copy is named by ``now`` (UTC when not given), to the second.

    None (and nothing written or removed) when ``keep`` is 0 or the database does not exist yet.

    Raises:
        sqlite3.Error: the database cannot be read (damaged, locked past the timeout).
        OSError: the copy cannot be written.
    """
    path = Path(path)
    if keep <= 0 or not path.exists():
        return None
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.stem}-{(now or datetime.now(UTC)).strftime('%Y%m%dT%H%M%SZ')}.db"
    partial = target.with_suffix(".db.partial")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    partial.replace(target)  # a copy is there whole or not at all
    for old in backups_of(path)[:-keep]:
        old.unlink()
    return target
