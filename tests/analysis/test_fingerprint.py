"""Analysis output on the fixture corpus stays byte-identical to the recorded fingerprints."""

from __future__ import annotations

from .fingerprint import compute, expected


def test_analysis_output_is_unchanged() -> None:
    old, new = expected(), compute()
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    assert not changed, f"analysis output changed for {changed[:20]} (regenerate only on purpose: " \
                        "python -m tests.analysis.fingerprint --write)"
