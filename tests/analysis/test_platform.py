"""Platform detection over saved real pages (one row per page)."""

from __future__ import annotations

import pytest

from crawler.analysis import PLATFORMS, analyse

from .pages import TODAY, URLS, facts, wordpress_truth

PLATFORM_CASES = [
    ("wordpress-open-website-de.html", "wordpress", "generator:wordpress"),
    ("wordpress-open-website-2.html", "wordpress", "generator:wordpress"),
    ("wordpress-open-website-at.html", "wordpress", "asset:wp-content"),  # no generator tag
    ("wordpress-closed-de.html", "wordpress", "generator:wordpress"),
    ("wordpress-closed-with-comments-de.html", "wordpress", "asset:wp-content"),
    ("wordpress-closed-plugin-de.html", "wordpress", "generator:wordpress"),
    ("wordpress-com-closed-de.html", "wordpress", "url:wordpress-com"),
    ("wordpress-com-blogroll-de.html", "wordpress", "url:wordpress-com"),
    ("wordpress-login-required-de.html", "wordpress", "generator:wordpress"),
    ("wordpress-jetpack-comments.html", "wordpress", "css:link-api-w-org"),  # generator removed by Yoast
    ("wordpress-disqus.html", "wordpress", "asset:wp-content"),
    ("wordpress-facebook-comments.html", "wordpress", "generator:wordpress"),
    ("wordpress-footer-write-for-us.html", "wordpress", "generator:wordpress"),
    ("wordpress-gastartikel-link-at.html", "wordpress", "generator:wordpress"),
    ("wordpress-write-for-us-wyofile.html", "wordpress", "asset:wp-content"),  # saved by a site mirror, no generator
    ("blogger-comment-iframe.html", "blogger", "generator:blogger"),
    ("blogger-comment-iframe-with-comments.html", "blogger", "url:blogspot"),
    ("blogger-no-comment-form.html", "blogger", "asset:blogger"),
    ("drupal-comment-form.html", "drupal", "generator:drupal"),
    ("drupal-login-required-es.html", "drupal", "generator:drupal"),
    ("drupal-closed-fr.html", "drupal", "generator:drupal"),
    ("ghost-commento.html", "ghost", "generator:ghost"),
    ("medium-post.html", "medium", "url:medium"),
    ("squarespace-post.html", "squarespace", "script:squarespace"),
    ("wix-post.html", "wix", "generator:wix"),
    ("hugo-post.html", "hugo", "generator:hugo"),
    ("hugo-write-for-us-powershellmagazine.html", "hugo", "generator:hugo"),
    ("jekyll-post.html", "jekyll", "generator:jekyll"),
    ("joomla-article.html", "joomla", "generator:joomla"),
    ("spip-article.html", "spip", "generator:spip"),
    ("typo3-article.html", "typo3", "generator:typo3"),
    ("octopress-disqus.html", "unknown", None),  # Octopress names itself nowhere
    ("coral-comments.html", "unknown", None),
    ("vuukle-comments.html", "unknown", None),
    ("utterances-homepage.html", "unknown", None),
    ("write-for-us-thepythonguru.html", "unknown", None),  # a static site that names no generator
    ("nginx-default-page.html", "other", "health:parked_or_default"),  # built by no blog platform
    ("parked-godaddy-lander.html", "other", "health:parked_or_default"),
    ("feedback-form-not-comments.html", "other", None),  # a generator tag naming another CMS
    ("news-own-comment-form-de.html", "other", None),
]


@pytest.mark.parametrize(("name", "platform", "rule"), PLATFORM_CASES)
def test_platform(name: str, platform: str, rule: str | None) -> None:
    result = facts(name)
    assert result.platform == platform
    assert result.platform in PLATFORMS
    if rule is not None:
        assert rule in result.platform_rules


@pytest.mark.parametrize("name", sorted(wordpress_truth()))
def test_real_wordpress_pages_are_wordpress(name: str) -> None:
    assert facts(name).platform == "wordpress"


def test_every_fixture_page_has_a_platform_row() -> None:
    assert {row[0] for row in PLATFORM_CASES} | {
        "advertise-sponsored-only.html", "contribute-google-form.html", "gastbeitrag-de.html",
        "guest-post-guidelines-obfuscated-email.html", "write-for-us-no-longer-accepting.html",
        "wordpress-soft-404.html",
    } == set(URLS)


HEADER_CASES = [
    ({"X-Pingback": "https://blog.example/xmlrpc.php"}, "wordpress", "header:x-pingback"),
    ({"Link": '<https://blog.example/wp-json/>; rel="https://api.w.org/"'}, "wordpress", "header:link-api-w-org"),
    ({"X-Drupal-Cache": "HIT"}, "drupal", "header:x-drupal"),
    ({"X-Ghost-Cache-Status": "HIT"}, "ghost", "header:x-ghost"),
    ({"Server": "Squarespace"}, "squarespace", "header:squarespace"),
    ({"X-Wix-Request-Id": "1700000000.1234"}, "wix", "header:x-wix"),
]


@pytest.mark.parametrize(("headers", "platform", "rule"), HEADER_CASES)
def test_platform_from_headers(headers: dict[str, str], platform: str, rule: str) -> None:
    result = analyse("https://blog.example/post/", b"<html><body><p>Hi</p></body></html>", headers,
                     today=TODAY)
    assert (result.platform, rule in result.platform_rules) == (platform, True)


@pytest.mark.parametrize(("url", "platform"), [
    ("https://someone.substack.com/p/a-post", "substack"),
    ("https://someone.blogspot.com/2024/01/a-post.html", "blogger"),
    ("https://someone.ghost.io/a-post/", "ghost"),
    ("https://someone.wixsite.com/blog/post/a-post", "wix"),
    ("https://medium.com/@someone/a-post-1234", "medium"),
])
def test_platform_from_hosted_url(url: str, platform: str) -> None:
    assert analyse(url, "<html><body><p>Hi</p></body></html>", today=TODAY).platform == platform
