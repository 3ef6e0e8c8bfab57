"""`linktrail workers N`: forked workers (or new processes where the platform cannot fork), their exit codes."""

from __future__ import annotations

import pytest

from linktrail import __version__
from linktrail.cli import cli
from linktrail.workers import can_fork, run_workers

MODES = [pytest.param(True, id="forked", marks=pytest.mark.skipif(not can_fork(), reason="no fork here")),
         pytest.param(False, id="new-processes")]


@pytest.mark.parametrize("fork", MODES)
def test_each_worker_runs_the_command_and_the_launcher_says_how_they_ended(
        fork: bool, capfd: pytest.CaptureFixture[str]) -> None:
    said: list[str] = []
    assert run_workers(2, ["--version"], command=cli, echo=said.append, fork=fork) == 0
    assert said[0].startswith("started 2 workers: pids ") and said[1] == "workers finished: exit codes 0, 0"
    assert capfd.readouterr().out.count(__version__) == 2  # each worker printed it, once


@pytest.mark.parametrize("fork", MODES)
def test_the_launcher_exits_with_the_worst_workers_code(fork: bool, capfd: pytest.CaptureFixture[str]) -> None:
    said: list[str] = []
    assert run_workers(2, ["no-such-command"], command=cli, echo=said.append, fork=fork) == 2  # click's usage error
    assert said[1] == "workers finished: exit codes 2, 2"
    assert capfd.readouterr().err.count("No such command 'no-such-command'") == 2
