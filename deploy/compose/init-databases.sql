-- One role and one database per service, as deploy/postgres.sh makes them on a machine without Docker.
CREATE ROLE hostmove_planner LOGIN;
CREATE DATABASE hostmove_planner OWNER hostmove_planner;
CREATE ROLE hostmove_transfer LOGIN;
CREATE DATABASE hostmove_transfer OWNER hostmove_transfer;
CREATE ROLE hostmove_dns LOGIN;
CREATE DATABASE hostmove_dns OWNER hostmove_dns;
CREATE ROLE hostmove_notification LOGIN;
CREATE DATABASE hostmove_notification OWNER hostmove_notification;
