"""Comment rules: embedded widgets, native forms, website fields, captchas, notices, spam signs."""

from __future__ import annotations

import re

from .base import Rule

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
