#!/usr/bin/env bash
# Make sure the PostgreSQL server the tests use (127.0.0.1:5432, database `test`) answers.
# Under CI a missing server is started (or installed); elsewhere a missing one only warns,
# and the PostgreSQL tests skip.
set -uo pipefail
url_host=127.0.0.1
if pg_isready -q -h "$url_host" -p 5432 2>/dev/null; then exit 0; fi
if [ -z "${CI:-}" ]; then
  echo "PostgreSQL is not answering on $url_host:5432; its tests will skip (set CI=1 to start it)." >&2
  exit 0
fi
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do pg_isready -q -h "$url_host" -p 5432 && break; sleep 1; done
pg_isready -h "$url_host" -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
psql -h "$url_host" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
  || psql -h "$url_host" -U postgres -c "CREATE DATABASE test"
