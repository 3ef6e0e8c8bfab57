"""Per-page analysis cost, kept only when LINKTRAIL_ANALYSIS_TIMINGS is on (benchmarks)."""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
PERCENTILES = (("p50", 0.50), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))


class Timings:
    """CPU milliseconds of each call timed, 8 bytes a call (100k pages: 0.8 MB)."""

    def __init__(self) -> None:
        self.ms = array("d")

    def summary(self) -> dict[str, float]:
        """count, then p50, p95, p99 and max in ms (nearest rank); nothing when no call was timed."""
        if not self.ms:
            return {}
        ordered = sorted(self.ms)
        found = {"count": float(len(ordered))}
        for name, share in PERCENTILES:
            found[name] = round(nearest_rank(ordered, share), 3)
        return found


def nearest_rank(ordered: Sequence[float], share: float) -> float:
    """The ``share`` percentile (0.99: p99) of the sorted, non-empty ``ordered``, by nearest rank."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(timings: Timings | None, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``call(*args, **kwargs)``; with `timings`, its CPU time is kept too (this thread's time, so
    other processes on a shared host do not count)."""
    if timings is None:
        return call(*args, **kwargs)
    started = time.thread_time()
    result = call(*args, **kwargs)
    timings.ms.append(1000 * (time.thread_time() - started))
    return result


def summary(timings: Timings | None) -> dict[str, float]:
    """The summary of `timings` ({} without)."""
    return timings.summary() if timings is not None else {}
