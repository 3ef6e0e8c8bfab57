#!/usr/bin/env bash
# tests/services/wordpress.sh: a REAL WordPress (Debian 12's package) on loopback.
#
# The same script is used by CI and by developers:
#
#   tests/services/wordpress.sh install   # apt-get the packages (needs root; idempotent)
#   tests/services/wordpress.sh start     # run MariaDB + php-fpm + nginx, install and populate the sites
#   tests/services/wordpress.sh status    # which processes are up; exit 0 only when all are
#   tests/services/wordpress.sh stop      # stop what `start` started (pid files)
#   tests/services/wordpress.sh reset     # stop, then remove the state dir and our /etc/wordpress configs
#   tests/services/wordpress.sh env       # print the path of env.json (exit 1 if absent)
#
# Several subcommands may be given in one call: `wordpress.sh install start`.
#
# Environment:
#   LINKTRAIL_WP_DIR   state dir (default /tmp/linktrail-wp): config, data, sockets, logs, env.json
#   LINKTRAIL_WP_PORT  first port (default 8089); four sites listen on PORT .. PORT+3, all on 127.0.0.1
#
# What runs (all as our own processes, never through systemctl/service: the image's policy-rc.d
# keeps package services from starting, and CI must not depend on an init system):
#   mariadbd    --defaults-file=$STATE/my.cnf, skip-networking, unix socket only
#   php-fpm8.2  --fpm-config $STATE/php-fpm.conf, unix socket in $STATE
#   nginx       -c $STATE/nginx.conf, one server block per site on 127.0.0.1:PORT+i
#
# The four sites (one MariaDB database, one table prefix each), so that every comment state exists
# under a block theme AND a classic theme, although comment_registration is a site-wide option:
#   PORT+0  twentytwentythree (block)    public   (close_comments_for_old_posts=1, 14 days)
#   PORT+1  twentytwentyone   (classic)  public   (close_comments_for_old_posts=1, 14 days)
#   PORT+2  twentytwentythree (block)    members  (comment_registration=1)
#   PORT+3  twentytwentyone   (classic)  members  (comment_registration=1)
# Debian's /usr/share/wordpress/wp-config.php picks /etc/wordpress/config-<X>.php from the
# WORDPRESS_CONFIG server variable when set, else from the Host without its port. Since all sites
# share the host 127.0.0.1, nginx passes WORDPRESS_CONFIG=linktrail-<port> per server block and the
# command-line PHP sets $_SERVER['WORDPRESS_CONFIG'] too.
#
# `start` ends by writing $STATE/env.json (sites, pages and the expected analysis of each page)
# and printing its path. Re-running `start` while everything is up is a no-op that prints the path.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${LINKTRAIL_WP_DIR:-/tmp/linktrail-wp}"
PORT="${LINKTRAIL_WP_PORT:-8089}"
WP_ROOT=/usr/share/wordpress
WP_THEMES="$WP_ROOT/wp-content/themes"
ETC_WP=/etc/wordpress
DB_NAME=linktrail_wp
DB_USER=linktrail
DB_PASS=linktrail
# Timeout (seconds) for each readiness poll.
WAIT_SECONDS="${LINKTRAIL_WP_WAIT:-60}"

# Packages. apt would pull in apache2 + mod_php as the "httpd" provider of the wordpress package:
# the trailing '-' removes/forbids them. The themes are separate packages in Debian 12 (the
# wordpress package itself ships an empty themes directory).
PACKAGES=(wordpress mariadb-server php-fpm php-mysql php-cli nginx
  wordpress-theme-twentytwentythree wordpress-theme-twentytwentyone
  apache2- libapache2-mod-php8.2-)

# Site table: key port-offset theme kind. The key is used as table prefix and in env.json.
SITES=(
  "tt3 0 twentytwentythree public"
  "tt1 1 twentytwentyone public"
  "tt3m 2 twentytwentythree members"
  "tt1m 3 twentytwentyone members"
)

log() { printf '[wordpress.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A unix socket path must fit in sun_path (108 bytes with the NUL). If the state dir is deep,
# put the sockets in /tmp under a name derived from the state dir instead.
sock_path() { # name
  local p="$STATE/$1"
  if (( ${#p} >= 100 )); then
    p="/tmp/ltwp-$(printf '%s' "$STATE" | md5sum | cut -c1-10)-$1"
  fi
  printf '%s' "$p"
}
MYSQL_SOCK="$(sock_path mysql.sock)"
FPM_SOCK="$(sock_path php-fpm.sock)"

php_fpm_bin() { # Debian 12: php-fpm8.2; pick whichever version is installed.
  local b
  for b in /usr/sbin/php-fpm8.2 /usr/sbin/php-fpm*; do [[ -x "$b" ]] && { echo "$b"; return; }; done
  return 1
}

packages_installed() {
  [[ -f "$WP_ROOT/wp-load.php" && -d "$WP_THEMES/twentytwentythree" && -d "$WP_THEMES/twentytwentyone" ]] \
    && command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null \
    && command -v nginx >/dev/null && command -v php >/dev/null && php_fpm_bin >/dev/null \
    && php -r 'exit(extension_loaded("mysqli") ? 0 : 1);'
}

# ---------------------------------------------------------------- process helpers (pid files)
pid_alive() { # pidfile -> 0 when the pid in it is a live process
  local f="$1" pid
  [[ -s "$f" ]] || return 1
  pid="$(tr -dc 0-9 <"$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

wait_for() { # description command... : poll (10 Hz) until the command succeeds or WAIT_SECONDS pass
  local what="$1"; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { log "timed out waiting for $what"; return 1; }
    sleep 0.1
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free() { ! port_open "$1"; }

stop_pidfile() { # name pidfile : TERM, wait up to WAIT_SECONDS for exit, then KILL
  local name="$1" f="$2" pid
  if ! pid_alive "$f"; then rm -f "$f"; return 0; fi
  pid="$(tr -dc 0-9 <"$f")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for "$name to exit" bash -c "! kill -0 $pid"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# ---------------------------------------------------------------- install
cmd_install() {
  if packages_installed; then log "packages already installed"; return 0; fi
  [[ $EUID -eq 0 ]] || die "install needs root (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists yet.
  if ! apt-cache show wordpress >/dev/null 2>&1; then apt-get update -q; fi
  apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
  packages_installed || die "packages installed but something is still missing"
}

# ---------------------------------------------------------------- MariaDB
write_mariadb_config() {
  mkdir -p "$STATE/mysql" "$STATE/log" "$STATE/tmp"
  cat >"$STATE/my.cnf" <<EOF
# Our own MariaDB: no TCP, socket in the state dir. Generated by tests/services/wordpress.sh.
[mysqld]
user=$(id -un)
datadir=$STATE/mysql
socket=$MYSQL_SOCK
pid-file=$STATE/mariadb.pid
log-error=$STATE/log/mariadb.log
tmpdir=$STATE/tmp
skip-networking
skip-log-bin
skip-name-resolve
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
performance_schema=OFF
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci

[client]
socket=$MYSQL_SOCK
user=root
EOF
}

mariadb_ping() { mariadb-admin --defaults-file="$STATE/my.cnf" --connect-timeout=1 ping; }

start_mariadb() {
  if pid_alive "$STATE/mariadb.pid" && mariadb_ping >/dev/null 2>&1; then return 0; fi
  write_mariadb_config
  if [[ ! -d "$STATE/mysql/mysql" ]]; then
    log "initialising MariaDB data dir"
    # root authenticates by unix socket (we are that OS user); no test db, no anonymous users.
    mariadb-install-db --defaults-file="$STATE/my.cnf" --auth-root-authentication-method=socket \
      --skip-test-db >"$STATE/log/mariadb-install-db.log" 2>&1 \
      || { cat "$STATE/log/mariadb-install-db.log" >&2; die "mariadb-install-db failed"; }
  fi
  log "starting MariaDB"
  # --defaults-file must be the first option. setsid: the server outlives this script.
  setsid mariadbd --defaults-file="$STATE/my.cnf" </dev/null >>"$STATE/log/mariadb.out" 2>&1 &
  wait_for "MariaDB" mariadb_ping || { tail -20 "$STATE/log/mariadb.log" >&2; die "MariaDB did not start"; }
  # Database and user for WordPress (idempotent).
  mariadb --defaults-file="$STATE/my.cnf" <<EOF
CREATE DATABASE IF NOT EXISTS $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
EOF
}

# ---------------------------------------------------------------- php-fpm
start_php_fpm() {
  if pid_alive "$STATE/php-fpm.pid" && [[ -S "$FPM_SOCK" ]]; then return 0; fi
  local bin user group extra=()
  bin="$(php_fpm_bin)"
  user="$(id -un)"; group="$(id -gn)"
  # php-fpm refuses to run as root unless told to (CI and this image run everything as root).
  [[ $EUID -eq 0 ]] && extra+=(--allow-to-run-as-root)
  cat >"$STATE/php-fpm.conf" <<EOF
; Our own php-fpm (does not include Debian's pool.d). Generated by tests/services/wordpress.sh.
[global]
pid = $STATE/php-fpm.pid
error_log = $STATE/log/php-fpm.log
daemonize = yes

[linktrail]
user = $user
group = $group
listen = $FPM_SOCK
; nginx workers run as another user (nobody) when nginx starts as root.
listen.mode = 0666
pm = static
pm.max_children = 4
clear_env = yes
php_admin_value[error_log] = $STATE/log/php-errors.log
php_admin_flag[log_errors] = on
php_admin_flag[display_errors] = off
EOF
  rm -f "$FPM_SOCK"
  log "starting php-fpm"
  "$bin" --fpm-config "$STATE/php-fpm.conf" "${extra[@]}" </dev/null >>"$STATE/log/php-fpm.out" 2>&1 \
    || { tail -20 "$STATE/log/php-fpm.log" >&2 || true; die "php-fpm did not start"; }
  wait_for "php-fpm socket" test -S "$FPM_SOCK" || die "php-fpm socket did not appear"
}

# ---------------------------------------------------------------- WordPress config + content dir
write_wp_content() {
  # Our own wp-content: the packaged themes (symlinks), our mu-plugin, our uploads.
  local c="$STATE/wp-content" t
  mkdir -p "$c/themes" "$c/plugins" "$c/mu-plugins" "$c/uploads"
  for t in "$WP_THEMES"/*/; do
    t="${t%/}"; ln -sfn "$t" "$c/themes/$(basename "$t")"
  done
  cp "$HERE/wordpress_php/mu-plugin.php" "$c/mu-plugins/linktrail-fixtures.php"
}

write_wp_configs() { # one /etc/wordpress/config-linktrail-<port>.php per site
  mkdir -p "$ETC_WP"
  local s key off theme kind port f
  for s in "${SITES[@]}"; do
    read -r key off theme kind <<<"$s"
    port=$((PORT + off))
    f="$ETC_WP/config-linktrail-$port.php"
    cat >"$f.tmp" <<EOF
<?php
// Generated by linktrail tests/services/wordpress.sh for its loopback test site $key.
// Loaded by Debian's /usr/share/wordpress/wp-config.php via WORDPRESS_CONFIG=linktrail-$port.
define('DB_NAME', '$DB_NAME');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$DB_PASS');
define('DB_HOST', 'localhost:$MYSQL_SOCK');
define('DB_CHARSET', 'utf8mb4');
\$table_prefix = '${key}_';
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
define('WP_CONTENT_DIR', '$STATE/wp-content');
define('WP_CONTENT_URL', 'http://127.0.0.1:$port/wp-content');
// No outbound traffic: no cron spawning, no HTTP except to the site itself, no updates.
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('DISALLOW_FILE_MODS', true);
define('WP_DEBUG', false);
define('LINKTRAIL_SITE', '$key');
define('LINKTRAIL_SITE_KIND', '$kind');
define('LINKTRAIL_SITE_THEME', '$theme');
define('AUTH_KEY', 'linktrail-test-$key-1');
define('SECURE_AUTH_KEY', 'linktrail-test-$key-2');
define('LOGGED_IN_KEY', 'linktrail-test-$key-3');
define('NONCE_KEY', 'linktrail-test-$key-4');
define('AUTH_SALT', 'linktrail-test-$key-5');
define('SECURE_AUTH_SALT', 'linktrail-test-$key-6');
define('LOGGED_IN_SALT', 'linktrail-test-$key-7');
define('NONCE_SALT', 'linktrail-test-$key-8');
EOF
    mv "$f.tmp" "$f"
  done
}

# ---------------------------------------------------------------- nginx
start_nginx() {
  local s key off theme kind port
  if pid_alive "$STATE/nginx.pid"; then return 0; fi
  mkdir -p "$STATE/nginx/tmp" "$STATE/log"
  {
    cat <<EOF
# Our own nginx. Generated by tests/services/wordpress.sh.
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/log/nginx-error.log warn;
daemon on;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $STATE/log/nginx-access.log;
  client_body_temp_path $STATE/nginx/tmp/body;
  proxy_temp_path $STATE/nginx/tmp/proxy;
  fastcgi_temp_path $STATE/nginx/tmp/fastcgi;
  uwsgi_temp_path $STATE/nginx/tmp/uwsgi;
  scgi_temp_path $STATE/nginx/tmp/scgi;
  sendfile on;
EOF
    for s in "${SITES[@]}"; do
      read -r key off theme kind <<<"$s"
      port=$((PORT + off))
      cat <<EOF

  # site $key: $theme, $kind
  server {
    listen 127.0.0.1:$port;
    server_name _;
    root $WP_ROOT;
    index index.php;
    location ^~ /wp-content/ { alias $STATE/wp-content/; }
    location / { try_files \$uri \$uri/ /index.php?\$args; }
    location ~ \.php\$ {
      try_files \$uri =404;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      # Debian's fastcgi_params passes the Host without the port: WordPress would then redirect
      # every page to itself. Pass host:port.
      fastcgi_param HTTP_HOST \$host:\$server_port;
      # Selects /etc/wordpress/config-linktrail-$port.php in Debian's wp-config.php.
      fastcgi_param WORDPRESS_CONFIG linktrail-$port;
      fastcgi_pass unix:$FPM_SOCK;
    }
  }
EOF
    done
    echo "}"
  } >"$STATE/nginx.conf"
  for s in "${SITES[@]}"; do
    read -r key off theme kind <<<"$s"
    port_free $((PORT + off)) || die "port $((PORT + off)) is already in use (set LINKTRAIL_WP_PORT)"
  done
  log "starting nginx"
  nginx -c "$STATE/nginx.conf" -p "$STATE/nginx/" -e "$STATE/log/nginx-error.log" </dev/null \
    || { tail -20 "$STATE/log/nginx-error.log" >&2 || true; die "nginx did not start"; }
  for s in "${SITES[@]}"; do
    read -r key off theme kind <<<"$s"
    wait_for "nginx on port $((PORT + off))" port_open $((PORT + off)) || die "nginx is not listening"
  done
}

# ---------------------------------------------------------------- WordPress install + populate
populate_sites() {
  # One php-cli run per site: installs WordPress when its tables are absent, then creates the posts
  # (idempotent: existing posts are kept and only re-dated relative to now, so "recent" posts never
  # fall into the 14-day auto-close window however long the state dir lives).
  local s key off theme kind port
  for s in "${SITES[@]}"; do
    read -r key off theme kind <<<"$s"
    port=$((PORT + off))
    # Two runs: `install` loads WordPress with WP_INSTALLING defined (only when its tables are
    # absent), `populate` loads it normally to write options, posts and comments.
    php -d display_errors=stderr "$HERE/wordpress_php/populate.php" install "$port" "$key" "$theme" "$kind" \
      "$STATE/site-$key.json" || die "installing WordPress site $key failed"
    php -d display_errors=stderr "$HERE/wordpress_php/populate.php" populate "$port" "$key" "$theme" "$kind" \
      "$STATE/site-$key.json" || die "populating site $key failed"
  done
}

write_env_json() {
  php -r '
    $state = $argv[1]; $sites = []; $pages = [];
    foreach (array_slice($argv, 3) as $key) {
      $d = json_decode(file_get_contents("$state/site-$key.json"), true);
      $sites[] = $d["site"];
      foreach ($d["pages"] as $p) { $pages[] = $p; }
    }
    $env = [
      "generated" => gmdate("Y-m-d\TH:i:s\Z"),
      "state_dir" => $state,
      "wordpress_package" => $argv[2],
      "sites" => $sites,
      "pages" => $pages,
    ];
    file_put_contents("$state/env.json.tmp", json_encode($env, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
    rename("$state/env.json.tmp", "$state/env.json");
  ' "$STATE" "$(dpkg-query -W -f='${Version}' wordpress)" $(for s in "${SITES[@]}"; do read -r key _ <<<"$s"; echo "$key"; done)
}

all_up() {
  pid_alive "$STATE/mariadb.pid" && pid_alive "$STATE/php-fpm.pid" && pid_alive "$STATE/nginx.pid" \
    && [[ -s "$STATE/env.json" ]]
}

cmd_start() {
  if all_up; then echo "$STATE/env.json"; return 0; fi
  packages_installed || die "WordPress packages are not installed: run $0 install"
  mkdir -p "$STATE"
  local t0=$SECONDS
  start_mariadb
  start_php_fpm
  write_wp_content
  write_wp_configs
  start_nginx
  populate_sites
  write_env_json
  log "up in $((SECONDS - t0)) s: http://127.0.0.1:$PORT .. http://127.0.0.1:$((PORT + ${#SITES[@]} - 1))"
  echo "$STATE/env.json"
}

cmd_stop() {
  stop_pidfile nginx "$STATE/nginx.pid"
  stop_pidfile php-fpm "$STATE/php-fpm.pid"
  stop_pidfile MariaDB "$STATE/mariadb.pid"
  rm -f "$FPM_SOCK"
  # env.json describes running services: without them it would mislead the fixture.
  rm -f "$STATE/env.json"
}

cmd_reset() {
  cmd_stop
  local s key off theme kind
  for s in "${SITES[@]}"; do
    read -r key off theme kind <<<"$s"
    rm -f "$ETC_WP/config-linktrail-$((PORT + off)).php"
  done
  rm -rf "$STATE"
  rm -f "$MYSQL_SOCK" "$FPM_SOCK"
}

cmd_status() {
  local rc=0 name f
  for name in mariadb php-fpm nginx; do
    f="$STATE/$name.pid"
    if pid_alive "$f"; then echo "$name: running (pid $(tr -dc 0-9 <"$f"))"; else echo "$name: stopped"; rc=1; fi
  done
  if packages_installed; then echo "packages: installed"; else echo "packages: missing"; rc=1; fi
  if [[ -s "$STATE/env.json" ]]; then echo "env: $STATE/env.json"; else echo "env: none"; rc=1; fi
  return $rc
}

cmd_env() { [[ -s "$STATE/env.json" ]] || exit 1; echo "$STATE/env.json"; }

[[ $# -ge 1 ]] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
for cmd in "$@"; do
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    reset) cmd_reset ;;
    status) cmd_status ;;
    env) cmd_env ;;
    *) die "unknown subcommand: $cmd (install|start|stop|restart|reset|status|env)" ;;
  esac
done
