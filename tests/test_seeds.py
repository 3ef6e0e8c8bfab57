"""Seeds at the edge: URLs, seed files with comments and junk, OPML blogrolls."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.seeds import check_seed, collect_seeds, read_seed_lines


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("http://a.example/", "http://a.example/"),
        ("https://a.example/blog?x=1", "https://a.example/blog?x=1"),
        ("a.example/blog", "http://a.example/blog"),
        ("  http://a.example/  ", "http://a.example/"),
        ("ftp://a.example/", None),
        ("not a url", None),
        ("http://", None),
        ("http://a.example:99999/", None),
        ("mailto:x@a.example", None),
        ("", None),
    ],
)
def test_check_seed(text: str, want: str | None) -> None:
    assert check_seed(text) == want


def test_seed_lines_skip_comments_and_report_junk_with_line_numbers() -> None:
    lines = ["# bread blogs", "", "http://a.example/#top", "http://b.example/  # a note", "junk line",
             "\ufeffhttp://c.example/"]
    urls, problems = read_seed_lines(lines, "seeds.txt")
    assert urls == ["http://a.example/#top", "http://b.example/", "http://c.example/"]
    assert [p.where for p in problems] == ["seeds.txt:5"]


def test_collect_reads_files_and_opml_and_deduplicates(tmp_path: Path) -> None:
    txt = tmp_path / "seeds.txt"
    txt.write_text("\ufeffhttp://a.example/\nhttp://a.example/\nnope\n", encoding="utf-8")
    opml = tmp_path / "roll.xml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="x">'
                    '<outline text="B" htmlUrl="http://b.example/" xmlUrl="http://b.example/feed"/>'
                    '<outline text="C" xmlUrl="http://c.example/feed"/>'
                    '<outline text="D" htmlUrl="javascript:alert(1)"/></outline></body></opml>')
    urls, problems = collect_seeds(["http://z.example/", "bad one"], [txt, opml, tmp_path / "missing.txt"])
    assert urls == ["http://z.example/", "http://a.example/", "http://b.example/", "http://c.example/feed"]
    text = [str(p) for p in problems]
    assert any("seed #2" in t for t in text)
    assert any(f"{txt}:3" in t for t in text)
    assert any("javascript" in t for t in text)
    assert any("missing.txt" in t and "cannot read" in t for t in text)
