"""`linktrail init` writes a self-documenting linktrail.toml that loads back; broken files name FILE:LINE and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import ConfigError, iter_settings
from crawler.configload import key_lines, load_config
from linktrail.init import Answers, render_config
from tests.conftest import Runner


def test_flags_round_trip(linktrail: Runner) -> None:
    proc = linktrail("init", "--niche", "sourdough baking", "--keywords", "sourdough, levain|starter, crumb:2",
                     "--seed", "https://bread.example/", "--seed", "https://crumb.example/feed/ https://x.example/",
                     "--site", "https://me.example/", "--feed", "https://me.example/feed/")
    path = linktrail.cwd / "linktrail.toml"
    assert "wrote linktrail.toml" in proc.stdout
    config = load_config(path)
    assert config.niche.name == "sourdough baking"
    assert config.niche.keywords == ("sourdough", "levain|starter", "crumb:2")
    assert config.seeds.urls == ("https://bread.example/", "https://crumb.example/feed/", "https://x.example/")
    assert config.you.site == "https://me.example/" and config.you.feed == "https://me.example/feed/"
    assert config.you.contact_url == "https://me.example/"  # defaults to the site
    assert config.plan.comments == 5 and config.database == str(linktrail.cwd / "linktrail.db")


def test_file_documents_every_setting() -> None:
    text = render_config(Answers(niche="knitting"))
    for section, key, _, help_text in iter_settings():
        assert f"[{section}]" in text
        assert f"# {help_text.splitlines()[0]}".rstrip() in text, key
        assert f"\n{key} = " in text, key


def test_refuses_to_overwrite_without_force(linktrail: Runner) -> None:
    path = linktrail.cwd / "linktrail.toml"
    path.write_text("# mine\n")
    proc = linktrail("init", "--niche", "knitting", check=False)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert path.read_text() == "# mine\n"
    linktrail("init", "--niche", "knitting", "--force")
    assert load_config(path).niche.name == "knitting"


def test_other_config_path_and_database(linktrail: Runner) -> None:
    linktrail("--config", "conf/lt.toml", "--db", "data/lt.db", "init", "--no-input")
    config = load_config(linktrail.cwd / "conf" / "lt.toml")
    assert config.database == str(linktrail.cwd / "conf" / "data" / "lt.db")  # relative to the file
    assert config.niche.keywords == ()


def test_interactive_answers_on_stdin(linktrail: Runner) -> None:
    answers = "".join(f"{line}\n" for line in [
        "sourdough baking",  # niche
        "sourdough, rye",  # keywords
        "not-a-url",  # a seed that is refused, and asked again
        "https://bread.example/, https://crumb.example/",  # seeds
        "https://me.example/",  # site
        "",  # feed: none
        "",  # contact URL: the default (the site)
        "3",  # comments per day
        "0",  # pitches per day
        "90",  # minutes per day
    ])
    proc = linktrail("init", input=answers)
    assert "not an http(s) URL" in proc.stdout + proc.stderr
    config = load_config(linktrail.cwd / "linktrail.toml")
    assert config.niche.name == "sourdough baking" and config.niche.keywords == ("sourdough", "rye")
    assert config.seeds.urls == ("https://bread.example/", "https://crumb.example/")
    assert config.you.site == "https://me.example/" and config.you.feed == ""
    assert config.you.contact_url == "https://me.example/"
    assert (config.plan.comments, config.plan.guest_posts, config.plan.budget_minutes) == (3, 0, 90)


def test_no_answers_and_no_flags_exits_2(linktrail: Runner) -> None:
    proc = linktrail("init", check=False)  # stdin is /dev/null
    assert proc.returncode == 2 and "--no-input" in proc.stderr
    assert not (linktrail.cwd / "linktrail.toml").exists()


def test_bad_flag_url_exits_2(linktrail: Runner) -> None:
    proc = linktrail("init", "--seed", "ftp://x.example/", check=False)
    assert proc.returncode == 2 and "seed" in proc.stderr and "ftp://x.example/" in proc.stderr


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[plan]\ncomments = 3\ncoments = 3\n", 3, "plan: unknown key 'coments'"),
        ("# mine\n\n[crawl]\nmax_pages = 10\n\n[plan]\ncomments = 'five'\n", 7, "plan.comments: expected a whole"),
        ("database = 3\n[plan]\n", 1, "database: expected a string"),
        ("[plan]\n[nonsense]\nx = 1\n", 2, "unknown section or key 'nonsense'"),
        ("[plan]\nformats = [\n  'md',\n  'pdf',\n]\n", 2, "unknown format 'pdf'"),
        ("[niche]\nname = 'x'\n[plan\ncomments = 3\n", 3, "not valid TOML"),
        ('[nightly]\n"fail_on_lost" = 1\n', 2, "nightly.fail_on_lost: expected true or false"),
    ],
)
def test_config_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "linktrail.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)


def test_key_lines_index_each_key_by_its_table() -> None:
    text = ("comments = 1\n[plan]\n# comments = 2\ncomments = 3\n[crawl]\ncomments = 4\n"
            "[ weights ]\n\"captcha\" = -20\n[nightly.x]\nplan.guest_posts = 2\n")
    assert key_lines(text) == {
        "comments": 1, "plan": 2, "plan.comments": 4, "crawl": 5, "crawl.comments": 6,
        "weights": 7, "weights.captcha": 8, "nightly": 9, "nightly.x": 9, "nightly.x.plan": 10,
        "nightly.x.plan.guest_posts": 10,
    }


def test_broken_config_is_one_line_and_exit_2_on_the_command_line(linktrail: Runner) -> None:
    (linktrail.cwd / "linktrail.toml").write_text("[crawl]\nmax_pages = 10\nmax_pages_per_site = -3\n")
    proc = linktrail("nightly", check=False)
    assert proc.returncode == 2
    assert "linktrail.toml:3: crawl.max_pages_per_site: expected a whole number" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_quota_budget_and_cap_flags_are_written(linktrail: Runner) -> None:
    linktrail("init", "--no-input", "--comments", "3", "--guest-posts", "0", "--minutes", "90",
              "--max-pages", "500", "--max-pages-per-site", "20")
    config = load_config(linktrail.cwd / "linktrail.toml")
    assert (config.plan.comments, config.plan.guest_posts, config.plan.budget_minutes) == (3, 0, 90)
    assert (config.crawl.max_pages, config.crawl.max_pages_per_site) == (500, 20)


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--comments", "-1", "--comments: plan.comments: expected a whole number >= 0, got -1"),
    ("--max-pages", "0", "--max-pages: crawl.max_pages: expected a whole number >= 1, got 0"),
    ("--minutes", "-5", "--minutes: plan.budget_minutes: expected a whole number"),
])
def test_quota_and_cap_flags_are_checked_like_the_file(linktrail: Runner, flag: str, value: str,
                                                        message: str) -> None:
    proc = linktrail("init", "--niche", "knitting", flag, value, check=False)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (linktrail.cwd / "linktrail.toml").exists()
