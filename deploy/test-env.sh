# shellcheck shell=bash
# The test peers' addresses and state, as deploy/test.sh sets them. Source it to run one module's tests by hand
# against peers that deploy/test.sh (or deploy/test.sh peers) started: test ports and .run/test never touch a demo.

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export HOSTMOVE_STATE_DIR="$HOSTMOVE_REPO/.run/test"
export HOSTMOVE_KAFKA_PORT="${HOSTMOVE_TEST_KAFKA_PORT:-19092}"
export HOSTMOVE_KAFKA_CONTROLLER_PORT="${HOSTMOVE_TEST_KAFKA_CONTROLLER_PORT:-19093}"
export HOSTMOVE_TEST_KAFKA_BOOTSTRAP="127.0.0.1:$HOSTMOVE_KAFKA_PORT"
# The old and new test hosts (OpenSSH, nginx, MariaDB, PostgreSQL on 127.0.0.2 and 127.0.0.3).
export HOSTMOVE_HOSTS_ROOT="${HOSTMOVE_TEST_HOSTS_ROOT:-/srv/hostmove-test}"
export HOSTMOVE_HOSTS_SSH_PORT="${HOSTMOVE_TEST_HOSTS_SSH_PORT:-12222}"
export HOSTMOVE_HOSTS_HTTP_PORT="${HOSTMOVE_TEST_HOSTS_HTTP_PORT:-18088}"
export HOSTMOVE_HOSTS_MARIADB_PORT="${HOSTMOVE_TEST_HOSTS_MARIADB_PORT:-13306}"
export HOSTMOVE_HOSTS_PG_PORT="${HOSTMOVE_TEST_HOSTS_PG_PORT:-15432}"
# The DNS topology of deploy/dns.sh (parent, ns1, ns2, provider on 127.0.0.10-13), all on this port.
export HOSTMOVE_NS_PORT="${HOSTMOVE_TEST_NS_PORT:-15353}"
# The SMTP server that keeps what it receives (deploy/smtp.sh), for the end-to-end test's services.
export HOSTMOVE_SMTP_PORT="${HOSTMOVE_TEST_SMTP_PORT:-12525}"
