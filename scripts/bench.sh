#!/usr/bin/env bash
# npm run bench: start the app on a fresh seeded database in .wrangler/bench-state with the D1
# query counter on (D1_QUERY_LOG=1), measure /hello, every GET route of the build
# (scripts/bench-pages.mjs), the pages of a large project (scripts/seed-bench.mjs: 500 messages,
# 200 files, and a project of 5,000 tasks) and the Tpay notification route
# (payments through the local Tpay sandbox) with autocannon, time the dashboard of an account with
# 50 projects and 5,000 tasks against its target, time the rendering of a 500-task PDF report
# through the report queue and Chromium, and write docs/benchmarks.md. Takes about 15 minutes
# and exits with status 1 when a response is not 2xx or the dashboard misses its target.
# `npm run bench -- --short` (or BENCH_SHORT=1) is the quick run for CI: every page for 1 s, no
# Tpay rows, dashboard timing or PDF reports, no document written (see scripts/bench.mjs).
# Settings (environment):
#   BENCH_PORT (default: a free port), BENCH_STATE_DIR (default: .wrangler/bench-state, deleted
#   first), BENCH_SKIP_BUILD=1 (use the existing build/ and skip
#   `remix build`), BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP, BENCH_REPORT_RUNS,
#   BENCH_DASHBOARD_REQUESTS, BENCH_OUTPUT, BENCH_SHORT (see scripts/bench.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/local-server.sh

port="${BENCH_PORT:-$(klamp_free_port)}"
origin="http://localhost:$port"
state_dir="${BENCH_STATE_DIR:-.wrangler/bench-state}"
trap klamp_stop_server EXIT

# The steps of klamp_start_test_server, with the benchmark's large project added by the seed.
rm -rf "$state_dir"
mkdir -p "$state_dir"
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then klamp_build; fi
bash scripts/setup-local-browser.sh
echo "[bench] Applying D1 migrations and loading the demo and benchmark data..."
bash scripts/wrangler.sh d1 migrations apply DB --local --persist-to "$state_dir" </dev/null >/dev/null
node scripts/seed.mjs --persist-to "$state_dir" --origin "$origin" --summary-file "$state_dir/demo.json" --bench-data
# --log-level warn: wrangler would otherwise write a log line for every request under load.
# NODE_ENV=production: wrangler then bundles the production builds of React, as `wrangler deploy`
# does. By default `wrangler dev` bundles React's development builds, which are slower.
# The inspector (for the CPU profile) listens on 127.0.0.1 only.
inspector_port="$(klamp_free_port)"
NODE_ENV=production klamp_start_server "$port" "$state_dir" "$state_dir/wrangler.log" --var D1_QUERY_LOG:1 --log-level warn \
  --inspector-port "$inspector_port" --inspector-ip 127.0.0.1

BENCH_BASE_URL="$origin" BENCH_DEMO_SUMMARY="$state_dir/demo.json" BENCH_PERSIST_DIR="$state_dir" \
  BENCH_INSPECTOR_PORT="$inspector_port" node scripts/bench.mjs "$@"
