"""The `linktrail` command: thin click commands that parse, call library functions and exit."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from crawler import __version__, clock
from crawler.config import DEFAULT_CONFIG_NAME, Config, ConfigError, load_config
from crawler.extras import ScaleExtraMissing
from crawler.linkcheck import TargetError
from crawler.seeds import collect_seeds
from linktrail import schedule as sched
from linktrail.demo import run_demo
from linktrail.exits import EXIT_FOUND, EXIT_INTERRUPTED, EXIT_UNFINISHED, EXIT_USAGE
from linktrail.export import export_rows, export_text
from linktrail.init import Answers, InitError, ask, check_seeds, check_url, split_list, write_config
from linktrail.nightly import NightlyError, default_log_file, nightly_run, run_nightly
from linktrail.outreach import OUTREACH_STATUSES, DuplicateComment, OutreachError, mark_summary, read_comment
from linktrail.outreach import mark as record
from linktrail.report import make_report
from linktrail.schedule import DEFAULT_AT
from pipelines.relevance import rescore as rescore_pages
from pipelines.relevance import rescore_notes, rescore_summary
from pipelines.store import StoreError, close_db, open_db, page_count


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
    try:
        return open_db(path, create=create)
    except StoreError as exc:
        raise InputError(str(exc)) from None


def parse_day(value: str | None, option: str = "--date") -> date:
    if value is None:
        return clock.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date like 2026-11-23") from None


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--seeds-file", "seeds_files", multiple=True, type=click.Path(dir_okay=False),
              help="A file of seed URLs, one per line (# comments allowed). Repeatable.")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Pages this run, all sites together.")
@click.option("--max-pages-per-site", type=click.IntRange(1), default=None, help="Pages per site this run.")
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="Be one of many workers sharing this crawl through Redis (redis://HOST:PORT/DB); "
                   "pages go to Redis for `linktrail ingest`. Seeds are optional: a worker without joins the crawl.")
@click.option("--jobdir", type=click.Path(file_okay=False), default=None,
              help="Where the crawl keeps its frontier journal so that an interrupted crawl resumes "
                   "(default: DB.job next to the database; removed when the crawl finishes).")
@pass_state
def crawl(state: State, urls: tuple[str, ...], seeds_files: tuple[str, ...], max_pages: int | None,
          max_pages_per_site: int | None, redis_url: str | None = None, jobdir: str | None = None) -> None:
    """Crawl from seed URLs, feeds, sitemaps or OPML blogrolls and store what is found."""
    config = state.config
    seeds, problems = collect_seeds(list(urls) + list(config.seeds.urls), list(seeds_files) + list(config.seeds.files))
    for p in problems:
        click.echo(f"skipped seed {p}", err=True)
    redis_url = redis_url or config.scale.redis or None
    if not seeds and not redis_url:
        raise InputError("no seeds: give URLs, --seeds-file, or [seeds] urls in linktrail.toml")
    overrides: dict[str, Any] = {}
    if max_pages:
        overrides["LINKTRAIL_MAX_PAGES"] = max_pages
    if max_pages_per_site:
        overrides["LINKTRAIL_MAX_PAGES_PER_SITE"] = max_pages_per_site
    if jobdir:
        overrides["LINKTRAIL_JOBDIR"] = jobdir
    if redis_url:  # a worker of a crawl shared through Redis: no SQLite here (crawler/scale/)
        try:
            # heavy and optional: Scrapy, Twisted, redis and scrapy-redis (the [scale] extra)
            from crawler.scale.connection import RedisUnavailable
            from linktrail.workers import run_worker  # heavy: as above
        except ScaleExtraMissing as exc:
            raise InputError(str(exc)) from None
        try:
            code, line = run_worker(config, state.db_path, seeds, redis_url, **overrides)
        except RedisUnavailable as exc:
            raise InputError(str(exc)) from None
        click.echo(line)
        sys.exit(code)
    # heavy: Scrapy and Twisted (~0.5 s), loaded only by the commands that crawl
    from crawler.runner import crawl_summary
    from crawler.spiders.discover import FINISHED_REASONS  # heavy: Scrapy, as above
    from linktrail.crawl import run_crawl  # heavy: Scrapy, as above

    open_store(state.db_path).conn.close()  # fail early, with one line, on a bad database
    stats = run_crawl(config, state.db_path, seeds, **overrides)
    click.echo(crawl_summary(stats, state.db_path))
    if config.you.feed:  # the dates of your own posts, for the plan's "publish a post" task
        from linktrail.ownfeed import read_own_feed  # heavy: Scrapy (via crawler.runner's user agent)

        click.echo(read_own_feed(state.db_path, config))
    reason = str(stats.get("finish_reason", ""))
    if reason == "shutdown":
        click.echo("crawl interrupted: run the same command again to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if reason not in FINISHED_REASONS:
        click.echo(f"crawl did not finish ({reason or 'no finish reason'}): see the log above", err=True)
        sys.exit(EXIT_UNFINISHED)


def _redis_url(state: State, redis_url: str | None) -> str:
    url = redis_url or state.config.scale.redis
    if not url:
        raise InputError("no Redis: give --redis redis://HOST:PORT/DB or [scale] redis in linktrail.toml")
    return url


@cli.command()
@click.option("--redis", "redis_url", default=None, metavar="URL", help="The workers' Redis (default: [scale] redis).")
@click.option("--once/--follow", default=True, show_default=True,
              help="Drain what is queued and exit, or keep storing until Ctrl-C / SIGTERM.")
@click.option("--batch", type=click.IntRange(1, 10000), default=200, show_default=True, help="Items per transaction.")
@pass_state
def ingest(state: State, redis_url: str | None, once: bool, batch: int) -> None:
    """Store the pages crawl workers queued in Redis into the database (the one writer)."""
    try:
        # heavy and optional: Scrapy, Twisted, redis and scrapy-redis (the [scale] extra)
        from crawler.scale.connection import RedisUnavailable, connect
        from pipelines.ingest import drain_until_signal  # heavy: as above
    except ScaleExtraMissing as exc:
        raise InputError(str(exc)) from None
    url = _redis_url(state, redis_url)
    try:
        server = connect(url)
        db = open_store(state.db_path)
        result = drain_until_signal(server, db, batch=batch, follow=not once)
    except RedisUnavailable as exc:
        raise InputError(str(exc)) from None
    click.echo(result.line(state.db_path))


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("n", type=click.IntRange(1, 64))
@click.option("--redis", "redis_url", default=None, metavar="URL", help="The shared Redis (default: [scale] redis).")
@click.argument("crawl_args", nargs=-1, type=click.UNPROCESSED)
@pass_state
def workers(state: State, n: int, redis_url: str | None, crawl_args: tuple[str, ...]) -> None:
    """Start N local crawl workers (`linktrail crawl --redis URL ...`); exit with the worst child's code."""
    try:
        # heavy and optional: Scrapy, Twisted, redis and scrapy-redis (the [scale] extra)
        from crawler.scale.connection import RedisUnavailable, connect
        from linktrail.workers import run_workers, worker_argv  # heavy: as above
    except ScaleExtraMissing as exc:
        raise InputError(str(exc)) from None
    url = _redis_url(state, redis_url)
    try:
        connect(url).close()
    except RedisUnavailable as exc:
        raise InputError(str(exc)) from None
    global_args = [*(["--config", state.config_path] if state.config_path else []),
                   *(["--db", state.db_opt] if state.db_opt else []),
                   *(["-q"] if state.verbosity < 0 else ["-v"] * state.verbosity)]
    sys.exit(run_workers(n, worker_argv(global_args, ["--redis", url, *crawl_args]), echo=click.echo))


@cli.command()
@click.option("--date", "day", default=None, help="Plan this day (YYYY-MM-DD) instead of today.")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "csv", "json"]), default="text",
              show_default=True, help="text is a table on a terminal and plain lines when piped.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file.")
@click.option("--dry-run", is_flag=True, help="Show the plan without recording it.")
@click.option("--results", "show_results", is_flag=True, help="Show results per ISO week instead of the plan.")
@click.option("--weeks", type=click.IntRange(1, 520), default=8, show_default=True, help="Weeks of --results.")
@pass_state
def report(state: State, day: str | None, fmt: str, output: str | None, dry_run: bool, show_results: bool,
           weeks: int) -> None:
    """Print today's plan: whom to comment on and pitch, best first, within your time budget."""
    when = parse_day(day)
    db = open_store(state.db_path)
    terminal = output is None and sys.stdout.isatty()
    text = make_report(db, state.config, when, fmt, record=not dry_run, results=show_results, weeks=weeks,
                       terminal=terminal, width=shutil.get_terminal_size().columns if terminal else None)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("url")
@click.argument("status", metavar="STATUS",
                type=click.Choice(OUTREACH_STATUSES))
@click.option("--note", default=None, help="A note to keep with this step.")
@click.option("--comment-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The comment you wrote: refused (exit 1) if it repeats one left on another page.")
@click.option("--date", "day", default=None, help="When it happened (YYYY-MM-DD), if not today.")
@pass_state
def mark(state: State, url: str, status: str, note: str | None, comment_file: str | None, day: str | None) -> None:
    """Record what you did with a target: planned, done, skipped, replied, accepted, rejected, live."""
    when = parse_day(day)
    db = open_store(state.db_path)
    try:
        comment = read_comment(comment_file) if comment_file else None
        done = record(db, url, status, note=note, comment=comment, day=when)
    except OutreachError as exc:
        raise InputError(str(exc)) from None
    except DuplicateComment as exc:
        click.echo(f"refused: {exc}", err=True)
        sys.exit(EXIT_FOUND)
    click.echo(mark_summary(done))


@cli.command()
@click.option("--kind", type=click.Choice(["comment", "guest_post", "all"]), default="all", show_default=True,
              help="Which targets: comment posts, guest-post pages, or both.")
@click.option("--since", default=None, help="Only targets first seen on or after this day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="CSV (UTF-8, a header row, formula-like cells neutralised) or JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file.")
@pass_state
def export(state: State, kind: str, since: str | None, fmt: str, output: str | None) -> None:
    """Export target lists for a spreadsheet: UTF-8 CSV (formula-safe cells) or JSON."""
    start = parse_day(since, "--since") if since else None
    db = open_store(state.db_path)
    rows = export_rows(db, kind=kind, since=start, threshold=state.config.niche.threshold,
                       day=parse_day(None))
    if not page_count(db):
        click.echo("Nothing crawled yet: run `linktrail crawl URL` (or `linktrail demo`) first.", err=True)
    text = export_text(rows, fmt)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        click.echo(f"wrote {len(rows)} targets to {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--url", "base_url", default=None, help="The page's URL, for a saved file (resolves its links).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input per line.")
@pass_state
def classify(state: State, sources: tuple[str, ...], base_url: str | None, as_json: bool) -> None:
    """Analyse saved pages or live URLs: comment form, platform, guest posts, links."""
    # heavy: the analysers and Scrapy (~0.8 s, crawler.classify fetches with crawler.fetch)
    from crawler.classify import ClassifyError, classify_source, describe_page

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
            click.echo(describe_page(result))
    if failed:
        sys.exit(EXIT_USAGE)


@cli.command()
@click.option("--date", "day", default=None, help="Count post and comment ages to this day (YYYY-MM-DD), not today.")
@pass_state
def rescore(state: State, day: str | None) -> None:
    """Re-score stored pages after the niche or [weights] changed (no crawl: the stored text is used)."""
    when = parse_day(day)
    db = open_store(state.db_path, create=False)
    try:
        result = rescore_pages(db, state.config, when)
    finally:
        close_db(db)
    click.echo(rescore_summary(result, state.config.niche.threshold))
    for note in rescore_notes(state.config):
        click.echo(note, err=True)


@cli.command()
@click.option("--db", "demo_db", default="linktrail-demo.db", show_default=True, type=click.Path(dir_okay=False),
              help="The demo's database (replaced on each run).")
@click.option("--keep-serving", is_flag=True, help="Keep the sample web up after the crawl (Ctrl-C to stop).")
def demo(demo_db: str, keep_serving: bool) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl it from one seed, and print today's plan."""
    run_demo(Path(demo_db), keep_serving=keep_serving, echo=click.echo)


@cli.group()
def backlinks() -> None:
    """Monitor the links that point to your site: import, add, check, report."""


@backlinks.command("import")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False))
@pass_state
def backlinks_import(state: State, csv_file: str) -> None:
    """Import backlinks from a CSV: source_url, target_url (or domain)[, expected_anchor, note, origin].

    Bad rows are reported one line each and the rest imported (exit 2 if any row was bad).
    Importing the same file again changes nothing.
    """
    from linktrail.backlinks import import_csv  # heavy: Scrapy (~0.5 s; the module also runs checks)

    db = open_store(state.db_path)
    try:
        result = import_csv(db, csv_file)
    except TargetError as exc:
        raise InputError(str(exc)) from None
    for line in result.messages():
        click.echo(f"{csv_file}: {line}", err=True)
    click.echo(result.summary(csv_file))
    if result.problems:
        sys.exit(EXIT_USAGE)


@backlinks.command("add")
@click.argument("source")
@click.argument("target")
@click.option("--anchor", default=None, help="The anchor text you expect.")
@click.option("--note", default=None, help="A note to keep with this backlink.")
@click.option("--origin", default="manual", show_default=True,
              help="Where the link came from (comment, guest_post, ...).")
@pass_state
def backlinks_add(state: State, source: str, target: str, anchor: str | None, note: str | None, origin: str) -> None:
    """Watch one backlink: the page SOURCE should link to TARGET (a URL, or a domain for any page of it)."""
    from linktrail.backlinks import add_backlink  # heavy: Scrapy (~0.5 s; the module also runs checks)

    db = open_store(state.db_path)
    try:
        row_id, new = add_backlink(db, source, target, anchor=anchor, note=note, origin=origin)
    except TargetError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"{'added' if new else 'already watched'}: #{row_id} {source} -> {target}")


@backlinks.command("check")
@click.option("--limit", type=click.IntRange(1), default=None, help="Check at most N backlinks, most due first.")
@click.option("--all", "all_due", is_flag=True, help="Check every backlink now, even those checked recently.")
@click.option("--fail-on-lost", is_flag=True, help="Exit 1 when a link was lost in this run (for cron).")
@pass_state
def backlinks_check(state: State, limit: int | None, all_due: bool, fail_on_lost: bool) -> None:
    """Fetch each due source page (robots.txt obeyed) and record whether the link is still there."""
    from linktrail.backlinks import check_summary, run_check  # heavy: Scrapy and Twisted (~0.5 s)

    config = state.config
    open_store(state.db_path).conn.close()  # fail early, with one line, on a bad database
    try:
        stats = run_check(config, state.db_path, limit=limit, all_due=all_due)
    except ValueError as exc:  # [you] site is not a URL or a domain
        raise InputError(f"{config.source or 'linktrail.toml'}: [you] site: {exc}") from None
    if stats.get("linktrail/backlinks/outreach_unwatched"):
        click.echo(f"{stats['linktrail/backlinks/outreach_unwatched']} comments marked done are not checked: "
                   "set [you] site in linktrail.toml", err=True)
    click.echo(check_summary(stats, state.db_path))
    if fail_on_lost and stats.get("linktrail/backlinks/newly_lost"):
        sys.exit(EXIT_FOUND)


@backlinks.command("report")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table for a person, or JSON for a script.")
@click.option("--all", "show_all", is_flag=True, help="List every backlink with its status, not only the changes.")
@click.option("--fail-on-lost", is_flag=True, help="Exit 1 when a link was lost at its latest check (for cron).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file.")
@pass_state
def backlinks_report(state: State, fmt: str, show_all: bool, fail_on_lost: bool, output: str | None) -> None:
    """What changed since the previous check (new live, lost, rel or anchor changed) and counts per status."""
    # heavy: Scrapy (~0.5 s; linktrail.backlinks also runs checks)
    from linktrail.backlinks import build_report, render_report, report_json

    db = open_store(state.db_path)
    result = build_report(db, with_links=show_all or fmt == "json")
    text = report_json(result) + "\n" if fmt == "json" else render_report(result, state.db_path)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)
    if fail_on_lost and result.lost:
        sys.exit(EXIT_FOUND)


@cli.command()
@click.option("--niche", default=None, help="Your niche, in a few words.")
@click.option("--keywords", default=None, help="Keywords of the niche, comma-separated.")
@click.option("--seed", "seeds", multiple=True, help="A seed URL: a blog, feed or blogroll. Repeatable.")
@click.option("--site", default=None, help="Your site's home URL.")
@click.option("--feed", default=None, help="Your blog's RSS/Atom feed.")
@click.option("--contact-url", default=None, help="A URL about your crawler, for the user agent (default: --site).")
@click.option("--no-input", is_flag=True, help="Ask nothing: write the flags given and defaults for the rest.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_state
def init(state: State, niche: str | None, keywords: str | None, seeds: tuple[str, ...], site: str | None,
         feed: str | None, contact_url: str | None, no_input: bool, force: bool) -> None:
    """Write linktrail.toml (or --config FILE), commented: asks a few questions unless flags are given."""
    path = Path(state.config_path or DEFAULT_CONFIG_NAME)
    if path.exists() and not force:  # before any question
        raise InputError(f"{path}: already exists; give --force to overwrite it, or --config OTHER.toml")
    flags = (niche, keywords, seeds, site, feed, contact_url)
    try:
        if no_input or any(flags):
            answers = Answers(
                niche=(niche or "").strip(), keywords=split_list(keywords or niche or ""),
                seeds=check_seeds(seeds), site=check_url(site or "", "--site"), feed=check_url(feed or "", "--feed"),
                contact_url=check_url(contact_url or "", "--contact-url"),
            )
        else:
            try:
                answers = ask(click.prompt)
            except click.Abort:
                raise InputError("no answers (end of input): run on a terminal, or give --niche, --keywords, "
                                 "--seed ... or --no-input") from None
        answers = Answers(**{**answers.__dict__, "database": state.db_opt or ""})
        written = write_config(path, answers, force=force)
    except InitError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"wrote {written}; next: linktrail crawl, then linktrail report "
               "(or linktrail schedule --cron|--systemd --install)")


@cli.command()
@click.option("--date", "day", default=None,
              help="Plan this day (YYYY-MM-DD). Default: today before noon, tomorrow from noon on.")
@click.option("--fail-on-lost", is_flag=True, default=None,
              help="Exit 1 when backlinks were lost (default: [nightly] fail_on_lost).")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None,
              help="Rotating log (default: [nightly] log_file, else linktrail.log beside the database).")
@pass_state
def nightly(state: State, day: str | None, fail_on_lost: bool | None, log_file: str | None) -> None:
    """Crawl, check backlinks and write the day's plan to dated files; locked and logged, for cron.

    Exit codes: 0 ok; 1 lost backlinks (with --fail-on-lost); 2 bad config or database;
    3 another run holds the lock; 4 a step failed (the other steps still ran; see the log).
    """
    run = nightly_run(state.config, state.db_path, day=parse_day(day) if day else None, log_file=log_file,
                      fail_on_lost=fail_on_lost, verbosity=state.verbosity)
    try:
        code = run_nightly(run, echo=click.echo)
    except NightlyError as exc:
        raise InputError(str(exc)) from None
    sys.exit(code)


@cli.command()
@click.option("--cron", "kind", flag_value="cron", help="A crontab line.")
@click.option("--systemd", "kind", flag_value="systemd", help="A systemd user service and timer.")
@click.option("--at", "at", default=DEFAULT_AT, show_default=True, help="Time of day (HH:MM, local).")
@click.option("--install", "action", flag_value="install", help="Install for the current user.")
@click.option("--uninstall", "action", flag_value="uninstall", help="Remove what --install added.")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None,
              help="The nightly's log (default: [nightly] log_file, else linktrail.log beside the database).")
@pass_state
def schedule(state: State, kind: str | None, at: str, action: str | None, log_file: str | None) -> None:
    """Print (or --install) a crontab line or systemd timer that runs `linktrail nightly` every day."""
    if kind is None:
        raise InputError("schedule: give --cron or --systemd")
    config = state.config
    log = Path(log_file) if log_file else default_log_file(config, state.db_path)
    try:
        entry = sched.make_entry(config.source, state.db_path, log, at)
        if kind == "cron":
            if action == "install":
                click.echo(sched.install_cron(entry))
            elif action == "uninstall":
                click.echo(sched.uninstall_cron(entry.config))
            else:
                click.echo("\n".join(sched.cron_lines(entry)))
        elif action == "install":
            click.echo("\n".join(sched.install_systemd(entry)))
        elif action == "uninstall":
            click.echo("\n".join(sched.uninstall_systemd()))
        else:
            for name, text in sched.systemd_units(entry).items():
                click.echo(f"# {sched.unit_dir() / name}\n{text}")
    except sched.ScheduleError as exc:
        raise InputError(str(exc)) from None


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="linktrail")


if __name__ == "__main__":
    main()
