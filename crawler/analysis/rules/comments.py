"""Comment rules: embedded widgets, native forms, website fields, captchas, notices, spam signs."""

from __future__ import annotations

import re

from .base import Rule

# Comment widgets that a script or iframe draws. Checked before native forms; a native form
# that a visitor can fill in wins over them (see comments.py).
EMBED_RULES: tuple[Rule, ...] = (
    # Commercial widgets first: their blocks are often placed inside a container named after
    # another system (a Spot.IM module in #disqus_thread), and the innermost system is the one.
    Rule("embed:livefyre", "livefyre", "css", "[data-livefyre-id], [data-lf-app], #livefyre, #livefyre-comments, .livefyre-comments, .fyre, [id^=livefyre]"),
    Rule("embed:livefyre_js", "livefyre", "asset", r"(zor\.livefyre\.com|cdn\.livefyre\.com|\.fyre\.co/)"),
    Rule("embed:spotim", "spotim", "css", "[data-spotim-module], [data-spot-im-module], .spot-im-frame, .spot-im-frame-inpage, [data-spotim-app], [data-spot-id], [class*='spotim-' i], [class*='spot-im-comments' i]"),
    Rule("embed:spotim_js", "spotim", "asset", r"(launcher\.spot\.im|recirculation\.spot\.im|\.spot\.im/|openweb\.com/launcher|launcher\.openweb)"),
    Rule("embed:viafoura", "viafoura", "css", "vf-conversations, .vf-widget, [class*='viafoura' i], [id*='viafoura' i], .viafoura"),
    Rule("embed:viafoura_config", "viafoura", "script", '"comments":"viafoura"'),
    Rule("embed:viafoura_js", "viafoura", "asset", r"cdn\.viafoura\.(net|com)"),
    # Gannett-style sites give each article its Viafoura thread id in the page config.
    Rule("embed:viafoura_thread_id", "viafoura", "script", '"viafouraUniqueID":"'),
    Rule("embed:gigya", "gigya", "css", "[class^='gig-comment'], [class*=' gig-comment'], [id*='gigya-comment' i], [id*='gigyacomment' i], [class*='gigya-comment' i]"),
    Rule("embed:gigya_inline", "gigya", "script", "gigya.comments.showCommentsUI"),
    Rule("embed:changyan", "changyan", "css", "#SOHUCS, #sohucs, [id^=SOHU_MAIN]"),
    Rule("embed:changyan_js", "changyan", "href", r"changyan\.(sohu\.com|itc\.cn)"),
    Rule("embed:tencent", "tencent", "href", r"coral\.qq\.com"),
    Rule("embed:tencent_el", "tencent", "css", "#commentIframe[src*='qq.com'], [id^=QQcomment], .qq-comment"),
    Rule("embed:coral_js", "coral", "asset", r"\.coral\.coralproject\.net|coralproject\.net/assets/js/(count|embed)\.js"),
    # A page config naming the site's Coral host, from which the stream is drawn.
    Rule("embed:coral_config", "coral", "script", '.coral.coralproject.net"'),
    Rule("embed:disqus_blogger", "disqus", "href", r"\.disqus\.com/blogger_item\.js"),
    Rule("embed:disqus_shortname", "disqus", "script", "disqus_shortname"),
    Rule("embed:disqus_thread", "disqus", "css", "#disqus_thread"),
    Rule("embed:disqus_js", "disqus", "asset", r"\.disqus\.com/embed\.js"),
    Rule("embed:disqus_inline", "disqus", "script", ".disqus.com/embed.js"),
    Rule("embed:facebook", "facebook", "css", ".fb-comments, fb\\:comments, iframe[src*='facebook.com/plugins/comments']"),
    # A box named after the plugin that holds its data-href, or a button that writes the plugin in.
    Rule("embed:facebook_box", "facebook", "css", "#fb-comments[data-href], [onclick*='fb-comments']"),
    # The comments box written into the page by an inline script (document.write / innerHTML).
    Rule("embed:facebook_script", "facebook", "script", '<div class="fb-comments"'),
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
    Rule("form:ucoz", "other", "css", "form#acform, form[name=addform][action*='/comments' i]"),
    Rule("form:serendipity", "other", "css", "form#serendipity_comment, form textarea[name='serendipity[comment]']"),
    Rule("form:generic_comment_class", "other", "css", "form[class*='comment' i], form[id*='comment' i], form[action*='comment' i]"),
    Rule("form:generic_comment_textarea", "other", "css", "form textarea[name*='comment' i], form textarea[id*='comment' i]"),
)

# The structural rule (comments.py): a form holding a writable text area, an identity input (the
# IDENTITY_FIELDS of comments.py) and one of SUBMIT, whose text or heading says COMMENT_WORDS.
STRUCTURAL = Rule("form:structural", "other", "css", "form textarea")
SUBMIT = "button, input[type=submit], input[type=image], [role=button], a[href^='javascript' i]"
TEXT_INPUTS = "input:not([type]), input[type=text], input[type=url]"
# A comment form whose only text area is disabled or read-only, with a log-in text or link in it.
DISABLED_LOGIN = Rule("login:disabled_textarea", "login_required", "css",
                      "form textarea[disabled], form textarea[readonly]")
LOGIN_LINK = ("a[href*='login' i], a[href*='signin' i], a[href*='sign_in' i], a[href*='anmeld' i], "
              "a[href*='register' i], a[href*='/user' i]")

# Who writes: an identity input of a native form (a name or e-mail box; some CMSs take them in
# one-line text areas, some name the name box oddly and say it in the placeholder).
IDENTITY_FIELDS = (
    "input[name*='author' i]:not([type=hidden]), input[name*='name' i]:not([type=hidden]), "
    "input[name*='mail' i]:not([type=hidden]), input[type=email], "
    "textarea[name*='name' i], textarea[name*='mail' i], "
    "input[placeholder*='nome' i], input[placeholder*='your name' i], input[placeholder*='nombre' i], "
    "input[placeholder*='votre nom' i], input[placeholder*='имя' i], input[placeholder*='الاسم']"
)

# An open form's website field. Read from form controls, never from page text or CSS.
WEBSITE_FIELD_RULES: tuple[Rule, ...] = (
    Rule("website:name_url", "website", "css", "input[name='url' i]:not([type=hidden])"),
    Rule("website:type_url", "website", "css", "input[type='url' i]"),
    Rule("website:id_url", "website", "css", "input#url:not([type=hidden])"),
    Rule("website:website", "website", "css", "input[name*='website' i]:not([type=hidden]), input[id*='website' i]:not([type=hidden])"),
    Rule("website:homepage", "website", "css", "input[name*='homepage' i]:not([type=hidden]), input[id*='homepage' i]:not([type=hidden])"),
    Rule("website:site", "website", "css", "input[name='site' i]:not([type=hidden]), input[name='web' i]:not([type=hidden]), input[name*='webseite' i], input[name*='sitio' i]"),
    # Serendipity's serendipity[url], comment[url], data[homepage]: a bracketed or suffixed url name.
    Rule("website:bracket_url", "website", "css", "input[name$='[url]' i]:not([type=hidden]), input[name$='_url' i]:not([type=hidden]):not([name*='redirect' i]):not([name*='return' i]), input[name$='[homepage]' i], input[name$='[website]' i], input[name$='[web]' i]"),
)

# Label texts of a website field, in the languages the notices are in (read from <label>s whose
# input is a visible text box; see comments.py).
WEBSITE_LABEL = re.compile(
    r"\b(homepage|home page|website|web site|web|site|url|webseite|internetseite|site web|site internet|"
    r"sitio( web)?|página web|sito( web)?|sito internet|página|pagina|strona( www| internetowa)?|www)\b|"
    r"сайт|веб-сайт|网站|網站|主页|ウェブサイト|サイト|ホームページ",
    re.IGNORECASE,
)

# Captchas: first inside the comment form (css), then page-wide scripts (asset).
CAPTCHA_RULES: tuple[Rule, ...] = (
    Rule("captcha:recaptcha", "recaptcha", "css", ".g-recaptcha, [data-sitekey]:not(.h-captcha):not(.cf-turnstile), textarea[name=g-recaptcha-response], input[name=g-recaptcha-response], iframe[src*='google.com/recaptcha']"),
    Rule("captcha:hcaptcha", "hcaptcha", "css", ".h-captcha, iframe[src*='hcaptcha.com']"),
    Rule("captcha:turnstile", "turnstile", "css", ".cf-turnstile, iframe[src*='challenges.cloudflare.com']"),
    Rule("captcha:image", "image", "css", "img[src*='captcha' i], img[id*='captcha' i], img[class*='captcha' i], input[name*='captcha' i], img[src*='securimage' i], img[src*='kcaptcha' i], img[src*='secpic' i]"),
    # Captcha by BestWebSoft (math or image: cptch_*), SI/Math Comment Spam Protection, WP-Math.
    Rule("captcha:math", "image", "css", "[class*='cptch' i], input[name^='cptch' i], input[name*='mcspvalue' i], input[name*='math' i][name*='captcha' i], input[name='sum' i], input[name*='math_' i]"),
    # An image of a code beside an input named like a code: the image captcha of custom forms.
    Rule("captcha:code_image", "image", "css", "img + input[name*='code' i]:not([type=hidden]), img ~ input[name*='secur' i]:not([type=hidden]), input[name*='code' i]:not([type=hidden]) + img, img + br + input[name*='code' i]"),
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
NOT_COMMENT_FORM = re.compile(r"feedback|bewert|rating|contact|kontakt|newsletter|search|suche|login|subscribe|"
                              r"report|abuse|flag|complain|melden|signaler|signalement|denunciar|segnala|poll|survey|"
                              r"umfrage|share|mailfriend|tell-?a-?friend|sendtofriend|recommend")

# A heading or label that says "comments" (the structural form rule reads the form's own text and
# the text just before it): the common word in each language the notices are in.
COMMENT_WORDS = re.compile(
    r"\b(comments?|comment(ing)?|leave a reply|reply|responses?|kommentar(e|en)?|kommentieren|antwort|"
    r"commentaires?|réagir|laisser un commentaire|comentarios?|comentar|deja un comentario|commenti|commento|"
    r"lascia un commento|comentários?|deixe um comentário|reacties?|reageer|reageren|laat een reactie|"
    r"komentarz[ey]?|skomentuj|dodaj komentarz|gästebuch|guestbook)\b|"
    r"коммент|отзыв|评论|評論|留言|发表|コメント|書き込",
    re.IGNORECASE,
)

# Whole comment area (to read notices and comment dates from).
COMMENT_AREA_SELECTOR = (
    "#comments, #respond, .comments-area, .comment-respond, #comment-form, .comments, "
    "section.comments, #commentsHolder, .comments-section, .post-comments, #disqus_thread, .comments-container, "
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
# A comment's author, read inside each comment for spam signs.
AUTHOR_SELECTOR = (".fn, .comment-author, .wp-block-comment-author-name, cite, .username, "
                   ".comment__author, .user")
# Where a comment's own text is, most specific first (".comment-body" also holds the author).
BODY_CLASSES = ("comment-content", "wp-block-comment-content", "comment-text", "comment__content",
                "comment-body-text", "comment-body")
BODY_SELECTOR = ", ".join(f".{name}" for name in BODY_CLASSES)

# Notices in the comment area, in four languages.
LOGIN_PHRASES: dict[str, str] = {
    "login:en_must_be_logged_in": r"must be (logged|signed) in to (post|leave|write|add) a (comment|reply)",
    "login:en_log_in_to_comment": r"(log|sign) ?in (to|in order to) (post|leave|write|add|make) (a )?(comments?|reply|replies)\b",
    "login:en_log_in_or_register": r"(log ?in|sign ?in) or (register|sign ?up) to (post|leave|write|add) (comments?|a comment)|(log ?in|sign ?in) or (register|sign ?up) to reply\b",
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
    # Outside WordPress and Drupal: forums, news sites, custom CMSs.
    "login:en_login_or_create": r"(must|need to|have to|please) (log ?in|login|sign ?in) or (create|register) (an|a free|your) account to (comment|post|reply|leave)",
    "login:en_to_comment_short": r"(log ?in|login|sign ?in) to (comment|reply|join the (discussion|conversation))\b",
    "login:en_sign_in_to_post": r"(log ?in|login|sign ?in) to (post|leave|add|write|submit) (a |your )?(comments?|reply|replies)\b",
    "login:en_register_to": r"(register|sign up|create an account) to (post|leave|add|write) (a |your )?(comments?|replies)\b|(register|sign up) (to|and) (comment|join the discussion)\b",
    "login:en_must_login": r"(must|need to) (login|log in|sign in|be a registered user|be registered) (to|before) (comment|post|reply|leave|add|write)",
    "login:de_bitte_anmelden": r"bitte (melden sie sich|melde dich|loggen sie sich|logge dich) ([^.]{0,40} )?(an|ein),? um ([^.]{0,40} )?(zu )?kommentieren|(anmelden|einloggen|registrieren),? um ([^.]{0,30} )?(zu )?kommentieren|nur (registrierte|angemeldete) (benutzer|nutzer|mitglieder|user) (können|dürfen) (kommentieren|kommentare)",
    "login:de_vorbehalten": r"kommentarfunktion (ist|steht) (nur )?(den |für )?(registrierten|angemeldeten)[^.]{0,40}(vorbehalten|verfügbar|offen)|um (einen |ein )?kommentare? zu (hinterlassen|schreiben|verfassen|abzugeben),? (müssen sie sich|musst du dich)[^.]{0,60}(anmelden|einloggen)",
    "login:fr_pour_reagir": r"pour (réagir|commenter|laisser un commentaire),? (veuillez|merci de|vous devez|il faut) (vous )?(connecter|identifier|être connecté)",
    "login:fr_connexion": r"(connectez-vous|identifiez-vous|inscrivez-vous) pour (réagir|commenter|laisser un commentaire|poster un commentaire)|vous devez (être connecté|être inscrit|vous identifier|vous connecter) pour (réagir|commenter|poster|publier)|seuls les (membres|utilisateurs) (inscrits|connectés) peuvent commenter",
    "login:es_registrate": r"(reg(í|i)strate|inicia sesi(ó|o)n|identif(í|i)cate|con(é|e)ctate) para (comentar|dejar (un|tu) comentario|participar)|solo (los )?usuarios registrados pueden comentar",
    "login:it_accedi": r"(devi|è necessario|bisogna) (essere (registrato|collegato|loggato|autenticato)|effettuare il login|accedere) per (commentare|lasciare un commento|inviare un commento|pubblicare un commento)|(accedi|registrati) per (commentare|lasciare un commento)",
    "login:pt_entrar": r"(precisa|deve|tem que) (estar )?(logado|conectado|registrado|cadastrado|fazer login|entrar) para (comentar|publicar um comentário|postar um comentário|deixar um comentário)|(faça login|entre|inicie sessão|registe-se|cadastre-se) para (comentar|deixar um comentário)",
    "login:nl_inloggen": r"(je moet|u moet|moet je|moet u) (ingelogd|aangemeld) zijn om (te reageren|een reactie|een opmerking|te plaatsen)|(log in|meld je aan|inloggen|aanmelden|registreer) (om|en) (te reageren|een reactie te plaatsen|reageer)",
    "login:pl_zaloguj": r"(musisz|należy|trzeba) (być zalogowany|się zalogować|zalogować się)[^.]{0,20}(aby|żeby|by) (dodać|napisać|skomentować|opublikować) (komentarz|odpowiedź)|zaloguj się,? (aby|żeby|by) (dodać|napisać|skomentować) (komentarz)?",
    "login:ru_voiti": r"(вы должны|необходимо|нужно|чтобы оставить комментарий,?) (быть )?(авторизованы|авторизоваться|зарегистрированы|войти|залогиниться|зарегистрироваться)|(войдите|авторизуйтесь|зарегистрируйтесь),? чтобы (оставить|написать|добавить) (комментарий|отзыв)|только (зарегистрированные|авторизованные) пользователи могут (оставлять|писать|добавлять) комментари",
    "login:zh_denglu": r"(登录|登錄|登陆)后(才能|可以)?(发表|發表|参与|評論|评论|留言)|请先(登录|登陆)|(发表|發表)评论(需要|请先)登录",
    "login:ja_login": r"ログインして(コメント|書き込)|コメントするには(ログイン|会員登録)|ログインが必要です",
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
    "closed:it_chiusi": r"commenti (sono )?(chiusi|disabilitati)\b",
    "closed:pt_fechados": r"comentários (estão )?(fechados|encerrados|desativados)\b",
    "closed:nl_gesloten": r"reacties (zijn )?(gesloten|uitgeschakeld)\b",
    "closed:pl_zamkniete": r"komentarze (są )?(zamknięte|wyłączone)\b|możliwość komentowania (jest )?wyłączona",
    "closed:ru_zakryty": r"комментарии (закрыты|отключены)|обсуждение закрыто",
}

CLOSED_CSS_RULES: tuple[Rule, ...] = (
    Rule("closed:wordpress_no_comments", "closed", "css", "p.no-comments, p.nocomments, .comments-closed"),
)

LOGIN_CSS_RULES: tuple[Rule, ...] = (
    Rule("login:wordpress_must_log_in", "login_required", "css", "#respond .must-log-in, .comment-respond .must-log-in, p.must-log-in"),
    Rule("login:drupal_comment_forbidden", "login_required", "css", ".comment-forbidden, li.comment_forbidden"),
)

# Read only when no log-in notice was found: WordPress prints "Log in to Reply" under each comment
# only when commenting needs an account (a theme may print no notice where the form would be).
LOGIN_FALLBACK_RULES: tuple[Rule, ...] = (
    Rule("login:wordpress_reply_login", "login_required", "css", "a.comment-reply-login"),
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
