#!/usr/bin/env bash
# npm run e2e: the end-to-end tests (tests/e2e/*.test.mjs) in Debian's Chromium.
#   npm run e2e -- tests/e2e/dashboard.test.mjs   run only the named test files
#
# By default the script starts its own server on a free port, with a fresh local database in
# .wrangler/e2e-state (migrated and loaded with the demo data), and stops it afterwards. It
# does not touch the data of `npm start`.
#   E2E_BASE_URL=http://localhost:8787 npm run e2e   test a server that is already running;
#                                                   the demo client-link test is then skipped
#   E2E_PORT=8799        port for the server this script starts
#   E2E_STATE_DIR=dir    local data of that server instead of .wrangler/e2e-state (deleted first)
#   E2E_SKIP_BUILD=1     serve the app already in build/ and public/build/ instead of building it
#                        again (.ci/run sets it, because `npm test` built the app just before)
#   E2E_TAP_FILE=file    also write a TAP report (.ci/run reads the counts from it)
# Screenshots go to tests/e2e/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/local-server.sh

if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "[e2e] Chromium was not found at $CHROMIUM_PATH. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi

# klamp_start_test_server builds the app with klamp_build, so E2E_SKIP_BUILD replaces that
# function with a check that the build exists.
if [ "${E2E_SKIP_BUILD:-}" = 1 ]; then
  klamp_build() {
    if [ ! -f build/index.js ] || [ ! -d public/build ]; then
      echo "[e2e] E2E_SKIP_BUILD=1, but build/index.js or public/build/ is missing; run npm run build first." >&2
      return 1
    fi
    echo "[e2e] Using the app already built in build/ (E2E_SKIP_BUILD=1)."
  }
fi

if [ -z "${E2E_BASE_URL:-}" ]; then
  port="${E2E_PORT:-$(klamp_free_port)}"
  state_dir="${E2E_STATE_DIR:-.wrangler/e2e-state}"
  trap klamp_stop_server EXIT
  klamp_start_test_server "$port" "$state_dir"
  export E2E_BASE_URL="http://localhost:$port"
  case "$state_dir" in
    /*) export E2E_DEMO_SUMMARY="$state_dir/demo.json" ;;
    *) export E2E_DEMO_SUMMARY="$PWD/$state_dir/demo.json" ;;
  esac
fi

reporters=(--test-reporter=spec --test-reporter-destination=stdout)
if [ -n "${E2E_TAP_FILE:-}" ]; then reporters+=(--test-reporter=tap "--test-reporter-destination=$E2E_TAP_FILE"); fi

echo "[e2e] Testing $E2E_BASE_URL"
status=0
test_files=("$@")
if [ "${#test_files[@]}" -eq 0 ]; then test_files=(tests/e2e/*.test.mjs); fi
node --test "${reporters[@]}" "${test_files[@]}" || status=$?
if [ "$status" -ne 0 ] && [ -n "${state_dir:-}" ]; then
  echo "[e2e] Failed; the server log is $state_dir/wrangler.log, screenshots are in tests/e2e/artifacts/." >&2
fi
exit "$status"
