"""Commands that fetch or judge pages: crawl, the scale-out workers and ingest, classify, rescore, demo."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from crawler.extras import ScaleExtraMissing
from crawler.niche import TermsMemo
from crawler.text import escape_controls
from linktrail.commands.common import InputError, State, damage_is_one_line, open_store, parse_day, pass_state
from linktrail.exits import EXIT_INTERRUPTED, EXIT_UNFINISHED, EXIT_USAGE
from linktrail.plan import settle_crawl
from linktrail.startup import release
from pipelines.relevance import SHARE_PAGES, RescoreResult
from pipelines.relevance import rescore as rescore_pages
from pipelines.relevance_lines import rescore_notes, rescore_summary, settle_summary, unmatched_warning
from pipelines.store import close_db

if TYPE_CHECKING:
    from pipelines.ingest import IngestResult


@click.command()
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
    # heavy: seeds, feeds and lxml (~10-25 ms), the crawl's only: the ingest and this module's others read no seeds
    from crawler.seeds import collect_seeds

    config = state.config
    seeds, problems = collect_seeds(list(urls) + list(config.seeds.urls), list(seeds_files) + list(config.seeds.files))
    for p in problems:
        click.echo(f"skipped {p}", err=True)  # the problem names itself: "seed #1: ..." or "FILE:LINE: ..."
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
    from crawler.runner import crawl_summary, failed_seeds, fetched_nothing, resumed_line
    from crawler.spiders.discover import FINISHED_REASONS  # heavy: Scrapy, as above
    from linktrail.crawl import run_crawl  # heavy: Scrapy, as above

    open_store(state.db_path, intact=True).conn.close()  # fail early, with one line, on a bad or damaged database
    stats = run_crawl(config, state.db_path, seeds, **overrides)
    release()  # the crawl is over: no longer "while starting" (the own feed's read below is Python's Ctrl-C)
    if resumed := resumed_line(stats):
        click.echo(resumed)
    click.echo(crawl_summary(stats, state.db_path))
    warning = unmatched_warning(stats.get("linktrail/niche/unmatched") or [])
    if warning:
        click.echo(warning, err=True)
    if config.you.feed:  # the dates of your own posts, for the plan's "publish a post" task
        from linktrail.ownfeed import read_own_feed  # heavy: Scrapy (via crawler.runner's user agent)

        click.echo(read_own_feed(state.db_path, config))
    reason = str(stats.get("finish_reason", ""))
    if reason == "shutdown":
        click.echo("crawl interrupted: run the same command again to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if fetched_nothing(stats):
        click.echo(f"nothing could be fetched: {', '.join(failed_seeds(stats))}", err=True)
        sys.exit(EXIT_UNFINISHED)
    if reason not in FINISHED_REASONS:
        click.echo(f"crawl did not finish ({reason or 'no finish reason'}): see the log above", err=True)
        sys.exit(EXIT_UNFINISHED)


def _redis_url(state: State, redis_url: str | None) -> str:
    url = redis_url or state.config.scale.redis
    if not url:
        raise InputError("no Redis: give --redis redis://HOST:PORT/DB or [scale] redis in linktrail.toml")
    return url


@click.command()
@click.option("--redis", "redis_url", default=None, metavar="URL", help="The workers' Redis (default: [scale] redis).")
@click.option("--once/--follow", default=True, show_default=True,
              help="Drain what is queued and exit, or keep storing until Ctrl-C / SIGTERM "
                   "(then store what is queued and exit; a second one: exit after the current batch).")
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
        # the terms the workers sent with their pages, for the settle (as many as it keeps of its own)
        terms = TermsMemo(SHARE_PAGES)
        day = parse_day(None)
        early: list[tuple[int, RescoreResult]] = []  # (messages stored by then, the settle)

        def crawl_over(so_far: IngestResult) -> None:
            # The shared crawl ended and its pages are stored: settle now, while the workers exit, not once told
            # they did (the settle is the end of the ingest's run; issue 23). Were more stored after it, the settle
            # at the end does it again (it gives what one settle of them all gives, pipelines/relevance.py `rescore`).
            early[:] = [(so_far.written, settle_crawl(db, state.config, day, memo=terms))]

        result = drain_until_signal(server, db, batch=batch, follow=not once, memo=terms, crawl_over=crawl_over)
    except RedisUnavailable as exc:
        raise InputError(str(exc)) from None
    click.echo(result.line(state.db_path))
    # One niche profile for the whole crawl: the workers' scores were provisional, this one writer settles them.
    if early and early[0][0] == result.written:
        settled = early[0][1]  # nothing stored since the crawl ended
    else:
        settled = settle_crawl(db, state.config, day, memo=terms)
    click.echo(settle_summary(settled))
    warning = unmatched_warning(settled.unmatched)
    if warning:
        click.echo(warning, err=True)


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("n", type=click.IntRange(1, 64))
@click.option("--redis", "redis_url", default=None, metavar="URL", help="The shared Redis (default: [scale] redis).")
@click.argument("crawl_args", nargs=-1, type=click.UNPROCESSED)
@pass_state
def workers(state: State, n: int, redis_url: str | None, crawl_args: tuple[str, ...]) -> None:
    """Start N local crawl workers (`linktrail crawl --redis URL ...`); exit with the worst child's code."""
    try:
        # heavy and optional: Scrapy, Twisted, redis and scrapy-redis (the [scale] extra)
        from crawler.scale.connection import RedisUnavailable, connect
        from linktrail.workers import run_workers, worker_args  # heavy: as above
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
    code = run_workers(n, worker_args(global_args, ["--redis", url, *crawl_args]),
                       command=click.get_current_context().find_root().command, echo=click.echo)
    # The workers are done; this process only exits. What it loaded for them (Scrapy, Twisted, the crawl) is left
    # out of the collection its exit starts with (linktrail.cli.settle_for_exit), which walked all of it: 0.04-0.1
    # CPU s before the launcher returned (and a following `ingest` was told the workers were done).
    gc.freeze()
    sys.exit(code)



@click.command()
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
            click.echo(escape_controls(json.dumps(result, ensure_ascii=False, sort_keys=False)))
        else:
            click.echo(describe_page(result))
    if failed:
        sys.exit(EXIT_USAGE)


@click.command()
@click.option("--date", "day", default=None, help="Count post and comment ages to this day (YYYY-MM-DD), not today.")
@pass_state
@damage_is_one_line
def rescore(state: State, day: str | None) -> None:
    """Re-score stored pages after the niche or [weights] changed (no crawl: the stored text is used)."""
    when = parse_day(day)
    db = open_store(state.db_path, create=False)
    try:
        result = rescore_pages(db, state.config, when)
    finally:
        close_db(db)
    click.echo(rescore_summary(result, state.config.niche.threshold))
    for note in [*rescore_notes(state.config), unmatched_warning(result.unmatched)]:
        if note:
            click.echo(note, err=True)


@click.command()
@click.option("--db", "demo_db", default="linktrail-demo.db", show_default=True, type=click.Path(dir_okay=False),
              help="The demo's database (replaced on each run).")
@click.option("--keep-serving", is_flag=True,
              help="Keep the sample web up after the crawl (Ctrl-C or SIGTERM stops it, exit 0).")
@click.option("--port-base", type=click.IntRange(1024, 65535), default=None,
              help="Serve the blogs on fixed ports from N (N, N+1, ...), so a database built on the demo keeps "
                   "working after a restart (default: any free ports).")
def demo(demo_db: str, keep_serving: bool, port_base: int | None) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl it from one seed, and print today's plan."""
    # heavy: the plan's renderers (rich, jinja2), which crawl, ingest and workers do not need
    from linktrail.demo import SAMPLE_WEB, PortTaken, run_demo

    if port_base is not None:
        blogs = sum(1 for p in (SAMPLE_WEB / "sites").iterdir() if p.is_dir())
        if port_base + blogs - 1 > 65535:
            raise InputError(f"--port-base {port_base}: the sample web needs {blogs} ports, so at most {65536 - blogs}")
    try:
        run_demo(Path(demo_db), keep_serving=keep_serving, port_base=port_base or 0, echo=click.echo)
    except PortTaken as exc:
        raise InputError(f"--port-base {port_base}: {exc}: choose another --port-base") from None


