"""linktrail.toml: defaults, validation with clear messages, and help for every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import Config, ConfigError, iter_settings
from crawler.configload import config_from_dict, load_config


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config == Config()
    assert config.plan.comments == 5 and config.plan.comment_minutes == 10
    assert config.plan.guest_posts == 1 and config.plan.guest_post_minutes == 30
    assert config.plan.cooldown_days == 30
    assert config.crawl.obey_robots is True


def test_values_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "linktrail.toml").write_text(
        'database = "data/lt.db"\n[niche]\nkeywords = ["sourdough:2", "levain"]\n'
        '[seeds]\nfiles = ["seeds.txt"]\n[plan]\ncomments = 3\n'
    )
    config = load_config(tmp_path / "linktrail.toml")
    assert config.niche.keywords == ("sourdough:2", "levain")
    assert config.plan.comments == 3
    assert config.database == str(tmp_path / "data" / "lt.db")
    assert config.seeds.files == (str(tmp_path / "seeds.txt"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[plan]\ncoments = 3\n", "plan: unknown key 'coments'"),
        ("[plan]\ncomments = 'five'\n", "plan.comments: expected a whole number"),
        ("[plan]\ncomments = -1\n", "plan.comments: expected a whole number >= 0"),
        ("[crawl]\nobey_robots = 1\n", "crawl.obey_robots: expected true or false"),
        ("[crawl]\nobey_robots = false\n", "crawl.obey_robots: false is not allowed: robots.txt is always obeyed"),
        ("[niche]\nkeywords = [1, 2]\n", "niche.keywords: expected a list of strings"),
        ("[plan]\nformats = ['pdf']\n", "unknown format 'pdf'"),
        ("[nonsense]\nx = 1\n", "unknown section or key 'nonsense'"),
        ("[plan\ncomments = 3\n", "not valid TOML"),
    ],
)
def test_bad_config_says_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "linktrail.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_missing_named_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")


def test_every_setting_has_help() -> None:
    rows = iter_settings()
    assert len(rows) > 20
    assert all(help_text.strip() for _, _, _, help_text in rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[crawl]\ntime_budget_minutes = inf\n",
         "2: crawl.time_budget_minutes: expected a number > 0 and <= 52560000, got inf"),
        ("[crawl]\ntime_budget_minutes = nan\n",
         "2: crawl.time_budget_minutes: expected a number > 0 and <= 52560000, got nan"),
        ("[crawl]\ntime_budget_minutes = 0\n",
         "2: crawl.time_budget_minutes: expected a number > 0 and <= 52560000, got 0"),
        ("[crawl]\n\ndownload_delay = inf\n", "3: crawl.download_delay: expected a number from 0 to 3153600000, got inf"),
        ("[crawl]\ndownload_delay = -0.5\n", "2: crawl.download_delay: expected a number from 0 to 3153600000, got -0.5"),
        ("[crawl]\ndownload_delay = 1e300\n",
         "2: crawl.download_delay: expected a number from 0 to 3153600000, got 1e+300"),
        ("[crawl]\ndownload_timeout = 0.0\n",
         "2: crawl.download_timeout: expected a number > 0 and <= 3153600000, got 0.0"),
        ("[crawl]\nconcurrent_requests = 0\n", "2: crawl.concurrent_requests: expected a whole number >= 1, got 0"),
        ("[crawl]\nmax_pages = 0\n", "2: crawl.max_pages: expected a whole number >= 1, got 0"),
        ("[crawl]\nrecheck_days = 1000000000\n",
         "2: crawl.recheck_days: expected a whole number from 0 to 36500, got 1000000000"),
        ("[niche]\nthreshold = 1.5\n", "2: niche.threshold: expected a number from 0 to 1, got 1.5"),
        ("[niche]\nthreshold = -inf\n", "2: niche.threshold: expected a number from 0 to 1, got -inf"),
        ("[plan]\ncomment_minutes = 0\n", "2: plan.comment_minutes: expected a whole number from 1 to 52560000, got 0"),
        ("[plan]\ncooldown_days = 99999999\n",
         "2: plan.cooldown_days: expected a whole number from 0 to 36500, got 99999999"),
        ("[backlinks]\nrecheck_hours = nan\n",
         "2: backlinks.recheck_hours: expected a number from 0 to 876000, got nan"),
        ("[backlinks]\nsites_at_once = 0\n", "2: backlinks.sites_at_once: expected a whole number >= 1, got 0"),
        ("[backlinks]\nmisses_to_lost = 0\n", "2: backlinks.misses_to_lost: expected a whole number >= 1, got 0"),
        ("[nightly]\ngrace_minutes = inf\n",
         "2: nightly.grace_minutes: expected a number from 0 to 52560000, got inf"),
        ("[nightly]\nlog_max_kb = 0\n", "2: nightly.log_max_kb: expected a whole number >= 1, got 0"),
        ("[weights]\ncaptcha = -inf\n", "2: weights.captcha: expected a number of points, got -inf"),
        ("[weights]\ncaptcha = nan\n", "2: weights.captcha: expected a number of points, got nan"),
    ],
)
def test_every_number_is_finite_and_in_its_range(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "linktrail.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}:{expected}"


def test_the_edges_of_each_range_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "linktrail.toml"
    path.write_text("[niche]\nthreshold = 1\n[crawl]\ndownload_delay = 0\ntime_budget_minutes = 0.01\nmax_pages = 1\n"
                    "recheck_days = 36500\n[plan]\ncomments = 0\nbudget_minutes = 0\n[weights]\ncaptcha = -1e6\n")
    config = load_config(path)
    assert config.niche.threshold == 1.0 and config.crawl.download_delay == 0.0
    assert config.crawl.time_budget_minutes == 0.01 and config.crawl.recheck_days == 36500
    assert config.weights == {"captcha": -1e6}


def test_every_default_is_within_its_own_range() -> None:
    data: dict[str, dict[str, object]] = {}
    for section, key, default, _ in iter_settings():
        data.setdefault(section, {})[key] = list(default) if isinstance(default, tuple) else default
    assert config_from_dict(data) == Config(source="<config>")


def test_an_error_carries_where_and_what_as_fields(tmp_path: Path) -> None:
    path = tmp_path / "linktrail.toml"
    path.write_text("# mine\n[plan]\ncomments = 2\n\n[crawl]\nmax_depth = -1\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    e = err.value
    assert (e.path, e.line, e.section, e.key) == (str(path), 6, "crawl", "max_depth")
    assert e.message == "expected a whole number >= 0, got -1"
    assert str(e) == f"{path}:6: crawl.max_depth: expected a whole number >= 0, got -1"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"plan": {"comments": "5"}}, "<config>: plan.comments: expected a whole number >= 0, got '5'"),
        ({"plan": 3}, "<config>: [plan] must be a table"),
        ({"weights": {"captch": 1}}, "<config>: weights: unknown rule 'captch' (known: "),
        ({"crawl": {"obey_robot": True}}, "<config>: crawl: unknown key 'obey_robot' (known: breaker_errors, "),
    ],
)
def test_errors_without_a_file_have_no_line(data: dict[str, object], expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        config_from_dict(data)
    assert str(err.value).startswith(expected) and err.value.line is None


def test_a_key_in_an_inline_table_points_at_the_table(tmp_path: Path) -> None:
    path = tmp_path / "linktrail.toml"
    path.write_text('database = "x.db"\n\nweights = { captcha = 1, captch = 2 }\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}:3: weights: unknown rule 'captch'")
