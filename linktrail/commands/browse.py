"""Commands to look at everything found: serve (Datasette with Today), opportunities, sites, footprints."""

from __future__ import annotations

from pathlib import Path

import click

from crawler import clock
from linktrail.commands.common import InputError, State, open_store, pass_state
from linktrail.listing import (
    OPPORTUNITY_COLUMNS,
    SITE_COLUMNS,
    as_format,
    footprints,
    opportunities_text,
    opportunity_rows,
    site_rows,
    sites_text,
)
from linktrail.plan import apply_gates
from linktrail.render.csv import write_csv

FORMATS = click.Choice(["text", "json", "csv"])


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default=None,
              help="Address to listen on (default 127.0.0.1). Any other address shows your data to the network: "
                   "a warning is printed.")
@click.option("--open", "open_browser", is_flag=True, help="Open the Today page in your web browser.")
@pass_state
def serve(state: State, port: int, host: str | None, open_browser: bool) -> None:
    """Browse the database in Datasette on 127.0.0.1: Today (mark tasks done or skipped), canned queries."""
    # heavy: Datasette and uvicorn (~0.4 s), loaded only by this command
    from linktrail.web.app import TODAY_PATH, build_datasette, is_loopback, run

    bind = host or "127.0.0.1"
    if not is_loopback(bind):
        click.echo(f"warning: listening on {bind}, not loopback: anyone who can reach this address can read "
                   "your database and mark tasks", err=True)
    if not Path(state.db_path).exists():
        raise InputError(f"{state.db_path}: no such database (run `linktrail crawl` or `linktrail demo` first)")
    db = open_store(state.db_path)  # refuse a file that is not ours, and migrate it, before serving
    try:
        apply_gates(db, state.config, clock.today())  # the views hold this config's gates, as `report` leaves them
    finally:
        db.conn.close()
    ds = build_datasette(state.db_path, state.config, state.config_path)
    shown = f"[{bind}]" if ":" in bind else bind
    click.echo(f"Serving {state.db_path} on http://{shown}:{port}{TODAY_PATH} (Ctrl-C stops)", err=True)
    run(ds, bind, port, open_browser=open_browser)


@click.command()
@click.option("--kind", type=click.Choice(["comment", "guest_post"]), default=None,
              help="Only comment targets or only guest-post pages (default: both).")
@click.option("--min-value", type=float, default=None, help="Only targets worth at least this value.")
@click.option("--site", default=None, help="Only this site (its domain, as `linktrail sites` shows it).")
@click.option("--all", "everything", is_flag=True,
              help="Also off-niche, closed, no-website-field and no-longer-accepting targets.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="text (two lines a target, with its reasons), json, or csv (formula-safe cells).")
@pass_state
def opportunities(state: State, kind: str | None, min_value: float | None, site: str | None, everything: bool,
                  fmt: str) -> None:
    """Every comment and guest-post target found, by value, with the reasons for its value."""
    db = open_store(state.db_path, create=False)
    rows = opportunity_rows(db, threshold=state.config.niche.threshold, kind=kind, min_value=min_value,
                            site=site, everything=everything)
    click.echo(as_format(rows, OPPORTUNITY_COLUMNS, fmt, opportunities_text), nl=False)
    if not rows and fmt == "text":
        click.echo("No targets match (give --all to include off-niche and closed ones).", err=True)


@click.command()
@click.option("--niche-only", is_flag=True, help="Only sites at or above the niche threshold.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="text, json, or csv (formula-safe cells).")
@pass_state
def sites(state: State, niche_only: bool, fmt: str) -> None:
    """Every site found, most relevant first, with what was found on it and its last post date."""
    db = open_store(state.db_path, create=False)
    rows = site_rows(db, threshold=state.config.niche.threshold, niche_only=niche_only)
    click.echo(as_format(rows, SITE_COLUMNS, fmt, sites_text), nl=False)


@click.command(name="footprints")
@click.option("--kind", type=click.Choice(["comment", "guest_post"]), default=None,
              help="Queries that find comment forms or guest-post pages (default: both).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text", show_default=True,
              help="text: one query a line; csv: kind, keyword, query.")
@pass_state
def footprints_cmd(state: State, kind: str | None, fmt: str) -> None:
    """Search queries from your niche keywords to paste into a search engine by hand (linktrail never searches)."""
    keywords = state.config.niche.keywords or ((state.config.niche.name,) if state.config.niche.name else ())
    rows = footprints(keywords, kind)
    if not rows:
        raise InputError("no niche keywords: set [niche] keywords in linktrail.toml (or run `linktrail init`)")
    if fmt == "csv":
        click.echo(write_csv(("kind", "keyword", "query"), rows), nl=False)
    else:
        click.echo("\n".join(r["query"] for r in rows))
