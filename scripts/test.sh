#!/usr/bin/env bash
# The whole test suite: lint, types, import layers, then every test on SQLite and again on PostgreSQL.
#
#   bash scripts/test.sh                 (README command 2)
#   bash scripts/test.sh -k thai -x      (extra arguments go to both pytest runs)
#
# PostgreSQL: uses CHUMCHON_TEST_DATABASE_URL if set; otherwise starts a throwaway cluster when
# the server binaries are installed. Without PostgreSQL or Chromium those tests skip and say why —
# unless CHUMCHON_REQUIRE_ALL=1 (set by .ci/run): then anything missing, and any skipped test, fails
# the run. A run that selects no tests at all (pytest exit code 5) always fails.
#
# The SQLite and PostgreSQL runs go side by side (each its own data directory and test database; the
# PostgreSQL run's output is shown when it ends), which nearly halves the wall time on two or more
# cores. CHUMCHON_TEST_SERIAL=1 runs them one after the other, with both outputs live.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PYTHON" -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

export CHUMCHON_DATA_DIR=${CHUMCHON_DATA_DIR:-$(mktemp -d)}
export PYTHAINLP_DATA=${PYTHAINLP_DATA:-$CHUMCHON_DATA_DIR/pythainlp}
require_all=${CHUMCHON_REQUIRE_ALL:-0}

work=$(mktemp -d /tmp/chumchon-test.XXXXXX)
pg_dir=""
pg_pid=""
demo_pid=""
cleanup() {
  if [ -n "$demo_pid" ]; then pkill -TERM -P "$demo_pid" 2>/dev/null || true; kill "$demo_pid" 2>/dev/null || true; fi
  if [ -n "$pg_pid" ]; then  # interrupted: stop the PostgreSQL run going on beside
    pkill -TERM -P "$pg_pid" 2>/dev/null || true; kill "$pg_pid" 2>/dev/null || true; wait "$pg_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_dir" ]; then bash scripts/pg-throwaway.sh stop "$pg_dir"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The whole suite (no extra arguments): make the demo the CLI and browser tests share (``chumchon demo
# --no-serve``, about a minute) once, beside lint, for both database runs (conftest.py, demo_cli).
if [ "$#" = 0 ]; then
  mkdir -p "$work/demo"
  (unset CHUMCHON_DATABASE_URL
   exec .venv/bin/python -c 'import sys; from chumchon.conftest import demo_cli_prepare; demo_cli_prepare(sys.argv[1])' \
     "$work/demo") >"$work/demo.log" 2>&1 &
  demo_pid=$!
fi

if [ "${CHUMCHON_SKIP_LINT:-0}" = 1 ] && [ "$require_all" != 1 ]; then
  echo "== ruff and mypy SKIPPED (CHUMCHON_SKIP_LINT=1)"
else
  echo "== ruff"
  .venv/bin/ruff check src bench
  echo "== mypy"
  .venv/bin/mypy src/chumchon
  echo "== import layers (lint-imports)"
  .venv/bin/lint-imports --no-cache
fi

pg_url=${CHUMCHON_TEST_DATABASE_URL:-}
if [ -z "$pg_url" ]; then
  pg_dir=$(mktemp -d /tmp/chumchon-pg.XXXXXX)
  if ! pg_url=$(bash scripts/pg-throwaway.sh start "$pg_dir" 2>"$work/pg-start.err"); then
    pg_url=""
    rm -rf "$pg_dir"; pg_dir=""
  fi
fi

# run_pytest LABEL [pytest args...]: fails on test failures, on "no tests ran", and — with
# CHUMCHON_REQUIRE_ALL=1 — on any skipped test.
run_pytest() {
  local label=$1; shift
  # The report (each test's time) is kept in CHUMCHON_ARTEFACTS when set (CI keeps it); the slowest
  # tests are listed at the end of the output, so a suite that grows slow says where.
  local report="${CHUMCHON_ARTEFACTS:-$work}/junit-$label.xml" rc=0
  .venv/bin/python -m pytest --junitxml="$report" --durations=25 "$@" || rc=$?
  if [ "$rc" = 5 ]; then
    echo "ไม่มีการทดสอบใดถูกเรียกใช้ / no tests were collected or selected on $label (pytest exit code 5)" >&2
    exit 5
  elif [ "$rc" != 0 ]; then
    echo "การทดสอบไม่ผ่าน / tests failed on $label (pytest exit code $rc)" >&2
    exit "$rc"
  fi
  if [ "$require_all" = 1 ]; then
    local skipped
    skipped=$(.venv/bin/python - "$report" <<'PY'
import sys
import xml.etree.ElementTree as ET

skips = [
    f"{case.get('classname')}::{case.get('name')}: {skip.get('message', '')}"
    for case in ET.parse(sys.argv[1]).iter("testcase")
    for skip in case.findall("skipped")
]
print("\n".join(skips))
PY
) || { echo "could not read the test report $report" >&2; exit 1; }
    if [ -n "$skipped" ]; then
      echo "CHUMCHON_REQUIRE_ALL=1: nothing may be skipped, but on $label:" >&2
      echo "$skipped" >&2
      exit 1
    fi
  fi
}

if [ -n "$demo_pid" ]; then
  wait "$demo_pid" || true
  demo_pid=""
  if [ -f "$work/demo/run.json" ]; then
    export CHUMCHON_TEST_DEMO=$work/demo
  else  # the tests make it themselves (and say what goes wrong)
    echo "== the shared demo could not be prepared beforehand:"; cat "$work/demo.log"
  fi
fi

# Each run its own data directory (survey store, media, mail), so runs side by side never share files.
data_root=$CHUMCHON_DATA_DIR
mkdir -p "$data_root/sqlite" "$data_root/postgresql"
if [ -n "$pg_url" ] && [ "${CHUMCHON_TEST_SERIAL:-0}" != 1 ]; then
  echo "== tests on PostgreSQL, side by side with SQLite (its output follows when it ends)"
  (export CHUMCHON_DATABASE_URL=$pg_url CHUMCHON_DATA_DIR=$data_root/postgresql; run_pytest postgresql "$@") \
    >"$work/postgresql.log" 2>&1 &
  pg_pid=$!
fi

echo "== tests on SQLite"
sqlite_rc=0
(unset CHUMCHON_DATABASE_URL; export CHUMCHON_DATA_DIR=$data_root/sqlite; run_pytest sqlite "$@") || sqlite_rc=$?

if [ -n "$pg_pid" ]; then
  pg_rc=0
  wait "$pg_pid" || pg_rc=$?
  pg_pid=""
  echo "== tests on PostgreSQL (ran side by side with SQLite)"
  cat "$work/postgresql.log"
  if [ "$sqlite_rc" != 0 ]; then exit "$sqlite_rc"; fi
  if [ "$pg_rc" != 0 ]; then exit "$pg_rc"; fi
elif [ "$sqlite_rc" != 0 ]; then
  exit "$sqlite_rc"
elif [ -n "$pg_url" ]; then
  echo "== tests on PostgreSQL"
  (export CHUMCHON_DATABASE_URL=$pg_url CHUMCHON_DATA_DIR=$data_root/postgresql; run_pytest postgresql "$@")
elif [ "$require_all" = 1 ]; then
  echo "PostgreSQL is required (CHUMCHON_REQUIRE_ALL=1) but none is available:" >&2
  cat "$work/pg-start.err" >&2 || true
  exit 1
else
  echo "== PostgreSQL tests SKIPPED: no PostgreSQL found (install postgresql or set CHUMCHON_TEST_DATABASE_URL)"
  cat "$work/pg-start.err" 2>/dev/null || true
fi
echo "== all tests passed"
