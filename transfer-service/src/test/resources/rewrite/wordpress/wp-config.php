<?php
/**
 * The base configuration for WordPress
 *
 * The wp-config.php creation script uses this file during the installation.
 * You don't have to use the website, you can copy this file to "wp-config.php"
 * and fill in the values.
 *
 * This file contains the following configurations:
 *
 * * Database settings
 * * Secret keys
 * * Database table prefix
 * * ABSPATH
 *
 * @link https://developer.wordpress.org/advanced-administration/wordpress/wp-config/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'nordlys_wp' );

/** Database username */
define( 'DB_USER', 'nordlys_wp' );

/** Database password */
define( 'DB_PASSWORD', 'Hj3$kL\'9"q\\z /home/nordlys/ Ærø' );

/** Database hostname */
define( 'DB_HOST', 'localhost' );

/** Database charset to use when creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

// Before the upgrade: define( 'DB_HOST', 'localhost:/home/nordlys/mysql/mysql.sock' );

/**#@+
 * Authentication unique keys and salts.
 *
 * Change these to different unique phrases! You can generate these using
 * the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 *
 * @since 2.6.0
 */
define( 'AUTH_KEY',         'r8[Q| /home/nordlys w-<mN3`Zp=Q+3U!q7~Hq:1XH3#b]k|E@a9Wg$B(c' );
define( 'SECURE_AUTH_KEY',  'F_1@Tq:6)X}Yc!nE9uK^sh8Lk#Wm0Rz|d2G]vP%&oJ>b5y{4N-aHx7M+iS;tCwQ' );
define( 'LOGGED_IN_KEY',    'wZ8#p]Kx2!Lm4N^q6R(s0T-u%V{y3W}a5B@c7D*e9F>g1H<j.I;k:l?m/n|o~r' );
define( 'NONCE_KEY',        'm9{N2!bV^cX(4zL)kJ8#hG]fD6[sA%pO0iU*yT-rE1+wQ;a<S>d:f/g?h|j~k7' );
define( 'AUTH_SALT',        'Q3$w@E5r^T7y&U9i*O1p(A2s)D4f_G6h+J8k-L0z=X{c}V[b]N;m:M<n>B?v/C' );
define( 'SECURE_AUTH_SALT', 'x!5Zc@7Vb#9Nm$1Aq%3Sw^5Ee&7Rd*9Tf(1Yg)3Uh_5Ij+7Ok-9Pl=1Qm{3Rn}' );
define( 'LOGGED_IN_SALT',   'h2;J4:k6<L8>m0?N2/b4|V6~c8`X0[z2]A4{s6}D8(f0)G2!h4@J6#k8$L0%m2^' );
define( 'NONCE_SALT',       'P7&o9*I1(u3)Y5_t7+R9-e1=W3{q5}A7[s9]D1;f3:G5<h7>J9?k1/L3|z5~X7c' );

/**#@-*/

/**
 * WordPress database table prefix.
 */
$table_prefix = 'wp_';

define( 'WP_DEBUG', false );
define( 'WP_CONTENT_DIR', '/home/nordlys/public_html/wp-content' );
define( 'WP_TEMP_DIR', "/home/nordlys/tmp" );
define( 'UPLOADS_SHARED', '/home/nordlys2/shared/uploads' );
define( 'WP_CACHE_KEY_SALT', 'nordlys.no:' );
@ini_set( 'error_log', '/home/nordlys/logs/php-error.log' );

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
