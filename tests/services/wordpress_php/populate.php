<?php
/**
 * Installs and populates one loopback test WordPress site (run by tests/services/wordpress.sh).
 *
 *   php populate.php install  PORT KEY THEME KIND OUT.json   # wp_install() when the tables are absent
 *   php populate.php populate PORT KEY THEME KIND OUT.json   # options, theme, posts, comments, OUT.json
 *
 * KIND is "public" (comments open by default, close_comments_for_old_posts=1 after 14 days) or
 * "members" (comment_registration=1: only logged-in users may comment).
 *
 * wp-cli is not packaged in Debian 12, so this is the plain-PHP way: set the $_SERVER values that
 * Debian's wp-config.php needs, require wp-load.php, call WordPress functions.
 *
 * Idempotent: existing posts (found by slug) are kept; their dates and their comments' dates are
 * set again relative to now, so "recent" posts stay inside the auto-close window and the old post
 * stays two years old whenever `start` runs.
 */

if (PHP_SAPI !== 'cli') { exit(1); }
// Prefixed names: wp-settings.php runs in this global scope and overwrites $lt_theme, $lt_key, ...
[$lt_self, $lt_mode, $lt_port, $lt_key, $lt_theme, $lt_kind, $lt_out] = $argv + array_fill(0, 7, null);
if (!in_array($lt_mode, ['install', 'populate'], true) || !$lt_out) {
    fwrite(STDERR, "usage: php populate.php install|populate PORT KEY THEME KIND OUT.json\n");
    exit(2);
}

// What Debian's wp-config.php and WordPress read from the request.
$host = "127.0.0.1:$lt_port";
$_SERVER['HTTP_HOST'] = $host;
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $lt_port;
$_SERVER['WORDPRESS_CONFIG'] = "linktrail-$lt_port"; // -> /etc/wordpress/config-linktrail-PORT.php
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';

$base = "http://$host";
$BLOG = 'Crumb & Crust';
$EMAIL_DOMAIN = 'crumbandcrust.example';

if ($lt_mode === 'install') {
    define('WP_INSTALLING', true);
    require '/usr/share/wordpress/wp-load.php';
    if (is_blog_installed()) { exit(0); }
    // Pluggable: defined before upgrade.php is loaded, so the install sends no mail.
    function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    $title = $lt_kind === 'members' ? "$BLOG Members" : $BLOG;
    $r = wp_install($title, 'hannah', "hannah@$EMAIL_DOMAIN", true, '', 'linktrail-test-password');
    if (is_wp_error($r)) { fwrite(STDERR, $r->get_error_message() . "\n"); exit(1); }
    update_option('siteurl', $base);
    update_option('home', $base);
    // wp_install() created "Hello world!" (with a comment linking to wordpress.org), "Sample Page"
    // and a draft privacy page: remove them so the site holds only what env.json describes.
    foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $p) {
        wp_delete_post($p->ID, true);
    }
    fwrite(STDERR, "[populate.php] installed WordPress $wp_version at $base\n");
    exit(0);
}

require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/post.php';
if (!is_blog_installed()) { fwrite(STDERR, "site $lt_key is not installed\n"); exit(1); }

// ------------------------------------------------------------------ options
$members = $lt_kind === 'members';
$options = [
    'blogdescription' => 'Notes from a home sourdough baker',
    'default_pingback_flag' => 0,   // no pingbacks to linked sites when a post is published
    'default_ping_status' => 'closed',
    'ping_sites' => '',
    'comment_registration' => $members ? 1 : 0,
    'close_comments_for_old_posts' => $members ? 0 : 1,
    'close_comments_days_old' => 14,
    'comment_moderation' => 0,
    'comments_notify' => 0,
    'moderation_notify' => 0,
    'thread_comments' => 1,
    'timezone_string' => 'UTC',
    'blog_public' => 1,
];
foreach ($options as $k => $v) { update_option($k, $v); }
update_option('siteurl', $base);
update_option('home', $base);
if (get_stylesheet() !== $lt_theme) { switch_theme($lt_theme); }
// Pretty permalinks; a soft flush only rewrites the rewrite_rules option (no .htaccess).
global $wp_rewrite;
if (get_option('permalink_structure') !== '/%postname%/') {
    $wp_rewrite->set_permalink_structure('/%postname%/');
}
flush_rewrite_rules(false);
$user = get_user_by('login', 'hannah');
if ($user->display_name !== 'Hannah Levain') {
    wp_update_user(['ID' => $user->ID, 'display_name' => 'Hannah Levain', 'first_name' => 'Hannah',
        'last_name' => 'Levain', 'user_url' => $base]);
}

// ------------------------------------------------------------------ content
// Each item: case, type, title, slug, comment_status, days_ago, content, comments, meta, expected, note.
// Comments: [author, url or '', text, hours after the post].
$p = function (string ...$paras): string {
    return implode("\n\n", array_map(fn($t) => "<!-- wp:paragraph -->\n<p>$t</p>\n<!-- /wp:paragraph -->", $paras));
};
$rel = ['nofollow', 'ugc'];  // the rel tokens WordPress puts on commenter links (plus "external")
$block = wp_get_theme($lt_theme)->is_block_theme();
// Traps of each theme that hold on every page (see tests/fixtures/wordpress/README.md).
$theme_note = $block
    ? 'Theme trap (twentytwentythree, block): its inline CSS names .comment-form-url on every page; commenter links are <a rel="external nofollow ugc" href=...>.'
    : "Theme trap (twentytwentyone, classic): commenter links are single-quoted (rel='external nofollow ugc' class='url'); the footer \"Recent Comments\" widget on every page links commenters of other posts WITHOUT rel: they are not this page's comments.";

$public_items = [
    [
        'case' => 'open_with_website', 'type' => 'post', 'status' => 'open', 'days_ago' => 2,
        'title' => 'Feeding your starter twice a day', 'slug' => 'feeding-your-starter-twice-a-day',
        'content' => $p(
            'A starter that is fed twice a day at 1:5:5 peaks in about six hours at 24 °C. Here is the schedule I have kept for three winters, and why I stopped fridge-feeding.',
            'Morning feed at 7:00, evening feed at 19:00, discard into a jar for crackers. When the kitchen drops below 20 °C I switch to 1:3:3 and a warmer spot on top of the fridge.',
            'Tell me in the comments how often you feed yours!'),
        'comments' => [
            ['Maya Baker', 'https://maya-bakes.example/', 'I switched to 1:5:5 last month after reading this and my loaves are so much more open. Thank you!', 3],
            ['Tom Rye', 'https://ryeandshine.example/blog/', 'Same schedule here, but with 20% whole rye in the feed. It peaks an hour earlier.', 7],
            ['Priya', '', 'Do you discard before every feed, or only in the morning?', 20],
        ],
        'expected' => ['state' => 'open', 'system' => 'wordpress', 'website_field' => true, 'rel' => $rel, 'count' => 3],
        'note' => 'Comments open; the default comment form with its Website (url) field; three approved comments, two with a website link (rel="external nofollow ugc").',
    ],
    [
        'case' => 'closed_with_comments', 'type' => 'post', 'status' => 'closed', 'days_ago' => 5,
        'title' => 'Troubleshooting a gummy high-hydration loaf', 'slug' => 'troubleshooting-a-gummy-high-hydration-loaf',
        'content' => $p(
            'At 85% hydration a gummy crumb usually means under-baking or cutting too soon, not too much water. Bake to 98 °C inside and wait two hours.',
            'I closed comments on this one after it was shared on a forum and the questions started repeating; everything useful is in the answers below.'),
        'comments' => [
            ['Lukas Mehl', 'https://mehl-und-mehr.example/', 'The two-hour wait was my problem. Patience is an ingredient!', 4],
            ['Sara Crust', 'https://saracrust.example/', 'A longer bake with the lid off for the last 15 minutes fixed it for me.', 9],
        ],
        'expected' => ['state' => 'closed', 'system' => 'wordpress', 'website_field' => null, 'rel' => $rel, 'count' => 2],
        'note' => $block
            ? 'comment_status=closed with two approved comments. Block theme: the comment list is shown, but there is NO "Comments are closed" notice and no #respond/form (comment-reply.min.js is still loaded); closed is inferred from comments present without a form.'
            : 'comment_status=closed with two approved comments. Classic theme: the comment list plus a "Comments are closed." notice (p.no-comments), no form.',
    ],
    [
        'case' => 'closed_no_comments', 'type' => 'post', 'status' => 'closed', 'days_ago' => 6,
        'title' => 'My banneton collection', 'slug' => 'my-banneton-collection',
        'content' => $p(
            'Cane, wood pulp, linen-lined wicker: after ten years I own eleven proofing baskets. The 22 cm oval cane banneton is the one I reach for every week.',
            'Dust with rice flour, never wheat, and let the basket dry completely before it goes back on the shelf.'),
        'comments' => [],
        'expected' => ['state' => 'none', 'system' => null, 'website_field' => null, 'rel' => [], 'count' => 0],
        'note' => 'comment_status=closed and no comments: WordPress (both themes) prints nothing about comments, no form, no list, no notice. The truth is "closed", but a careful reader of the HTML can only know "none"'
            . ($block ? '; the .comment-form-url rule in the inline CSS proves nothing (twentytwentythree prints it on every page).' : '.'),
    ],
    [
        'case' => 'auto_closed_old', 'type' => 'post', 'status' => 'open', 'days_ago' => 730,
        'title' => 'My very first sourdough loaf', 'slug' => 'my-very-first-sourdough-loaf',
        'content' => $p(
            'Two years ago I baked my first loaf: a flat, sour, dense disc that I proudly ate anyway. This blog started that evening.',
            'What went wrong: a starter only five days old, no autolyse, and a 30-minute bulk ferment because a recipe said so.'),
        'comments' => [
            ['Maya Baker', 'https://maya-bakes.example/', 'Mine looked exactly like this. We all start somewhere!', 5],
            ['Jonas Brot', 'https://jonasbrot.example/', 'Ha, the famous sourdough frisbee. Welcome to the club.', 30],
        ],
        'expected' => ['state' => 'closed', 'system' => 'wordpress', 'website_field' => null, 'rel' => $rel, 'count' => 2],
        'note' => 'comment_status is "open" in the database, but the post is ~2 years old and the site has close_comments_for_old_posts=1, close_comments_days_old=14, so WordPress closes comments when rendering. The HTML is exactly that of a manually closed post with comments.',
    ],
    [
        'case' => 'open_no_website', 'type' => 'post', 'status' => 'open', 'days_ago' => 1,
        'title' => 'Rye starter questions answered', 'slug' => 'rye-starter-questions-answered',
        'content' => $p(
            'A 100% rye starter smells fruity, ferments fast and never looks bubbly the way a wheat starter does. That is fine.',
            'Ask your rye questions below; I answer every Sunday.'),
        'comments' => [
            ['Priya', '', 'Can I convert my rye starter back to wheat?', 6],
        ],
        'meta' => ['_linktrail_no_website_field' => 1],
        'expected' => ['state' => 'open', 'system' => 'wordpress', 'website_field' => false, 'rel' => [], 'count' => 1],
        'note' => 'Comments open, but a mu-plugin removes "url" from comment_form_default_fields for this post: the form has name, email and comment only. The one approved comment has no website.',
    ],
    [
        'case' => 'write_for_us', 'type' => 'page', 'status' => 'closed', 'days_ago' => 40,
        'title' => 'Write for us', 'slug' => 'write-for-us',
        'content' => $p(
            'Crumb &amp; Crust welcomes guest posts from home bakers and professionals. We publish one guest article a month.',
            '<strong>Guidelines:</strong> original, unpublished articles of 1,000 to 2,000 words about sourdough: starters, techniques, recipes, tools or the science of fermentation. Include your own photos. One link to your own site in the author bio is fine; no sponsored links, no casino, no CBD.',
            "To pitch, send a title, a three-line outline and two samples of your writing to <a href=\"mailto:editor@$EMAIL_DOMAIN\">editor@$EMAIL_DOMAIN</a>. We answer within two weeks."),
        'comments' => [],
        'expected' => ['state' => 'none', 'system' => null, 'website_field' => null, 'rel' => [], 'count' => 0],
        'guest_post' => ['is_guest_post_page' => true, 'accepts' => true, 'submit_email' => "editor@$EMAIL_DOMAIN"],
        'note' => 'A page (comments closed, the default for pages, none present: nothing printed) inviting guest posts, with guidelines and a mailto: link to the editor.',
    ],
];
$members_items = [
    [
        'case' => 'login_required', 'type' => 'post', 'status' => 'open', 'days_ago' => 3,
        'title' => 'Members’ levain schedule for the holidays', 'slug' => 'members-levain-schedule-for-the-holidays',
        'content' => $p(
            'Baking for twelve on the 24th? Build the levain in three stages from the 22nd: 10 g starter, then 50 g flour, then 200 g flour, each at 12-hour intervals.',
            'Members, post your timings below so we can compare.'),
        'comments' => [
            ['Sara Crust', 'https://saracrust.example/', 'Doing the three-stage build this year, thanks for the plan!', 8],
        ],
        'expected' => ['state' => 'login_required', 'system' => 'wordpress', 'website_field' => null, 'rel' => $rel, 'count' => 1],
        'note' => 'comment_registration=1 (site-wide): #respond is kept with its reply title ("Leave a Reply" or "Leave a comment") and p.must-log-in ("You must be logged in to post a comment.", a wp-login.php link) and no form. One approved comment with a website link.',
    ],
];
$items = $members ? $members_items : $public_items;

// ------------------------------------------------------------------ create or re-date
$now = time();
$fmt = fn(int $ts) => gmdate('Y-m-d H:i:s', $ts);
$pages = [];
foreach ($items as $it) {
    // Whole hours, so that two runs within the same hour give the same dates.
    $post_ts = intdiv($now, 3600) * 3600 - $it['days_ago'] * 86400 - 3 * 3600;
    $existing = get_page_by_path($it['slug'], OBJECT, $it['type']);
    $fields = [
        'post_type' => $it['type'], 'post_status' => 'publish', 'post_author' => $user->ID,
        'post_title' => $it['title'], 'post_name' => $it['slug'], 'post_content' => $it['content'],
        'comment_status' => $it['status'], 'ping_status' => 'closed',
        'post_date' => $fmt($post_ts), 'post_date_gmt' => $fmt($post_ts),
        'post_modified' => $fmt($post_ts), 'post_modified_gmt' => $fmt($post_ts),
    ];
    if ($existing) {
        // Direct update: wp_update_post() would stamp post_modified with now.
        $GLOBALS['wpdb']->update($GLOBALS['wpdb']->posts, array_diff_key($fields, ['post_type' => 1]), ['ID' => $existing->ID]);
        clean_post_cache($existing->ID);
        $id = $existing->ID;
    } else {
        $id = wp_insert_post($fields, true);
        if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
        // wp_insert_post() stamps post_modified with now: set the intended dates.
        $GLOBALS['wpdb']->update($GLOBALS['wpdb']->posts, array_intersect_key($fields,
            array_flip(['post_modified', 'post_modified_gmt'])), ['ID' => $id]);
        clean_post_cache($id);
    }
    foreach ($it['meta'] ?? [] as $mk => $mv) { update_post_meta($id, $mk, $mv); }

    $have = get_comments(['post_id' => $id, 'orderby' => 'comment_ID', 'order' => 'ASC', 'status' => 'all']);
    foreach ($it['comments'] as $i => [$author, $url, $text, $hours]) {
        $c_ts = $post_ts + $hours * 3600;
        $c = [
            'comment_post_ID' => $id, 'comment_author' => $author,
            'comment_author_email' => strtolower(preg_replace('/\W+/', '.', $author)) . '@mail.example',
            'comment_author_url' => $url, 'comment_content' => $text, 'comment_approved' => 1,
            'comment_type' => 'comment', 'comment_date' => $fmt($c_ts), 'comment_date_gmt' => $fmt($c_ts),
            'comment_author_IP' => '127.0.0.1', 'comment_agent' => 'linktrail-populate',
        ];
        if (isset($have[$i])) {
            wp_update_comment(['comment_ID' => $have[$i]->comment_ID] + $c);
        } else {
            wp_insert_comment($c);  // does not check comment_status: closed posts can get comments
        }
    }
    wp_update_comment_count_now($id);

    $page = [
        'url' => get_permalink($id),
        'theme' => $lt_theme,
        'theme_type' => $block ? 'block' : 'classic',
        'site' => $lt_key,
        'case' => $it['case'],
        'title' => $it['title'],
        'expected' => $it['expected'],
        'note' => $it['note'] . ' ' . $theme_note,
    ];
    if (isset($it['guest_post'])) { $page['guest_post'] = $it['guest_post']; }
    $pages[] = $page;
}

$site = [
    'key' => $lt_key,
    'base' => $base,
    'port' => (int) $lt_port,
    'theme' => $lt_theme,
    'theme_type' => $block ? 'block' : 'classic',
    'kind' => $lt_kind,
    'title' => html_entity_decode(get_option('blogname'), ENT_QUOTES),
    'wordpress' => $GLOBALS['wp_version'],
    'comment_registration' => (bool) get_option('comment_registration'),
    'close_comments_for_old_posts' => (bool) get_option('close_comments_for_old_posts'),
    'close_comments_days_old' => (int) get_option('close_comments_days_old'),
];
file_put_contents($lt_out, json_encode(['site' => $site, 'pages' => $pages], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
fwrite(STDERR, sprintf("[populate.php] %s: %d pages (%s, %s)\n", $base, count($pages), $lt_theme, $lt_kind));
