"""Renderers: hostile page text stays inert in every format, CSV cells are formula-safe, HTML is self-contained."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from linktrail.model import Plan, Results, Task, Week
from linktrail.render import FORMATS, PLAN_RENDERERS, RESULTS_RENDERERS, render_plan, render_results
from linktrail.render.common import clean
from linktrail.render.csv import neutralise, write_csv
from linktrail.render.html import ENV, task_cards
from linktrail.render.md import md_escape, render_md

HOSTILE_TITLE = '<script>alert(1)</script>" onmouseover="alert(2)'
HOSTILE_WHY = "form open, <img src=x onerror=alert(3)> | **bold** [x](javascript:alert(4))"


def hostile_plan() -> Plan:
    return Plan(
        date="2026-11-23",
        tasks=(
            Task("guest_post", "https://g.example/write-for-us/", "g.example", "Guest & Co", 30, 80.0,
                 "guidelines at https://g.example/rules/, editor@g.example found on the contact page"),
            Task("comment", 'https://evil.example/p?q="><script>alert(5)</script>', "evil.example", HOSTILE_TITLE,
                 10, 60.0, HOSTILE_WHY, page_title="=HYPERLINK(\"http://x\")\x1b[31m"),
            Task("comment", "javascript:alert(6)", "js.example", "JS blog", 10, 50.0, "form open"),
        ),
        budget_minutes=180, niche="<b>sourdough</b>", notes=("a <note>",),
        by_kind={"guest_post": 1, "comment": 2},
    )


class Collect(HTMLParser):
    """Tags, attributes and text of an HTML document, as a parser (and a browser) reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_page_text_and_links_only_http() -> None:
    page = render_plan(hostile_plan(), "html")
    doc = Collect()
    doc.feed(page)
    tags = [t for t, _ in doc.tags]
    assert "script" not in tags and "img" not in tags
    assert not any(k.startswith("on") for _, attrs in doc.tags for k in attrs)
    links = [attrs for t, attrs in doc.tags if t == "a"]
    assert [a["href"] for a in links] == ["https://g.example/write-for-us/",
                                         'https://evil.example/p?q="><script>alert(5)</script>']
    assert all(a["target"] == "_blank" and a["rel"] == "noopener noreferrer" for a in links)
    text = "".join(doc.text)
    assert HOSTILE_TITLE in text and "<img src=x onerror=alert(3)>" in text
    assert "\x1b" not in page


QUOTED = "it's \"quoted\" & <b>bold</b>"
CSP_META = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
            "img-src data:; base-uri 'none'; form-action 'none'\">")


def test_html_templates_escape_every_field_and_link_only_http() -> None:
    """Markup, quotes and javascript:/data: URLs in any page-derived field stay text; only http(s) becomes an href."""
    tasks = (
        Task("comment", "javascript:alert(7)", "a.example", QUOTED, 10, 1.0, "javascript:alert(8) " + QUOTED,
             page_title="'><svg onload=alert(9)>"),
        Task("comment", "data:text/html,<script>alert(10)</script>", "b.example", "B", 10, 1.0, "why"),
        Task("comment", "HTTPS://ok.example/a'b\"c", "ok.example", "OK", 10, 1.0, "why"),
        Task('"><script>x</script>', "https://k.example/", "k.example", "K", 10, 1.0, "why"),
    )
    plan = Plan(date="2026-11-23", tasks=tasks, budget_minutes=60, niche=QUOTED, notes=(QUOTED,),
                by_kind={"comment": 3, tasks[-1].kind: 1})
    page = render_plan(plan, "html")
    doc = Collect()
    doc.feed(page)
    assert not {"script", "svg", "b", "img"} & {t for t, _ in doc.tags}
    assert not any(k.startswith("on") for _, attrs in doc.tags for k in attrs)
    assert [a["href"] for t, a in doc.tags if t == "a"] == ["HTTPS://ok.example/a'b\"c", "https://k.example/"]
    text = "".join(doc.text)
    assert QUOTED in text and "javascript:alert(8)" in text and "'><svg onload=alert(9)>" in text
    assert "data:text/html,<script>alert(10)</script>" in text
    assert [a["class"] for t, a in doc.tags if t == "li"][-1] == 'task "><script>x</script>'
    assert CSP_META in page


def test_html_results_page_escapes_notes_and_keeps_the_csp() -> None:
    weeks = (Week("2026-W47", "2026-11-16", comments_done=2, posts=1, posts_target=2),)
    page = render_results(Results("2026-11-23", weeks, 2, notes=(QUOTED,)), "html")
    doc = Collect()
    doc.feed(page)
    assert "b" not in [t for t, _ in doc.tags] and QUOTED in "".join(doc.text)
    assert [t for t, _ in doc.tags].count("rect") == 3 and CSP_META in page


def test_autoescape_is_on_for_html_templates() -> None:
    assert callable(ENV.autoescape) and ENV.autoescape("plan.html") is True
    assert str(ENV.from_string("{{ x }}").render(x="<i>")) == "&lt;i&gt;"


def test_the_task_list_partial_can_be_included_by_another_page() -> None:
    """_tasks.html is a macro another page (the Datasette one) imports, adding its own bits to each card."""
    page = ENV.from_string(
        '{% from "_tasks.html" import task_list %}'
        '{% call(card) task_list(cards) %}<button value="{{ card.n }}">done</button>{% endcall %}'
    ).render(cards=task_cards(hostile_plan().tasks))
    doc = Collect()
    doc.feed(page)
    assert [a["value"] for t, a in doc.tags if t == "button"] == ["1", "2", "3"]
    assert [a["id"] for t, a in doc.tags if t == "li"] == ["task-1", "task-2", "task-3"]
    assert "script" not in [t for t, _ in doc.tags] and HOSTILE_TITLE in "".join(doc.text)


def test_every_format_has_a_plan_and_a_results_renderer() -> None:
    assert tuple(PLAN_RENDERERS) == tuple(RESULTS_RENDERERS) == FORMATS == ("text", "md", "html", "csv", "json")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_plan(hostile_plan(), "pdf")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_results(Results("2026-11-23", (), 2), "pdf")


def test_html_is_self_contained() -> None:
    page = render_plan(hostile_plan(), "html")
    doc = Collect()
    doc.feed(page)
    assert not [t for t, a in doc.tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    assert not re.search(r"\b(src|srcset)\s*=", page.split("<main>")[0])
    assert "url(" not in page and "@import" not in page
    metas = {a.get("name") or a.get("http-equiv"): a.get("content") for t, a in doc.tags if t == "meta"}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert "default-src 'none'" in (metas["Content-Security-Policy"] or "")


def test_markdown_escapes_page_text() -> None:
    md = render_md(hostile_plan())
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md
    assert "\\*\\*bold\\*\\*" in md and "\\[x\\](javascript:alert(4))" in md
    assert "[Guest &amp; Co](<https://g.example/write-for-us/>)" in md
    assert "(<https://evil.example/p?q=%22%3E%3Cscript%3Ealert%285%29%3C/script%3E>)" in md
    assert not re.search(r"(?<!\\)\]\(<?javascript:", md)  # no live javascript: link
    assert md.startswith("# Plan for 2026-11-23")
    assert "- [ ] **pitch** (30 min)" in md


@pytest.mark.parametrize("text", ["a|b", "*x*", "_y_", "`z`", "[l](u)", "![i](u)", "<t>", "a & b", "~~s~~"])
def test_md_escape_round_trip_has_no_raw_markup(text: str) -> None:
    escaped = md_escape(text)
    assert not re.search(r"(?<!\\)[|*_`\[\]<>~]", escaped.replace("&lt;", "").replace("&gt;", ""))


def test_text_output_is_clean_of_terminal_escapes() -> None:
    plain = render_plan(hostile_plan(), "text")
    rich = render_plan(hostile_plan(), "text", terminal=True, width=100)
    for out in (plain, rich):
        assert "\x1b[31m" not in out  # the title's own escape sequence is gone (rich's styles use no red)
        assert "Plan for 2026-11-23" in out
    assert "\x1b[" in rich  # a terminal gets colour
    assert "\x1b" not in plain
    assert "1. pitch" in plain and "https://g.example/write-for-us/" in plain
    assert "Note: a <note>" in plain


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"),
        ("plain", "plain"), ("a=b", "a=b"), ("", ""), (-5, -5), (3.5, 3.5), (None, None),
    ],
)
def test_csv_cells_are_neutralised(cell: object, safe: object) -> None:
    assert neutralise(cell) == safe


def test_csv_plan_is_parseable_with_a_header_and_safe_cells() -> None:
    text = render_plan(hostile_plan(), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["kind"] for r in rows] == ["guest_post", "comment", "comment"]
    assert rows[1]["title"].startswith("'=HYPERLINK")
    assert rows[1]["blog"] == HOSTILE_TITLE
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())
    assert text.startswith("date,position,kind,action,minutes,blog,title,url,domain,value,why,status\r\n")


def test_write_csv_round_trips_unicode() -> None:
    text = write_csv(("a", "b"), [{"a": "Brot & Brötchen — 日本", "b": 1}])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["Brot & Brötchen — 日本", "1"]]


def test_json_plan() -> None:
    data = json.loads(render_plan(hostile_plan(), "json"))
    assert data["tasks"][1]["title"] == HOSTILE_TITLE
    assert data["tasks"][0]["label"] == "pitch" and data["tasks"][0]["action"] == "Pitch a guest post"
    assert data["minutes"] == 50 and data["notes"] == ["a <note>"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_handles_an_empty_database(fmt: str) -> None:
    out = render_plan(Plan(date="2026-11-23", tasks=(), budget_minutes=180, empty_db=True), fmt)
    if fmt in ("text", "md", "html"):
        assert "linktrail crawl" in out
    else:
        assert out.strip()


def test_clean_collapses_controls() -> None:
    assert clean("a\x1b[2Jb\n\tc\u202ed") == "a [2Jb c d"


LONG_URL = "https://a-rather-long-blog-name.example/2026/11/23/a-post-with-a-very-long-slug-about-sourdough-starters/"


@pytest.mark.parametrize("width", [50, 80, 120, 200, 260])
def test_terminal_table_prints_urls_and_addresses_whole(width: int) -> None:
    """A URL or an e-mail address is never cut across lines nor shortened: a person copies it from the terminal."""
    plan = Plan(date="2026-11-23", budget_minutes=60, by_kind={"comment": 1, "guest_post": 1}, tasks=(
        Task("comment", LONG_URL, "a-rather-long-blog-name.example", "A rather long blog name", 10, 60.0,
             "form open, post 3 days old"),
        Task("guest_post", "https://g.example/write-for-us/", "g.example", "G", 30, 80.0,
             "submissions.editor.team@a-rather-long-blog-name.example found on the contact page"),
    ))
    out = render_plan(plan, "text", terminal=True, width=width)
    lines = out.splitlines()
    for whole in (LONG_URL, "https://g.example/write-for-us/",
                  "submissions.editor.team@a-rather-long-blog-name.example"):
        assert any(whole in line for line in lines), (whole, out)
    assert "…" not in out
