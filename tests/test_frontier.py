"""The best-first frontier: caps per site and per run, and the order of priorities."""

from __future__ import annotations

from crawler.frontier import Frontier
from crawler.niche import NicheProfile

PROFILE = NicheProfile.from_keywords(["sourdough", "starter"])


def test_seen_urls_are_refused_without_counting() -> None:
    f = Frontier(PROFILE)
    assert f.admit("http://a.example/", "a.example", 0) is None
    assert f.admit("http://a.example/", "a.example", 0) == "seen"
    assert f.admitted == 1


def test_caps() -> None:
    f = Frontier(PROFILE, max_pages=5, max_pages_per_site=2, max_depth=1, max_new_sites=2)
    assert f.admit("http://a.example/1", "a.example", 0, seed=True) is None
    assert f.admit("http://a.example/2", "a.example", 1) is None
    assert f.admit("http://a.example/3", "a.example", 1) == "max_pages_per_site"
    assert f.admit("http://b.example/1", "b.example", 2) == "max_depth"
    assert f.admit("http://b.example/2", "b.example", 0) is None
    assert f.admit("http://c.example/", "c.example", 0) is None
    assert f.admit("http://d.example/", "d.example", 0) == "max_new_sites"
    assert f.admit("http://c.example/2", "c.example", 1) is None
    assert f.admit("http://b.example/3", "b.example", 1) == "max_pages"
    assert f.refused == {"max_pages_per_site": 1, "max_depth": 1, "max_new_sites": 1, "max_pages": 1}


def test_priorities_prefer_discovery_links_and_niche_words() -> None:
    f = Frontier(PROFILE)

    def p(url: str, anchor: str, kind: str, new: bool = False, rel: float | None = 0.5, depth: int = 1) -> int:
        return f.priority(url, anchor, kind, new_site=new, page_relevance=rel, site_depth=depth)

    assert p("http://b.example/", "Bread Bob", "blogroll", new=True) > p("http://a.example/x", "x", "content")
    assert p("http://b.example/", "Bob", "commenter", new=True) > p("http://a.example/about", "About", "nav")
    assert p("http://a.example/sourdough-starter/", "x", "content") > p("http://a.example/kittens/", "x", "content")
    assert p("http://a.example/x", "x", "content", rel=0.9) > p("http://a.example/x", "x", "content", rel=0.1)
    assert p("http://a.example/x", "x", "content", depth=1) > p("http://a.example/x", "x", "content", depth=3)
    # Guest-post and contact pages go first, on relevant sites only.
    assert p("http://a.example/write-for-us/", "Write", "nav") > p("http://a.example/x/", "x", "content")
    assert p("http://a.example/write-for-us/", "Write", "nav", rel=0.0) < p("http://a.example/x/", "x", "content", rel=0.0)
