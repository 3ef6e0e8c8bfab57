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


# Run in a fresh interpreter (this one has loaded everything already): the launcher with its forks stood in for,
# what it holds as it would fork the first worker.
AT_FORK = """
import gc, json, sys
import linktrail.workers as workers
from linktrail.cli import cli

class Fake:
    def __init__(self, command, args, index):
        self.pid = index
        print(json.dumps({"frozen": gc.get_freeze_count(), "modules": sorted(sys.modules)}))

    def poll(self):
        return 0

    def wait(self):
        return 0

workers._Forked = Fake
workers.run_workers(1, ["--version"], command=cli, echo=lambda line: None, fork=True)
print(json.dumps({"frozen after": gc.get_freeze_count()}))
"""


@pytest.mark.skipif(not can_fork(), reason="no fork here")
def test_the_launcher_loads_each_workers_component_and_freezes_what_it_holds_before_it_forks() -> None:
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", AT_FORK], capture_output=True, text=True, check=True).stdout
    at_fork, after = (json.loads(line) for line in out.splitlines())
    modules = set(at_fork["modules"])
    # what each worker imported after the fork: the components its settings name, the spider modules Scrapy walks
    for name in ("crawler.spiders.discover", "crawler.downloadermiddlewares.sitebreaker", "scrapy.logformatter",
                 "scrapy.statscollectors", "scrapy.extensions.corestats", "scrapy.downloadermiddlewares.retry",
                 "crawler.scale.robots", "pipelines.redisqueue"):
        assert name in modules, name
    assert "twisted.internet.reactor" not in modules  # each worker installs its own
    assert "crawler.spiders.backlinks" not in modules  # a worker's spider loader walks only its own spider
    assert at_fork["frozen"] > 0  # left out of the workers' collections (no page copied for them)
    assert after["frozen after"] == 0  # and given back to this process' collector


# `linktrail workers 1 ...` as the console script runs it, with Redis and the fork stood in for: how much of the heap
# the collection its exit starts with (settle_for_exit) still walks.
AT_EXIT = """
import gc, json, sys
import crawler.scale.connection as connection
import linktrail.cli as cli
import linktrail.workers as workers

class Fake:
    def __init__(self, command, args, index):
        self.pid = index

    def poll(self):
        return 0

    def wait(self):
        return 0

class Server:
    def close(self):
        pass

workers._Forked = Fake
connection.connect = lambda url: Server()
settle = cli.settle_for_exit

def at_exit():
    print(json.dumps({"frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())}))
    settle()

cli.settle_for_exit = at_exit
sys.argv = ["linktrail", "-q", "workers", "1", "--redis", "redis://127.0.0.1:9/0"]
cli.main()
"""


@pytest.mark.skipif(not can_fork(), reason="no fork here")
def test_the_launchers_exit_collection_walks_none_of_what_it_loaded_for_the_workers() -> None:
    import json
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", AT_EXIT], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    at_exit = json.loads(proc.stdout.splitlines()[-1])
    assert at_exit["frozen"] > 50_000  # Scrapy, Twisted and the crawl, loaded for the workers
    assert at_exit["tracked"] < 1_000  # what the exit's collection walks
