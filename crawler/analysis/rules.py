"""Signatures as named data: platforms, comment systems, captchas, phrases, footprints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Where a rule looks (see `document.Document.fires`):
#   css        - a CSS selector matches in the parsed tree (or in a given node)
#   generator  - regex on <meta name=generator> contents
#   asset      - regex on the URLs of <script src> and <link href> (the page's own assets)
#   href       - regex on those asset URLs plus the URLs of <a href> and <iframe src>
#   script     - plain substring in an inline <script>
#   header     - regex on the response headers, one "name: value" line each, names lower-cased
#   url        - regex on the page URL
#   html       - regex on the raw HTML (kept rare: it scans the whole page)
#   text       - regex on a text region chosen by the caller (comment area, main text, ...)
#   body_class - class names, space-separated: any of them on <body> (what "body.a, body.b" selects,
#                read from one element instead of a walk of the tree)
# Regexes are written in lower case and matched, case-sensitively, against lower-cased text
# (all but `html`, which reads the raw page as it is). A pattern that starts with a literal
# lets the regex engine skip ahead to it, which is 30-50x faster than re.IGNORECASE or a
# leading \b on a long text: so phrases start with a word, not with \b.
WHERE = ("css", "generator", "asset", "href", "script", "header", "url", "html", "text", "body_class")


@dataclass(frozen=True, slots=True)
class Rule:
    """A named signature: where to look, what to look for, and the verdict when it fires."""

    name: str
    value: str  # the verdict: a platform, a comment system, a captcha, a state, ...
    where: str  # one of WHERE
    pattern: str  # CSS selector, regex or substring, depending on `where`
    weight: int = 1


@cache
def regex(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern once (multi-line; patterns are lower case, see WHERE)."""
    return re.compile(pattern, re.MULTILINE)


def _split_top(pattern: str) -> list[str]:
    """Split a pattern at its top-level "|" (outside groups and character classes)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _expand_lead(branch: str) -> list[str]:
    """"(a|b)c" -> ["ac", "bc"], so that each form starts with a literal."""
    if branch.startswith("(?:"):
        start = 3
    elif branch.startswith("(") and not branch.startswith("(?"):
        start = 1
    else:
        return [branch]
    depth, i, in_class = 1, start, False
    while i < len(branch) and depth:
        char = branch[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        i += 1
    if depth or (i < len(branch) and branch[i] in "?*+{"):
        return [branch]
    rest = branch[i:]
    return [form for alt in _split_top(branch[start:i - 1]) for form in _expand_lead(alt + rest)]


@cache
def fast_forms(pattern: str) -> tuple[re.Pattern[str], ...]:
    """Forms of a pattern that together match what it matches, each led by a literal.

    Python's regex engine scans fast for a pattern that starts with a literal but tries every
    position for "(log|sign) in" or "a|b": 10-30x slower on a long text. So a text rule is
    searched as several literal-led forms; any of them matching means the rule matches.
    """
    forms = [form for branch in _split_top(pattern) for form in _expand_lead(branch)]
    if len(forms) > 40:  # a pattern that would explode: keep it whole
        return (regex(pattern),)
    return tuple(regex(form) for form in forms)


def matches(pattern: str, text: str) -> bool:
    """Does a (lower-case) rule pattern match the (lower-cased) text."""
    return any(form.search(text) is not None for form in fast_forms(pattern))


def phrases(value: str, where: str, table: dict[str, str], weight: int = 1) -> tuple[Rule, ...]:
    """Build rules from a {name: regex} phrase table."""
    return tuple(Rule(name, value, where, pattern, weight) for name, pattern in table.items())


# --------------------------------------------------------------------------------------------
# Platforms. Weights: a generator tag or a hosted-platform URL is near proof; asset paths,
# headers and markup conventions add up. The highest total wins; ties go to table order.
PLATFORM_RULES: tuple[Rule, ...] = (
    # generator meta
    Rule("generator:wordpress", "wordpress", "generator", r"^\s*wordpress", 10),
    Rule("generator:blogger", "blogger", "generator", r"^\s*blogger", 10),
    Rule("generator:ghost", "ghost", "generator", r"^\s*ghost\b", 10),
    Rule("generator:drupal", "drupal", "generator", r"^\s*drupal", 10),
    Rule("generator:joomla", "joomla", "generator", r"^\s*joomla", 10),
    Rule("generator:typo3", "typo3", "generator", r"^\s*typo3", 10),
    Rule("generator:medium", "medium", "generator", r"^\s*medium\b", 10),
    Rule("generator:substack", "substack", "generator", r"^\s*substack", 10),
    Rule("generator:squarespace", "squarespace", "generator", r"squarespace", 10),
    Rule("generator:wix", "wix", "generator", r"^\s*wix\.com", 10),
    Rule("generator:hugo", "hugo", "generator", r"^\s*hugo\b", 10),
    Rule("generator:jekyll", "jekyll", "generator", r"^\s*jekyll\b", 10),
    Rule("generator:spip", "spip", "generator", r"^\s*spip\b", 10),
    # response headers
    Rule("header:x-pingback", "wordpress", "header", r"^x-pingback:", 5),
    Rule("header:link-api-w-org", "wordpress", "header", r"^link:.*rel=\"?https://api\.w\.org/", 5),
    Rule("header:x-drupal", "drupal", "header", r"^(x-drupal-[a-z-]+:|x-generator: *drupal)", 5),
    Rule("header:x-ghost", "ghost", "header", r"^(x-ghost-[a-z-]+:|x-powered-by: *ghost)", 5),
    Rule("header:x-wix", "wix", "header", r"^x-wix-[a-z-]+:", 5),
    Rule("header:squarespace", "squarespace", "header", r"^(server: *squarespace|x-servedby:.*squarespace)", 5),
    Rule("header:substack", "substack", "header", r"^x-(substack|sub)-[a-z-]+:", 5),
    Rule("header:medium", "medium", "header", r"^x-(obvious|medium)-[a-z-]+:", 5),
    Rule("header:typo3", "typo3", "header", r"^x-typo3-[a-z-]+:", 5),
    Rule("header:joomla", "joomla", "header", r"^x-content-encoded-by: *joomla", 5),
    # hosted platforms by URL
    Rule("url:blogspot", "blogger", "url", r"^https?://[^/]+\.blogspot\.[a-z.]+(:\d+)?/", 6),
    Rule("url:wordpress-com", "wordpress", "url", r"^https?://[^/]+\.wordpress\.com(:\d+)?/", 6),
    Rule("url:medium", "medium", "url", r"^https?://([^/]+\.)?medium\.com(:\d+)?/", 6),
    Rule("url:substack", "substack", "url", r"^https?://[^/]+\.substack\.com(:\d+)?/", 6),
    Rule("url:ghost-io", "ghost", "url", r"^https?://[^/]+\.ghost\.io(:\d+)?/", 6),
    Rule("url:wixsite", "wix", "url", r"^https?://[^/]+\.wixsite\.com(:\d+)?/", 6),
    Rule("url:squarespace", "squarespace", "url", r"^https?://[^/]+\.squarespace\.com(:\d+)?/", 6),
    Rule("url:spip", "spip", "url", r"/spip\.php\?", 3),
    # asset paths (script src, link href)
    Rule("asset:wp-content", "wordpress", "asset", r"/wp-(content|includes)/", 4),
    Rule("asset:wp-json", "wordpress", "asset", r"/wp-json/", 3),
    Rule("asset:blogger", "blogger", "asset", r"(www\.blogger\.com/(static|dyn-css)|\.blogblog\.com/|blogger\.googleusercontent\.com)", 4),
    Rule("asset:ghost", "ghost", "asset", r"(/public/(ghost|cards)\.min\.(css|js)|/ghost/api/|@tryghost/|/assets/built/)", 4),
    Rule("asset:drupal", "drupal", "asset", r"(/sites/(default|all)/(files|modules|themes)/|/core/(misc|assets)/|/misc/drupal\.js)", 4),
    Rule("asset:joomla", "joomla", "asset", r"(/media/(jui|system|templates)/|/components/com_|/templates/[a-z0-9_-]+/(css|js)/)", 3),
    Rule("asset:typo3", "typo3", "asset", r"/(typo3conf|typo3temp|typo3)/", 4),
    Rule("asset:medium", "medium", "asset", r"(cdn-client\.medium\.com|miro\.medium\.com|glyph\.medium\.com)", 4),
    Rule("asset:substack", "substack", "asset", r"(substackcdn\.com|substack\.com/(embed|api))", 4),
    Rule("asset:squarespace", "squarespace", "asset", r"(squarespace(-cdn)?\.com|sqspcdn\.com)", 4),
    Rule("asset:wix", "wix", "asset", r"(static\.parastorage\.com|static\.wixstatic\.com|wix\.com/)", 4),
    Rule("asset:spip", "spip", "asset", r"(/squelettes(-dist)?/|/local/cache-(css|js)/|/prive/javascript/|spip\.php\?page=)", 4),
    # markup conventions
    Rule("css:link-api-w-org", "wordpress", "css", 'link[rel="https://api.w.org/"]', 5),
    Rule("css:wp-block", "wordpress", "css", '[class*="wp-block-"], [class*="wp-image-"]', 2),
    Rule("css:drupal-settings", "drupal", "css", 'script[data-drupal-selector], [data-drupal-selector], [data-drupal-link-system-path]', 4),
    Rule("css:blogger-widget", "blogger", "css", 'div.widget.Blog, div.blog-posts, [data-blogger-escaped-class]', 3),
    Rule("css:ghost-portal", "ghost", "css", 'script[data-ghost], script[data-key][data-api*="/ghost/api/"]', 4),
    Rule("css:wix", "wix", "css", 'meta[http-equiv="X-Wix-Meta-Site-Id"], #SITE_CONTAINER', 4),
    Rule("css:squarespace", "squarespace", "css", 'body.squarespace-damask, [data-squarespace-cacheversion], .sqs-block', 3),
    Rule("css:substack", "substack", "css", 'meta[property="al:ios:app_name"][content="Substack"], link[href*="substack.com"]', 3),
    Rule("css:medium", "medium", "css", 'meta[property="al:ios:app_name"][content="Medium"], meta[property="og:site_name"][content="Medium"]', 4),
    Rule("script:squarespace", "squarespace", "script", "Static.SQUARESPACE_CONTEXT", 4),
    Rule("script:wix", "wix", "script", "wixBiSession", 4),
    Rule("script:drupal-settings", "drupal", "script", "Drupal.settings", 3),
    Rule("script:joomla-options", "joomla", "script", "joomla-script-options", 3),
    Rule("script:blogger", "blogger", "script", "_WidgetManager._Init", 4),
    Rule("css:joomla-options", "joomla", "css", 'script.joomla-script-options', 4),
    Rule("html:jekyll-seo", "jekyll", "html", r"<!-- Begin Jekyll SEO tag", 5),
    Rule("html:hugo-comment", "hugo", "html", r"<!-- Generated by Hugo", 5),
)

# --------------------------------------------------------------------------------------------
# Comment widgets that a script or iframe draws. Checked before native forms; a native form
# that a visitor can fill in wins over them (see comments.py).
EMBED_RULES: tuple[Rule, ...] = (
    Rule("embed:disqus_thread", "disqus", "css", "#disqus_thread"),
    Rule("embed:disqus_js", "disqus", "asset", r"\.disqus\.com/embed\.js"),
    Rule("embed:disqus_inline", "disqus", "script", ".disqus.com/embed.js"),
    Rule("embed:facebook", "facebook", "css", ".fb-comments, fb\\:comments, iframe[src*='facebook.com/plugins/comments']"),
    Rule("embed:jetpack", "jetpack", "css", "iframe#jetpack_remote_comment, iframe.jetpack_remote_comment, iframe[name=jetpack_remote_comment]"),
    Rule("embed:jetpack_src", "jetpack", "css", "iframe[src*='jetpack.wordpress.com/jetpack-comment']"),
    Rule("embed:blogger_iframe", "blogger", "css", "iframe#comment-editor, iframe[src*='blogger.com/comment'], #comment-editor-src, a#comment-editor-src"),
    Rule("embed:blogger_link", "blogger", "css", "a[href*='blogger.com/comment.g'], a[href*='blogger.com/comment/']"),
    Rule("embed:blogger_script", "blogger", "script", "BLOG_CMT_createIframe"),
    Rule("embed:hyvor", "hyvor", "css", "#hyvor-talk-view, hyvor-talk-comments"),
    Rule("embed:hyvor_js", "hyvor", "asset", r"talk\.hyvor\.com/"),
    Rule("embed:commento", "commento", "css", "#commento"),
    Rule("embed:commento_js", "commento", "asset", r"(cdn\.commento\.io|/js/commento\.js|commento[^/]*/js/commento\.js)"),
    Rule("embed:discourse", "discourse", "css", "#discourse-comments"),
    Rule("embed:discourse_inline", "discourse", "script", "DiscourseEmbed"),
    Rule("embed:giscus", "giscus", "asset", r"giscus\.app/client\.js"),
    Rule("embed:giscus_el", "giscus", "css", ".giscus, giscus-widget, script[data-repo][data-category]"),
    Rule("embed:utterances", "utterances", "asset", r"utteranc\.es/client\.js"),
    Rule("embed:utterances_el", "utterances", "css", ".utterances, script[repo][issue-term]"),
    Rule("embed:remark42", "remark42", "css", "#remark42"),
    Rule("embed:remark42_inline", "remark42", "script", "remark_config"),
    Rule("embed:isso", "isso", "css", "#isso-thread, section#isso-thread"),
    Rule("embed:isso_js", "isso", "asset", r"isso[^\n]*/js/embed\.(min|dev)\.js"),
    Rule("embed:vuukle", "vuukle", "css", "#vuukle-comments, .vuukle-comments"),
    Rule("embed:vuukle_js", "vuukle", "asset", r"cdn\.vuukle\.com/"),
    Rule("embed:coral", "coral", "css", "#coral_thread, #coral-thread, [id^=coral_talk]"),
    Rule("embed:coral_inline", "coral", "script", "Coral.createStreamEmbed"),
    Rule("embed:ghost_comments", "ghost", "asset", r"comments-ui(@[\d.~^]+)?/umd/comments-ui\.min\.js"),
    Rule("embed:ghost_comments_el", "ghost", "css", "script[data-ghost-comments], [data-ghost-comment-count]"),
)

# Native comment forms: a form selector; the form must also hold a text area to count as open.
FORM_RULES: tuple[Rule, ...] = (
    Rule("form:wordpress_commentform", "wordpress", "css", "form#commentform, form.comment-form#commentform"),
    Rule("form:wordpress_action", "wordpress", "css", "form[action*='wp-comments-post.php']"),
    Rule("form:drupal", "drupal", "css", "form.comment-form, form[id^='comment-form'], form[data-drupal-selector^='comment-form']"),
    Rule("form:blogger_native", "blogger", "css", "form[action*='blogger.com/comment']"),
    Rule("form:generic_comment_class", "other", "css", "form[class*='comment' i], form[id*='comment' i], form[action*='comment' i]"),
    Rule("form:generic_comment_textarea", "other", "css", "form textarea[name*='comment' i], form textarea[id*='comment' i]"),
)

# An open form's website field. Read from form controls, never from page text or CSS.
WEBSITE_FIELD_RULES: tuple[Rule, ...] = (
    Rule("website:name_url", "website", "css", "input[name='url' i]:not([type=hidden])"),
    Rule("website:type_url", "website", "css", "input[type='url' i]"),
    Rule("website:id_url", "website", "css", "input#url:not([type=hidden])"),
    Rule("website:website", "website", "css", "input[name*='website' i]:not([type=hidden]), input[id*='website' i]:not([type=hidden])"),
    Rule("website:homepage", "website", "css", "input[name*='homepage' i]:not([type=hidden]), input[id*='homepage' i]:not([type=hidden])"),
    Rule("website:site", "website", "css", "input[name='site' i]:not([type=hidden]), input[name='web' i]:not([type=hidden]), input[name*='webseite' i], input[name*='sitio' i]"),
)

# Captchas: first inside the comment form (css), then page-wide scripts (asset).
CAPTCHA_RULES: tuple[Rule, ...] = (
    Rule("captcha:recaptcha", "recaptcha", "css", ".g-recaptcha, [data-sitekey]:not(.h-captcha):not(.cf-turnstile), textarea[name=g-recaptcha-response], input[name=g-recaptcha-response], iframe[src*='google.com/recaptcha']"),
    Rule("captcha:hcaptcha", "hcaptcha", "css", ".h-captcha, iframe[src*='hcaptcha.com']"),
    Rule("captcha:turnstile", "turnstile", "css", ".cf-turnstile, iframe[src*='challenges.cloudflare.com']"),
    Rule("captcha:image", "image", "css", "img[src*='captcha' i], img[id*='captcha' i], img[class*='captcha' i], input[name*='captcha' i]"),
    # reCAPTCHA v3 (api.js?render=<key>) guards a site's contact forms, invisibly; not comments.
    Rule("captcha:recaptcha_js", "recaptcha", "asset", r"(google\.com|recaptcha\.net)/recaptcha/api\.js(?![^\n]*render=[^e\n])"),
    Rule("captcha:hcaptcha_js", "hcaptcha", "asset", r"(js\.)?hcaptcha\.com/1/api\.js"),
    Rule("captcha:turnstile_js", "turnstile", "asset", r"challenges\.cloudflare\.com/turnstile/"),
)

# Where existing comments live: (name, selector of one comment). First that matches counts.
COMMENT_ITEM_RULES: tuple[Rule, ...] = (
    Rule("items:blogger_threaded", "blogger", "css", "div.comment-thread li.comment, .comments-content li.comment"),
    Rule("items:wordpress_li", "wordpress", "css", "li.comment, li.pingback, li.trackback"),
    Rule("items:wordpress_div", "wordpress", "css", "div.comment[id^='comment-'], article.comment[id^='comment-'], div[id^='div-comment-']"),
    Rule("items:drupal", "drupal", "css", "article.comment, article[data-comment-user-id], div.comment.clearfix, div.comment[class*='comment-by-']"),
    Rule("items:blogger_dl", "blogger", "css", "dl#comments-block > dt, dl.comments-block > dt"),
    Rule("items:generic", "other", "css", "[itemtype$='schema.org/Comment'], .comment-list > li, ol.commentlist > li"),
)

# Forms with a text area that are not for comments (ratings, feedback, contact, newsletter).
NOT_COMMENT_FORM = re.compile(r"feedback|bewert|rating|contact|kontakt|newsletter|search|suche|login|subscribe")

# Whole comment area (to read notices and comment dates from).
COMMENT_AREA_SELECTOR = (
    "#comments, #respond, .comments-area, .comment-respond, #comment-form, .comments, "
    "section.comments, #commentsHolder, .comments-section, .post-comments, #disqus_thread, "
    ".wp-block-comments, .commentlist, .comment-list, ol.comments"
)

# Links that name a commenter (their site), so their rel tokens tell what a comment earns.
COMMENTER_LINK_SELECTOR = (
    ".comment-author a[href], .comment-author-link a[href], a.comment-author-link, "
    ".comment a.url, .comment-meta a[rel~=external], .comment cite a[href], "
    ".comment-header cite a[href], .comment__author a[href], .comment .username[href], "
    "dl#comments-block dt a[href], .comment-block cite.user a[href], .comment .fn a[href], "
    ".wp-block-comment-author-name a[href], .commentlist cite a[href], .commentlist a.url, "
    "a[rel~=external][rel~=ugc]"
)

COMMENT_DATE_SELECTOR = (
    "time[datetime], .comment-metadata time, .comment-meta time, .comment-date, .comment-time, "
    ".comment-timestamp, .datetime, .comment-meta a, .comment-metadata a, span.date, "
    "a[href*='#comment-'], a[href*='#c'][href*='showComment']"
)

# Notices in the comment area, in four languages.
LOGIN_PHRASES: dict[str, str] = {
    "login:en_must_be_logged_in": r"must be (logged|signed) in to (post|leave|write|add) a (comment|reply)",
    "login:en_log_in_to_comment": r"(log|sign) ?in (to|in order to) (post|leave|write|add|make) (a )?(comments?|reply|replies)\b",
    "login:en_log_in_or_register": r"(log ?in|sign ?in) or (register|sign ?up) to (post|leave|write|add) (comments?|a comment)",
    "login:en_only_registered": r"only (registered|logged[- ]in) (users|members) can (comment|post comments)",
    "login:en_please_log_in": r"please (log|sign) ?in to (comment|reply)",
    "login:de_angemeldet": r"m(u|ü)ss(t|en) (du |sie )?(angemeldet|eingeloggt) sein,? um (einen )?(kommentar|kommentare)",
    "login:de_anmelden": r"(melde dich|melden sie sich) an,? um (einen )?(kommentar|zu kommentieren)|(melden sie sich an|melde dich an) oder (registrieren|registriere)",
    "login:de_drupal": r"anmelden oder registrieren,? um kommentare",
    "login:fr_connecte": r"(devez|dois) (être|etre) (connecté|connecte|identifié)e?s? pour (publier|poster|laisser) (un )?commentaire",
    "login:fr_connecter": r"(devez|dois) vous connecter pour (publier|poster|laisser) (un )?commentaire|connectez-vous pour (commenter|publier)",
    "login:es_conectado": r"(debes|tienes que) (estar )?(conectado|registrado|identificado) para (publicar|dejar|escribir) (un )?comentario",
    "login:es_drupal": r"inicie sesi(ó|o)n o reg(í|i)strese para (comentar|publicar comentarios|enviar comentarios)",
    "login:fr_drupal": r"connectez-vous ou inscrivez-vous pour (publier|poster|envoyer) (des|un) commentaires?",
    "login:es_iniciar_sesion": r"(debes|tienes que) iniciar sesi(ó|o)n para (publicar|dejar|escribir) (un )?comentario|inicia sesi(ó|o)n (para|y) comenta",
}

CLOSED_PHRASES: dict[str, str] = {
    "closed:en_comments_are_closed": r"comments (are|have been|were) (now )?(closed|disabled|turned off)\b",
    "closed:en_comments_closed": r"^\s*comments? closed\.?\s*$|comments closed\b",
    "closed:en_closed_for_comments": r"(post|article|page|entry|thread) is closed (for|to) (new )?comments\b",
    "closed:en_commenting_closed": r"commenting (is|has been) (closed|disabled)\b",
    "closed:en_comments_for_post_closed": r"comments (on|for) this (post|article|entry|page) (are|have been) (closed|disabled)\b",
    "closed:de_geschlossen": r"kommentare (sind|wurden) (geschlossen|deaktiviert)\b|kommentarfunktion (ist|wurde) (geschlossen|deaktiviert)\b|kommentare geschlossen\b",
    "closed:fr_fermes": r"commentaires sont (fermés|clos|désactivés)\b|commentaires (fermés|clos)\b",
    "closed:es_cerrados": r"comentarios (están|estan) (cerrados|desactivados)\b|comentarios cerrados\b",
}

CLOSED_CSS_RULES: tuple[Rule, ...] = (
    Rule("closed:wordpress_no_comments", "closed", "css", "p.no-comments, p.nocomments, .comments-closed"),
)

LOGIN_CSS_RULES: tuple[Rule, ...] = (
    Rule("login:wordpress_must_log_in", "login_required", "css", "#respond .must-log-in, .comment-respond .must-log-in, p.must-log-in"),
    Rule("login:drupal_comment_forbidden", "login_required", "css", ".comment-forbidden, li.comment_forbidden"),
)

# Signs that a comment was written by a spammer.
SPAM_AUTHOR_WORDS = re.compile(
    r"\b(loans?|casino|cheap|buy|sale|discount|viagra|cialis|pharmacy|pills?|escorts?|seo|"
    r"backlinks?|essay|crypto|bitcoin|forex|betting|bet|poker|slots?|replica|porn|xxx|dating|"
    r"insurance|mortgage|payday|credit|roofing|plumber|locksmith|lawyer|attorney|agency|"
    r"services?|company|shop|store|online|best|top|free|kredit|prêt|préstamos?)\b",
    re.IGNORECASE,
)
SPAM_LINKS_PER_COMMENT = 3  # a comment body with this many links or more looks like spam

# A WordPress site closes comments N days after publication (close_comments_days_old);
# these are the values people pick most.
AUTOCLOSE_WINDOWS_DAYS = (14, 30, 60, 90, 180)

# --------------------------------------------------------------------------------------------
# Guest posts. Page evidence: URL slug, title/h1, h2/h3, main text. Links only point to one.
GUEST_SLUG_PHRASES: dict[str, str] = {
    "slug:write_for_us": r"/(write|writing|blog)-for-(us|me|[a-z0-9]+)(/|\.html?|$|\?)",
    "slug:guest_post": r"/guest-?(post|posts|posting|blog|blogging|blogger|bloggers|author|authors|article|articles|contributor|contributors|writer|writers)(-[a-z-]+)?(/|\.html?|$|\?)",
    "slug:contribute": r"/(contribute|contributing|contributor-guidelines|become-an?-(contributor|author|writer|guest-author))(/|\.html?|$|\?)",
    "slug:submission_guidelines": r"/(submission|submissions|submit)(-(guidelines|an-article|a-post|a-guest-post|your-(post|article|story)|article|post))?(/|\.html?|$|\?)",
    "slug:pitch": r"/(pitch|pitch-us|pitch-guidelines)(/|\.html?|$|\?)",
    "slug:de_gastbeitrag": r"/(gastbeitr(a|ae|ä)g(e)?|gastautor(en)?|gastartikel)(-[a-z-]+)?(/|\.html?|$|\?)",
    "slug:fr_ecrire": r"/(ecrire-pour-nous|article-invite|articles-invites|proposer-un-article|redacteur-invite)(/|\.html?|$|\?)",
    "slug:es_escribe": r"/(escribe-para-nosotros|escribir-para-nosotros|colabora|colaborar|colaboradores|articulo-invitado|post-invitado)(/|\.html?|$|\?)",
}

GUEST_TITLE_PHRASES: dict[str, str] = {
    "title:write_for_us": r"(write|writing|blog) for (us|me)\b",
    "title:guest_post": r"guest[- ]?(post|posts|posting|blogging|blogger|author|authors|article|articles|contributor|contributors|writer|writers)\b",
    "title:submission_guidelines": r"(submission|contributor|writer|editorial) guidelines\b",
    "title:become_contributor": r"become an? (contributor|writer|guest author|author)\b",
    "title:contribute": r"^\s*(contribute|contributors?|submit (an? )?(article|post|story)|pitch us)\b",
    "title:writers_wanted": r"(writers|contributors|authors) wanted\b",
    "title:de_gastbeitrag": r"gast(beitr(a|ä)ge?|autor(en)?|artikel)\b|schreib(e|en sie) f(ü|u)r uns\b",
    "title:fr_ecrire": r"(é|e)crire pour nous\b|articles? invit(é|e)s?\b|r(é|e)dacteurs? invit(é|e)s?\b",
    "title:es_escribe": r"escribe para nosotros\b|art(í|i)culos? invitados?\b|colabora con nosotros\b",
}

GUEST_TEXT_PHRASES: dict[str, str] = {
    "text:we_accept": r"we (accept|welcome|are accepting|are looking for|are open to|love) (high[- ]quality )?guest (posts|articles|contributions|submissions|bloggers|writers|authors)\b",
    "text:accepting_guest": r"(now|currently) accepting (guest )?(posts|articles|submissions|contributions|pitches)\b",
    "text:submit_guest_post": r"submit (your|a) guest (post|article)\b",
    "text:guest_submissions": r"guest (post|article|blog) (submissions?|guidelines|requirements)\b",
    "text:send_pitch": r"send (us )?(your|a) (pitch|article|draft|guest post|idea)\b|pitch (us|your (idea|article|topic))\b",
    "text:de_gastbeitrag": r"gastbeitr(ä|a)ge (sind )?willkommen\b|gastbeitrag (einreichen|schreiben)\b",
    "text:fr_article_invite": r"(proposer|soumettre) (un|votre) article\b",
    "text:es_colaborar": r"(env(í|i)a|enviar) (tu|un) art(í|i)culo\b|aceptamos art(í|i)culos\b",
}

GUEST_NEGATIVE_PHRASES: dict[str, str] = {
    "negative:no_longer": r"no longer (accept|accepting|take|taking|publish|publishing) (any )?(new )?guest[- ]?(posts|articles|contributions|submissions|blogging|bloggers)?",
    "negative:do_not_accept": r"(do not|don't|does not|doesn't|won't|will not) (currently )?(accept|publish|take) (any )?(unsolicited )?guest[- ]?(posts|articles|contributions|submissions|blogging)",
    "negative:not_accepting": r"(not|no longer) (currently )?accepting (any )?(new )?(guest posts|guest articles|submissions|contributions|pitches|new contributors|guest bloggers)",
    "negative:stopped": r"(stopped|ceased|paused|suspended|ended|halted) (accepting|taking|publishing|running) (any )?(new )?guest[- ]?(posts|articles|contributions|submissions|blogging)",
    "negative:closed_to_guests": r"(closed|no longer open) (to|for) (new )?guest (posts|articles|submissions|contributions|bloggers)",
    "negative:sponsored_only": r"sponsored (posts|content|articles) only\b|only (accept|publish|offer) (paid|sponsored)\b",
    "negative:submissions_closed": r"(submissions|guest posts|guest posting) (are|is) (currently |now )?(closed|paused|on hold|suspended)\b",
    "negative:de_keine": r"keine gastbeitr(ä|a)ge\b|nehmen (derzeit )?keine gastbeitr",
    "negative:fr_plus": r"n'acceptons (plus|pas) (d'|les |de )?(articles invités|articles d'invités|contributions)",
    "negative:es_no_aceptamos": r"no (aceptamos|publicamos) (m(á|a)s )?(art(í|i)culos|publicaciones|posts) (de )?invitad",
}

# A link whose anchor or URL names a guest-post page (evidence for that page, not this one).
GUEST_LINK_ANCHOR = re.compile(  # matched against the lower-cased anchor
    r"(write for (us|me)|guest (post|posting|blogging)( guidelines)?|submission guidelines|"
    r"become an? (contributor|writer)|^\s*contribute\s*$|gastbeitr(a|ä)g|(é|e)crire pour nous|"
    r"escribe para nosotros)\b"
)

# Forms and form services that a guest-post page may use to take submissions.
SUBMIT_FORM_RULES: tuple[Rule, ...] = (
    Rule("form:wpcf7", "form", "css", "form.wpcf7-form, .wpforms-form, .gform_wrapper form, form.nf-form, .ninja-forms-form-wrap, form.frm-show-form"),
    Rule("form:service_iframe", "form", "css", "iframe[src*='docs.google.com/forms'], iframe[src*='typeform.com'], iframe[src*='jotform'], iframe[src*='airtable.com/embed'], iframe[src*='tally.so'], iframe[src*='wufoo.com']"),
    Rule("form:service_link", "form", "css", "a[href*='docs.google.com/forms'], a[href*='forms.gle/'], a[href*='typeform.com/to/'], a[href*='jotform.com/'], a[href*='airtable.com/shr'], a[href*='tally.so/r/']"),
)

# --------------------------------------------------------------------------------------------
# Contacts
ROLE_LOCAL_PARTS = frozenset({
    "editor", "editors", "editorial", "submissions", "submission", "submit", "contact",
    "contacts", "info", "hello", "hi", "admin", "webmaster", "team", "press", "media", "pitch",
    "pitches", "guestpost", "guestposts", "guest", "guests", "write", "writers", "writeforus",
    "contribute", "contributors", "contributions", "marketing", "partnerships", "partners",
    "ads", "advertising", "advertise", "sponsor", "sponsorship", "support", "office", "mail",
    "blog", "news", "tips", "redaktion", "kontakt", "redaction", "redacción", "redaccion",
    "contacto", "outreach", "collab", "collaborations", "business",
})

# --------------------------------------------------------------------------------------------
# Health: parked / for-sale domains, hosting default pages, soft 404s.
PARKED_RULES: tuple[Rule, ...] = (
    Rule("parked:for_sale_text", "parked", "text", r"(this|the) domain (name )?(may be|is|might be) (for sale|available)\b|buy this domain\b|domain (name )?is for sale\b|the domain owner may be (interested in|willing to) sell"),
    Rule("parked:parked_text", "parked", "text", r"this domain (has been|is|was) (registered|parked)\b|parked (free|domain)\b|domain parking\b|this web page is parked\b"),
    Rule("parked:sedo", "parked", "href", r"sedoparking\.com|sedo\.com/search/details|sedo\.com/[a-z/]{0,40}\?[^\n]{0,200}domain"),
    Rule("parked:afternic", "parked", "href", r"afternic\.com/(forsale|domain)|afternic\.com/[^\n]{0,200}domain="),
    Rule("parked:dan", "parked", "href", r"dan\.com/(buy-domain|lander)|dan\.com/\w+\?[^\n]{0,200}domain"),
    Rule("parked:bodis", "parked", "href", r"bodis\.com|parkingcrew\.net|above\.com/marketplace|parklogic\.com|domainmarket\.com|hugedomains\.com/domain_profile"),
    Rule("parked:godaddy_lander", "parked", "asset", r"img1\.wsimg\.com/parking-lander|wsimg\.com/[^\n]{0,200}parking"),
    Rule("parked:godaddy_trfd", "parked", "script", 'ap:"parking"'),
    Rule("parked:caf_js", "parked", "asset", r"(google\.com|syndicatedsearch\.goog)/adsense/domains/caf\.js"),
    Rule("parked:parking_js", "parked", "script", "window.park"),
)

DEFAULT_PAGE_RULES: tuple[Rule, ...] = (
    Rule("default:nginx", "default", "text", r"^\s*welcome to nginx!?\s*$"),
    Rule("default:apache_it_works", "default", "text", r"^\s*it works!?\s*$"),
    Rule("default:apache_default", "default", "text", r"apache2? (ubuntu|debian|http server)? ?default page\b|test page for the apache http server\b|apache http server test page\b"),
    Rule("default:cpanel", "default", "text", r"default web site page\b|there is no website configured at this address\b|sorry[,!]? if you are the owner of this website\b"),
    Rule("default:plesk", "default", "text", r"domain default page\b|web server.s default page\b"),
    Rule("default:iis", "default", "text", r"^\s*iis windows server\s*$|^\s*internet information services\b"),
    Rule("default:litespeed", "default", "text", r"litespeed web server\b.*\bcongratulations\b|congratulations.*\blitespeed\b"),
    Rule("default:index_of", "default", "text", r"^\s*index of /"),
    Rule("default:coming_soon", "default", "text", r"^\s*(coming soon|under construction|website coming soon)\s*!?\s*$"),
)

# Soft 404s: read on the title and headings, one per line, so each pattern is anchored at the
# start of a line (a post titled "Fixing 404 not found errors" is not a soft 404).
_404 = r"^\s*(error\s*)?(404\s*[-:–|!.]?\s*)?(error\s*)?(oops[!,.]?\s*)?"
SOFT_404_RULES: tuple[Rule, ...] = (
    Rule("soft404:page_not_found", "soft404", "text", _404 + r"(the )?(page|post|article|content) (was |is )?not found\b"),
    Rule("soft404:not_found", "soft404", "text", _404 + r"not found\b|^\s*404\s*$|^\s*404\b.{0,40}\bnot found\b"),
    Rule("soft404:nothing_found", "soft404", "text", r"^\s*nothing (was )?found\b"),
    Rule("soft404:cant_be_found", "soft404", "text", _404 + r"(that|this|the) page (can.t|cannot|could not|couldn.t) be found\b|^\s*(sorry,? )?(this|that|the) page (doesn.t|does not) exist\b"),
    Rule("soft404:de", "soft404", "text", _404 + r"(die )?seite (wurde )?nicht gefunden\b"),
    Rule("soft404:fr", "soft404", "text", _404 + r"page (introuvable|non trouvée)\b"),
    Rule("soft404:es", "soft404", "text", _404 + r"p(á|a)gina no encontrada\b"),
    Rule("soft404:body_class", "soft404", "body_class", "error404 error-404 page-404 not-found"),
)

# --------------------------------------------------------------------------------------------
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
HEADING_SELECTOR = "h2, h3, h4, .widget-title, .widgettitle, .sidebar-title"

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
