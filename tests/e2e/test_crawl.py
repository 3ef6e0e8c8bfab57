"""End to end: `linktrail crawl` + `linktrail report` as subprocesses against the sample web on loopback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner, write_config
from tests.loopback import refused_port

pytestmark = pytest.mark.e2e


def demo_like_config(path: Path, web: Any, **crawl: Any) -> Path:
    niche = web.truth["demo_niche"]
    return write_config(
        path,
        niche={"name": niche, "keywords": web.truth["niches"][niche]},
        crawl={"download_delay": 0.02, "loopback_only": True, "max_pages": 500, **crawl},
    )


@pytest.fixture(scope="module")
def crawled(sample_web: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One crawl of the whole sample web from its single seed, shared by the tests below."""
    work = tmp_path_factory.mktemp("crawl")
    run = Runner(work)
    demo_like_config(work / "linktrail.toml", sample_web)
    seed = sample_web.url(sample_web.truth["seed"] + "/")
    proc = run("crawl", seed)
    report = run("report", "--format", "json")
    db = sqlite3.connect(work / "linktrail.db")
    db.row_factory = sqlite3.Row
    pages = {r["url"]: dict(r) for r in db.execute("select * from pages")}
    sites = {r["domain"]: dict(r) for r in db.execute("select * from sites")}
    return {"proc": proc, "plan": json.loads(report.stdout), "pages": pages, "sites": sites, "work": work}


def test_one_seed_reaches_most_of_the_web(crawled: dict[str, Any], sample_web: Any) -> None:
    reached = {sample_web.slug_of("http://" + d + "/") for d in crawled["sites"]}
    all_sites = set(sample_web.truth["sites"])
    assert len(reached & all_sites) >= 0.8 * len(all_sites), sorted(all_sites - reached)
    for slug, site in sample_web.truth["sites"].items():
        if "commenter" in site.get("reached_via", []) or "blogroll" in site.get("reached_via", []):
            assert slug in reached, f"{slug} is linked from the web but was not reached"


def test_stored_comment_facts_match_truth(crawled: dict[str, Any], sample_web: Any) -> None:
    truth = sample_web.truth["pages"]
    checked, wrong = 0, []
    for url, row in crawled["pages"].items():
        key = sample_web.key_of(url)
        if key not in truth:
            continue
        want = truth[key]["comments"]
        checked += 1
        got = {"state": row["comment_state"], "system": row["comment_system"],
               "website_field": None if row["website_field"] is None else bool(row["website_field"]),
               "captcha": row["captcha"], "rel": row["commenter_rel"], "count": row["comment_count"]}
        # truth lists every rel token on the commenter links; linktrail keeps the link-equity ones most carry
        rel = " ".join(t for t in ("nofollow", "ugc", "sponsored") if t in want["rel"])
        expected = {"state": want["state"], "system": want["system"], "website_field": want["website_field"],
                    "captcha": want["captcha"], "rel": rel, "count": want["count"]}
        if got != expected:
            wrong.append((key, got, expected))
    # Every page of the demo niche's sites is read; the others' home pages only (see the next test).
    niche = {s for s, v in sample_web.truth["sites"].items() if v["niche"] == sample_web.truth["demo_niche"]}
    assert checked >= 0.8 * len([k for k, v in truth.items()
                                 if not v.get("robots_disallowed") and k.partition("/")[0] in niche])
    assert not wrong, wrong


def test_an_off_niche_site_stops_at_its_first_page(crawled: dict[str, Any], sample_web: Any) -> None:
    """The default: a site whose first page reads off-niche gets no second page that run."""
    per_site: dict[str, int] = {}
    for url in crawled["pages"]:
        per_site[sample_web.slug_of(url)] = per_site.get(sample_web.slug_of(url), 0) + 1
    off = {s for s, v in sample_web.truth["sites"].items() if v["niche"] != sample_web.truth["demo_niche"]}
    reached_off = {s: n for s, n in per_site.items() if s in off}
    assert len(reached_off) >= 5, reached_off
    assert set(reached_off.values()) == {1}, reached_off


def test_one_request_at_a_time_stores_the_same_pages_and_counts(crawled: dict[str, Any], sample_web: Any,
                                                                tmp_path: Path) -> None:
    """The same web and seed crawled with 1 request in flight instead of 16: the same pages, the same summary
    (which page of a new site answers first no longer decides how many of its pages are read)."""
    run = Runner(tmp_path)
    demo_like_config(tmp_path / "linktrail.toml", sample_web, concurrent_requests=1)
    proc = run("crawl", sample_web.url(sample_web.truth["seed"] + "/"))
    db = sqlite3.connect(tmp_path / "linktrail.db")
    pages = {sample_web.key_of(url) for (url,) in db.execute("select url from pages")}
    assert pages == {sample_web.key_of(url) for url in crawled["pages"]} and len(pages) == 54

    def summary(proc: Any) -> str:
        line = next(line for line in proc.stderr.splitlines() + proc.stdout.splitlines() if "crawled " in line)
        return line.replace(str(tmp_path), "DIR").replace(str(crawled["work"]), "DIR")

    assert summary(proc) == summary(crawled["proc"])


def test_robots_disallowed_pages_are_never_fetched(crawled: dict[str, Any], sample_web: Any) -> None:
    disallowed = [k for k, v in sample_web.truth["pages"].items() if v.get("robots_disallowed")]
    assert disallowed, "the sample web must have a disallowed page"
    for key in disallowed:
        slug, _, path = key.partition("/")
        assert "/" + path not in sample_web.requests.get(slug, []), f"fetched {key} against robots.txt"
    assert all(sample_web.url(k) not in crawled["pages"] for k in disallowed)


def test_plan_targets_are_actionable_and_one_per_domain(crawled: dict[str, Any], sample_web: Any) -> None:
    plan = crawled["plan"]
    truth = sample_web.truth["pages"]
    comments = [t for t in plan["tasks"] if t["kind"] == "comment"]
    assert len(comments) == 5, plan
    for task in comments:
        want = truth[sample_web.key_of(task["url"])]["comments"]
        assert want["state"] == "open" and want["website_field"] is True, task
        assert task["minutes"] == 10 and "website field" in task["why"]
    guests = [t for t in plan["tasks"] if t["kind"] == "guest_post"]
    assert len(guests) == 1
    g = truth[sample_web.key_of(guests[0]["url"])]
    assert g["kind"] == "guest_post" and g["guest_post"]["accepts"] is True
    domains = [t["domain"] for t in plan["tasks"]]
    assert len(domains) == len(set(domains))
    on_niche = {s for s, v in sample_web.truth["sites"].items() if v["niche"] == sample_web.truth["demo_niche"]}
    assert all(sample_web.slug_of(t["url"]) in on_niche for t in plan["tasks"])
    assert plan["minutes"] == sum(t["minutes"] for t in plan["tasks"]) <= plan["budget_minutes"]


def test_same_date_gives_the_same_plan(crawled: dict[str, Any]) -> None:
    run = Runner(crawled["work"])
    again = json.loads(run("report", "--format", "json").stdout)
    assert again["tasks"] == crawled["plan"]["tasks"]


def test_text_report_is_a_table(crawled: dict[str, Any]) -> None:
    out = Runner(crawled["work"])("report").stdout
    assert f"Plan for {crawled['plan']['date']}" in out
    for task in crawled["plan"]["tasks"]:
        assert task["url"] in out.replace("\n", "") or task["url"][:40] in out


def test_crawl_records_its_run(crawled: dict[str, Any]) -> None:
    db = sqlite3.connect(crawled["work"] / "linktrail.db")
    kind, reason, stats = db.execute("select kind, finish_reason, stats from crawls").fetchone()
    assert (kind, reason) == ("discover", "finished")
    assert json.loads(stats)["linktrail/pages_stored"] == len(crawled["pages"])
    assert "stored in" in crawled["proc"].stdout


def test_bad_seeds_and_dead_hosts_get_one_line_each(linktrail: Runner, sample_web: Any) -> None:
    demo_like_config(linktrail.cwd / "linktrail.toml", sample_web, max_pages=3)
    seeds = linktrail.cwd / "seeds.txt"
    with refused_port() as port:
        dead = f"http://127.0.0.1:{port}/"
        seeds.write_text(f"# my seeds\nnot a url\n{dead}\n{sample_web.url(sample_web.truth['seed'] + '/')}\n")
        proc = linktrail("crawl", "--seeds-file", str(seeds))
    assert f"{seeds}:2" in proc.stderr and "not an http(s) URL" in proc.stderr
    assert sum(dead in line for line in proc.stderr.splitlines()) == 1, proc.stderr
    assert "crawled" in proc.stdout and f"(seeds not fetched: {dead} (robots.txt unreachable: connection refused))" \
        in proc.stdout
    db = sqlite3.connect(linktrail.cwd / "linktrail.db")
    assert db.execute("select count(*) from pages").fetchone()[0] >= 1


def test_no_seed_is_a_usage_error(linktrail: Runner) -> None:
    proc = linktrail("crawl", check=False)
    assert proc.returncode == 2
    assert "no seeds" in proc.stderr


def test_report_on_empty_database_is_friendly(linktrail: Runner) -> None:
    proc = linktrail("report")
    assert "run `linktrail crawl" in proc.stdout


def test_not_a_database_is_one_line_exit_2(linktrail: Runner) -> None:
    (linktrail.cwd / "linktrail.db").write_text("this is not sqlite" * 100)
    proc = linktrail("report", check=False)
    assert proc.returncode == 2
    assert "linktrail.db" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_quiet_crawl_counts_opportunities_from_stats(linktrail: Runner, sample_web: Any) -> None:
    demo_like_config(linktrail.cwd / "linktrail.toml", sample_web, max_pages=40)
    proc = linktrail("-q", "crawl", sample_web.url(sample_web.truth["seed"] + "/"))
    db = sqlite3.connect(linktrail.cwd / "linktrail.db")
    stats = json.loads(db.execute("select stats from crawls").fetchone()[0])
    found = sum(v for k, v in stats.items() if k.startswith("linktrail/opportunities/"))
    assert found >= 1, stats
    assert f"; {found} opportunit" in proc.stdout, proc.stdout


def test_every_seed_unreachable_is_an_error_naming_the_seed(linktrail: Runner, sample_web: Any) -> None:
    demo_like_config(linktrail.cwd / "linktrail.toml", sample_web, max_pages=5)
    with refused_port() as port:
        dead = f"http://127.0.0.1:{port}/"
        proc = linktrail("crawl", dead, check=False)
    assert proc.returncode == 4, (proc.stdout, proc.stderr)
    assert proc.stdout.rstrip().endswith(f"; 0 opportunities; 1 error (seeds not fetched: {dead} (robots.txt unreachable: connection refused)); "
        "nothing fetched"), proc.stdout
    assert f"nothing could be fetched: {dead} (robots.txt unreachable: connection refused)" in proc.stderr, proc.stderr


def test_a_crawl_opens_no_remote_control_and_leaves_no_job_file(linktrail: Runner, sample_web: Any,
                                                                tmp_path: Path) -> None:
    """Scrapy 2.19 starts an HTTP server that runs code sent to it, in every crawl, and writes its port and token
    to the user's state directory: a nightly crawl must not."""
    demo_like_config(tmp_path / "linktrail.toml", sample_web, max_pages=3)
    state = tmp_path / "state"
    proc = linktrail("-v", "crawl", sample_web.url(sample_web.truth["seed"] + "/"),
                     env={"XDG_STATE_HOME": str(state), "HOME": str(tmp_path)})
    assert "crawled 3 pages" in proc.stdout
    assert "Remote control" not in proc.stderr and "Spider opened" in proc.stderr
    assert not state.exists() and not (tmp_path / ".local").exists()
