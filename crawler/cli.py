"""The `linktrail` command: thin click commands that parse, call library functions and exit."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from crawler import __version__
from crawler.config import Config, ConfigError, load_config

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


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
    verbosity = -1 if quiet else verbose
    setup_logging(verbosity)
    ctx.obj = State(config_path, db_opt, verbosity)


def open_store(path: str, *, create: bool = True) -> Any:
    """Open the database or exit 2 with one line saying why."""
    from pipelines.store import StoreError, open_db

    try:
        return open_db(path, create=create)
    except StoreError as exc:
        raise InputError(str(exc)) from None


def parse_day(value: str | None) -> date:
    if value is None:
        return datetime.now().astimezone().date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date: {value!r} is not a date like 2026-11-23") from None


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--seeds-file", "seeds_files", multiple=True, type=click.Path(dir_okay=False),
              help="A file of seed URLs, one per line (# comments allowed). Repeatable.")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Pages this run, all sites together.")
@click.option("--max-pages-per-site", type=click.IntRange(1), default=None, help="Pages per site this run.")
@pass_state
def crawl(state: State, urls: tuple[str, ...], seeds_files: tuple[str, ...], max_pages: int | None,
          max_pages_per_site: int | None) -> None:
    """Crawl from seed URLs, feeds, sitemaps or OPML blogrolls and store what is found."""
    from crawler.seeds import collect_seeds

    config = state.config
    seeds, problems = collect_seeds(list(urls) + list(config.seeds.urls), list(seeds_files) + list(config.seeds.files))
    for p in problems:
        click.echo(f"skipped seed {p}", err=True)
    if not seeds:
        raise InputError("no seeds: give URLs, --seeds-file, or [seeds] urls in linktrail.toml")
    overrides: dict[str, Any] = {}
    if max_pages:
        overrides["LINKTRAIL_MAX_PAGES"] = max_pages
    if max_pages_per_site:
        overrides["LINKTRAIL_MAX_PAGES_PER_SITE"] = max_pages_per_site
    from crawler.runner import run_discover, summary_line

    open_store(state.db_path).conn.close()  # fail early, with one line, on a bad database
    stats = run_discover(config, state.db_path, seeds, **overrides)
    click.echo(summary_line(stats, state.db_path))


@cli.command()
@click.option("--date", "day", default=None, help="Plan this day (YYYY-MM-DD) instead of today.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="Write to this file.")
@click.option("--dry-run", is_flag=True, help="Show the plan without recording it.")
@pass_state
def report(state: State, day: str | None, fmt: str, output: str | None, dry_run: bool) -> None:
    """Print today's plan: whom to comment on and pitch, best first, within your time budget."""
    from pipelines.render.text import render_text
    from pipelines.report import build_plan, plan_to_json

    when = parse_day(day)
    db = open_store(state.db_path)
    config = state.config
    plan = build_plan(db, config.plan, when, threshold=config.niche.threshold, niche=config.niche.name, record=not dry_run)
    if fmt == "json":
        text = plan_to_json(plan) + "\n"
    else:
        color = None if output is None else False
        text = render_text(plan, color=color)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--url", "base_url", default=None, help="The page's URL, for a saved file (resolves its links).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input per line.")
@pass_state
def classify(state: State, sources: tuple[str, ...], base_url: str | None, as_json: bool) -> None:
    """Analyse saved pages or live URLs: comment form, platform, guest posts, links."""
    from crawler.classify import ClassifyError, classify_source, describe

    failed = 0
    for source in sources:
        try:
            result = classify_source(source, base_url=base_url, contact_url=state.config.you.contact_url)
        except ClassifyError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
            continue
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False, sort_keys=False))
        else:
            click.echo(describe(result))
    if failed:
        sys.exit(EXIT_USAGE)


@cli.command()
@click.option("--db", "demo_db", default="linktrail-demo.db", show_default=True, type=click.Path(dir_okay=False),
              help="The demo's database (replaced on each run).")
@click.option("--keep-serving", is_flag=True, help="Keep the sample web up after the crawl (Ctrl-C to stop).")
def demo(demo_db: str, keep_serving: bool) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl it from one seed, and print today's plan."""
    from crawler.demo import run_demo

    run_demo(Path(demo_db), keep_serving=keep_serving, echo=click.echo)


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="linktrail")


if __name__ == "__main__":
    main()
