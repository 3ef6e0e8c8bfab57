"""pipelines/backlinks.py on real SQLite files: import, due order, the lost rule, history and the report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
import time_machine
from scrapy.utils.test import get_crawler

from crawler.clock import utcnow_precise
from crawler.configload import config_from_dict
from crawler.items import CheckItem
from crawler.linkcheck import TargetError
from linktrail.backlinks import (
    add_backlink,
    build_report,
    check_settings,
    comment_identity,
    import_csv,
    read_csv,
    render_report,
)
from pipelines.backlinks import (
    CheckPipeline,
    LinkState,
    due_backlinks,
    next_state,
    record_checks,
    save_backlinks,
    sync_outreach,
    validate,
)
from pipelines.store import open_db

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_db(tmp_path / "lt.db")


def at(hours: float) -> str:
    return utcnow_precise(T0 + timedelta(hours=hours))


# (previous state, observed, found, expected status, expected misses)
LIVE = LinkState("live", 0, at(0))
STATES = [
    (LinkState("unchecked"), "live", True, "live", 0),
    (LinkState("unchecked"), "missing", False, "missing", 1),  # never live: never lost
    (LinkState("missing", 5), "missing", False, "missing", 6),
    (LIVE, "missing", False, "missing", 1),  # one miss is not a loss
    (LinkState("missing", 1, at(0)), "missing", False, "lost", 2),  # the second is
    (LinkState("missing", 1, at(0)), "not_found", False, "lost", 2),
    (LinkState("missing", 1, at(0)), "wrong_target", False, "lost", 2),
    (LinkState("missing", 1, at(0)), "redirected_source", False, "lost", 2),
    (LinkState("lost", 2, at(0)), "missing", False, "lost", 3),
    (LinkState("lost", 2, at(0)), "live", True, "live", 0),  # found again
    (LinkState("missing", 1, at(0)), "blocked", False, "blocked", 1),  # no verdict: no count
    (LinkState("blocked", 1, at(0)), "missing", False, "lost", 2),  # misses need not be adjacent runs
    (LIVE, "error", False, "error", 0),
    (LIVE, "robots_blocked", False, "robots_blocked", 0),
    (LIVE, "noindex", True, "noindex", 0),
    (LIVE, "redirected_source", True, "redirected_source", 0),
]


@pytest.mark.parametrize(("prev", "observed", "found", "status", "misses"), STATES)
def test_next_state(prev: LinkState, observed: str, found: bool, status: str, misses: int) -> None:
    state = next_state(prev, observed, found, at(1), misses_to_lost=2)
    assert (state.status, state.misses) == (status, misses)
    assert state.last_live == (at(1) if found else prev.last_live)


def test_misses_to_lost_is_configurable() -> None:
    assert next_state(LIVE, "missing", False, at(1), misses_to_lost=1).status == "lost"
    s = LIVE
    for _ in range(3):
        s = next_state(s, "missing", False, at(1), misses_to_lost=4)
    assert s.status == "missing" and next_state(s, "missing", False, at(2), 4).status == "lost"


def test_default_misses_to_lost_is_two_through_the_default_config(tmp_path: Path) -> None:
    """An empty linktrail.toml, the settings `backlinks check` builds, the pipeline Scrapy builds: 2 misses."""
    settings = check_settings(config_from_dict({}), str(tmp_path / "lt.db"))
    ours = {k: v for k, v in settings.copy_to_dict().items() if k.startswith("LINKTRAIL_")}  # no reactor here
    pipeline = CheckPipeline.from_crawler(get_crawler(settings_dict=ours))
    once = next_state(LIVE, "missing", False, at(1), pipeline.misses_to_lost)
    twice = next_state(once, "missing", False, at(2), pipeline.misses_to_lost)
    assert (once.status, once.misses, twice.status, twice.misses) == ("missing", 1, "lost", 2)
    # and the library's own default, for callers that pass none
    assert next_state(next_state(LIVE, "missing", False, at(1)), "missing", False, at(2)).status == "lost"
    assert next_state(LIVE, "missing", False, at(1)).status == "missing"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_csv_with_a_header_in_any_order_and_bom(tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", "\ufeffNote;Target;Source\nhi;me.example;https://a.example/x\n")
    rows, problems, dups = read_csv(f)
    assert not problems and not dups
    assert (rows[0].source_url, rows[0].target_url, rows[0].note) == ("https://a.example/x", "me.example", "hi")


def test_csv_without_a_header_is_positional(tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", "# exported 2026-11-23\nhttps://a.example/x,https://me.example/p,My anchor,n,guest_post\n")
    rows, problems, _ = read_csv(f)
    assert not problems
    assert rows[0].expected_anchor == "My anchor" and rows[0].origin == "guest_post" and rows[0].line == 2


def test_csv_that_is_not_text(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_bytes(b"\xff\xfe\x00s\x00o\x00u")
    with pytest.raises(TargetError, match="not UTF-8"):
        read_csv(f)


def test_import_is_idempotent_and_updates_notes(db: sqlite_utils.Database, tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", "source_url,target_url,note\nhttps://a.example/x,me.example,one\n"
                                  "https://b.example/y?utm_source=z,https://me.example/,\n")
    first = import_csv(db, f)
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    again = import_csv(db, f)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    write(f, "source_url,target_url,note\nhttps://a.example/x,me.example,two\n")
    third = import_csv(db, f)
    assert (third.added, third.updated) == (0, 1)
    assert db["backlinks"].count == 2
    assert [r["note"] for r in db.query("select note from backlinks order by id")] == ["two", None]
    assert next(db.query("select source_url from backlinks where id = 2"))["source_url"] == "https://b.example/y"


def add(db: sqlite_utils.Database, n: int) -> int:
    return add_backlink(db, f"https://s{n}.example/post", "me.example")[0]


def test_due_order(db: sqlite_utils.Database) -> None:
    ids = {name: add(db, i) for i, name in enumerate(
        ["live_old", "live_new", "lost", "never", "blocked", "recent", "waiting"])}
    rows = [
        ("live_old", "live", at(-48), None), ("live_new", "live", at(-30), None), ("lost", "lost", at(-72), None),
        ("blocked", "blocked", at(-40), None), ("recent", "live", at(-1), None),
        ("waiting", "blocked", at(-50), at(5)),
    ]
    for name, status, checked, not_before in rows:
        db["backlinks"].update(ids[name], {"status": status, "last_checked": checked, "not_before": not_before})
    due = [r["id"] for r in due_backlinks(db, now=T0, recheck_hours=20)]
    names = {v: k for k, v in ids.items()}
    assert [names[i] for i in due] == ["never", "live_old", "live_new", "blocked", "lost"]
    everything = [names[r["id"]] for r in due_backlinks(db, now=T0, recheck_hours=20, all_due=True)]
    assert everything == ["never", "live_old", "live_new", "recent", "blocked", "lost"]  # Retry-After still holds
    assert len(due_backlinks(db, now=T0, limit=2)) == 2


def item(bid: int, when: str, status: str, **kw: Any) -> CheckItem:
    found = status in ("live", "noindex", "redirected_source")
    extra = {"found": found, **kw.pop("extra", {})}
    return CheckItem(backlink_id=bid, checked_at=when, status=status, http_status=200, extra=extra, **kw)


def test_history_transitions_and_report(db: sqlite_utils.Database) -> None:
    a, b, c, d = (add(db, i) for i in range(4))
    record_checks(db, [item(a, at(0), "live", rel=[], anchor="Me"), item(b, at(0), "live", rel=[], anchor="Me"),
                       item(c, at(0), "live", rel=[], anchor="Me"), item(d, at(0), "blocked", error="HTTP 429")])
    report = build_report(db)
    assert sorted(ch.kind for ch in report.changes) == ["new_live"] * 3
    record_checks(db, [item(a, at(24), "missing"), item(b, at(24), "live", rel=["nofollow"], anchor="Me"),
                       item(c, at(24), "live", rel=[], anchor="My site"), item(d, at(24), "live", rel=[], anchor="x")])
    transitions = record_checks(db, [item(a, at(48), "missing")])
    assert transitions[0].new == "lost" and transitions[0].old == "missing"
    report = build_report(db, with_links=True)
    kinds = {(ch.kind, ch.backlink_id) for ch in report.changes}
    assert kinds == {("lost", a), ("rel_changed", b), ("anchor_changed", c), ("new_live", d)}
    assert report.counts == {"live": 3, "lost": 1}
    assert [ch.kind for ch in report.lost] == ["lost"]
    text = render_report(report, "lt.db")
    assert "LOST" in text and "followed -> nofollow" in text and "'Me' -> 'My site'" in text
    assert db["backlink_checks"].count == 9


def test_report_shows_the_anchor_found_and_the_expected_one(db: sqlite_utils.Database) -> None:
    wrong = add_backlink(db, "https://s1.example/post", "me.example", anchor="Sourdough tips")[0]
    right = add_backlink(db, "https://s2.example/post", "me.example", anchor="Me")[0]
    record_checks(db, [item(wrong, at(0), "live", rel=["ugc"], anchor="click here", placement="comments"),
                       item(right, at(0), "live", rel=["ugc"], anchor="me", placement="comments")])
    text = render_report(build_report(db), "lt.db")
    assert ("  new live       https://s1.example/post -> me.example  ugc, comments, anchor 'click here', "
            "expected 'Sourdough tips'\n") in text
    assert "  new live       https://s2.example/post -> me.example  ugc, comments, anchor 'me'\n" in text
    assert ("Anchor not the expected one:\n  https://s1.example/post -> me.example  anchor 'click here', "
            "expected 'Sourdough tips'\n") in text
    every = render_report(build_report(db, with_links=True), "lt.db")
    assert (f"  #{wrong:<5} live              https://s1.example/post -> me.example  ugc, comments, "
            "anchor 'click here', expected 'Sourdough tips'\n") in every


def test_two_checks_in_one_second_keep_two_rows(db: sqlite_utils.Database) -> None:
    a = add(db, 1)
    # one microsecond apart, written out: the test needs no clock to move between two calls
    first, second = utcnow_precise(T0), utcnow_precise(T0 + timedelta(microseconds=1))
    assert (first[:19], first != second) == ("2026-11-23T08:00:00", True)
    record_checks(db, [item(a, first, "live")])
    record_checks(db, [item(a, second, "live")])
    assert db["backlink_checks"].count == 2


def test_retry_after_sets_not_before(db: sqlite_utils.Database) -> None:
    a = add(db, 1)
    record_checks(db, [item(a, at(0), "blocked", extra={"retry_after": 3600})])
    row = db["backlinks"].get(a)
    assert row["not_before"] == at(1) and row["status"] == "blocked"
    assert due_backlinks(db, now=T0 + timedelta(minutes=30), all_due=True) == []


def test_comment_marked_done_becomes_a_backlink_then_live(db: sqlite_utils.Database) -> None:
    db["outreach"].insert_all([
        {"url": "https://blog.example/post", "domain": "blog.example", "kind": "comment", "status": "planned", "date": "2026-11-19"},
        {"url": "https://blog.example/post", "domain": "blog.example", "kind": "comment", "status": "done", "date": "2026-11-20"},
        {"url": "https://other.example/p", "domain": "other.example", "kind": "guest_post", "status": "done", "date": "2026-11-20"},
    ])
    assert sync_outreach(db, "https://www.my-site.example/") == 1
    assert sync_outreach(db, "https://www.my-site.example/") == 0  # idempotent
    row = next(db.query("select * from backlinks"))
    assert (row["source_url"], row["target_url"], row["origin"], row["outreach_id"]) == (
        "https://blog.example/post", "my-site.example", "comment", 2)
    # The sidebar's blogroll links to the site: a backlink, but not the comment.
    sidebar = {"url": "https://my-site.example/", "anchor": "My Site", "rel": [], "placement": "sidebar",
               "image": False, "exact": True}
    transitions = record_checks(db, [item(row["id"], at(0), "live", rel=[], anchor="My Site", placement="sidebar",
                                          extra={"links": [sidebar]})])
    assert (transitions[0].new, transitions[0].outreach_live) == ("live", False)
    assert db["outreach"].get(2)["status"] == "done"
    transitions = record_checks(db, [item(row["id"], at(24), "live", rel=["nofollow", "ugc"], anchor="Me",
                                          placement="comments")])
    assert transitions[0].outreach_live
    assert db["outreach"].get(2)["status"] == "live"
    assert db["outreach"].get(1)["status"] == "planned"


def test_importing_and_marking_the_same_page_keep_the_origin(db: sqlite_utils.Database) -> None:
    save_backlinks(db, [validate("https://blog.example/post", "my-site.example", anchor="Me", note="bought",
                                 origin="import")])
    db["outreach"].insert({"url": "https://blog.example/post", "domain": "blog.example", "kind": "comment",
                           "status": "done", "date": "2026-11-20"})
    assert sync_outreach(db, "https://my-site.example/") == 0
    row = next(db.query("select * from backlinks"))
    assert (row["origin"], row["note"], row["outreach_id"]) == ("import", "bought", 1)
    # Marked first, imported after: the comment stays the origin.
    db["outreach"].insert({"url": "https://blog2.example/post", "domain": "blog2.example", "kind": "comment",
                           "status": "done", "date": "2026-11-20"})
    assert sync_outreach(db, "https://my-site.example/") == 1
    save_backlinks(db, [validate("https://blog2.example/post", "my-site.example", anchor="Me", origin="import")])
    assert next(db.query("select origin from backlinks where source_url = 'https://blog2.example/post'"))[
        "origin"] == "comment"


def test_no_site_configured_syncs_nothing(db: sqlite_utils.Database) -> None:
    db["outreach"].insert({"url": "https://blog.example/post", "kind": "comment", "status": "done"})
    assert sync_outreach(db, "") == 0
    assert db["backlinks"].count == 0


def test_csv_bad_rows_are_reported_by_number_and_the_rest_imported(db: sqlite_utils.Database, tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", "source_url,target_url,note\n"
                                  "https://a.example/1,me.example,one\n"
                                  f"https://a.example/2,me.example,{'x' * 10_000_000}\n"
                                  "https://a.example/3,me.example,\"unbalanced\n"
                                  "https://a.example/4,me.example,four\n"
                                  "https://a.example/5,me.example,five,extra\n"
                                  "https://a.example/6,me.example,six,,\n")
    result = import_csv(db, f)
    assert result.problems == [
        "row 3: not a CSV row (field larger than field limit (131072))",
        "row 4: not a CSV row (unexpected end of data)",
        "row 6: 4 columns, more than the 3 expected",
    ]
    assert result.added == 3
    assert [r["note"] for r in db.query("select note from backlinks order by source_url")] == ["one", "four", "six"]


def test_csv_without_a_header_has_at_most_five_columns(tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", "https://a.example/x,me.example,a,n,comment,surplus\nhttps://a.example/y,me.example\n")
    rows, problems, _ = read_csv(f)
    assert problems == ["row 1: 6 columns, more than the 5 expected"] and [r.line for r in rows] == [2]


def test_a_check_is_stored_column_for_column(db: sqlite_utils.Database, caplog: pytest.LogCaptureFixture) -> None:
    a, b = add(db, 1), add(db, 2)
    found = CheckItem(a, at(1), "live", 200, "https://s1.example/post/", ["https://s1.example/post"], ["nofollow", "ugc"],
                      "My site", 2, "comment", None, {"noindex": None, "content_type": "text/html",
                                                        "links": [{"url": "https://me.example/"}], "notes": ["a", "b"]})
    gone = CheckItem(b, at(1), "missing", 200, None, [], ["nofollow"], "x", 0, "content", None, {"content_type": "text/html"})
    vanished = CheckItem(999, at(1), "live")
    assert [(t.backlink_id, t.old, t.new) for t in record_checks(db, [vanished, found, gone])] == [
        (a, "unchecked", "live"), (b, "unchecked", "missing")]
    assert "backlink #999 vanished during the check; result dropped" in caplog.text
    rows = {r["backlink_id"]: r for r in db.query("select * from backlink_checks")}
    assert {k: v for k, v in rows[a].items() if k != "id"} == {
        "backlink_id": a, "checked_at": at(1), "status": "live", "http_status": 200,
        "final_url": "https://s1.example/post/", "redirects": '["https://s1.example/post"]', "rel": "nofollow ugc",
        "anchor": "My site", "link_count": 2, "placement": "comment", "error": None, "observed": "live", "found": 1,
        "noindex": None, "content_type": "text/html", "links": '[{"url": "https://me.example/"}]', "notes": "a; b"}
    # not found: what a link carried is not kept, the observation is
    assert (rows[b]["rel"], rows[b]["anchor"], rows[b]["placement"], rows[b]["redirects"], rows[b]["found"],
            rows[b]["links"], rows[b]["notes"]) == (None, None, None, None, 0, "[]", None)
    live = db["backlinks"].get(a)
    assert (live["status"], live["misses"], live["last_live"], live["last_checked"], live["not_before"]) == (
        "live", 0, at(1), at(1), None)


@pytest.mark.parametrize(("links", "name", "said"), [
    ([{"placement": "comments", "commenter": True, "author": "Maya Baker", "exact": True}], "maya baker",
     "your site as the comment's author website, under your name (Maya Baker)"),
    ([{"placement": "comments", "commenter": True, "author": "Bob", "exact": True}], "Maya Baker",
     "your site as the comment's author website, but under the name 'Bob', not your [you] name 'Maya Baker'"),
    ([{"placement": "comments", "commenter": True, "author": "Maya Baker", "exact": True}], "",
     "your site as the comment's author website, under the name 'Maya Baker' (set [you] name to check it is yours)"),
    ([{"placement": "comments", "commenter": False, "author": "Bob", "exact": True}], "Maya Baker",
     "your site in the text of a comment by 'Bob', not as a comment's author website"),
    ([{"placement": "sidebar", "commenter": False, "author": "", "exact": True},
      {"placement": "comments", "commenter": True, "author": "Maya  Baker", "exact": True}], "Maya Baker",
     "your site as the comment's author website, under your name (Maya Baker)"),
])
def test_a_live_comment_says_whose_it_is(links: list[dict[str, object]], name: str, said: str) -> None:
    assert comment_identity(links, name) == said


def test_record_checks_edges_read_from_the_check_itself(db: sqlite_utils.Database) -> None:
    """The found flag, the comment placement from the links, the misses passed on, an outreach row's update time."""
    db["outreach"].insert_all([
        {"url": f"https://c{n}.example/post", "domain": f"c{n}.example", "kind": "comment", "status": "done",
         "date": "2026-11-20"} for n in (1, 2, 3)])
    assert sync_outreach(db, "https://me.example/") == 3
    ids = [r["id"] for r in db.query("select id from backlinks order by outreach_id")]
    comment_link = {"url": "https://me.example/", "placement": "comments"}  # no "exact": an exact link
    inexact = {"url": "https://me.example/", "placement": "comments", "exact": False}
    moved = record_checks(db, [
        CheckItem(ids[0], at(1), "live", 200, placement="content", extra={"links": [comment_link, {"ü": "é"}]}),
        CheckItem(ids[1], at(1), "live", 200, placement="content", extra={"links": [inexact]}),
        CheckItem(ids[2], at(1), "live", 200, extra={"found": False, "noindex": "meta"}),
    ], misses_to_lost=1)
    assert [(t.new, t.outreach_live) for t in moved] == [("live", True), ("live", False), ("live", False)]
    assert [db["outreach"].get(n)["status"] for n in (1, 2, 3)] == ["live", "done", "done"]
    assert db["outreach"].get(1)["updated"] == "2026-11-23T09:00:00+00:00"
    rows = {r["backlink_id"]: r for r in db.query("select * from backlink_checks")}
    assert rows[ids[0]]["links"] == '[{"url": "https://me.example/", "placement": "comments"}, {"ü": "é"}]'
    assert (rows[ids[2]]["found"], rows[ids[2]]["noindex"], db["backlinks"].get(ids[2])["misses"]) == (0, "meta", 1)
    # misses_to_lost reaches the rule: one miss of a live link is a loss at 1
    gone = record_checks(db, [CheckItem(ids[0], at(2), "missing", 200)], misses_to_lost=1)
    assert (gone[0].old, gone[0].new) == ("live", "lost")


def test_a_backlink_without_a_status_is_unchecked(db: sqlite_utils.Database) -> None:
    bid = add(db, 1)
    db.execute("update backlinks set status = null where id = ?", [bid])
    assert [(t.old, t.new) for t in record_checks(db, [item(bid, at(1), "missing")])] == [("unchecked", "missing")]


def test_sync_outreach_watches_the_done_row_and_keeps_the_port(db: sqlite_utils.Database) -> None:
    db["outreach"].insert_all([
        {"url": "https://blog.example/p", "domain": "blog.example", "kind": "comment", "status": "live", "date": "2026-11-19"},
        {"url": "https://blog.example/p", "domain": "blog.example", "kind": "comment", "status": "done", "date": "2026-11-20"},
        {"url": "https://blog.example/p", "domain": "blog.example", "kind": "comment", "status": "live", "date": "2026-11-21"},
        {"url": "https://blog.example/q", "domain": "blog.example", "kind": "comment", "status": "live", "date": "2026-11-21"},
    ])
    assert sync_outreach(db, "http://127.0.0.1:8089/") == 2
    rows = [(r["source_url"], r["target_url"], r["outreach_id"], r["note"], r["origin"], r["status"], r["misses"])
            for r in db.query("select * from backlinks order by id")]
    assert rows == [("https://blog.example/p", "127.0.0.1:8089", 2, "outreach #2", "comment", "unchecked", 0),
                    ("https://blog.example/q", "127.0.0.1:8089", 4, "outreach #4", "comment", "unchecked", 0)]


def test_validate_and_save_state_their_defaults(db: sqlite_utils.Database) -> None:
    row = validate("https://blog.example/p", "HTTPS://Me.Example/")
    assert (row.expected_anchor, row.note, row.origin, row.line) == (None, None, "import", 0)
    assert validate("https://blog.example/p", "Me.Example/", anchor="  My site ", origin="  ").target_url == \
        "me.example"
    assert validate("https://blog.example/p", "me.example", anchor="  My site ", origin="  ").origin == "import"
    assert validate("https://blog.example/p", "me.example", anchor="  My site ").expected_anchor == "My site"
    with pytest.raises(TargetError) as bad_source:
        validate("ftp://blog.example/p", "me.example")
    assert str(bad_source.value).startswith("source ")
    with pytest.raises(TargetError) as bad_target:
        validate("https://blog.example/p", "not a site")
    assert str(bad_target.value).startswith("target ")
    assert save_backlinks(db, []) == (0, 0, 0)
    with time_machine.travel("2026-11-23T08:00:00+00:00", tick=False):
        assert save_backlinks(db, [row]) == (1, 0, 0)
    stored = next(db.query("select * from backlinks"))
    assert (stored["created"], stored["status"], stored["misses"], stored["origin"]) == (
        "2026-11-23T08:00:00.000000+00:00", "unchecked", 0, "import")
    assert save_backlinks(db, [validate("https://blog.example/p", "https://me.example/", anchor="Me")]) == (0, 1, 0)
    assert save_backlinks(db, [validate("https://blog.example/p", "https://me.example/")]) == (0, 0, 1)
    assert next(db.query("select expected_anchor from backlinks"))["expected_anchor"] == "Me"
