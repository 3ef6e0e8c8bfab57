"""Where the parts of a page are: the article, what inside it is not the article, its title, the site's name."""

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
# The post's title, most specific first.
TITLE_SELECTORS = (
    "article h1.entry-title", "h1.entry-title", "h1.post-title", "h3.post-title", "h2.post-title",
    "h1.article-title", "h1.gh-article-title", "h1.page-title", "article h1", "main h1",
    "h1[itemprop=headline]", "[itemprop=headline]",
)
# Elements that hold the site's (not the post's) name.
SITE_NAME_SELECTOR = (
    "a[rel=home], .site-title, #site-title, .blog-title, #blog-title, .site-name, #logo, "
    "#header h1 a, .header h1 a"
)
