"""The `linktrail` command: global options, and the thin commands of linktrail/commands/ (parse, call, print)."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

from crawler import __version__
from linktrail.commands.common import State, setup_logging
from linktrail.exits import EXIT_INTERRUPTED, EXIT_PIPE_CLOSED
from linktrail.startup import release

__all__ = ["cli", "main", "setup_logging"]

# Each command's name and where it is defined (module of linktrail.commands, attribute): a command's module, and
# all it imports (Scrapy, lxml, jinja2, feedparser...), is loaded when that command runs or --help lists it, so
# `linktrail ingest` does not pay for the analysis that `linktrail backlinks` needs (click's "lazy loading").
COMMANDS = {
    "crawl": ("crawling", "crawl"), "ingest": ("crawling", "ingest"), "workers": ("crawling", "workers"),
    "classify": ("crawling", "classify"), "rescore": ("crawling", "rescore"), "demo": ("crawling", "demo"),
    "report": ("daily", "report"), "mark": ("daily", "mark"), "export": ("daily", "export"),
    "init": ("daily", "init"), "nightly": ("daily", "nightly"), "schedule": ("daily", "schedule"),
    "backlinks": ("backlinks", "backlinks"), "serve": ("browse", "serve"),
    "opportunities": ("browse", "opportunities"), "sites": ("browse", "sites"),
    "footprints": ("browse", "footprints_cmd"),
}


class Linktrail(click.Group):
    """The group, with the two ends click would give exit 1 (the code of "found what you asked about") their own:
    Ctrl-C in a command that does not crawl (the crawl has its own, crawler.runner.Interruption) and a reader that
    closed the pipe (`linktrail report | head`)."""

    def invoke(self, ctx: click.Context) -> Any:
        rest = list(ctx.args)  # the subcommand's arguments: click's invoke empties ctx.args
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # A blank line first: the terminal's ^C has no line end of its own.
            click.echo(f"\nlinktrail {self.command_named(ctx, rest)} interrupted (Ctrl-C): run the same command again",
                       err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # Nothing more can be shown; the buffered rest goes nowhere instead of a second error at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(EXIT_PIPE_CLOSED) from None

    def command_named(self, ctx: click.Context, rest: list[str]) -> str:
        """The command as typed, "backlinks import" for a group's: the subcommand's own context is gone once its
        exception reaches here, so its name is read from the arguments the group left to it (``rest``)."""
        name = ctx.invoked_subcommand or ""
        group = self.get_command(ctx, name)
        if isinstance(group, click.Group):
            sub = next((arg for arg in rest if not arg.startswith("-")), None)
            if sub in group.commands:
                name = f"{name} {sub}"
        return name

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted as click sorts its own, without importing any."""
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported the first time it is asked for."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f"linktrail.commands.{module}"), attr)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=Linktrail, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="linktrail")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="linktrail.toml to use (default: ./linktrail.toml if present, else built-in defaults).")
@click.option("--db", "db_opt", type=click.Path(dir_okay=False), default=None,
              help="SQLite file (default: the config's `database`, else ./linktrail.db).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db_opt: str | None, verbose: int, quiet: bool) -> None:
    """Find niche blogs that take comments or guest posts, plan each day's outreach,
    and check that the links you won are still there.

    Exit codes: 0 ok; 1 the job ran and found what you asked to hear about;
    2 bad usage, input or configuration; 3 another nightly holds the lock;
    4 a crawl or nightly step did not finish; 130 interrupted; 141 the reader
    of the output went away.
    """
    if ctx.invoked_subcommand != "crawl":  # the crawl keeps the start-up handler but while Scrapy runs
        release()
    verbosity = -1 if quiet else verbose
    setup_logging(verbosity)
    ctx.obj = State(config_path, db_opt, verbosity)



def main() -> None:
    """Entry point of the console script."""
    try:
        cli(prog_name="linktrail")
    finally:
        settle_for_exit()


def settle_for_exit() -> None:
    """One collection of the cyclic garbage (its finalizers run, as at any exit), then every object frozen out of
    the collector's view: the interpreter's own collections while it shuts down walked every live object several
    times over, ~0.4 s of CPU after an 1,800-page crawl (caches, frontier, Scrapy), to free nothing that reference
    counting does not free anyway. Only for the console script: a program that calls `cli` keeps its collector."""
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    main()
