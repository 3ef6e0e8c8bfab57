"""`linktrail serve` in a real headless Chromium (Playwright, Debian's chromium): Today, Done/Skip, canned queries."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler import clock
from linktrail.outreach import fingerprint
from linktrail.results import build_results
from pipelines.store import open_db
from tests.conftest import LINKTRAIL, NETGUARD_SITE, ROOT, Runner

pytestmark = [pytest.mark.e2e, pytest.mark.services]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>&amp; "quoted"'
COMMENT = ("Your note on letting the levain peak before mixing matched what I saw with a rye starter: "
           "the loaf rose higher and the crumb was more open when I waited an extra hour.")
NEAR_COPY = COMMENT.replace("an extra hour", "one more hour")
LOST = "http://127.0.0.1:1/gone/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, proc: subprocess.Popen[str]) -> None:
    """Poll until the server answers 200 (the wait between tries is the child's own exit check)."""
    for _ in range(600):
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        try:
            proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"linktrail serve exited {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
    raise AssertionError(f"{url} did not answer")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run installs it)")
    cwd = tmp_path_factory.mktemp("serve")
    Runner(cwd)("demo", "--db", "demo.db", timeout=180)  # the sample web crawled; today's plan recorded
    db_path = cwd / "demo.db"
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    today = clock.today().isoformat()
    tasks = [dict(r) for r in conn.execute("select * from plans where date = ? order by position", [today])]
    comments = [t for t in tasks if t["kind"] == "comment"]
    assert len(comments) >= 3, tasks
    # Hostile page text, as a crawl could have stored it: the first comment target's title and its blog's name.
    with conn:
        conn.execute("update pages set title = ? where url = ?", [HOSTILE, comments[0]["url"]])
        conn.execute("update plans set title = ? where url = ?", [HOSTILE, comments[0]["url"]])
        conn.execute("update sites set name = ? where domain = ?", [HOSTILE, comments[0]["domain"]])
        conn.execute("insert into backlinks (source_url, target_url, status, origin, created, last_checked, misses) "
                     "values (?, 'https://me.example/', 'lost', 'manual', ?, ?, 2)", [LOST, today, today])
        conn.execute("insert into backlinks (source_url, target_url, status, origin, created, last_checked, misses) "
                     "values ('http://127.0.0.1:1/fine/', 'https://me.example/', 'live', 'manual', ?, ?, 0)",
                     [today, today])
    conn.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NETGUARD_SITE), str(ROOT)]),
           "LINKTRAIL_NETGUARD_LOG": str(cwd / "netguard.log")}
    proc = subprocess.Popen([*LINKTRAIL, "--db", str(db_path), "serve", "--port", str(port)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/-/today", proc)
        yield {"base": base, "db": db_path, "tasks": tasks, "comments": comments, "today": today, "cwd": cwd}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    guard = cwd / "netguard.log"
    assert not (guard.exists() and guard.read_text().strip()), guard.read_text()


@pytest.fixture(scope="module")
def browser(served: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, served: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.requests = requests
    yield pg
    context.close()
    outside = [u for u in requests if not u.startswith(served["base"] + "/")]
    assert not outside, f"the app fetched from outside the machine: {outside}"


def outreach(db: Path, url: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("select * from outreach where url = ? order by id", [url])]
    conn.close()
    return rows


def card(pg: Any, url: str) -> Any:
    return pg.locator("li.task", has=pg.locator("div.url", has_text=url))


def test_today_done_refused_skip(page: Any, served: dict[str, Any]) -> None:
    base, db, today = served["base"], served["db"], served["today"]
    first, second = served["comments"][0]["url"], served["comments"][1]["url"]
    page.goto(base + "/-/today")
    cards = page.locator("li.task")
    assert cards.count() == len(served["tasks"])
    for t in served["tasks"]:
        link = card(page, t["url"]).locator("a.blog")
        assert link.get_attribute("href") == t["url"]
        assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener noreferrer"
        assert f"{t['minutes']} min" in card(page, t["url"]).inner_text()
    # The hostile title is text, not markup.
    assert HOSTILE in card(page, first).locator("a.blog").inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.locator("li.task img, li.task script").count() == 0
    # Comment tasks have a box for the comment; pitches don't.
    assert card(page, first).locator("textarea").count() == 1
    # Done with a comment: recorded by `mark`'s code, and the task shows as done.
    card(page, first).locator("textarea").fill(COMMENT)
    card(page, first).get_by_role("button", name="Done").click()
    page.wait_for_url(base + "/-/today")
    assert card(page, first).locator("p.status").inner_text() == f"Done on {today}"
    assert card(page, first).locator("form").count() == 0
    assert f"recorded: {first} done on {today}" in page.locator(".message-info").inner_text()
    rows = outreach(db, first)
    assert [(r["status"], r["date"], r["fingerprint"]) for r in rows] == [("done", today, fingerprint(COMMENT))]
    # A near-copy on another task is refused, on the page, naming where and when the first one went.
    card(page, second).locator("textarea").fill(NEAR_COPY)
    card(page, second).get_by_role("button", name="Done").click()
    refusal = card(page, second).locator(".refused")
    refusal.wait_for()
    text = refusal.inner_text()
    assert text.startswith("refused: this comment is nearly the same") and f"on {first} on {today}" in text
    assert card(page, second).locator("textarea").input_value() == NEAR_COPY
    assert outreach(db, second) == []
    # Skip it instead.
    card(page, second).get_by_role("button", name="Skip").click()
    page.wait_for_url(base + "/-/today")
    assert card(page, second).locator("p.status").inner_text() == f"Skipped on {today}"
    assert [r["status"] for r in outreach(db, second)] == ["skipped"]
    # The plan did not move: the same tasks, in the same order.
    assert [u.inner_text() for u in page.locator("li.task div.url").all()] == [t["url"] for t in served["tasks"]]


def test_a_post_without_the_csrf_token_is_refused(served: dict[str, Any]) -> None:
    body = f"url={served['comments'][2]['url']}&status=done".encode()
    req = urllib.request.Request(served["base"] + "/-/today/mark", data=body, method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 403
    forged = urllib.request.Request(served["base"] + "/-/today/mark", data=body + b"&csrftoken=forged", method="POST",
                                    headers={"Cookie": "ds_csrftoken=forged"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(forged, timeout=10)
    assert err.value.code == 403
    assert outreach(served["db"], served["comments"][2]["url"]) == []


def column(pg: Any, name: str) -> list[str]:
    return [c.inner_text().strip() for c in pg.locator(f"table.rows-and-columns td.col-{name}").all()]


def test_each_canned_query_shows_the_database_rows(page: Any, served: dict[str, Any]) -> None:
    base, db_path = served["base"], served["db"]
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    pages = [dict(r) for r in conn.execute("select p.*, s.relevance as site_rel from pages p join sites s "
                                            "on s.domain = p.site")]
    sites = [dict(r) for r in conn.execute("select * from sites")]
    conn.close()
    fresh = (date.fromisoformat(served["today"]) - timedelta(days=180)).isoformat()

    def by_value(rows: list[dict[str, Any]]) -> list[str]:
        return [r["url"] for r in sorted(rows, key=lambda r: (-r["value"], r["url"]))]

    # The plan's gates hold in the views too (defaults: min_value 30, posts at most 180 days old).
    comments = by_value([p for p in pages if p["opportunity"] == "comment" and p["comment_state"] == "open"
                         and p["website_field"] == 1 and not p["parked"] and (p["relevance"] or 0) >= 0.25
                         and (p["value"] or 0) >= 30 and (p["published"] or fresh)[:10] >= fresh
                         and (p["newest_comment"] or p["published"] or "") >= fresh])
    guests = by_value([p for p in pages if p["opportunity"] == "guest_post" and p["guest_accepts"] != 0
                       and (p["site_rel"] or 0) >= 0.25 and (p["value"] or 0) >= 30])
    ranked = [s["domain"] for s in sorted(sites, key=lambda s: (-(s["relevance"] or 0), s["domain"]))]
    one_site = served["comments"][0]["domain"]
    its_pages = {p["url"] for p in pages if p["site"] == one_site}
    assert comments and guests and len(ranked) == 18
    page.goto(base + "/demo")
    titles = [a.inner_text() for a in page.locator("a").all()]
    for title in ("Open comment opportunities, by value", "Guest-post sites, with contacts",
                  "Lost and wrong-target backlinks", "Results per week",
                  "Sites by relevance, with their last post date", "A site's pages"):
        assert title in titles
    page.goto(base + "/demo/comment_targets")
    assert column(page, "url") == comments
    assert all(r for r in column(page, "value_reasons"))
    page.goto(base + "/demo/guest_post_targets")
    assert column(page, "url") == guests and all("@" in e for e in column(page, "submit_email"))
    page.goto(base + "/demo/lost_backlinks")
    assert column(page, "source_url") == [LOST]
    page.goto(base + "/demo/sites_by_relevance")
    assert column(page, "domain") == ranked
    assert HOSTILE in column(page, "name") and page.evaluate("window.pwned") is None
    page.goto(base + f"/demo/site_pages?site={one_site}")
    assert set(column(page, "url")) == its_pages
    page.goto(base + "/demo/results_per_week")
    store = open_db(db_path)
    week = build_results(store, date.fromisoformat(served["today"]), weeks=1).weeks[0]
    store.conn.close()
    assert column(page, "week_start")[0] == week.start
    shown = {name: column(page, name)[0] for name in ("comments_planned", "comments_done", "pitches_planned")}
    assert shown == {"comments_planned": str(week.comments_planned), "comments_done": str(week.comments_done),
                     "pitches_planned": str(week.pitches_planned)}


def test_screenshots_phone_and_desktop(browser: Any, served: dict[str, Any], tmp_path: Path) -> None:
    keep = ROOT / "artifacts"
    keep.mkdir(exist_ok=True)
    for name, width, height in (("today-phone", 412, 915), ("today-desktop", 1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        pg = context.new_page()
        pg.goto(served["base"] + "/-/today")
        assert pg.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
        shot = tmp_path / f"{name}.png"
        pg.screenshot(path=str(shot), full_page=True)
        context.close()
        assert shot.stat().st_size > 10_000
        shutil.copy(shot, keep / shot.name)
