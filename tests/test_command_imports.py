"""A command's start-up imports only what that command needs: the CLI loads each command's module lazily."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Modules some commands need and these do not: the plan's renderers (jinja2, rich), Datasette (serve), the
# backlinks' checker, the report's own feed reading. Each costs start-up CPU in every process of a scale-out run.
NOT_AT_START = ("jinja2", "rich", "datasette", "linktrail.render", "crawler.linkcheck", "linktrail.demo",
                "linktrail.backlinks", "linktrail.nightly", "linktrail.listing")


def _loaded_after(command: str) -> list[str]:
    """The modules of NOT_AT_START loaded once a fresh interpreter has imported the CLI and looked up ``command``
    (what click does before running it)."""
    code = ("import json, sys, click; from linktrail.cli import cli; "
            f"cli.get_command(click.Context(cli), {command!r}) if {command!r} else None; "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {NOT_AT_START!r} "
            f"or m in {NOT_AT_START!r} or any(m.startswith(n + '.') for n in {NOT_AT_START!r}))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return list(json.loads(out))


@pytest.mark.parametrize("command", ["", "crawl", "ingest", "workers"])
def test_crawl_commands_start_without_what_others_need(command: str) -> None:
    assert _loaded_after(command) == []


def test_a_command_is_loaded_when_asked_for() -> None:
    # the lazy lookup does load the command's own module (the test above is not passing because nothing loads)
    assert "linktrail.render" in _loaded_after("report")


def test_a_crawl_without_a_terminal_does_not_load_rich() -> None:
    # the progress extension draws its bar (rich) only when stderr is a terminal; its module alone loads no rich
    code = ("import sys; import crawler.runner, crawler.progress, crawler.spiders.discover; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_command_defined_is_in_the_lazy_table() -> None:
    # A command added to linktrail/commands but not to cli.COMMANDS would be missing from `linktrail --help` and
    # from the docs' checks (they walk the same table): every click command a commands module defines is listed.
    import importlib
    import pkgutil

    import click

    import linktrail.commands
    from linktrail.cli import COMMANDS

    defined = set()
    for info in pkgutil.iter_modules(linktrail.commands.__path__):
        module = importlib.import_module(f"linktrail.commands.{info.name}")
        commands = {attr: value for attr, value in vars(module).items() if isinstance(value, click.Command)
                    and getattr(value.callback, "__module__", None) == module.__name__}
        subcommands = {id(sub) for group in commands.values() if isinstance(group, click.Group)
                       for sub in group.commands.values()}
        defined |= {(info.name, attr) for attr, value in commands.items() if id(value) not in subcommands}
    assert defined == set(COMMANDS.values())


def _loaded_by(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules named by ``prefixes`` (a package and its modules) loaded once a fresh interpreter ran ``code``."""
    report = (f"; import json, sys; print(json.dumps(sorted(m for m in sys.modules "
              f"if any(m == p or m.startswith(p + '.') for p in {prefixes!r}))))")
    out = subprocess.run([sys.executable, "-c", code + report], capture_output=True, text=True, check=True).stdout
    return list(json.loads(out.splitlines()[-1]))


# The analysis proper: what crawler.analysis.analyse needs and the facts dataclasses do not (~85 ms of imports).
ANALYSIS = ("crawler.analysis.page", "crawler.analysis.comments", "crawler.analysis.document", "selectolax")


def test_the_store_and_the_ingest_load_the_facts_not_the_analysis() -> None:
    # The ingest (and every command that opens the store) reads and writes PageFacts through the codec: the
    # dataclasses' module runs crawler/analysis/__init__.py, which loads the analysis only when it is used.
    code = ("import click; from linktrail.cli import cli; cli.get_command(click.Context(cli), 'ingest'); "
            "import pipelines.ingest, pipelines.store, linktrail.plan; from crawler.analysis import PageFacts; "
            "from pipelines.store import compact_json, facts_from_json; "
            "facts = PageFacts(url='http://a.example/', platform='wordpress'); "
            "assert facts_from_json(compact_json(facts), facts.url) == facts")
    assert _loaded_by(code, ANALYSIS) == []


def test_the_ingest_loads_no_seed_reading() -> None:
    # seeds (and lxml, the feeds' module) are the crawl's: the ingest's command module loads them only in `crawl`
    code = "import click; from linktrail.cli import cli; cli.get_command(click.Context(cli), 'ingest'); import pipelines.ingest"
    assert _loaded_by(code, ("crawler.seeds", "crawler.feeds", "lxml")) == []


def test_the_analysis_loads_when_it_is_used() -> None:
    # the test above is not passing because nothing can load it: asking for analyse does, and it analyses
    code = ("from crawler.analysis import analyse, host_key; "
            "assert analyse('http://a.example/', '<title>T</title>').url == 'http://a.example/'; "
            "assert callable(host_key)")
    assert set(_loaded_by(code, ANALYSIS)) >= set(ANALYSIS)


def test_a_crawl_process_loads_feedparser_only_to_read_a_feed() -> None:
    # Seeds and hubs tell feeds apart by their root element; feedparser (~25-50 ms) comes with the first feed read.
    modules = "import crawler.runner, crawler.seeds, crawler.hubs, crawler.spiders.discover, pipelines.ingest"
    assert _loaded_by(modules, ("feedparser",)) == []
    rss = (b"<rss version='2.0'><channel><item><link>http://a.example/p</link><title>P</title></item>"
           b"</channel></rss>")
    read = f"; from crawler.feeds import feed_links; assert feed_links({rss!r}, 'http://a.example/') == [('http://a.example/p', 'P')]"
    assert "feedparser" in _loaded_by(modules + read, ("feedparser",))


@pytest.mark.parametrize(("spider", "other"), [("discover", "crawler.spiders.backlinks"),
                                                ("backlinks", "crawler.spiders.discover")])
def test_a_crawl_loads_its_own_spider_only(spider: str, other: str) -> None:
    # Scrapy's spider loader imports every module of SPIDER_MODULES when the process is made; the crawl's
    # process names its own spider's module only (a crawl worker does not load the backlinks' checker).
    code = ("from crawler.config import Config; from crawler.runner import scrapy_settings, spider_process; "
            f"process, crawler = spider_process(scrapy_settings(Config(), db='x.db'), {spider!r}); "
            f"assert crawler.spidercls.name == {spider!r}")
    loaded = _loaded_by(code, ("crawler.spiders", "crawler.linkcheck"))
    assert f"crawler.spiders.{spider}" in loaded
    assert other not in loaded
    if spider == "discover":
        assert not [m for m in loaded if m.startswith("crawler.linkcheck")]


def test_a_forked_worker_reading_a_feed_finds_feedparser_loaded() -> None:
    # The launcher of `linktrail workers` imports PRELOAD once before it forks, for the workers to share; feedparser,
    # loaded by crawler.feeds with the first feed read, is among it (each worker would import it again, apart).
    rss = (b"<rss version='2.0'><channel><item><link>http://a.example/p</link><title>P</title></item>"
           b"</channel></rss>")
    code = ("import importlib, sys; from linktrail.workers import PRELOAD; "
            "[importlib.import_module(m) for m in PRELOAD]; before = set(sys.modules); "
            "from crawler.hubs import hub_links; "
            f"assert hub_links('feed', {rss!r}, 'http://a.example/feed/', 10); "
            "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] == 'feedparser'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_crawl_loads_scrapys_download_handler_without_reading_the_stack() -> None:
    # Scrapy's TLS modules name three deprecated aliases' module with inspect.stack() and inspect.getmodule as they
    # are imported (~0.1 s of CPU a crawl); the crawler's process imports them first with stand-ins that read no
    # file, which give the aliases the same module, and puts inspect's own back.
    code = ("import inspect; calls = []; real = inspect.stack; "
            "inspect.stack = lambda *a, **k: calls.append(1) or real(*a, **k); counting = inspect.stack; "
            "from crawler.config import Config; from crawler.runner import scrapy_settings, spider_process; "
            "spider_process(scrapy_settings(Config(), db='x.db'), 'discover'); "
            "import scrapy.core.downloader.handlers.http11, scrapy.core.downloader.contextfactory as cf; "
            "import scrapy.core.downloader.tls as tls; "
            "assert inspect.stack is counting and inspect.getmodule.__module__ == 'inspect'; "
            "print(len(calls), tls.ScrapyClientTLSOptions.__module__, cf.ScrapyClientContextFactory.__module__, "
            "cf.AcceptableProtocolsContextFactory.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "scrapy.core.downloader.tls", "scrapy.core.downloader.contextfactory",
                           "scrapy.core.downloader.contextfactory"]
