"""The ingest benchmark's messages: rebuilt from a store, every one readable by this linktrail's ingest."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_relevance import stored, stored_items

sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_ingest_cpu import make, run


def test_messages_made_from_a_store_are_all_read_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A store's columns that a worker's message does not carry (added later, e.g. claimed_site_name) must not go
    # into the rebuilt messages: the ingest skips a row of other columns as unreadable.
    make(stored(tmp_path), tmp_path / "messages")
    for name in ("with.jsonl", "without.jsonl"):
        run(tmp_path / "messages" / name)
        figures = json.loads(capsys.readouterr().out)
        assert (figures["pages"], figures["bad"]) == (len(stored_items()), 0)
