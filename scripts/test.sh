#!/usr/bin/env bash
# The whole test suite: lint, types, then every test on SQLite and again on PostgreSQL.
#
#   bash scripts/test.sh            (README command 2)
#
# PostgreSQL: uses CHUMCHON_TEST_DATABASE_URL if set; otherwise starts a throwaway cluster when
# the server binaries are installed. Without PostgreSQL or Chromium those tests skip and say why —
# unless CHUMCHON_REQUIRE_ALL=1 (set by .ci/run), where anything missing fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PYTHON" -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

export CHUMCHON_DATA_DIR=${CHUMCHON_DATA_DIR:-$(mktemp -d)}
export PYTHAINLP_DATA=${PYTHAINLP_DATA:-$CHUMCHON_DATA_DIR/pythainlp}

echo "== ruff"
.venv/bin/ruff check src bench
echo "== mypy"
.venv/bin/mypy src/chumchon

pg_dir=""
cleanup() { if [ -n "$pg_dir" ]; then bash scripts/pg-throwaway.sh stop "$pg_dir"; fi; }
trap cleanup EXIT

pg_url=${CHUMCHON_TEST_DATABASE_URL:-}
if [ -z "$pg_url" ]; then
  pg_dir=$(mktemp -d /tmp/chumchon-pg.XXXXXX)
  if ! pg_url=$(bash scripts/pg-throwaway.sh start "$pg_dir" 2>/tmp/chumchon-pg-start.err); then
    pg_url=""
    rm -rf "$pg_dir"; pg_dir=""
  fi
fi

echo "== tests on SQLite"
env -u CHUMCHON_DATABASE_URL .venv/bin/python -m pytest "$@"

if [ -n "$pg_url" ]; then
  echo "== tests on PostgreSQL"
  CHUMCHON_DATABASE_URL=$pg_url .venv/bin/python -m pytest "$@"
elif [ "${CHUMCHON_REQUIRE_ALL:-}" = 1 ]; then
  echo "PostgreSQL is required (CHUMCHON_REQUIRE_ALL=1) but none is available:" >&2
  cat /tmp/chumchon-pg-start.err >&2 || true
  exit 1
else
  echo "== PostgreSQL tests SKIPPED: no PostgreSQL found (install postgresql or set CHUMCHON_TEST_DATABASE_URL)"
fi
