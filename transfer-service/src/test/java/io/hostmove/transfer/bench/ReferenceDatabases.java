package io.hostmove.transfer.bench;

import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The reference databases, generated from a seed on a host's own server: a WordPress + WooCommerce-like MariaDB
 * database and a shop-like PostgreSQL database, each of about {@code targetBytes} of dump. Every value is a
 * function of the row number and the seed (MD5 of both, picks from fixed lists), so the same seed and size give
 * the same data. A marker (a wp_options row; a database comment) records seed and size, so that a kept
 * database is reused rather than generated again.
 */
final class ReferenceDatabases {

    /** Rows per INSERT … SELECT: keeps each transaction (and the undo it needs) moderate. */
    private static final long CHUNK = 100_000;

    /**
     * One table: its share of the database's bytes, the dump bytes of one row (measured once with
     * mariadb-dump / pg_dump on this data), its definition, and its rows from {from} to {to}.
     */
    private record Table(String name, double share, int bytesPerRow, String create, String insert) {
        long rows(long targetBytes) {
            return Math.max(100, Math.round(targetBytes * share / bytesPerRow));
        }
    }

    private static final String MARIADB_TABLE_OPTIONS =
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;\n";

    private static final List<Table> MARIADB = List.of(
            new Table("wp_posts", 0.30, 3_650, """
                    CREATE TABLE wp_posts (
                      ID bigint unsigned NOT NULL AUTO_INCREMENT, post_author bigint unsigned NOT NULL DEFAULT 0,
                      post_date datetime NOT NULL, post_content longtext NOT NULL, post_title text NOT NULL,
                      post_excerpt text NOT NULL, post_status varchar(20) NOT NULL DEFAULT 'publish',
                      post_name varchar(200) NOT NULL DEFAULT '', post_modified datetime NOT NULL,
                      post_parent bigint unsigned NOT NULL DEFAULT 0, guid varchar(255) NOT NULL DEFAULT '',
                      post_type varchar(20) NOT NULL DEFAULT 'post', comment_count bigint NOT NULL DEFAULT 0,
                      PRIMARY KEY (ID), KEY post_name (post_name(191)),
                      KEY type_status_date (post_type, post_status, post_date, ID), KEY post_parent (post_parent),
                      KEY post_author (post_author))""", """
                    INSERT INTO wp_posts SELECT seq, 1 + seq % 40,
                      TIMESTAMP'2012-01-01 06:00:00' + INTERVAL seq * 11 MINUTE,
                      CONCAT('<!-- wp:paragraph --><p>', REPEAT(CONCAT(MD5(CONCAT(@seed, 'c', seq)), ' ',
                        ELT(1 + seq % 6, 'Sourdough rye with caraway.', 'Cinnamon buns, cardamom and butter.',
                          'Our opening hours change in summer.', 'Order your birthday cake a week ahead.',
                          'Fresh from the oven every morning at seven.', 'Organic flour from local mills.'), ' '),
                        10 + CRC32(CONCAT(@seed, 'n', seq)) % 80), '</p><!-- /wp:paragraph -->'),
                      CONCAT(ELT(1 + seq % 5, 'Bread of the week', 'News from the bakery', 'Recipe',
                        'Opening hours', 'Christmas baking'), ' ', seq),
                      LEFT(MD5(CONCAT(@seed, 'e', seq)), 20 + seq % 12), IF(seq % 23 = 0, 'draft', 'publish'),
                      CONCAT('post-', seq, '-', LEFT(MD5(CONCAT(@seed, 's', seq)), 8)),
                      TIMESTAMP'2012-01-01 06:00:00' + INTERVAL seq * 11 MINUTE + INTERVAL seq % 30 DAY,
                      IF(seq % 7 = 3, seq - 1, 0), CONCAT('https://benchref.example/?p=', seq),
                      IF(seq % 10 = 0, 'attachment', IF(seq % 7 = 3, 'revision', 'post')), seq % 13
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_postmeta", 0.20, 66, """
                    CREATE TABLE wp_postmeta (
                      meta_id bigint unsigned NOT NULL AUTO_INCREMENT, post_id bigint unsigned NOT NULL DEFAULT 0,
                      meta_key varchar(255) DEFAULT NULL, meta_value longtext,
                      PRIMARY KEY (meta_id), KEY post_id (post_id), KEY meta_key (meta_key(191)))""", """
                    INSERT INTO wp_postmeta SELECT seq, 1 + seq DIV 8,
                      ELT(1 + seq % 8, '_edit_lock', '_edit_last', '_thumbnail_id', '_wp_page_template', '_price',
                        '_sku', '_stock', '_wp_attachment_metadata'),
                      IF(seq % 8 = 7, CONCAT('a:3:{s:5:"width";i:', 100 + seq % 3000, ';s:6:"height";i:',
                          100 + seq % 2000, ';s:4:"file";s:36:"', MD5(CONCAT(@seed, 'm', seq)), '.jpg";}'),
                        CONCAT(seq % 100000, ':', LEFT(MD5(CONCAT(@seed, 'v', seq)), 6 + seq % 20)))
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_comments", 0.12, 335, """
                    CREATE TABLE wp_comments (
                      comment_ID bigint unsigned NOT NULL AUTO_INCREMENT,
                      comment_post_ID bigint unsigned NOT NULL DEFAULT 0, comment_author tinytext NOT NULL,
                      comment_author_email varchar(100) NOT NULL DEFAULT '',
                      comment_author_IP varchar(100) NOT NULL DEFAULT '', comment_date datetime NOT NULL,
                      comment_content text NOT NULL, comment_approved varchar(20) NOT NULL DEFAULT '1',
                      comment_agent varchar(255) NOT NULL DEFAULT '',
                      PRIMARY KEY (comment_ID), KEY comment_post_ID (comment_post_ID),
                      KEY comment_date (comment_date), KEY comment_author_email (comment_author_email(10)))""", """
                    INSERT INTO wp_comments SELECT seq, 1 + (seq * 7919) % 100000,
                      ELT(1 + seq % 6, 'Ingrid', 'Jürgen', 'Camille', 'Ola', 'Anna', 'Zoë'),
                      CONCAT('reader', seq % 5000, '@example.net'), CONCAT('198.51.100.', seq % 250),
                      TIMESTAMP'2014-01-01 00:00:00' + INTERVAL seq * 13 MINUTE,
                      REPEAT(CONCAT(MD5(CONCAT(@seed, 'k', seq)), ' tasted wonderful, thank you! '), 1 + seq % 4),
                      IF(seq % 17 = 0, 'spam', '1'),
                      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0'
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_wc_orders", 0.10, 280, """
                    CREATE TABLE wp_wc_orders (
                      id bigint unsigned NOT NULL, status varchar(20) DEFAULT NULL, currency varchar(10) DEFAULT NULL,
                      tax_amount decimal(26,8) DEFAULT NULL, total_amount decimal(26,8) DEFAULT NULL,
                      customer_id bigint unsigned DEFAULT NULL, billing_email varchar(320) DEFAULT NULL,
                      date_created_gmt datetime DEFAULT NULL, date_updated_gmt datetime DEFAULT NULL,
                      payment_method varchar(100) DEFAULT NULL, ip_address varchar(100) DEFAULT NULL,
                      user_agent text, customer_note text,
                      PRIMARY KEY (id), KEY status (status), KEY date_created (date_created_gmt),
                      KEY customer_id_billing_email (customer_id, billing_email(171)))""", """
                    INSERT INTO wp_wc_orders SELECT seq,
                      ELT(1 + seq % 5, 'wc-completed', 'wc-processing', 'wc-on-hold', 'wc-refunded', 'wc-cancelled'),
                      'EUR', (seq % 997) * 0.19, 5 + (seq % 997) * 1.07, 1 + seq % 20000,
                      CONCAT('customer', seq % 20000, '@example.org'),
                      TIMESTAMP'2019-01-01 00:00:00' + INTERVAL seq * 3 MINUTE,
                      TIMESTAMP'2019-01-01 00:00:00' + INTERVAL seq * 3 MINUTE + INTERVAL seq % 5 DAY,
                      ELT(1 + seq % 3, 'stripe', 'paypal', 'bacs'), CONCAT('203.0.113.', seq % 250),
                      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Safari/605.1.15',
                      IF(seq % 4 = 0, CONCAT('Please ring twice. ', MD5(CONCAT(@seed, 'o', seq))), '')
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_woocommerce_order_items", 0.10, 48, """
                    CREATE TABLE wp_woocommerce_order_items (
                      order_item_id bigint unsigned NOT NULL AUTO_INCREMENT, order_item_name text NOT NULL,
                      order_item_type varchar(200) NOT NULL DEFAULT '', order_id bigint unsigned NOT NULL,
                      PRIMARY KEY (order_item_id), KEY order_id (order_id))""", """
                    INSERT INTO wp_woocommerce_order_items SELECT seq,
                      CONCAT(ELT(1 + seq % 6, 'Rye bread', 'Cinnamon bun', 'Sourdough loaf', 'Birthday cake',
                        'Croissant', 'Baguette'), ' #', seq % 300),
                      IF(seq % 9 = 0, 'shipping', 'line_item'), 1 + seq DIV 3
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_actionscheduler_logs", 0.08, 74, """
                    CREATE TABLE wp_actionscheduler_logs (
                      log_id bigint unsigned NOT NULL AUTO_INCREMENT, action_id bigint unsigned NOT NULL,
                      message text NOT NULL, log_date_gmt datetime DEFAULT NULL,
                      PRIMARY KEY (log_id), KEY action_id (action_id), KEY log_date_gmt (log_date_gmt))""", """
                    INSERT INTO wp_actionscheduler_logs SELECT seq, 1 + seq DIV 3,
                      CONCAT(ELT(1 + seq % 4, 'action created', 'action started via WP Cron',
                        'action complete via WP Cron', 'action failed: '), LEFT(MD5(CONCAT(@seed, 'l', seq)), 12)),
                      TIMESTAMP'2023-01-01 00:00:00' + INTERVAL seq SECOND
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_usermeta", 0.05, 48, """
                    CREATE TABLE wp_usermeta (
                      umeta_id bigint unsigned NOT NULL AUTO_INCREMENT, user_id bigint unsigned NOT NULL DEFAULT 0,
                      meta_key varchar(255) DEFAULT NULL, meta_value longtext,
                      PRIMARY KEY (umeta_id), KEY user_id (user_id), KEY meta_key (meta_key(191)))""", """
                    INSERT INTO wp_usermeta SELECT seq, 1 + seq DIV 10,
                      ELT(1 + seq % 10, 'nickname', 'first_name', 'last_name', 'description', 'rich_editing',
                        'locale', 'billing_city', 'billing_postcode', 'session_tokens', 'wp_capabilities'),
                      LEFT(MD5(CONCAT(@seed, 'u', seq)), 4 + seq % 24)
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_users", 0.03, 160, """
                    CREATE TABLE wp_users (
                      ID bigint unsigned NOT NULL AUTO_INCREMENT, user_login varchar(60) NOT NULL DEFAULT '',
                      user_pass varchar(255) NOT NULL DEFAULT '', user_nicename varchar(50) NOT NULL DEFAULT '',
                      user_email varchar(100) NOT NULL DEFAULT '', user_url varchar(100) NOT NULL DEFAULT '',
                      user_registered datetime NOT NULL, display_name varchar(250) NOT NULL DEFAULT '',
                      PRIMARY KEY (ID), KEY user_login_key (user_login), KEY user_email (user_email))""", """
                    INSERT INTO wp_users SELECT seq, CONCAT('user', seq),
                      CONCAT('$P$B', LEFT(MD5(CONCAT(@seed, 'p', seq)), 30)), CONCAT('user', seq),
                      CONCAT('user', seq, '@example.org'), CONCAT('https://example.org/~user', seq),
                      TIMESTAMP'2015-01-01 00:00:00' + INTERVAL seq * 17 MINUTE,
                      CONCAT(ELT(1 + seq % 6, 'Ingrid', 'Jürgen', 'Camille', 'Ola', 'Anna', 'Zoë'), ' ', seq)
                    FROM seq_{from}_to_{to}"""),
            new Table("wp_options", 0.02, 2_020, """
                    CREATE TABLE wp_options (
                      option_id bigint unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL DEFAULT '',
                      option_value longtext NOT NULL, autoload varchar(20) NOT NULL DEFAULT 'yes',
                      PRIMARY KEY (option_id), UNIQUE KEY option_name (option_name), KEY autoload (autoload))""", """
                    INSERT INTO wp_options SELECT seq, CONCAT('_transient_benchref_', seq),
                      REPEAT(MD5(CONCAT(@seed, 't', seq)), 1 + seq % 130), IF(seq % 3 = 0, 'no', 'yes')
                    FROM seq_{from}_to_{to}"""));

    private static final List<Table> POSTGRES = List.of(
            new Table("customers", 0.08, 115, """
                    CREATE TABLE customers (id bigserial, email text NOT NULL, name text NOT NULL,
                      street text NOT NULL, city text NOT NULL, phone text, created_at timestamptz NOT NULL)""", """
                    INSERT INTO customers SELECT g, 'customer' || g || '@example.org',
                      (ARRAY['Jürgen Müller','Anna Schäfer','Lena Groß','Max Weiß','Sören Köhler','Zoë Brandt'])[(1 + g % 6)::int],
                      (g % 200) || ' ' || left(md5(:'seed' || 'a' || g), 10) || 'straße',
                      (ARRAY['Freiburg','Lyon','Tromsø','Bergen','Basel','Graz'])[(1 + g % 6)::int],
                      '+49 761 ' || (1000000 + g % 8999999), timestamptz '2018-01-01 00:00:00+00' + g * interval '7 minutes'
                    FROM generate_series({from}::bigint, {to}::bigint) g"""),
            new Table("products", 0.02, 420, """
                    CREATE TABLE products (id serial, sku text NOT NULL, name text NOT NULL,
                      description text NOT NULL, price numeric(10,2) NOT NULL, stock integer NOT NULL)""", """
                    INSERT INTO products SELECT g, 'SB-' || lpad(g::text, 7, '0'),
                      (ARRAY['Roggenbrot','Laugenbrezel','Bienenstich','Käsekuchen','Franzbrötchen','Mohnschnecke'])[(1 + g % 6)::int] || ' ' || g,
                      repeat(md5(:'seed' || 'd' || g) || ' frisch gebacken. ', (2 + g % 12)::int),
                      round((0.85 + (g % 97) * 0.35)::numeric, 2), g % 120
                    FROM generate_series({from}::bigint, {to}::bigint) g"""),
            new Table("orders", 0.20, 108, """
                    CREATE TABLE orders (id bigserial, customer_id bigint NOT NULL, status text NOT NULL,
                      total numeric(12,2) NOT NULL, currency char(3) NOT NULL, shipping_address text NOT NULL,
                      note text, created_at timestamptz NOT NULL)""", """
                    INSERT INTO orders SELECT g, 1 + (g * 7919) % :customers,
                      (ARRAY['neu','bezahlt','versandt','abgeholt','storniert'])[(1 + g % 5)::int],
                      round((2 + (g % 997) * 0.73)::numeric, 2), 'EUR',
                      (g % 200) || ' ' || left(md5(:'seed' || 's' || g), 12) || 'weg, 79098 Freiburg',
                      CASE WHEN g % 4 = 0 THEN 'Bitte klingeln. ' || md5(:'seed' || 'n' || g) END,
                      timestamptz '2020-01-01 00:00:00+00' + g * interval '2 minutes'
                    FROM generate_series({from}::bigint, {to}::bigint) g"""),
            new Table("order_lines", 0.20, 40, """
                    CREATE TABLE order_lines (id bigserial, order_id bigint NOT NULL, product_id integer NOT NULL,
                      quantity integer NOT NULL, unit_price numeric(10,2) NOT NULL, name text NOT NULL)""", """
                    INSERT INTO order_lines SELECT g, 1 + (g - 1) / 3, 1 + (g * 31) % :products, 1 + g % 6,
                      round((0.85 + (g % 97) * 0.35)::numeric, 2),
                      (ARRAY['Roggenbrot','Laugenbrezel','Bienenstich','Käsekuchen','Franzbrötchen','Mohnschnecke'])[(1 + g % 6)::int]
                    FROM generate_series({from}::bigint, {to}::bigint) g"""),
            new Table("events", 0.30, 195, """
                    CREATE TABLE events (id bigserial, occurred_at timestamptz NOT NULL, kind text NOT NULL,
                      payload jsonb NOT NULL)""", """
                    INSERT INTO events SELECT g, timestamptz '2022-01-01 00:00:00+00' + g * interval '1 second',
                      (ARRAY['cart.updated','order.placed','payment.captured','mail.sent'])[(1 + g % 4)::int],
                      jsonb_build_object('session', md5(:'seed' || 'e' || g), 'items', g % 7,
                        'amount', round((g % 997) * 0.73, 2), 'agent', 'Mozilla/5.0 (X11; Linux x86_64)',
                        'path', '/shop/' || left(md5(:'seed' || 'p' || g), 10))
                    FROM generate_series({from}::bigint, {to}::bigint) g"""),
            new Table("page_views", 0.20, 155, """
                    CREATE TABLE page_views (id bigserial, path text NOT NULL, referrer text,
                      user_agent text NOT NULL, ip inet NOT NULL, viewed_at timestamptz NOT NULL)""", """
                    INSERT INTO page_views SELECT g, '/produkte/' || left(md5(:'seed' || 'v' || g), 16),
                      CASE WHEN g % 3 = 0 THEN 'https://www.example.com/search?q=' || g % 1000 END,
                      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/121.0',
                      ('192.0.2.' || g % 250)::inet, timestamptz '2023-01-01 00:00:00+00' + g * interval '1 second'
                    FROM generate_series({from}::bigint, {to}::bigint) g"""));

    /** Constraints and indexes, added after the data (faster than maintaining them row by row). */
    private static final String POSTGRES_POST = """
            ALTER TABLE customers ADD PRIMARY KEY (id), ADD UNIQUE (email);
            ALTER TABLE products ADD PRIMARY KEY (id), ADD UNIQUE (sku);
            ALTER TABLE orders ADD PRIMARY KEY (id), ADD FOREIGN KEY (customer_id) REFERENCES customers;
            ALTER TABLE order_lines ADD PRIMARY KEY (id), ADD FOREIGN KEY (order_id) REFERENCES orders,
              ADD FOREIGN KEY (product_id) REFERENCES products;
            ALTER TABLE events ADD PRIMARY KEY (id);
            ALTER TABLE page_views ADD PRIMARY KEY (id);
            CREATE INDEX orders_customer_id_idx ON orders (customer_id);
            CREATE INDEX orders_created_at_idx ON orders (created_at);
            CREATE INDEX order_lines_order_id_idx ON order_lines (order_id);
            CREATE INDEX events_occurred_at_idx ON events (occurred_at);
            CREATE INDEX page_views_viewed_at_idx ON page_views (viewed_at);
            CREATE VIEW daily_revenue AS SELECT date_trunc('day', created_at) AS day, sum(total) AS revenue,
              count(*) AS orders FROM orders WHERE status <> 'storniert' GROUP BY 1;
            """;

    private ReferenceDatabases() {
    }

    static String marker(long seed, long targetBytes) {
        return "benchref seed=" + seed + " bytes=" + targetBytes + " v=1";
    }

    /**
     * Makes the MariaDB database {@code name} on {@code host} (with its user {@code name}@'127.%' and
     * {@code password}, allowed everything on it and nothing else), unless the one there was made from the same
     * seed and size; the user's password is set either way. Returns whether the data was generated.
     */
    static boolean mariadb(RemoteHost host, String name, String password, long seed, long targetBytes) {
        String marker = marker(seed, targetBytes);
        String user = "CREATE USER IF NOT EXISTS '" + name + "'@'127.%' IDENTIFIED BY '" + password + "';\n"
                + "ALTER USER '" + name + "'@'127.%' IDENTIFIED BY '" + password + "';\n"
                + "GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + name + "'@'127.%';\n";
        String present = mariadbRun(host, "SELECT option_value FROM `" + name + "`.wp_options WHERE option_name = "
                + "'benchref_manifest'", true, password);
        if (present.strip().equals(marker)) {
            mariadbRun(host, user, false, password);
            return false;
        }
        StringBuilder sql = new StringBuilder("SET NAMES utf8mb4;\nSET @seed = '").append(seed).append("';\n")
                .append("DROP DATABASE IF EXISTS `").append(name).append("`;\n")
                .append("CREATE DATABASE `").append(name).append("` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;\n")
                .append("USE `").append(name).append("`;\n")
                .append(user);
        for (Table table : MARIADB) {
            sql.append(table.create()).append(MARIADB_TABLE_OPTIONS);
            appendChunks(sql, table, table.rows(targetBytes));
        }
        sql.append("INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('benchref_manifest', '")
                .append(marker).append("', 'no');\n");
        mariadbRun(host, sql.toString(), false, password);
        return true;
    }

    /** The same for PostgreSQL: database {@code name} owned by role {@code owner} (LOGIN, {@code password}). */
    static boolean postgres(RemoteHost host, String name, String owner, String password, long seed, long targetBytes) {
        String marker = marker(seed, targetBytes);
        String role = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + owner + "') THEN "
                + "CREATE ROLE " + owner + " LOGIN; END IF; END $$;\n"
                + "ALTER ROLE " + owner + " LOGIN PASSWORD '" + password + "';\n";
        String present = psql(host, "postgres", "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                + "WHERE datname = '" + name + "'", password);
        if (present.strip().equals(marker)) {
            psql(host, "postgres", role, password);
            return false;
        }
        psql(host, "postgres", role + "DROP DATABASE IF EXISTS " + name + " WITH (FORCE);\n"
                + "CREATE DATABASE " + name + " OWNER " + owner + " TEMPLATE template0 ENCODING 'UTF8';\n", password);
        long customers = POSTGRES.get(0).rows(targetBytes);
        long products = POSTGRES.get(1).rows(targetBytes);
        StringBuilder sql = new StringBuilder("\\set ON_ERROR_STOP 1\n\\set seed '").append(seed).append("'\n")
                .append("\\set customers ").append(customers).append("\n\\set products ").append(products)
                .append("\nSET ROLE ").append(owner).append(";\n");
        for (Table table : POSTGRES) {
            sql.append(table.create()).append(";\n");
            appendChunks(sql, table, table.rows(targetBytes));
        }
        sql.append(POSTGRES_POST);
        for (Table table : POSTGRES) {
            // the data came with explicit ids: the sequences go on after them, as on a live shop
            sql.append("SELECT setval('").append(table.name()).append("_id_seq', (SELECT max(id) FROM ")
                    .append(table.name()).append("));\n");
        }
        // vacuumed now, so that autovacuum does not start on it in the middle of a measurement
        sql.append("RESET ROLE;\nVACUUM (ANALYZE);\nCOMMENT ON DATABASE ").append(name).append(" IS '").append(marker)
                .append("';\n");
        psql(host, name, sql.toString(), password);
        return true;
    }

    private static void appendChunks(StringBuilder sql, Table table, long rows) {
        for (long from = 1; from <= rows; from += CHUNK) {
            long to = Math.min(rows, from + CHUNK - 1);
            sql.append(table.insert().replace("{from}", Long.toString(from)).replace("{to}", Long.toString(to)))
                    .append(";\n");
        }
    }

    /**
     * SQL on the host's MariaDB as root; stdout. With {@code tolerant}, an error gives empty output; an error
     * message never shows {@code secret}.
     */
    static String mariadbRun(RemoteHost host, String sql, boolean tolerant, String secret) {
        ExecResult result = host.exec(Shell.command("mariadb", "--batch", "--skip-column-names",
                "--default-character-set=utf8mb4"), sql.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            if (tolerant) {
                return "";
            }
            throw new IllegalStateException("MariaDB on " + host.name() + " failed: " + brief(result.stderr(), secret));
        }
        return result.stdout();
    }

    /** SQL (psql script) on the host's PostgreSQL as its superuser, stopping at the first error; stdout. */
    static String psql(RemoteHost host, String database, String sql, String secret) {
        ExecResult result = host.exec(Shell.command("psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d",
                database), sql.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            throw new IllegalStateException("PostgreSQL on " + host.name() + " failed: " + brief(result.stderr(), secret));
        }
        return result.stdout();
    }

    private static String brief(String text, String secret) {
        String strip = secret == null || secret.isEmpty() ? text.strip() : text.strip().replace(secret, "***");
        return strip.length() > 1000 ? strip.substring(0, 1000) + "…" : strip;
    }
}
