"""Parked domains, hosting default pages and soft 404s."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse

from .pages import TODAY, URLS, facts, wordpress_truth

# name, parked, default_page, soft_404, rule
HEALTH_CASES = [
    ("parked-godaddy-lander.html", True, False, False, "parked:godaddy_lander"),
    ("nginx-default-page.html", False, True, False, "default:nginx"),
    ("wordpress-soft-404.html", False, False, True, "soft404:body_class"),
    ("wordpress-soft-404.html", False, False, True, "soft404:page_not_found"),
]
HEALTHY = sorted(set(URLS) - {row[0] for row in HEALTH_CASES}) + sorted(wordpress_truth())


@pytest.mark.parametrize(("name", "parked", "default_page", "soft_404", "rule"), HEALTH_CASES)
def test_health(name: str, parked: bool, default_page: bool, soft_404: bool, rule: str) -> None:
    h = facts(name).health
    assert (h.parked, h.default_page, h.soft_404, rule in h.rules) == (parked, default_page, soft_404, True)


@pytest.mark.parametrize("name", HEALTHY)
def test_real_pages_are_healthy(name: str) -> None:
    h = facts(name).health
    assert (h.parked, h.default_page, h.soft_404) == (False, False, False), h.rules


@pytest.mark.parametrize(("page", "parked", "default_page", "soft_404"), [
    ("<html><head><title>example.com</title></head><body><p>This domain may be for sale!</p>"
     "<a href='https://www.afternic.com/forsale/example.com'>Buy</a></body></html>", True, False, False),
    ("<html><head><script src='https://www.google.com/adsense/domains/caf.js'></script></head>"
     "<body><div id='relatedsearches'></div></body></html>", True, False, False),
    ("<html><head><title>Apache2 Ubuntu Default Page: It works</title></head><body><h1>It works!</h1></body></html>",
     False, True, False),
    ("<html><head><title>Nothing Found - My Blog</title></head><body><h1>Nothing Found</h1></body></html>",
     False, False, True),
    ("<html><head><title>Seite nicht gefunden – Blog</title></head><body><h1>Hoppla!</h1></body></html>",
     False, False, True),
    # an article about 404 errors, or about buying domains, is neither
    ("<html><head><title>How I fixed 404 not found errors in nginx</title></head><body><article><p>"
     + "Text. " * 900 + "This domain may be for sale, said the page.</p></article></body></html>", False, False, False),
])
def test_health_snippets(page: str, parked: bool, default_page: bool, soft_404: bool) -> None:
    h = analyse("https://blog.example/", page, today=TODAY).health
    assert (h.parked, h.default_page, h.soft_404) == (parked, default_page, soft_404)


@pytest.mark.parametrize(
    ("body", "soft_404"),
    [
        ('<body class="archive error404 wp-theme-x"><h1>Hello</h1>', True),
        ('<body class="page-404">', True),
        ('<body class="single"><div class="error404">an old class name in a widget</div>', False),
        ("<body>", False),
    ],
)
def test_a_404_class_on_body_only_makes_a_soft_404(body: str, soft_404: bool) -> None:
    page = f"<!doctype html><html><head><title>Sourdough notes</title></head>{body}<p>text</p></body></html>"
    assert analyse("https://bakes.example/some/page/", page).health.soft_404 is soft_404
