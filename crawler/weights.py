"""Default points per opportunity rule: the defaults of `[weights]` in linktrail.toml."""

from __future__ import annotations

# Default points per rule; `[weights]` in linktrail.toml (LINKTRAIL_WEIGHTS) overrides any of them.
WEIGHTS: dict[str, float] = {
    # Comment system and state: an open form on the blog itself is best; a third-party form, an
    # account or an embed costs time and often drops the link.
    "open_form": 40, "third_party_form": 25, "login_required": 5, "embed": 8,
    "website_field": 25, "no_website_field": -40, "captcha": -8, "autoclose": 0,
    # Freshness and activity: a recent post, a recent comment, a conversation going on.
    "fresh_post": 15, "stale_post": -20, "recent_comment": 10, "old_comments": -5, "active_comments": 5,
    # Quality: spam among the comments, a page full of outbound links, rel on commenter links.
    "spammy_comments": -15, "many_outbound_links": -10, "dofollow": 5,
    # The site: alive and posting, or quiet, or parked.
    "site_posting": 10, "site_quiet": -15, "parked": -100,
    # Guest posts: a page inviting them, a way to pitch, or a "no longer accepting" notice.
    "guest_page": 45, "guest_contact": 15, "guest_no_contact": -10, "guest_declined": -100,
    # How well the page speaks of the niche, times its relevance in [0, 1].
    "relevance": 30,
}
