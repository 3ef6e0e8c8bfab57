"""RelevancePipeline: how well a page speaks of the user's niche, in [0, 1], with reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.items import PageItem
from crawler.niche import NicheProfile

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def profile_from_settings(settings: Any) -> NicheProfile:
    """The niche profile the CLI put into the Scrapy settings."""
    return NicheProfile.from_keywords(
        settings.getlist("LINKTRAIL_NICHE_KEYWORDS"),
        settings.getlist("LINKTRAIL_NICHE_NEGATIVE"),
        name=settings.get("LINKTRAIL_NICHE_NAME", ""),
        threshold=settings.getfloat("LINKTRAIL_NICHE_THRESHOLD", 0.25),
    )


class RelevancePipeline:
    """Score each page's title and main text against the niche profile."""

    def __init__(self, profile: NicheProfile) -> None:
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        return cls(profile_from_settings(crawler.settings))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            post = item.facts.post
            item.relevance, item.relevance_reasons = self.profile.score(post.title, post.text)
        return item
