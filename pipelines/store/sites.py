"""A site's name, platform and home URL, decided from all its stored pages (whatever order they were written in)."""

from __future__ import annotations

# Which order the pages of a site reach the writer depends on the crawl (one process or N workers, a nightly's
# turns): what a site is called, runs on and starts at must not. So all three are recomputed from every stored
# page of the site, by rules that read only the pages' rows: the home page (the path "/") decides; else the page
# nearest the home (fewest slashes, ties by URL) for the name and the home URL, the most common known platform for
# the platform (ties by name). A site whose pages are all gone keeps what it had.

# A page whose URL path is "/" (query strings aside: "/?p=3" is a post, not the home).
HOME = "(url like '%/' and length(url) - length(replace(url, '/', '')) = 3)"
NEAREST_HOME = "length(url) - length(replace(url, '/', '')), url"
KNOWN_PLATFORM = "platform is not null and platform != 'unknown'"
_OWN = "site = sites.domain"

# The name a site gives itself on a page (og:site_name, else its header's title; pages.claimed_site_name), from
# the page nearest the home that gives one; else the home page's title; else the domain.
SITE_NAME = (
    f"coalesce((select claimed_site_name from pages where {_OWN} and claimed_site_name != '' "
    f"order by {NEAREST_HOME} limit 1), "
    f"(select title from pages where {_OWN} and {HOME} and title != '' order by url limit 1), "
    f"(select sites.domain from pages where {_OWN} limit 1), name, domain)"
)

# The home page's platform when it knows one; else the one most of the site's pages show; else unknown.
SITE_PLATFORM = (
    f"coalesce((select platform from pages where {_OWN} and {HOME} and {KNOWN_PLATFORM} order by url limit 1), "
    f"(select platform from pages where {_OWN} and {KNOWN_PLATFORM} "
    "group by platform order by count(*) desc, platform limit 1), "
    f"(select 'unknown' from pages where {_OWN} limit 1), platform, 'unknown')"
)

# Where the site starts: its home page; else the page nearest the home (the first written was order-dependent).
SITE_HOME = (
    f"coalesce((select url from pages where {_OWN} and {HOME} order by url limit 1), "
    f"(select url from pages where {_OWN} order by {NEAREST_HOME} limit 1), home_url)"
)

# The set clause that recomputes all three, for an `update sites` (refresh_sites, and the migrations).
SITE_IDENTITY = f"name = {SITE_NAME}, platform = {SITE_PLATFORM}, home_url = {SITE_HOME}"

# Without these, each refresh of a site read every stored page of it four times (~1.2 us a page: 60 ms for 50
# sites of 1,000 pages); with them, the home pages and the nearest named page are a look-up and the platforms
# are counted in an index (1 ms, measured in-process: see the commit that added them). A partial index holds
# only the pages it serves.
SITE_INDEXES = (
    f"create index if not exists idx_pages_site_home on pages (site, url) where {HOME}",
    f"create index if not exists idx_pages_site_named on pages (site, {NEAREST_HOME}) where claimed_site_name != ''",
    "create index if not exists idx_pages_site_platform on pages (site, platform)",
)
