"""Work split by forking (pipelines/forked.py) and the settle split with it: the same answers as in one process."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

import pipelines.relevance
from crawler.configload import config_from_dict
from pipelines.forked import can_fork, forked_map
from pipelines.relevance import rescore, rowid_ranges
from pipelines.store import open_db
from tests.test_relevance_rules import page, store

pytestmark = pytest.mark.skipif(not can_fork(), reason="forking is used only where the platform can fork")


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def children() -> set[int]:
    """This process' children, running or not yet reaped (Linux's /proc); other tests' servers among them."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.fixture
def no_children_left() -> Iterator[Callable[[], bool]]:
    """A check that every child started since the test began has ended and been reaped."""
    before = children()
    yield lambda: children() <= before


def test_each_share_after_the_first_is_computed_in_a_child_of_its_own_and_the_results_come_back_in_order(
        no_children_left: Callable[[], bool]) -> None:
    got = forked_map(square_and_pid, [1, 2, 3, 4])
    assert [square for square, _pid in got] == [1, 4, 9, 16]
    pids = [pid for _square, pid in got]
    assert pids[0] == os.getpid() and len(set(pids)) == 4  # three children besides this process
    assert no_children_left()


def test_a_share_whose_child_dies_is_done_here_after_one_line_saying_so(caplog: pytest.LogCaptureFixture,
                                                                 no_children_left: Callable[[], bool]) -> None:
    parent = os.getpid()

    def dies_in_a_child(n: int) -> int:
        if os.getpid() != parent and n == 3:
            os._exit(3)
        return n * 10

    with caplog.at_level(logging.WARNING, logger="pipelines.forked"):
        assert forked_map(dies_in_a_child, [1, 2, 3], what="test pass") == [10, 20, 30]
    assert [r.getMessage() for r in caplog.records] == [
        "a process of the test pass failed (exit code 3): its share is done again in this process"]
    assert no_children_left()


def test_when_this_process_fails_no_child_outlives_it(no_children_left: Callable[[], bool]) -> None:
    parent = os.getpid()
    ready, go = os.pipe()

    def blocks_in_a_child(n: int) -> int:
        if os.getpid() != parent:
            os.read(ready, 1)  # never written: only the kill ends it
            return n
        raise RuntimeError("this process' share failed")

    try:
        with pytest.raises(RuntimeError, match="share failed"):
            forked_map(blocks_in_a_child, [1, 2, 3])
    finally:
        os.close(ready)
        os.close(go)
    assert no_children_left()


def test_rowid_ranges_cover_every_rowid_once_in_shares_of_about_the_same_size() -> None:
    ids = [1, 2, 5, 9, 10, 11, 40]
    ranges = rowid_ranges(ids, 3)
    assert ranges == [(0, 2), (2, 9), (9, None)]
    covered = [[i for i in ids if after < i and (upto is None or i <= upto)] for after, upto in ranges]
    assert covered == [[1, 2], [5, 9], [10, 11, 40]]
    assert rowid_ranges(ids, 20) == [(0, 1), (1, 2), (2, 5), (5, 9), (9, 10), (10, 11), (11, None)]
    assert rowid_ranges([7], 2) == [(0, None)]


def stored_scores(path: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("select url, relevance, relevance_reasons, opportunity, value, value_reasons from pages "
                           "order by url").fetchall() + con.execute("select * from sites order by domain").fetchall()
    finally:
        con.close()


def test_a_settle_split_between_processes_stores_and_says_what_one_process_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_children_left: Callable[[], bool]) -> None:
    texts = ["levain crumb banneton oven", "levain rye hydration", "warbler thrush nest", "crumb and crust",
             "banneton proofing basket levain", "thrush song at dawn"]
    items = [page(f"http://s{i % 7}.example/{i}/", texts[i % len(texts)] + f" word{i}", title=f"Post {i}",
                  found_via="seed" if i % 7 == 0 else "content") for i in range(60)]
    paths = [store(tmp_path / f"{name}.db", items) for name in ("one", "split")]
    config = config_from_dict({"seeds": {"urls": ["http://s1.example/"]},
                               "niche": {"keywords": ["levain", "sourdough"], "learn": True}})
    one = rescore(open_db(paths[0]), config, date(2026, 11, 23), processes=1)

    splits: list[int] = []
    real_map = pipelines.relevance.forked_map

    def counted(fn: object, shares: list[object], **kw: object) -> list[object]:
        splits.append(len(shares))
        return real_map(fn, shares, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipelines.relevance, "forked_map", counted)
    monkeypatch.setattr(pipelines.relevance, "PARALLEL_PAGES", 10)
    monkeypatch.setattr(pipelines.relevance, "SHARE_PAGES", 20)  # 60 pages: 3 shares, two rounds of 2 processes
    monkeypatch.setattr(pipelines.relevance, "RESCORE_BATCH", 7)
    split = rescore(open_db(paths[1]), config, date(2026, 11, 23), processes=2)
    assert splits == [2, 2, 1]  # the learning pass, then the scoring pass's two rounds
    assert split == one and one.pages == 60 and one.rewritten == 60 and one.learned_terms
    assert stored_scores(paths[1]) == stored_scores(paths[0])
    assert no_children_left()
