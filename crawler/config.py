"""linktrail.toml loaded into frozen dataclasses; every setting carries its own help."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from crawler.weights import WEIGHTS

DEFAULT_CONFIG_NAME = "linktrail.toml"
DEFAULT_CONTACT_URL = "https://github.com/linktrail/linktrail"


class ConfigError(ValueError):
    """linktrail.toml cannot be used; the message names the file, and the line or key."""


def setting(default: Any, help: str) -> Any:
    """A config field with a default and a help text (shown by `linktrail init`)."""
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class NicheConfig:
    """What the user's blog is about."""

    name: str = setting("", "A name for the niche, shown in reports.")
    keywords: tuple[str, ...] = setting(
        (), "Words and phrases of the niche; 'word:2' doubles a weight; 'levain|starter' counts synonyms as one."
    )
    negative: tuple[str, ...] = setting((), "Words that mark a page as off-niche.")
    threshold: float = setting(0.25, "Relevance in [0, 1] below which a page is off-niche.")
    learn: bool = setting(True, "Also learn niche terms (TF-IDF) from the pages of the seed sites and your own site.")


@dataclass(frozen=True)
class YouConfig:
    """The user's own site, for backlinks and the publishing cadence."""

    site: str = setting("", "Your site's home URL (links pointing here are your backlinks).")
    feed: str = setting("", "Your blog's RSS/Atom feed, for the 'publish a post' task.")
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

    max_pages: int = setting(2000, "Pages per crawl run, all sites together.")
    max_pages_per_site: int = setting(40, "Pages per site per run.")
    max_depth: int = setting(4, "Link hops from a seed.")
    max_new_sites: int = setting(500, "New sites a run may discover.")
    time_budget_minutes: float = setting(60.0, "A crawl stops itself after this many minutes.")
    download_delay: float = setting(2.0, "Seconds between two requests to the same site.")
    concurrent_requests: int = setting(16, "Requests in flight across all sites.")
    recheck_days: int = setting(7, "Opportunity pages are fetched again after this many days.")
    revisit_days: int = setting(30, "Other pages are fetched again after this many days.")
    obey_robots: bool = setting(True, "Obey robots.txt (discovery always does).")
    loopback_only: bool = setting(False, "Refuse any request outside 127.0.0.0/8 (demo and tests).")
    download_timeout: float = setting(30.0, "Seconds before a request (robots.txt too) counts as timed out.")
    retry_after_max: float = setting(600.0, "Longest Retry-After (seconds) honoured on 429/503; "
                                            "longer waits give up on the page.")
    breaker_errors: int = setting(5, "Failed requests in a row after which a site is left alone for the run "
                                     "(0: never).")


@dataclass(frozen=True)
class PlanConfig:
    """The plan of the day."""

    comments: int = setting(5, "Comment targets per day.")
    comment_minutes: int = setting(10, "Minutes per comment.")
    guest_posts: int = setting(1, "Guest-post pitches per day.")
    guest_post_minutes: int = setting(30, "Minutes per guest-post pitch.")
    posts_per_week: int = setting(2, "Posts to publish on your own blog each week.")
    post_minutes: int = setting(90, "Minutes to write one post of your own.")
    budget_minutes: int = setting(180, "Time budget of one day's plan, all tasks together.")
    cooldown_days: int = setting(30, "Days before the same domain is planned again after any outreach.")
    formats: tuple[str, ...] = setting(("md", "html"), "Formats `linktrail nightly` writes the plan in.")
    plans_dir: str = setting("plans", "Where `linktrail nightly` writes dated plans.")


@dataclass(frozen=True)
class BacklinksConfig:
    """How `linktrail backlinks check` verifies the links pointing to your site."""

    misses_to_lost: int = setting(2, "Consecutive good fetches without a once-live link before it counts as lost.")
    recheck_hours: float = setting(20.0, "A backlink is due again this many hours after its last check.")
    retries: int = setting(1, "Retries of a source page after a timeout, a dropped connection or a 5xx.")
    max_checks: int = setting(0, "Backlinks checked per run, most due first; 0 checks every due link.")
    sites_at_once: int = setting(100, "Sites checked at the same time (each one page at a time, download_delay apart).")


@dataclass(frozen=True)
class NightlyConfig:
    """How `linktrail nightly` runs unattended: its log, and what makes it exit non-zero."""

    log_file: str = setting("", "The nightly log (rotated); empty: linktrail.log beside the database.")
    log_max_kb: int = setting(1024, "The log is rotated when it reaches this many KB.")
    log_backups: int = setting(5, "Rotated logs kept (linktrail.log.1, .2, ...).")
    fail_on_lost: bool = setting(False, "Exit 1 when the backlink check finds lost links (cron mails you).")
    grace_minutes: float = setting(10.0, "A crawl step still running this long past its time budget is stopped.")


@dataclass(frozen=True)
class ScaleConfig:
    """Crawl workers beyond one process (crawler/scale.py): a shared Redis, one SQLite writer."""

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


SECTIONS: dict[str, type] = {
    "niche": NicheConfig, "you": YouConfig, "seeds": SeedsConfig,
    "crawl": CrawlConfig, "plan": PlanConfig, "backlinks": BacklinksConfig, "nightly": NightlyConfig,
    "scale": ScaleConfig,
}


def _coerce(value: Any, hint: Any, where: str) -> Any:
    text = hint if isinstance(hint, str) else getattr(hint, "__name__", str(hint))
    if str(hint).startswith("tuple"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
        return tuple(value)
    if text == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if text == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where}: expected a whole number >= 0, got {value!r}")
        return value
    if text == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"{where}: expected a number >= 0, got {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for key, value in data.items():
        if key not in names:
            known = ", ".join(sorted(names))
            raise ConfigError(f"{where}: unknown key {key!r} (known: {known})")
        values[key] = _coerce(value, hints[key], f"{where}.{key}")
    if "formats" in values:
        bad = [f for f in values["formats"] if f not in ("text", "md", "html", "csv", "json")]
        if bad:
            raise ConfigError(f"{where}.formats: unknown format {bad[0]!r} (text, md, html, csv, json)")
    return cls(**values)


def _weights(value: Any, where: str) -> dict[str, float]:
    """[weights]: opportunity rule names (crawler/weights.py WEIGHTS) to points, any sign."""

    if not isinstance(value, dict):
        raise ConfigError(f"{where}: [weights] must be a table of rule = number")
    out: dict[str, float] = {}
    for name, points in value.items():
        if name not in WEIGHTS:
            raise ConfigError(f"{where}: unknown rule {name!r} (known: {', '.join(sorted(WEIGHTS))})")
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            raise ConfigError(f"{where}.{name}: expected a number of points, got {points!r}")
        out[name] = float(points)
    return out


def config_from_dict(data: dict[str, Any], source: str = "<config>") -> Config:
    """Validate a parsed TOML document into a Config."""
    parts: dict[str, Any] = {}
    for key, value in data.items():
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: [{key}] must be a table")
            parts[key] = _build(SECTIONS[key], value, f"{source}: {key}")
        elif key == "weights":
            parts[key] = _weights(value, f"{source}: weights")
        elif key == "database":
            parts[key] = _coerce(value, "str", f"{source}: database")
        else:
            raise ConfigError(f"{source}: unknown section or key {key!r}")
    return Config(**parts, source=source)


_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
# The key a ConfigError names, after "FILE: ": "plan.comments: ...", "plan: unknown key 'x'",
# "weights: unknown rule 'x'", "[plan] must be a table", "unknown section or key 'x'".
_ERROR_KEY = re.compile(
    r"^(?:(?P<sec>[a-z_]+)(?:\.(?P<key>[^:\s]+))?: (?:unknown (?:key|rule) '(?P<unk>[^']+)')?"
    r"|\[(?P<tbl>[a-z_]+)\] must be a table|unknown section or key '(?P<top>[^']+)')"
)
_TABLE = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]")
_KEY = re.compile(r"^\s*\"?([A-Za-z0-9_.-]+?)\"?\s*=")


def key_line(text: str, section: str | None, key: str | None) -> int | None:
    """The 1-based line of ``key`` in ``[section]`` (or of the table itself, or a top-level key)."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        table = _TABLE.match(line)
        if table:
            current = table.group(1)
            if key is None and current == section:
                return number
            continue
        found = _KEY.match(line)
        if not found or key is None:
            continue
        name = found.group(1)
        top_level = key if section is None else f"{section}.{key}"
        if (section is not None and current == section and name == key) or (current is None and name == top_level):
            return number
    return None


def _with_line(exc: ConfigError, source: str, text: str) -> ConfigError:
    """The same error with the line of the key it names: "FILE:LINE: section.key: what"."""
    message = str(exc)
    if not message.startswith(source + ": "):
        return exc
    rest = message[len(source) + 2 :]
    m = _ERROR_KEY.match(rest)
    if not m:
        return exc
    if m.group("top"):
        section, key = None, m.group("top")
        line = key_line(text, key, None) or key_line(text, None, key)
    else:
        section = m.group("sec") or m.group("tbl")
        key = m.group("key") or m.group("unk")
        if section == "database" and key is None:
            section, key = None, "database"
        line = key_line(text, section, key) if key else (key_line(text, section, None) or key_line(text, None, section))
    return ConfigError(f"{source}:{line}: {rest}") if line else exc


def load_config(path: str | Path | None = None) -> Config:
    """Load linktrail.toml: the given path, else ./linktrail.toml if present, else defaults.

    Raises:
        ConfigError: the file is missing (when named), not TOML, or has a bad key or value.
    """
    if path is None:
        candidate = Path(DEFAULT_CONFIG_NAME)
        if not candidate.exists():
            return Config()
        path = candidate
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (write one with `linktrail init`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        where = f"{path}:{at.group(1)}" if at else str(path)
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    try:
        config = config_from_dict(data, str(path))
    except ConfigError as exc:
        raise _with_line(exc, str(path), text) from None
    # Relative paths in the file are relative to the file.
    base = path.resolve().parent
    files = tuple(str((base / f).resolve()) for f in config.seeds.files)
    db = config.database if Path(config.database).is_absolute() else str(base / config.database)
    return dataclasses.replace(config, seeds=dataclasses.replace(config.seeds, files=files), database=db)


def iter_settings() -> list[tuple[str, str, Any, str]]:
    """(section, key, default, help) for every setting: for docs, init and tests."""
    rows = []
    for section, cls in SECTIONS.items():
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
            rows.append((section, f.name, default, f.metadata.get("help", "")))
    return rows
