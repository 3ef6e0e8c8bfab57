"""The `linktrail` command: global options, and the thin commands of linktrail/commands/ (parse, call, print)."""

from __future__ import annotations

import click

from crawler import __version__
from linktrail.commands.backlinks import backlinks
from linktrail.commands.browse import footprints_cmd, opportunities, serve, sites
from linktrail.commands.common import State, setup_logging
from linktrail.commands.crawling import classify, crawl, demo, ingest, rescore, workers
from linktrail.commands.daily import export, init, mark, nightly, report, schedule
from linktrail.startup import release

__all__ = ["cli", "main", "setup_logging"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    2 bad usage, input or configuration.
    """
    if ctx.invoked_subcommand != "crawl":  # the crawl keeps the start-up handler but while Scrapy runs
        release()
    verbosity = -1 if quiet else verbose
    setup_logging(verbosity)
    ctx.obj = State(config_path, db_opt, verbosity)



for command in (crawl, ingest, workers, classify, rescore, demo, report, mark, export, init, nightly, schedule,
                backlinks, serve, opportunities, sites, footprints_cmd):
    cli.add_command(command)


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="linktrail")


if __name__ == "__main__":
    main()
