"""Where the parts of a page are: the article, and what inside it is not the article."""

from __future__ import annotations

# Where the article is, most specific first.
MAIN_SELECTORS = (
    ".entry-content", ".post-content", ".post-body", ".article-content", ".article-body",
    ".gh-content", ".post-full-content", ".single-post-content", ".td-post-content",
    "[itemprop=articleBody]", ".node__content", ".field--name-body", ".blog-post-body",
    "article", "main", "[role=main]", "#content", "#main", ".content",
)
# Parts of a main candidate that are not the article.
NOT_MAIN = (
    "svg, nav, aside, footer, form, iframe, "
    "#comments, #respond, .comments-area, .comment-respond, .comments, #disqus_thread, "
    ".sharedaddy, .jp-relatedposts, .related-posts, .post-navigation, .nav-links, "
    ".widget, .sidebar, #sidebar, .author-box, .comment-list"
)
