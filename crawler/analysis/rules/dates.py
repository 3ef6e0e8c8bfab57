"""Post dates: the elements that show when a post was published or last modified."""

from __future__ import annotations

# Read where the page's metadata names no date: the first five elements each selects, in page order.
PUBLISHED_TIME = (
    "article time.published[datetime], article time.entry-date[datetime], "
    "time.published[datetime], time.entry-date[datetime], time[itemprop=datePublished], "
    "[itemprop=datePublished][datetime], time[pubdate], .published[title], abbr.published[title], "
    "article time[datetime], .post time[datetime], .post-meta time[datetime], "
    "main time[datetime], .date-header span, h2.date-header"
)
MODIFIED_TIME = "time.updated[datetime], time[itemprop=dateModified], [itemprop=dateModified][datetime]"
