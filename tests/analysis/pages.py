"""Fixture pages for the analysis tests: the URL each was served from, and a cached loader."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from crawler.analysis import PageFacts, analyse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = FIXTURES / "pages"
WORDPRESS = FIXTURES / "wordpress"
TODAY = date(2026, 11, 23)  # passed explicitly: no clock is read in tests

# The URL each saved page was served from (see tests/fixtures/pages/README.md).
URLS: dict[str, str] = {
    "advertise-sponsored-only.html": "http://127.0.0.1:8090/advertise/",
    "blogger-comment-iframe-with-comments.html": "https://plentylife.blogspot.com/2017/05/strong-beautiful-pamela-reif-rezension.html",
    "blogger-comment-iframe.html": "http://sibenlab.blogspot.com/2018/06/sibenlab-privacy-policy.html",
    "blogger-no-comment-form.html": "https://juliasleseblog.blogspot.com/2018/08/irland-roadtrip.html",
    "contribute-google-form.html": "http://127.0.0.1:8090/become-a-contributor/",
    "coral-comments.html": "https://www.latimes.com/politics/story/2020-02-19/mike-bloomberg-democratic-debate-history",
    "drupal-closed-fr.html": "https://www.lopinion.fr/edition/economie/glyphosate-radiographie-d-intoxication-collective-186859",
    "drupal-comment-form.html": "https://www.spdfraktion.de/themen/aydan-oezoguz-vizepraesidentin",
    "drupal-login-required-es.html": "https://diariodelsur.com.co/noticias/deportes/f%C3%BAtbol/el-primero-en-hablar-sorprendente-despedida-de-juan-guillerm-647581",
    "feedback-form-not-comments.html": "https://www.bfs.de/SharedDocs/Pressemitteilungen/BfS/DE/2022/001.html",
    "gastbeitrag-de.html": "http://127.0.0.1:8090/gastbeitraege/",
    "ghost-commento.html": "https://publikum.net/japan-und-die-hpv-impfungen/",
    "guest-post-guidelines-obfuscated-email.html": "http://127.0.0.1:8090/guest-post-guidelines/",
    "hugo-post.html": "https://www.pluralsight.com/tech-blog/managing-python-environments/",
    "hugo-write-for-us-powershellmagazine.html": "https://powershellmagazine.com/write-for-us/",
    "jekyll-post.html": "https://pythonspeed.com/articles/pipenv-docker/",
    "joomla-article.html": "http://www.hundeverein-querfurt.de/index.php?option=com_content&view=article&id=54&Itemid=50",
    "medium-post.html": "https://medium.com/@pimterry/host-your-node-app-on-dokku-digitalocean-1cb97e3ab041",
    "news-own-comment-form-de.html": "https://taz.de/Siemens-und-die-Kohlemine-Adani/!5655255/",
    "nginx-default-page.html": "http://203.0.113.7/",
    "octopress-disqus.html": "https://treyhunner.com/2018/12/why-you-should-be-using-pathlib/",
    "parked-godaddy-lander.html": "https://tectonics.ai/lander",
    "spip-article.html": "http://www.loldf.org/spip.php?article717",
    "squarespace-post.html": "https://www.herzundblut.com/blog-1/kebbqe4kcwbrx62pr60i7gkd6mvlf7",
    "typo3-article.html": "https://www.dbjr.de/artikel/bundespraesident-wuerdigte-das-ehrenamtliche-engagement/",
    "utterances-homepage.html": "https://utteranc.es/",
    "vuukle-comments.html": "https://www.businesstoday.in/current/economy-politics/coronavirus-in-bihar-record-749-cases-in-24-hours-patna-other-districts-announce-lockdown-from-july-10/story/409327.html",
    "wix-post.html": "https://www.strive-magazine.de/post/das-dating-dilemma-erfolgreicher-frauen",
    "wordpress-closed-de.html": "http://www.pbrunst.de/news/2011/12/kein-cyberterrorismus-diesmal/",
    "wordpress-closed-plugin-de.html": "https://disfunctions.de/tutorials/podcasts-in-plex-einbinden/",
    "wordpress-closed-with-comments-de.html": "http://www.jovelstefan.de/2011/09/11/gefallt-mir/",
    "wordpress-com-blogroll-de.html": "https://1hundetagebuch.wordpress.com/2019/10/31/nach-viel-zu-langer-zeit-mal-wieder/",
    "wordpress-com-closed-de.html": "https://weselpower.wordpress.com/2009/12/23/monstergesprche-1/",
    "wordpress-disqus.html": "https://teslamag.de/news/musk-firma-xai-modell-nutzung-tesla-computer-moeglich-62317",
    "wordpress-facebook-comments.html": "https://skateboardmsm.de/news/the-captains-quest-2017-contest-auf-schwimmender-miniramp-am-19-august-in-dormagen.html",
    "wordpress-footer-write-for-us.html": "https://www.publishedreporter.com/2023/11/08/scientists-confirm-2023-as-hottest-year-ever-in-the-making/",
    "wordpress-gastartikel-link-at.html": "https://www.unsere-zeitung.at/2020/02/02/ist-die-inklusion-im-kapitalismus-umsetzbar/",
    "wordpress-jetpack-comments.html": "https://www.ivankristianto.com/create-patch-files-from-multiple-commits-in-git/",
    "wordpress-login-required-de.html": "https://www.boxen.de/news/viviane-obenauf-staatsanwaltschaft-hat-beweise-vorgelegt-70501",
    "wordpress-open-website-2.html": "http://fouryears.eu/2019/10/21/interning-of-small-integers-in-python/",
    "wordpress-open-website-at.html": "https://www.ihrwebprofi.at/2011/09/17/publikumsvoting-beim-wiener-content-award-gestartet/",
    "wordpress-open-website-de.html": "http://www.seelenradio.de/nummer-zwei-leo/",
    "wordpress-soft-404.html": "https://nagoba.com/careers",
    "wordpress-write-for-us-wyofile.html": "https://wyofile.com/write-for-us/",
    "write-for-us-no-longer-accepting.html": "http://127.0.0.1:8090/write-for-us/",
    "write-for-us-thepythonguru.html": "https://thepythonguru.com/write-for-us/",
}


@cache
def wordpress_truth() -> dict[str, dict[str, object]]:
    """tests/fixtures/wordpress/truth.json (empty when the real WordPress pages are absent)."""
    path = WORDPRESS / "truth.json"
    if not path.exists():
        return {}
    data: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def facts(name: str) -> PageFacts:
    """Analyse one fixture page (from pages/, else the WordPress set), once per test session."""
    if name in URLS:
        return analyse(URLS[name], (PAGES / name).read_bytes(), today=TODAY)
    truth = wordpress_truth()[name]
    return analyse(str(truth["url"]), (WORDPRESS / name).read_bytes(), today=TODAY)
