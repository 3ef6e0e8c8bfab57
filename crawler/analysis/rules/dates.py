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
# The elements a theme puts a post's date in (WordPress .entry-meta/.posted-on, Blogger h2.date-header,
# hAtom abbr.published, Ghost/Hugo/Jekyll .post-meta, news sites' .byline, ...): any element whose
# class or id names a date, a byline or post meta (dates.byline_dates).
BYLINE_SELECTOR = (
    "[class*=date], [id*=date], [class*=Date], [class*=posted], [class*=byline], [class*=publish], "
    "[class*=meta], [id*=meta], [class*=time], [itemprop*=date], [class*=datum], [class*=fecha]"
)
