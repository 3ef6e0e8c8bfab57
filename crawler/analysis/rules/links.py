"""Link rules: navigation and blogroll containers, XFN, skipped schemes and files, feed and sitemap URLs."""

from __future__ import annotations

import re

# Links
# Containers of navigation; every link inside one is a "nav" link. (Selecting containers and
# then their links is several times faster in lexbor than "nav a, header a, ...".)
NAV_CONTAINERS = (
    "nav, header, footer, [role=navigation], [role=banner], [role=contentinfo], .menu, .nav, "
    ".navbar, .navigation, #nav, #menu, .breadcrumb, .breadcrumbs, #header, #footer, "
    ".site-header, .site-footer, .pagination, .nav-links, aside, .sidebar, #sidebar, "
    ".widget-area, .widget, map"
)

# Containers of a blogroll: WordPress's Links widget, Blogger's Blog List gadget, "friends".
BLOGROLL_CONTAINERS = (
    ".widget_links, .blogroll, #blogroll, [class*='blogroll' i], [id*='blogroll' i], .linkcat, "
    ".BlogList, [class*='blog-list' i], [class*='bloglist' i], [class*='friends' i], "
    "[id*='friends' i]"
)
# XFN rel values (https://gmpg.org/xfn/): a link that names a relation to a person.
XFN_TOKENS = frozenset({
    "friend", "acquaintance", "contact", "met", "co-worker", "colleague", "co-resident",
    "neighbor", "child", "parent", "sibling", "spouse", "kin", "muse", "crush", "date",
    "sweetheart",
})

# A heading that introduces a list of other blogs; the links after it (up to the next heading)
# are a blogroll. Exact matches for single words, contains-matches for phrases.
BLOGROLL_HEADING = re.compile(
    r"^\s*(links|friends|blogroll|blog ?roll|liens|freunde|enlaces|amigos|blogrolle|linkliste)\s*:?\s*$|"
    r"\bblogroll\b|\bblogs? (i|we) (read|follow|love|like|enjoy)\b|\b(my )?favou?rite blogs\b|"
    r"\bother blogs\b|\bblog ?list\b|\bfriends'? blogs\b|\bblogs (of|by) friends\b|"
    r"\bblogs que (leo|sigo|me gustan)\b|\bblogs amis\b|\bblogs? (à|a) lire\b|\blieblingsblogs\b|"
    r"\bblogs,? die ich lese\b|\bempfohlene blogs\b|\brecommended blogs\b",
    re.IGNORECASE,
)
HEADING_ELEMENTS = ("h2", "h3", "h4")
HEADING_CLASSES = ".widget-title, .widgettitle, .sidebar-title"
HEADING_SELECTOR = ", ".join((*HEADING_ELEMENTS, HEADING_CLASSES))

BINARY_EXTENSIONS = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "tif", "tiff", "ico", "svg", "heic",
    "pdf", "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "dmg", "iso", "exe", "msi",
    "apk", "deb", "rpm", "bin", "mp3", "mp4", "m4a", "m4v", "mov", "avi", "wmv", "flv", "mkv",
    "webm", "ogg", "oga", "ogv", "wav", "flac", "aac", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "odt", "ods", "odp", "rtf", "epub", "mobi", "psd", "ai", "eps", "woff", "woff2",
    "ttf", "otf", "eot", "swf", "jar", "torrent", "csv",
})

SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "callto:", "skype:",
                   "whatsapp:", "ftp:", "file:", "about:", "blob:", "intent:", "market:")

FEED_URL = re.compile(
    r"(/feed/?|/feed/(rss2?|atom|rdf)/?|/rss/?|/atom/?|\.rss|\.atom|/atom\.xml|/rss\.xml|"
    r"/feed\.xml|/index\.xml|/feeds/posts/default(\?alt=rss)?)$",
    re.IGNORECASE,
)
SITEMAP_URL = re.compile(r"/[^/?#]*sitemap[^/?#]*\.xml(\.gz)?$", re.IGNORECASE)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
              "application/rdf+xml")
