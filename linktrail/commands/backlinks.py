"""The `linktrail backlinks` group: import, add, check and report the links you won."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.linkcheck import TargetError
from crawler.text import clean
from crawler.words import plural
from linktrail.commands.common import InputError, State, damage_is_one_line, open_store, pass_state
from linktrail.exits import EXIT_FOUND, EXIT_USAGE


@click.group()
def backlinks() -> None:
    """Monitor the links that point to your site: import, add, check, report."""


@backlinks.command("import")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False))
@pass_state
@damage_is_one_line
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
        click.echo(f"{csv_file}: {clean(line)}", err=True)  # a row's cells may carry page text
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
@damage_is_one_line
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
    open_store(state.db_path, intact=True).conn.close()  # fail early, with one line, on a bad or damaged database
    try:
        stats = run_check(config, state.db_path, limit=limit, all_due=all_due)
    except ValueError as exc:  # [you] site is not a URL or a domain
        raise InputError(f"{config.source or 'linktrail.toml'}: [you] site: {exc}") from None
    if stats.get("linktrail/backlinks/outreach_unwatched"):
        unwatched = int(stats["linktrail/backlinks/outreach_unwatched"])
        click.echo(f"{plural(unwatched, 'comment')} marked done {'is' if unwatched == 1 else 'are'} not checked: "
                   "set [you] site in linktrail.toml", err=True)
    for line in stats.get("linktrail/backlinks/live_comments", []):
        click.echo(line)
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
@damage_is_one_line
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


