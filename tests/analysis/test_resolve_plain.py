"""Plain relative links join without urljoin, to the very URL urljoin gives, on every href of the saved pages."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from crawler.analysis.links import directory_of, origin_of, resolve

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BASES = [
    "https://www.bfs.de/SharedDocs/Pressemitteilungen/BfS/DE/2022/001.html",
    "http://example.org", "http://example.org/", "http://example.org?x=1", "http://example.org/a/b/",
    "http://example.org/a/b?q=1#f", "https://example.org:8443/a//b/c", "http://example.org/a/./b",
    "http://example.org/a/../b/c", "http://example.org/a;p/b;q", "http://user@example.org/a/b", "HTTP://Example.org/a",
    "http://example.org/%7Euser/x y", "http://[::1]:8080/a/b", "http://example.org/a\\b/c",
]
TRICKY = ["page.html", "a/b/c", "a/b/", "a//b", "a/./b", "a/../b", "a/.", "a/..", "a/.#x", "./a", "../a", ".hidden",
          "a?", "a?#x", "a?q=1", "a?q=1#f", "a#", "a#f", "a;p", "a;p/b", "mailto:x@y", "javascript:void(0)",
          "foo:bar", "a/b:c", "a b", "a\tb", "a\\b", "%7Eu/x", "ünï/cödé", "-", "_x", "~u", "a?q=a:b", "a?q=//x",
          "a?q=/../", "//host/x", "?q=1", "#top", "", "data:x", "a/b.pdf", "a/b.PDF?x=1"]


def saved_hrefs() -> list[str]:
    texts = [p.read_text() for folder in ("pages", "wordpress") for p in (FIXTURES / folder).glob("*.html")]
    texts += [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in (FIXTURES / "corpus").glob("*.html.gz")]
    return sorted({m for t in texts for m in re.findall(r"""href\s*=\s*["']([^"']*)["']""", t)})


@pytest.mark.parametrize("base", BASES)
def test_resolve_with_the_directory_is_resolve_with_urljoin(base: str) -> None:
    origin = origin_of(base)
    directory = directory_of(base, origin)
    hrefs = saved_hrefs() + TRICKY
    assert len(hrefs) > 5000
    for href in hrefs:
        assert resolve(base, href, origin, directory) == resolve(base, href), (base, href)


def test_the_directory_is_only_for_bases_urljoin_does_not_rewrite() -> None:
    assert [directory_of(b, origin_of(b)) for b in BASES] == [
        "https://www.bfs.de/SharedDocs/Pressemitteilungen/BfS/DE/2022/",
        "http://example.org/", "http://example.org/", "http://example.org/", "http://example.org/a/b/",
        "http://example.org/a/", "", "", "", "", "http://user@example.org/a/", "", "", "http://[::1]:8080/a/", "",
    ]
    assert resolve(BASES[0], "001.html?nn=1", origin_of(BASES[0]), directory_of(BASES[0], origin_of(BASES[0]))) == \
        "https://www.bfs.de/SharedDocs/Pressemitteilungen/BfS/DE/2022/001.html?nn=1"
