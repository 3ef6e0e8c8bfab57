"""What every command shares: the global options' state, one-line input errors, logging, the store, dates."""

from __future__ import annotations

import functools
import logging
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from crawler import clock
from crawler.config import Config, ConfigError
from crawler.configload import load_config
from linktrail.exits import EXIT_USAGE
from pipelines.store import StoreError, check_intact, damaged, is_damage, open_db


class InputError(click.ClickException):
    """Bad usage or input: one line, exit 2."""

    exit_code = EXIT_USAGE


@dataclass
class State:
    """What the global options say, shared by every command."""

    config_path: str | None
    db_opt: str | None
    verbosity: int
    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                raise InputError(str(exc)) from None
        return self._config

    @property
    def db_path(self) -> str:
        return self.db_opt or self.config.database


pass_state = click.make_pass_decorator(State)


def setup_logging(verbosity: int) -> None:
    """Warnings by default; -v info, -vv debug; -q errors only. One line per message, to stderr."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # The level sits on the handler too: Scrapy sets its own loggers to DEBUG when a crawl starts.
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(level)
    if verbosity < 1:
        # Scrapy's per-component INFO chatter is noise for a person; its warnings still show.
        for name in ("scrapy", "twisted", "protego", "py.warnings"):
            logging.getLogger(name).setLevel(max(level, logging.WARNING))



def damage_is_one_line(command: Callable[..., None]) -> Callable[..., None]:
    """A damaged database met mid-command (pages corrupted, header intact) ends it with one line and exit 2."""
    @functools.wraps(command)
    def run(state: State, *args: Any, **kwargs: Any) -> None:
        try:
            command(state, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            raise InputError(str(damaged(state.db_path, exc))) from None
    return run


def open_store(path: str, *, create: bool = True, intact: bool = False) -> Any:
    """Open the database or exit 2 with one line saying why; ``intact``: first read every page (long runs)."""
    try:
        if intact:
            check_intact(path)
        return open_db(path, create=create)
    except StoreError as exc:
        raise InputError(str(exc)) from None


# A file's extension says its format when --format is not given.
EXTENSION_FORMATS = {".txt": "text", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                     ".csv": "csv", ".json": "json"}


def output_format(fmt: str | None, output: str | None, default: str, choices: tuple[str, ...]) -> str:
    """--format, else the output file's extension, else ``default``; a contradiction is a usage error."""
    suffix = Path(output).suffix.lower() if output else ""
    implied = EXTENSION_FORMATS.get(suffix)
    if fmt is None:
        return implied if implied in choices else default
    if implied is not None and implied != fmt:
        raise InputError(f"--format {fmt} contradicts {output} (a {suffix} file): drop --format or rename the file")
    return fmt


def parse_day(value: str | None, option: str = "--date") -> date:
    if value is None:
        return clock.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date like 2026-11-23") from None


