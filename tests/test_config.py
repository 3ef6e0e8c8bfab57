"""linktrail.toml: defaults, validation with clear messages, and help for every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import Config, ConfigError, iter_settings, load_config


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
