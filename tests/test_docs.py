"""The README tells the truth: its commands exist, its config loads, CI runs its two commands."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import click
import pytest

from crawler.configload import config_from_dict
from linktrail import exits
from linktrail.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "linktrail") -> list[tuple[str, click.Command]]:
    out = []
    ctx = click.Context(group)  # list_commands/get_command, not group.commands: linktrail's group loads lazily
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        out.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
    return out


COMMANDS = _commands(cli)


def test_the_two_commands_open_the_readme_and_ci_runs_them_verbatim() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    install, tests = blocks[0].strip(), blocks[1].strip()
    assert README.index(install) < 600
    assert install.endswith("linktrail demo") and "pip install" in install
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install in ci.splitlines()
    assert tests in ci.splitlines()


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_documented_and_has_help(name: str, command: click.Command) -> None:
    # the whole command as typed ("linktrail backlinks check"), not one of its words somewhere in the text
    assert re.search(re.escape(name) + r"(?![\w-])", README), f"{name} is not in the README"
    assert command.help and command.help.strip(), f"{name} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{name} {param.opts[0]} has no help"


def test_the_readme_config_example_loads() -> None:
    block = re.search(r"```toml\n(.*?)\n```", README, re.DOTALL)
    assert block is not None
    config = config_from_dict(tomllib.loads(block.group(1)), "README.md")
    assert config.plan.comments == 5 and config.niche.threshold == 0.25


def test_every_exit_code_is_in_the_readme() -> None:
    codes = {v for k, v in vars(exits).items() if k.startswith("EXIT_")}
    assert codes == {0, 1, 2, 3, 4, 130, 141}
    for code in codes:
        assert re.search(rf"^\| {code} \|", README, re.MULTILINE), f"exit code {code} is not documented"
