"""What a new discover run takes from earlier ones: the pages due again, their validators, the pages left alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crawler.memory import KnownPage


@dataclass
class Recalled:
    """The stored pages sorted for this run."""

    due: list[tuple[str, str, bool]] = field(default_factory=list)  # (url, site, is an opportunity), not seeds
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # url -> (ETag, Last-Modified)
    not_due: list[str] = field(default_factory=list)  # fetched recently enough: seen, not fetched


def recall(pages: Iterable[KnownPage], seeds: set[str], now: datetime, *, recheck_days: float,
           revisit_days: float) -> Recalled:
    """Opportunities are due after ``recheck_days``, other pages after ``revisit_days``; due pages and seeds
    get their validators (conditional requests)."""
    recheck = (now - timedelta(days=recheck_days)).replace(microsecond=0).isoformat()
    revisit = (now - timedelta(days=revisit_days)).replace(microsecond=0).isoformat()
    out = Recalled()
    for page in pages:
        url = page.url
        is_due = not page.fetched_at or page.fetched_at <= (recheck if page.opportunity else revisit)
        if is_due or url in seeds:
            if page.etag or page.last_modified:
                out.validators[url] = (page.etag, page.last_modified)
            if is_due and url not in seeds:
                out.due.append((url, page.site, page.opportunity))
        else:
            out.not_due.append(url)
    return out
