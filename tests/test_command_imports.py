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
