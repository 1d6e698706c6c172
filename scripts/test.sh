#!/usr/bin/env bash
# `./berth test`: builds Berth and runs every test on real parts. What the tests need and this
# machine lacks is installed and started where that is safe (Debian, as root); anywhere else this
# script says exactly what is missing and fails. Nothing is skipped.
#
# Called by ./berth, which has already exported JAVA_HOME (a JDK 21+). Extra arguments go to Maven,
# e.g. `./berth test -pl control-plane/berth-store -am -Dtest=SqliteStoreTest -Dsurefire.failIfNoSpecifiedTests=false`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'berth test: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

can_install() { [[ "$(id -u)" == 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null; }

apt_updated=""
apt_install() {
  if [[ -z "$apt_updated" ]]; then
    say "apt-get update"
    apt-get update -qq >&2
    apt_updated=yes
  fi
  say "installing $* from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# The AWS CLI v2 from Debian: the real client the end-to-end tests drive. A v1 `aws` may come first
# on PATH, so the tests use this path explicitly.
ensure_aws_cli() {
  local cli="${BERTH_TEST_AWS_CLI:-/usr/bin/aws}"
  if [[ -x "$cli" ]] && "$cli" --version 2>&1 | grep -q '^aws-cli/2'; then
    export BERTH_TEST_AWS_CLI="$cli"
    return
  fi
  if can_install; then
    apt_install awscli
    "$cli" --version 2>&1 | grep -q '^aws-cli/2' || fail "Debian's awscli did not give an AWS CLI v2 at $cli"
    export BERTH_TEST_AWS_CLI="$cli"
    return
  fi
  fail "the tests need the AWS CLI v2 at $cli (Debian: apt-get install awscli), or BERTH_TEST_AWS_CLI set to one."
}

# PostgreSQL: the second store implementation runs the same contract tests as SQLite. Either
# BERTH_TEST_POSTGRES_URL names a server (a user that may CREATE DATABASE), or Debian's is started here.
ensure_postgres() {
  if [[ -n "${BERTH_TEST_POSTGRES_URL:-}" ]]; then
    return
  fi
  if ! can_install; then
    fail "the PostgreSQL store tests need a server: set BERTH_TEST_POSTGRES_URL to a JDBC URL such as
  jdbc:postgresql://127.0.0.1:5432/postgres?user=berth&password=berth (a user that may create databases),
or run ./berth test as root on Debian, where it installs and starts PostgreSQL itself."
  fi
  command -v pg_lsclusters >/dev/null || apt_install postgresql
  local version cluster port status
  read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n1) || true
  if [[ -z "${version:-}" ]]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n1)
    say "creating PostgreSQL $version cluster 'main'"
    pg_createcluster "$version" main >&2
    read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n1)
  fi
  if [[ "$status" != online* ]]; then
    say "starting PostgreSQL $version/$cluster on port $port"
    pg_ctlcluster "$version" "$cluster" start >&2
  fi
  for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.2
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || fail "PostgreSQL $version/$cluster did not come up on port $port"
  runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'berth_test') THEN
    CREATE ROLE berth_test LOGIN PASSWORD 'berth_test' CREATEDB;
  END IF;
END $$;
SQL
  export BERTH_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=berth_test&password=berth_test"
}

# Docker: the agent's tests run real containers. Debian's docker.io, started here when it is not running.
ensure_docker() {
  if docker info >/dev/null 2>&1; then
    return
  fi
  if ! can_install; then
    fail "the agent tests need a running Docker Engine that this user can reach (docker info fails).
Start one, or run ./berth test as root on Debian, where it installs docker.io and starts dockerd itself."
  fi
  command -v dockerd >/dev/null || apt_install docker.io
  say "starting dockerd (log: /var/log/berth-test-dockerd.log)"
  nohup dockerd >/var/log/berth-test-dockerd.log 2>&1 &
  for _ in $(seq 1 100); do
    docker info >/dev/null 2>&1 && return
    sleep 0.2
  done
  fail "dockerd did not come up; see /var/log/berth-test-dockerd.log"
}

# busybox-static: the tests build their images from it (no image can be pulled from a public registry).
ensure_busybox() {
  for candidate in "${BERTH_TEST_BUSYBOX:-}" /bin/busybox /usr/bin/busybox; do
    if [[ -n "$candidate" && -x "$candidate" ]] && ldd "$candidate" 2>&1 | grep -q 'not a dynamic executable'; then
      export BERTH_TEST_BUSYBOX="$candidate"
      return
    fi
  done
  if can_install; then
    apt_install busybox-static
    export BERTH_TEST_BUSYBOX=/bin/busybox
    return
  fi
  fail "the agent tests build their images from a statically linked busybox: install busybox-static or set BERTH_TEST_BUSYBOX."
}

# docker-registry: a real registry that wants a password, for the agent's authenticated pulls.
ensure_registry() {
  [[ -x /usr/bin/docker-registry ]] && return
  if can_install; then
    apt_install docker-registry
    # Debian starts a system registry on :5000 on install; the tests start their own on a free port.
    if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
      systemctl stop docker-registry >&2 || true
    fi
    [[ -x /usr/bin/docker-registry ]] && return
  fi
  fail "the agent tests pull from a real registry: install docker-registry (Debian package of the same name)."
}

# wrk: the load balancer's zero-downtime tests send load through it for a whole deployment.
ensure_wrk() {
  [[ -x /usr/bin/wrk ]] && return
  if can_install; then
    apt_install wrk
    [[ -x /usr/bin/wrk ]] && return
  fi
  fail "the load balancer tests send load with wrk: install it (Debian package wrk)."
}

# skopeo: the registry tests copy images between Berth and a directory with an OCI tool that is not Docker.
ensure_skopeo() {
  command -v skopeo >/dev/null && return
  if can_install; then
    apt_install skopeo
    command -v skopeo >/dev/null && return
  fi
  fail "the registry tests copy images with skopeo: install it (Debian package skopeo)."
}

ensure_aws_cli
ensure_postgres
ensure_docker
ensure_busybox
ensure_registry
ensure_wrk
ensure_skopeo
say "JDK $JAVA_HOME; AWS CLI $("$BERTH_TEST_AWS_CLI" --version 2>&1 | cut -d' ' -f1); PostgreSQL ${BERTH_TEST_POSTGRES_URL%%\?*}; Docker $(docker version --format '{{.Server.Version}}'); busybox $BERTH_TEST_BUSYBOX"

maven() {
  if command -v mvn >/dev/null 2>&1; then mvn "$@"; else "$root/mvnw" "$@"; fi
}
cd "$root"
# install, not verify: it leaves the jar ./berth runs up to date as well.
maven -B -Dstyle.color=never install "$@"
