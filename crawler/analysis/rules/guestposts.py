"""Guest-post footprints in several languages: slugs, titles, text, negatives, submission forms."""

from __future__ import annotations

import re

from .base import Rule

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
