"""Health signatures: parked or for-sale domains, web-server default pages, soft 404s."""

from __future__ import annotations

from .base import Rule

# The headings a default page names its server in (and a title): <h1>, <h2> and the themes' page titles.
HEADING_TEXT_SELECTOR = "h1, h2, .page-title, .entry-title"

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
