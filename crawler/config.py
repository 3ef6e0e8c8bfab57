"""The configuration types: linktrail.toml as frozen dataclasses, every setting with its default, bounds and help."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, get_type_hints

DEFAULT_CONFIG_NAME = "linktrail.toml"
DEFAULT_CONTACT_URL = "https://github.com/linktrail/linktrail"


# No duration beyond a hundred years: longer ones overflow date arithmetic and the waits of a run.
MAX_DAYS = 36_500
MAX_HOURS = 24 * MAX_DAYS
MAX_MINUTES = 60 * MAX_HOURS
MAX_SECONDS = 60 * MAX_MINUTES
PLAN_FORMATS = ("text", "md", "html", "csv", "json")


class ConfigError(ValueError):
    """linktrail.toml cannot be used: where (file, line, section, key) and what, as fields.

    Rendered as ``FILE:LINE: section.key: message``; parts that are unknown are left out.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 section: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.section = section
        self.key = key

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.path and self.line else self.path
        name = ".".join(part for part in (self.section, self.key) if part)
        return ": ".join(part for part in (place, name, self.message) if part)


@dataclass(frozen=True)
class Bounds:
    """The range a number must fall in: ``low`` (or above it, when ``open_low``) up to ``high``."""

    low: float | None = None
    high: float | None = None
    open_low: bool = False

    def holds(self, number: float) -> bool:
        if not math.isfinite(number):
            return False
        if self.low is not None and (number <= self.low if self.open_low else number < self.low):
            return False
        return self.high is None or number <= self.high

    def __str__(self) -> str:
        if self.low is not None and self.high is not None and not self.open_low:
            return f"from {_number(self.low)} to {_number(self.high)}"
        parts = [f"{'>' if self.open_low else '>='} {_number(self.low)}"] if self.low is not None else []
        parts += [f"<= {_number(self.high)}"] if self.high is not None else []
        return " and ".join(parts)


def _number(value: float) -> str:
    """0 and 36500, not 0.0 and 3.65e+04."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def setting(default: Any, help: str, *, at_least: float | None = None, above: float | None = None,
            at_most: float | None = None, choices: tuple[str, ...] = ()) -> Any:
    """A config field with a default, a help text (shown by `linktrail init`), and for a number its range."""
    low = above if above is not None else at_least
    metadata = {"help": help, "bounds": Bounds(low, at_most, above is not None), "choices": choices}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class NicheConfig:
    """What the user's blog is about."""

    name: str = setting("", "A name for the niche, shown in reports.")
    keywords: tuple[str, ...] = setting(
        (), "Words and phrases of the niche; 'word:2' doubles a weight; 'levain|starter' counts synonyms as one."
    )
    negative: tuple[str, ...] = setting((), "Words that mark a page as off-niche.")
    threshold: float = setting(0.25, "Relevance in [0, 1] below which a page is off-niche.", at_least=0, at_most=1)
    learn: bool = setting(True, "Also learn niche terms (TF-IDF) from the pages of the seed sites and your own site.")


@dataclass(frozen=True)
class YouConfig:
    """The user's own site, for backlinks and the publishing cadence."""

    site: str = setting("", "Your site's home URL (links pointing here are your backlinks).")
    feed: str = setting("", "Your blog's RSS/Atom feed, for the 'publish a post' task.")
    other_sites: tuple[str, ...] = setting(
        (), "Other sites of yours (home URLs): never planned, exported or listed as targets, like `site`.")
    name: str = setting("", "The name you sign comments with: the backlink monitor says whether a live comment "
                            "is under it.")
    contact_url: str = setting(DEFAULT_CONTACT_URL,
                               "A URL site owners can visit to learn about the crawler (in the user agent).")


@dataclass(frozen=True)
class SeedsConfig:
    """Where discovery starts."""

    urls: tuple[str, ...] = setting((), "Seed URLs: blogs, feeds, sitemaps, OPML blogrolls.")
    files: tuple[str, ...] = setting((), "Files with one seed URL per line (# comments allowed).")


@dataclass(frozen=True)
class CrawlConfig:
    """How much to crawl, and how politely."""

    max_pages: int = setting(2000, "Pages per crawl run, all sites together.", at_least=1)
    max_pages_per_site: int = setting(40, "Pages per site per run.", at_least=1)
    max_depth: int = setting(4, "Link hops from a seed.", at_least=0)
    max_new_sites: int = setting(500, "New sites a run may discover.", at_least=0)
    time_budget_minutes: float = setting(60.0, "A crawl stops itself after this many minutes.",
                                          above=0, at_most=MAX_MINUTES)
    download_delay: float = setting(2.0, "Seconds from the end of one request to a site to the start of its next.",
                                     at_least=0, at_most=MAX_SECONDS)
    concurrent_requests: int = setting(16, "Requests in flight across all sites.", at_least=1)
    recheck_days: int = setting(7, "Opportunity pages are fetched again after this many days.", at_least=0,
                                 at_most=MAX_DAYS)
    revisit_days: int = setting(30, "Other pages are fetched again after this many days.", at_least=0,
                                 at_most=MAX_DAYS)
    obey_robots: bool = setting(True, "robots.txt is always obeyed, by every crawl and backlink check; "
                                      "only true is accepted.", choices=("true",))
    loopback_only: bool = setting(False, "Refuse any request outside 127.0.0.0/8 (demo and tests).")
    download_timeout: float = setting(30.0, "Seconds before a request (robots.txt too) counts as timed out.",
                                       above=0, at_most=MAX_SECONDS)
    retry_after_max: float = setting(600.0, "Longest Retry-After (seconds) honoured on 429/503; "
                                            "longer waits give up on the page.", at_least=0, at_most=MAX_SECONDS)
    max_crawl_delay: float = setting(30.0, "Longest robots.txt Crawl-delay (seconds) honoured; a longer one is cut "
                                           "to this.", at_least=0, at_most=MAX_SECONDS)
    breaker_errors: int = setting(5, "Failed requests in a row after which a site is left alone for the run "
                                     "(0: never).", at_least=0)


@dataclass(frozen=True)
class PlanConfig:
    """The plan of the day."""

    comments: int = setting(5, "Comment targets per day.", at_least=0)
    comment_minutes: int = setting(10, "Minutes per comment.", at_least=1, at_most=MAX_MINUTES)
    guest_posts: int = setting(1, "Guest-post pitches per day.", at_least=0)
    guest_post_minutes: int = setting(30, "Minutes per guest-post pitch.", at_least=1, at_most=MAX_MINUTES)
    posts_per_week: int = setting(2, "Posts to publish on your own blog each week.", at_least=0)
    post_minutes: int = setting(90, "Minutes to write one post of your own.", at_least=1, at_most=MAX_MINUTES)
    budget_minutes: int = setting(180, "Time budget of one day's plan, all tasks together.", at_least=0,
                                  at_most=MAX_MINUTES)
    cooldown_days: int = setting(30, "Days before the same domain is planned again after any outreach.",
                                 at_least=0, at_most=MAX_DAYS)
    # WordPress' "close comments on posts older than N days" is commonly set to 30-180 days: a post
    # past the longest common window is often closed, and its owner rarely still moderates it.
    max_post_age_days: int = setting(180, "No comment target on a post older than this many days.",
                                     at_least=1, at_most=MAX_DAYS)
    # A blog with nothing new in six months is likely abandoned: comments there sit unread.
    max_site_silence_days: int = setting(180, "No target on a blog whose newest post is older than this many "
                                              "days (its sites.status is then 'silent').", at_least=1, at_most=MAX_DAYS)
    # An open form with a website field is worth 65 points ([weights]); below 30 a target has lost more
    # than half of that to spam, stale comments, a missing field or little relevance.
    min_value: float = setting(30.0, "No target whose value (the sum of its rule points, see [weights]) is "
                                     "below this.")
    formats: tuple[str, ...] = setting(("md", "html"), "Formats `linktrail nightly` writes the plan in.",
                                       choices=PLAN_FORMATS)
    plans_dir: str = setting("plans", "Where `linktrail nightly` writes dated plans.")


@dataclass(frozen=True)
class BacklinksConfig:
    """How `linktrail backlinks check` verifies the links pointing to your site."""

    misses_to_lost: int = setting(2, "Consecutive good fetches without a once-live link before it counts as lost.",
                                  at_least=1)
    recheck_hours: float = setting(20.0, "A backlink is due again this many hours after its last check.",
                                    at_least=0, at_most=MAX_HOURS)
    retries: int = setting(1, "Retries of a source page after a timeout, a dropped connection or a 5xx.",
                           at_least=0)
    max_checks: int = setting(0, "Backlinks checked per run, most due first; 0 checks every due link.", at_least=0)
    sites_at_once: int = setting(100, "Sites checked at the same time (each one page at a time, download_delay apart).",
                                 at_least=1)


@dataclass(frozen=True)
class NightlyConfig:
    """How `linktrail nightly` runs unattended: its log, and what makes it exit non-zero."""

    log_file: str = setting("", "The nightly log (rotated); empty: linktrail.log beside the database.")
    log_max_kb: int = setting(1024, "The log is rotated when it reaches this many KB.", at_least=1)
    log_backups: int = setting(5, "Rotated logs kept (linktrail.log.1, .2, ...).", at_least=0)
    fail_on_lost: bool = setting(False, "Exit 1 when the backlink check finds lost links (cron mails you).")
    backups: int = setting(7, "Copies of the database kept in linktrail.db.backups/, one made before each run "
                              "writes (0: none).", at_least=0, at_most=1000)
    grace_minutes: float = setting(10.0, "A crawl step still running this long past its time budget is stopped.",
                                    at_least=0, at_most=MAX_MINUTES)


@dataclass(frozen=True)
class ScaleConfig:
    """Crawl workers beyond one process (crawler/scale/): a shared Redis, one SQLite writer."""

    redis: str = setting("", "redis://HOST:PORT/DB shared by crawl workers; empty: crawl in this process only.")


@dataclass(frozen=True)
class Config:
    """The whole of linktrail.toml."""

    niche: NicheConfig = field(default_factory=NicheConfig)
    you: YouConfig = field(default_factory=YouConfig)
    seeds: SeedsConfig = field(default_factory=SeedsConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    plan: PlanConfig = field(default_factory=PlanConfig)
    backlinks: BacklinksConfig = field(default_factory=BacklinksConfig)
    nightly: NightlyConfig = field(default_factory=NightlyConfig)
    scale: ScaleConfig = field(default_factory=ScaleConfig)
    weights: dict[str, float] = field(default_factory=dict)  # [weights]: opportunity rule -> points
    database: str = setting("linktrail.db", "The SQLite file.")
    source: str | None = None  # the file this came from, None for built-in defaults

    def replace(self, **changes: Any) -> Config:
        """A copy with some top-level fields changed."""
        return dataclasses.replace(self, **changes)


def _sections() -> dict[str, type]:
    """The tables of linktrail.toml: the fields of Config whose type is a settings dataclass."""
    hints = get_type_hints(Config)
    return {f.name: hints[f.name] for f in dataclasses.fields(Config) if dataclasses.is_dataclass(hints[f.name])}


SECTIONS: dict[str, type] = _sections()
TOP_LEVEL = tuple(f.name for f in dataclasses.fields(Config) if "help" in f.metadata)  # plain keys: database


def iter_settings() -> list[tuple[str, str, Any, str]]:
    """(section, key, default, help) for every setting: for docs, init and tests."""
    rows = []
    for section, cls in SECTIONS.items():
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
            rows.append((section, f.name, default, f.metadata.get("help", "")))
    return rows
