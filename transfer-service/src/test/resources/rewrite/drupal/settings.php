<?php

// phpcs:ignoreFile

/**
 * @file
 * Drupal site-specific configuration file.
 *
 * Database settings:
 *
 * The $databases array specifies the database connection or
 * connections that Drupal may use.  Drupal is able to connect
 * to multiple databases, including multiple types of databases,
 * during the same request.
 *
 * @code
 * $databases['default']['default'] = [
 *   'database' => 'databasename',
 *   'username' => 'sqlusername',
 *   'password' => 'sqlpassword',
 *   'host' => 'localhost',
 *   'port' => '3306',
 *   'driver' => 'mysql',
 *   'prefix' => '',
 *   'collation' => 'utf8mb4_general_ci',
 * ];
 * @endcode
 */
$databases = [];

$databases['default']['default'] = array (
  'database' => 'nordlys_d8',
  'username' => 'nordlys_d8',
  'password' => 'd8-\'pa$$"\\word /home/nordlys ünïcødé',
  'prefix' => '',
  'host' => '127.0.0.1',
  'port' => '3306',
  'isolation_level' => 'READ COMMITTED',
  'namespace' => 'Drupal\\mysql\\Driver\\Database\\mysql',
  'driver' => 'mysql',
  'autoload' => 'core/modules/mysql/src/Driver/Database/mysql/',
);

// Content migration from the old WordPress site (migrate_drupal / wordpress_migrate).
$databases['migrate']['default'] = [
  'database' => 'nordlys_wp',
  'username' => 'nordlys_wp',
  'password' => 'Hj3$kL\'9"q\\z /home/nordlys/ Ærø',
  'host' => 'localhost',
  'port' => 3306,
  'driver' => 'mysql',
  'prefix' => 'wp_',
];

// Read-only reporting copy run by the customer's accountant: not ours, same database name.
$databases['reporting']['default'] = ['database' => 'nordlys_d8', 'username' => 'report', 'password' => 'r3p0rt', 'host' => 'reports.example.net', 'driver' => 'mysql'];

$settings['hash_salt'] = 'qW8vN2-xR5tY7uI9oP1aS3dF6gH0jK4lZ';
$settings['update_free_access'] = FALSE;
$settings['file_public_path'] = 'sites/default/files';
$settings['file_private_path'] = '/home/nordlys/private';
$settings['file_temp_path'] = '/home/nordlys/tmp';
$settings['config_sync_directory'] = '/home/nordlys/config/sync';
$settings['trusted_host_patterns'] = [
  '^nordlys\.no$',
  '^www\.nordlys\.no$',
];
$settings['container_yamls'][] = $app_root . '/' . $site_path . '/services.yml';
$settings['entity_update_batch_size'] = 50;
$settings['entity_update_backup'] = TRUE;
$settings['migrate_node_migrate_type_classic'] = FALSE;
$settings['backup_path'] = '/home/nordlys2/backups';

if (file_exists($app_root . '/' . $site_path . '/settings.local.php')) {
  include $app_root . '/' . $site_path . '/settings.local.php';
}
