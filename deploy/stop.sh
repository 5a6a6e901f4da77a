#!/usr/bin/env bash
# Stops everything deploy/demo.sh started: the four services, the SMTP server, the name servers, the simulated
# hosts, then the broker. Data stays for the next start.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

deploy="$HOSTMOVE_REPO/deploy"
"$deploy/service.sh" stop
"$deploy/smtp.sh" stop
"$deploy/dns.sh" stop
"$deploy/hosts.sh" stop
"$deploy/kafka.sh" stop
