"""bench_workers.py, keeping each run's database: ``python benchmarks/bench_workers_keep.py DIR <its arguments>``
copies the database of each run (the one process', then the workers') to DIR/run-N.db before it is compared, so
whole tables (sites, links, every pages column) can be compared afterwards, not only the benchmark's columns."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_workers

KEEP = Path(sys.argv.pop(1))
_states = bench_workers.states
_count = [0]


def states(db: Path) -> dict[str, tuple[object, ...]]:
    KEEP.mkdir(parents=True, exist_ok=True)
    shutil.copy(db, KEEP / f"run-{_count[0]}.db")
    _count[0] += 1
    return _states(db)


bench_workers.states = states  # type: ignore[assignment]

if __name__ == "__main__":
    bench_workers.main()
