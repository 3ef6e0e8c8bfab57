"""`linktrail nightly`: one locked, logged, unattended run of crawl -> backlink checks -> dated plans.

Each crawl step runs as a child process (`python -m linktrail.cli ... crawl`, `... backlinks check`)
rather than chained in one CrawlerProcess: Twisted's reactor cannot restart, so one process per
crawl is the simplest way to run two spiders one after the other; a child that crashes, hangs
past its time budget or leaks memory takes only its own step down (it is stopped, logged, and the
next step still runs); and each step is exactly what a person would type, so its behaviour and
exit code are the ones the CLI tests pin down. The children inherit the lock's descriptor.

A nightly killed half-way leaves its `crawls` row unfinished; the next run (which can only start
once every process of the killed one is gone, because they all share the lock) marks that row and
its children's rows `interrupted` and runs every step again. Writes are idempotent upserts, so
pages, links and plans are updated, never duplicated.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler import clock
from crawler.clock import utcnow
from crawler.config import Config
from linktrail.exits import EXIT_FOUND, EXIT_LOCKED, EXIT_OK, EXIT_UNFINISHED, EXIT_USAGE
from linktrail.lock import LockError, LockHeld, RunLock, lock_path_for
from linktrail.report import make_report
from pipelines.store import (
    StoreError,
    backup_db,
    check_intact,
    close_interrupted_runs,
    crawl_finished_since,
    finish_crawl,
    open_db,
    start_crawl,
)

logger = logging.getLogger("linktrail.nightly")

EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "csv": "csv", "json": "json"}
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# A run that starts after noon plans tomorrow; one that starts in the small hours plans today.
NEXT_DAY_FROM_HOUR = 12


class NightlyError(Exception):
    """The run cannot start: a bad database or log path; the message says what and where."""


@dataclass
class Step:
    """What one step did: ok, failed, skipped or lost (ran, and found lost links)."""

    name: str
    status: str
    detail: str

    def line(self) -> str:
        return f"{self.name} {self.status}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class Nightly:
    """Everything one nightly run needs, resolved by the CLI."""

    config: Config
    db: Path
    day: date
    log_file: Path
    fail_on_lost: bool = False
    verbosity: int = 0
    python: Sequence[str] = field(default_factory=lambda: [sys.executable, "-m", "linktrail.cli"])
    steps: list[Step] = field(default_factory=list)


def nightly_run(config: Config, db: str | Path, *, day: date | None = None, log_file: str | Path | None = None,
                fail_on_lost: bool | None = None, verbosity: int = 0) -> Nightly:
    """A Nightly from the command line's options; what is not given comes from the config and the clock."""
    return Nightly(
        config=config, db=Path(db).resolve(), day=day or plan_day(clock.local_now()),
        log_file=Path(log_file).resolve() if log_file else default_log_file(config, db),
        fail_on_lost=config.nightly.fail_on_lost if fail_on_lost is None else fail_on_lost,
        verbosity=verbosity,
    )


def plan_day(now: datetime) -> date:
    """The day a run at ``now`` plans for: today in the small hours, tomorrow from noon on."""
    return now.date() + timedelta(days=1) if now.hour >= NEXT_DAY_FROM_HOUR else now.date()


def default_log_file(config: Config, db: str | Path) -> Path:
    """`[nightly] log_file` (relative to linktrail.toml), else linktrail.log beside the database."""
    if config.nightly.log_file:
        return _beside_config(config, config.nightly.log_file)
    return Path(db).resolve().parent / "linktrail.log"


def plans_dir(config: Config) -> Path:
    """`[plan] plans_dir`, relative to linktrail.toml's folder (the working folder for defaults)."""
    return _beside_config(config, config.plan.plans_dir)


def _beside_config(config: Config, value: str) -> Path:
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    base = Path(config.source).resolve().parent if config.source else Path.cwd()
    return base / path


def add_log_file(path: Path, max_kb: int, backups: int) -> logging.Handler:
    """Log INFO and up to a rotating file as well as wherever logging already goes."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max(max_kb, 1) * 1024, backupCount=backups, encoding="utf-8"
        )
    except OSError as exc:
        raise NightlyError(f"{path}: cannot write the log: {exc.strerror or exc}") from None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        # The stderr handler keeps its own level (warnings by default); the file gets INFO.
        root.setLevel(logging.INFO)
    return handler


@dataclass
class ChildResult:
    """How a step's process ended: its exit code (None: stopped), last line, and whether it crashed."""

    code: int | None
    last: str
    crashed: bool  # a CRITICAL line or a traceback, whatever the exit code said


def run_child(name: str, argv: Sequence[str], *, timeout: float, pass_fds: Sequence[int] = ()) -> ChildResult:
    """Run one step's command, logging its output line by line."""
    logger.info("%s: running %s", name, " ".join(argv))
    proc = subprocess.Popen(
        list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, encoding="utf-8", errors="replace", pass_fds=tuple(pass_fds),
    )
    last: list[str] = [""]
    crashed: list[bool] = [False]

    def pump() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip()
            if not line:
                continue
            if line.startswith(("CRITICAL ", "Traceback (most recent call last)")):
                crashed[0] = True
            if not line.startswith(" "):
                last[0] = line
            # INFO whatever the child's level (kept in the text): the log file gets it all, while
            # stderr, which cron mails, only carries the nightly's own problems.
            logger.info("%s: %s", name, line)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        code: int | None = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        logger.error("%s: still running after %.0f minutes; stopping it", name, timeout / 60)
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        code = None
    reader.join(timeout=10)
    return ChildResult(code, last[0], crashed[0])


def _base_argv(run: Nightly) -> list[str]:
    argv = [*run.python]
    if run.config.source:
        argv += ["--config", str(Path(run.config.source).resolve())]
    argv += ["--db", str(run.db)]
    if run.verbosity > 0:
        argv.append("-" + "v" * run.verbosity)
    return argv


def _step_timeout(run: Nightly) -> float:
    return (run.config.crawl.time_budget_minutes + run.config.nightly.grace_minutes) * 60


def step_crawl(run: Nightly, lock_fd: int) -> Step:
    """The incremental discovery crawl from the configured seeds, within the config's time budget."""
    if not run.config.seeds.urls and not run.config.seeds.files:
        return Step("crawl", "skipped", "no [seeds] urls or files in linktrail.toml")
    since = utcnow()
    child = run_child("crawl", [*_base_argv(run), "crawl"], timeout=_step_timeout(run), pass_fds=[lock_fd])
    if child.code is None:
        return Step("crawl", "failed", "stopped: past its time budget")
    if child.code != 0 or child.crashed:
        return Step("crawl", "failed", f"exit {child.code}: {child.last}")
    if not crawl_finished_since(run.db, "discover", since):
        return Step("crawl", "failed", f"no finished crawl recorded: {child.last}")
    return Step("crawl", "ok", child.last)


def step_backlinks(run: Nightly, lock_fd: int) -> Step:
    """The backlink and comment-went-live checks (`linktrail backlinks check --fail-on-lost`)."""
    argv = [*_base_argv(run), "backlinks", "check", "--fail-on-lost"]
    child = run_child("backlinks", argv, timeout=_step_timeout(run), pass_fds=[lock_fd])
    code, last = child.code, child.last
    if code is None:
        return Step("backlinks", "failed", "stopped: past its time budget")
    if child.crashed or code not in (0, 1):
        return Step("backlinks", "failed", f"exit {code}: {last}")
    if code == 1:  # `--fail-on-lost`: a link was lost in this run
        return Step("backlinks", "lost", last)
    return Step("backlinks", "ok", last)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def step_plan(run: Nightly) -> Step:
    """The day's plan, recorded and written to plans/DAY.EXT in each configured format."""
    out_dir = plans_dir(run.config)
    db = open_db(run.db)
    try:
        summary = json.loads(make_report(db, run.config, run.day, "json", record=True))
        out_dir.mkdir(parents=True, exist_ok=True)
        written, failed = [], []
        for fmt in run.config.plan.formats:
            target = out_dir / f"{run.day.isoformat()}.{EXTENSIONS.get(fmt, fmt)}"
            try:
                _write_atomic(target, make_report(db, run.config, run.day, fmt, record=True))
            except Exception as exc:  # noqa: BLE001 - one format failing must not stop the others
                logger.error("plan: cannot write %s: %s: %s", target, type(exc).__name__, exc)
                failed.append(fmt)
                continue
            logger.info("plan: wrote %s", target)
            written.append(str(target))
    finally:
        db.conn.close()
    tasks = summary.get("tasks", []) if isinstance(summary, dict) else []
    detail = f"{len(tasks)} tasks for {run.day.isoformat()}" + (f" -> {', '.join(written)}" if written else "")
    if failed:
        return Step("plan", "failed", detail + f"; failed: {', '.join(failed)}")
    return Step("plan", "ok", detail)


def _guard(name: str, fn: Callable[[], Step]) -> Step:
    """Run a step; a crash becomes a failed step (logged with its traceback), not the end of the run."""
    try:
        return fn()
    except Exception as exc:  # the next steps must still run
        logger.exception("%s: crashed", name)
        return Step(name, "failed", f"{type(exc).__name__}: {exc}")


def _close_interrupted(db: Any, now: str) -> None:
    """Mark the rows of a killed nightly, and of the crawls it started, as interrupted."""
    first = close_interrupted_runs(db, now)
    if first is not None:
        logger.warning("the nightly started %s did not finish (killed?); this run does every step again", first)


def exit_code(steps: Sequence[Step], fail_on_lost: bool) -> int:
    """4 if a step failed, else 1 if lost links were found and asked about, else 0."""
    if any(s.status == "failed" for s in steps):
        return EXIT_UNFINISHED
    if fail_on_lost and any(s.status == "lost" for s in steps):
        return EXIT_FOUND
    return EXIT_OK


def nightly_summary(run: Nightly, code: int, seconds: float) -> str:
    """The one line a person reads in the morning (also the last line of the log)."""
    return (f"nightly {run.day.isoformat()}: " + "; ".join(s.line() for s in run.steps)
            + f"; exit {code} in {seconds:.0f}s")


def run_nightly(run: Nightly, echo: Callable[[str], None] = print) -> int:
    """Take the lock, run every step, log, print the summary; return the exit code."""
    c = run.config.nightly
    try:
        run.db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NightlyError(f"{run.db.parent}: cannot create the database folder: {exc.strerror or exc}") from None
    handler = add_log_file(run.log_file, c.log_max_kb, c.log_backups)
    lock = RunLock(lock_path_for(run.db))
    try:
        try:
            lock.acquire()
        except LockHeld as exc:
            logger.info("%s", exc)
            echo(f"linktrail nightly: {exc}")
            return EXIT_LOCKED
        except LockError as exc:
            raise NightlyError(str(exc)) from None
        try:
            return _locked(run, lock, echo)
        finally:
            lock.release()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _locked(run: Nightly, lock: RunLock, echo: Callable[[str], None]) -> int:
    """The steps, once the lock is held."""
    t0 = time.monotonic()
    started = utcnow()
    logger.info("nightly for %s started (pid %d, db %s, config %s)", run.day, os.getpid(), run.db,
                run.config.source or "built-in defaults")
    try:
        check_intact(run.db)  # before the backup: a damaged file must not push a good copy out
    except StoreError as exc:
        logger.error("%s", exc)  # one line, on stderr and in the log; nothing was written
        return EXIT_USAGE
    try:
        copy = backup_db(run.db, keep=run.config.nightly.backups)
    except (sqlite3.Error, OSError) as exc:  # before any write: a run that cannot keep a copy writes nothing
        line = f"nightly {run.day.isoformat()}: no backup of {run.db} ({exc}); nothing written; exit {EXIT_UNFINISHED}"
        logger.error("%s", line)
        echo(line)
        return EXIT_UNFINISHED
    if copy is not None:
        logger.info("backup of %s: %s (newest %d kept)", run.db, copy, run.config.nightly.backups)
    try:
        db = open_db(run.db)
    except StoreError as exc:
        logger.error("%s", exc)  # one line, on stderr and in the log; nothing was written
        return EXIT_USAGE
    try:
        _close_interrupted(db, started)
        run_id = start_crawl(db, "nightly")
    finally:
        db.conn.close()
    fd = lock.fd
    assert fd is not None
    run.steps.append(_guard("crawl", lambda: step_crawl(run, fd)))
    run.steps.append(_guard("backlinks", lambda: step_backlinks(run, fd)))
    run.steps.append(_guard("plan", lambda: step_plan(run)))
    code = exit_code(run.steps, run.fail_on_lost)
    line = nightly_summary(run, code, time.monotonic() - t0)
    try:
        db = open_db(run.db)
        try:
            finish_crawl(db, run_id, "finished" if code in (EXIT_OK, EXIT_FOUND) else "step_failed",
                         {"steps": [s.__dict__ for s in run.steps], "exit": code})
        finally:
            db.conn.close()
    except Exception as exc:  # noqa: BLE001 - the summary still goes out
        logger.error("cannot record the run in %s: %s", run.db, exc)
        code = max(code, EXIT_UNFINISHED)
    logger.info("%s", line)
    echo(line)
    return code
