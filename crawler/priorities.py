"""How the frontier weighs a URL and caps a site: base priorities by kind, bonuses, per-site caps."""

from __future__ import annotations

import math
import re
from datetime import date
from urllib.parse import urlsplit

from crawler.niche import NicheProfile

# Base priority by how a URL was found. Links to new sites through blogrolls and commenters'
# names are the best discovery signals; navigation is the weakest. A "post" is an entry of a
# site's feed or sitemap: above the site's other links, so its newest posts come before its archive.
KIND_PRIORITY = {
    "seed": 1000, "home": 400, "blogroll": 300, "commenter": 280, "feed": 500, "robots": 480,
    "sitemap": 480, "content": 140, "probe": 260, "nav": 60, "carried": 250,
    "recheck": 240, "revisit": 90, "post": 360,
}
# A new site's home page starts from how it was found: a blogroll names a blog on purpose, a
# commenter's website is often a shop, a profile or gone, so it starts low and rises on merit.
HOME_PRIORITY = {"blogroll": 400, "commenter": 200, "content": 300, "carried": 300}
# Each further on-niche page linking to a site not yet fetched raises its home page (up to MAX_VOTES).
VOTE_WEIGHT = 60
MAX_VOTES = 5
# A host or path that says "blog" (blog.example, example.blog, /blog/) looks like a blog.
BLOG_URL = re.compile(r"(^|[.-])blog(s|ger|spot)?([.-]|$)|^/blog", re.IGNORECASE)
BLOG_URL_BONUS = 60
NEW_SITE_BONUS = 100
NICHE_LINK_WEIGHT = 200
RELEVANCE_WEIGHT = 150
SITE_DEPTH_PENALTY = 25
# Longer URLs are refused, as Scrapy's UrlLengthMiddleware would (URLLENGTH_LIMIT); the frontier
# checks before a Request is built, so the crawl runs without that middleware.
MAX_URL_LENGTH = 2083
# Once a page of a site has been read, every pending URL of that site moves by this much per
# unit of relevance above or below the niche threshold: on-niche sites rise, off-niche sink.
SITE_RELEVANCE_WEIGHT = 400
# A site whose pages read so far are all off-niche gets no more than this many pages a run
# (LINKTRAIL_OFF_NICHE_PAGES; 1, the default: its home page, then nothing, so a commenter's shop costs one page;
# 0: no cap, such sites only sink and are read when the budget has room).
OFF_NICHE_PAGES = 1
# Entries of a feed or sitemap come newest first; each later one loses a little.
RANK_PENALTY = 2
# A dated post (a feed's pubDate, a sitemap's lastmod) loses AGE_PENALTY * log2(1 + days old) instead,
# whichever source gave the date, so a site's feed and sitemap merge into one newest-first order: a day
# apart matters for this week's posts, weeks apart for last season's; a 180-day-old post loses 22, no
# more than the 11th entry of a list does, so a blog's newest posts stay ahead of its archive's links.
AGE_PENALTY = 3
# A post older than the plan's age gate (LINKTRAIL_MAX_POST_AGE_DAYS, the plan's max_post_age_days) is no
# comment target: it waits below every other pending URL, fetched only when nothing better is left.
STALE_POST_PRIORITY = -10_000
# Feeds, sitemaps (a robots.txt's Sitemap: lines included) fetched per site and run: they cost no
# page of the budget, so they have caps of their own (LINKTRAIL_MAX_FEEDS_PER_SITE, ..._SITEMAPS_...).
HUB_KINDS = frozenset({"feed", "sitemap", "robots"})
MAX_FEEDS_PER_SITE = 2
MAX_SITEMAPS_PER_SITE = 3

# Pages worth a visit on any relevant site: where guest posts and contacts are.
OUTREACH_SLUG = re.compile(
    r"/(write-for-us|guest-post|guest-posts|guest-blogging|contribute|submissions?|"
    r"become-a-contributor|contact|contact-us|about)(/|\.html?)?$",
    re.IGNORECASE,
)
OUTREACH_BONUS = 150

# Slugs probed on relevant sites that link to no guest-post page of their own.
PROBE_SLUGS = ("write-for-us/", "contact/")


def link_priority(profile: NicheProfile, url: str, anchor: str, kind: str, *, new_site: bool,
                  page_relevance: float | None, site_depth: int) -> int:
    """Best first: niche words in anchor and URL, the linking page's relevance, the link's kind.

    A post (a feed's or sitemap's entry) is ordered by its place in the date order, not by its words.
    """
    score = KIND_PRIORITY.get(kind, 100)
    if kind != "post":
        score += int(NICHE_LINK_WEIGHT * profile.link_score(anchor, url))
    if page_relevance is not None:
        score += int(RELEVANCE_WEIGHT * page_relevance)
    if new_site:
        score += NEW_SITE_BONUS
        parts = urlsplit(url)
        if BLOG_URL.search(parts.hostname or "") or BLOG_URL.search(parts.path):
            score += BLOG_URL_BONUS
    if OUTREACH_SLUG.search(urlsplit(url).path) and (page_relevance or 0) >= profile.threshold:
        score += OUTREACH_BONUS
    return score - SITE_DEPTH_PENALTY * site_depth


def entry_penalty(kind: str, published: date | None, rank: int, today: date, max_age_days: int | None) -> int | None:
    """What an entry of a feed, sitemap or blogroll loses for its place (``rank``), or a dated post for its age;
    None when the post is past the age gate (older than ``max_age_days``, when given)."""
    if kind != "post" or published is None:
        return RANK_PENALTY * rank
    age = max((today - published).days, 0)
    if max_age_days is not None and age > max_age_days:
        return None
    return round(AGE_PENALTY * math.log2(1 + age))
