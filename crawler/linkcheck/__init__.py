"""Backlink checks, pure and without network: the target (targets), the source page's links (scan), the verdict."""

from __future__ import annotations

from .scan import (
    PLACEMENTS,
    REL_FLAGS,
    SKIPPED_SCHEMES,
    FoundLink,
    LinkReport,
    PageScan,
    anchor_of,
    noindex_rule,
    placement,
    scan_page,
)
from .targets import Target, TargetError, check_source, moved, norm_host, norm_path, page_key, parse_target
from .verdicts import (
    CHALLENGE_RULES,
    FOUND,
    NO_VERDICT,
    OBSERVED,
    Observation,
    challenge_rule,
    http_verdict,
    page_verdict,
)

__all__ = [
    "CHALLENGE_RULES", "FOUND", "NO_VERDICT", "OBSERVED", "PLACEMENTS", "REL_FLAGS", "SKIPPED_SCHEMES",
    "FoundLink", "LinkReport", "Observation", "PageScan", "Target", "TargetError", "anchor_of", "challenge_rule",
    "check_source", "http_verdict", "moved", "noindex_rule", "norm_host", "norm_path", "page_key", "page_verdict",
    "parse_target", "placement", "scan_page",
]
