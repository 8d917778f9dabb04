#!/usr/bin/env bash
# npm run bench: start the app on a fresh seeded database in .wrangler/bench-state with the D1
# query counter on (D1_QUERY_LOG=1), measure /hello, a project page and a client page with
# autocannon, and write docs/benchmarks.md. Takes about a minute. Settings (environment):
#   BENCH_PORT (default: a free port), BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP,
#   BENCH_OUTPUT (see scripts/bench.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/local-server.sh

port="${BENCH_PORT:-$(klamp_free_port)}"
state_dir=".wrangler/bench-state"
trap klamp_stop_server EXIT
# --log-level warn: wrangler would otherwise write a log line for every request under load.
klamp_start_test_server "$port" "$state_dir" --var D1_QUERY_LOG:1 --log-level warn

BENCH_BASE_URL="http://localhost:$port" BENCH_DEMO_SUMMARY="$state_dir/demo.json" node scripts/bench.mjs
