"""Commands of the day's work: report, mark, export, init, nightly, schedule."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from crawler.config import DEFAULT_CONFIG_NAME
from linktrail import schedule as sched
from linktrail.commands.common import (
    InputError,
    State,
    damage_is_one_line,
    open_store,
    output_format,
    parse_day,
    pass_state,
)
from linktrail.exits import EXIT_FOUND
from linktrail.export import export_rows, export_text
from linktrail.init import Answers, InitError, ask, check_number, check_seeds, check_url, split_list, write_config
from linktrail.nightly import NightlyError, default_log_file, nightly_run, run_nightly
from linktrail.outreach import OUTREACH_STATUSES, DuplicateComment, OutreachError, mark_summary, read_comment
from linktrail.outreach import mark as record
from linktrail.plan import apply_gates, own_domains
from linktrail.report import make_report
from linktrail.schedule import DEFAULT_AT
from pipelines.relevance_lines import stored_unmatched_warning
from pipelines.store import page_count


@click.command()
@click.option("--date", "day", default=None, help="Plan this day (YYYY-MM-DD) instead of today.")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "csv", "json"]), default=None,
              help="text is a table on a terminal and plain lines when piped [default: from -o's extension, "
                   "else text].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file.")
@click.option("--dry-run", is_flag=True, help="Show the plan without recording it.")
@click.option("--results", "show_results", is_flag=True, help="Show results per ISO week instead of the plan.")
@click.option("--weeks", type=click.IntRange(1, 520), default=8, show_default=True, help="Weeks of --results.")
@pass_state
@damage_is_one_line
def report(state: State, day: str | None, fmt: str | None, output: str | None, dry_run: bool,
           show_results: bool, weeks: int) -> None:
    """Print today's plan: whom to comment on and pitch, best first, within your time budget."""
    fmt = output_format(fmt, output, "text", ("text", "md", "html", "csv", "json"))
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
    warning = stored_unmatched_warning(db, state.config)  # what the last crawl or rescore found
    if warning:
        click.echo(warning, err=True)


@click.command()
@click.argument("url")
@click.argument("status", metavar="STATUS",
                type=click.Choice(OUTREACH_STATUSES))
@click.option("--note", default=None, help="A note to keep with this step.")
@click.option("--comment-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The comment you wrote: refused (exit 1) if it repeats one left on another page.")
@click.option("--date", "day", default=None, help="When it happened (YYYY-MM-DD), if not today.")
@pass_state
@damage_is_one_line
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


@click.command()
@click.option("--kind", type=click.Choice(["comment", "guest_post", "all"]), default="all", show_default=True,
              help="Which targets: comment posts, guest-post pages, or both.")
@click.option("--since", default=None, help="Only targets first seen on or after this day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None,
              help="CSV (UTF-8, a header row, formula-like cells neutralised) or JSON [default: from -o's "
                   "extension, else csv].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file.")
@pass_state
@damage_is_one_line
def export(state: State, kind: str, since: str | None, fmt: str | None, output: str | None) -> None:
    """Export target lists for a spreadsheet: UTF-8 CSV (formula-safe cells) or JSON."""
    fmt = output_format(fmt, output, "csv", ("csv", "json"))
    start = parse_day(since, "--since") if since else None
    db = open_store(state.db_path)
    you = state.config.you
    apply_gates(db, state.config, parse_day(None))
    rows = export_rows(db, kind=kind, since=start, threshold=state.config.niche.threshold,
                       day=parse_day(None), plan=state.config.plan, own=own_domains(you.site, you.other_sites))
    if not page_count(db):
        click.echo("Nothing crawled yet: run `linktrail crawl URL` (or `linktrail demo`) first.", err=True)
    text = export_text(rows, fmt)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        click.echo(f"wrote {len(rows)} targets to {output}")
    else:
        click.echo(text, nl=False)



@click.command()
@click.option("--niche", default=None, help="Your niche, in a few words.")
@click.option("--keywords", default=None, help="Keywords of the niche, comma-separated.")
@click.option("--seed", "seeds", multiple=True, help="A seed URL: a blog, feed or blogroll. Repeatable.")
@click.option("--site", default=None, help="Your site's home URL.")
@click.option("--feed", default=None, help="Your blog's RSS/Atom feed.")
@click.option("--contact-url", default=None, help="A URL about your crawler, for the user agent (default: --site).")
@click.option("--comments", type=int, default=None, help="Comment targets per day ([plan] comments).")
@click.option("--guest-posts", type=int, default=None, help="Guest-post pitches per day ([plan] guest_posts).")
@click.option("--minutes", type=int, default=None, help="Minutes per day for all of it ([plan] budget_minutes).")
@click.option("--max-pages", type=int, default=None, help="Pages per crawl run ([crawl] max_pages).")
@click.option("--max-pages-per-site", type=int, default=None,
              help="Pages per site per run ([crawl] max_pages_per_site).")
@click.option("--no-input", is_flag=True, help="Ask nothing: write the flags given and defaults for the rest.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_state
def init(state: State, niche: str | None, keywords: str | None, seeds: tuple[str, ...], site: str | None,
         feed: str | None, contact_url: str | None, comments: int | None, guest_posts: int | None,
         minutes: int | None, max_pages: int | None, max_pages_per_site: int | None, no_input: bool,
         force: bool) -> None:
    """Write linktrail.toml (or --config FILE), commented: asks a few questions unless flags are given."""
    path = Path(state.config_path or DEFAULT_CONFIG_NAME)
    if path.exists() and not force:  # before any question
        raise InputError(f"{path}: already exists; give --force to overwrite it, or --config OTHER.toml")
    flags = (niche, keywords, seeds, site, feed, contact_url)
    numbers = {"--comments": comments, "--guest-posts": guest_posts, "--minutes": minutes,
               "--max-pages": max_pages, "--max-pages-per-site": max_pages_per_site}
    try:
        for flag, value in numbers.items():
            check_number(flag, value)
        if no_input or any(flags) or any(v is not None for v in numbers.values()):
            answers = Answers(
                niche=(niche or "").strip(), keywords=split_list(keywords or niche or ""),
                seeds=check_seeds(seeds), site=check_url(site or "", "--site"), feed=check_url(feed or "", "--feed"),
                contact_url=check_url(contact_url or "", "--contact-url"), comments=comments,
                guest_posts=guest_posts, budget_minutes=minutes, max_pages=max_pages,
                max_pages_per_site=max_pages_per_site,
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


@click.command()
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


@click.command()
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


