#!/usr/bin/env bash
# Runs the project's wrangler with telemetry, update checks and Request.cf downloads off,
# and with its caches inside the project, so nothing reaches beyond the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec npx --no-install wrangler "$@"
