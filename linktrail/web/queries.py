"""The canned queries `linktrail serve` shows, with their titles: data for Datasette's metadata, not code."""

from __future__ import annotations

from typing import Any

from crawler.config import Config
from pipelines.store import AS_OF

# A post counts as fresh when its newest comment, or else the post itself, is this recent.
FRESH_DAYS = 180

# Statuses that mean a step was reached (as linktrail.results counts them: a live comment was done).
_DONE = "('done', 'replied', 'accepted', 'rejected', 'live')"
_REPLIED = "('replied', 'accepted', 'rejected', 'live')"
_ACCEPTED = "('accepted', 'live')"


def comment_targets_sql() -> str:
    """Open comment opportunities with a website field and a fresh conversation, by value.

    The view already holds the plan's gates (open form, on niche, not yours, the post's age, the
    blog's silence, the minimum value), as the last `report`, `export`, `crawl` or `serve` set them;
    "recent" is counted back from the same day as those gates (gates.as_of, linktrail's clock), not
    from SQLite's.
    """
    return f"""select v.value, v.url, v.title, v.site, v.relevance, v.comment_system, v.commenter_rel,
  v.newest_comment, v.published, v.value_reasons
from open_comment_opportunities v join pages p on p.url = v.url join gates g on g.id = 1
where p.website_field = 1
  and coalesce(v.newest_comment, v.published, '') >= date({AS_OF}, '-{FRESH_DAYS} days')
order by v.value desc, v.url"""


# Guest-post pages from the view, which already holds the plan's gates (accepting, on niche, not yours).
GUEST_POST_SQL = """select g.value, g.site, g.url, g.title, g.submit_email, g.guidelines_url, p.contacts,
  p.guest_post_confidence, p.value_reasons
from guest_post_sites g join pages p on p.url = g.url
order by g.value desc, g.url"""


LOST_SQL = """select b.status, b.source_url, b.target_url, b.expected_anchor, b.last_checked, b.misses,
  c.http_status, c.final_url, c.rel, c.anchor, c.error
from backlinks b left join backlink_checks c on c.backlink_id = b.id and c.checked_at = b.last_checked
where b.status in ('lost', 'wrong_target')
order by b.last_checked desc, b.id"""

# Each URL counts once per step, in the week it first reached it (as `linktrail report --results`).
RESULTS_SQL = f"""with stages as (
  select kind, url, 'planned' as stage, min(date) as d
    from (select kind, url, date from plans union all select kind, url, date from outreach where status = 'planned')
    group by kind, url
  union all select kind, url, 'done', min(date) from outreach where status in {_DONE} group by kind, url
  union all select kind, url, 'replied', min(date) from outreach where status in {_REPLIED} group by kind, url
  union all select kind, url, 'accepted', min(date) from outreach where status in {_ACCEPTED} group by kind, url
  union all select kind, url, 'live', min(date) from outreach where status = 'live' group by kind, url
), weeks as (
  select date(d, '-' || ((cast(strftime('%w', d) as integer) + 6) % 7) || ' days') as week_start, kind, stage
  from stages where d is not null
)
select week_start,
  sum(kind = 'comment' and stage = 'planned') as comments_planned,
  sum(kind = 'comment' and stage = 'done') as comments_done,
  sum(kind = 'comment' and stage = 'live') as comments_live,
  sum(kind = 'guest_post' and stage = 'planned') as pitches_planned,
  sum(kind = 'guest_post' and stage = 'done') as pitches_sent,
  sum(kind = 'guest_post' and stage = 'replied') as pitches_replied,
  sum(kind = 'guest_post' and stage = 'accepted') as pitches_accepted,
  sum(kind = 'guest_post' and stage = 'live') as pitches_live
from weeks group by week_start order by week_start desc"""

SITES_SQL = """select s.domain, s.name, s.relevance, s.status, s.pages_crawled,
  (select max(substr(p.published, 1, 10)) from pages p where p.site = s.domain) as last_post,
  (select count(*) from pages p where p.site = s.domain and p.opportunity = 'comment') as comment_targets,
  (select count(*) from pages p where p.site = s.domain and p.opportunity = 'guest_post') as guest_post_pages,
  s.contact_email, s.home_url
from sites s
order by coalesce(s.relevance, 0) desc, s.domain"""

SITE_PAGES_SQL = """select url, title, published, opportunity, value, comment_state, website_field, relevance,
  value_reasons
from pages where site = :site
order by coalesce(value, 0) desc, url"""


def canned_queries(config: Config) -> dict[str, dict[str, Any]]:
    """Datasette canned queries (name -> sql, title, description) for this config's niche and site."""
    threshold = config.niche.threshold
    return {
        "comment_targets": {
            "title": "Open comment opportunities, by value",
            "description": (f"On niche (relevance >= {threshold}), comment form open now with a website field, "
                            f"a comment or post in the last {FRESH_DAYS} days, not on your own site; "
                            "value_reasons says where the value comes from."),
            "sql": comment_targets_sql(),
        },
        "guest_post_targets": {
            "title": "Guest-post sites, with contacts",
            "description": "Pages inviting guest posts on on-niche sites that still accept them, and whom to write to.",
            "sql": GUEST_POST_SQL,
        },
        "lost_backlinks": {
            "title": "Lost and wrong-target backlinks",
            "description": "Backlinks whose last checks no longer found your link, or found it pointing elsewhere.",
            "sql": LOST_SQL,
        },
        "results_per_week": {
            "title": "Results per week",
            "description": ("Per week (starting Monday): comments planned, done, live; pitches planned, sent, "
                            "replied, accepted, live. Each target counts once per step."),
            "sql": RESULTS_SQL,
        },
        "sites_by_relevance": {
            "title": "Sites by relevance, with their last post date",
            "description": "Every site found, most on-niche first.",
            "sql": SITES_SQL,
        },
        "site_pages": {
            "title": "A site's pages",
            "description": "Every stored page of one site (its domain, as in the sites table), by value.",
            "sql": SITE_PAGES_SQL,
        },
    }
