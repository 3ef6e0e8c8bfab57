<?php
/**
 * Plugin Name: linktrail test fixtures
 * Description: Copied into the loopback test WordPress by tests/services/wordpress.sh. Keeps the
 * site from sending mail and lets single posts drop the comment form's website field.
 */

// No mail, ever (install notification, comment notifications): short-circuit wp_mail().
add_filter('pre_wp_mail', '__return_true');

// A post with the meta key _linktrail_no_website_field gets a comment form without the "Website"
// field, as many blogs do with a few lines like these in their theme.
add_filter('comment_form_default_fields', function ($fields) {
    $post = get_post();
    if ($post && get_post_meta($post->ID, '_linktrail_no_website_field', true)) {
        unset($fields['url']);
    }
    return $fields;
});
