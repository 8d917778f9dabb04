#!/usr/bin/env bash
# npm run seed: delete every row of the local database and load the demo data again.
# Stop nothing first: a running `wrangler dev` on the same data sees the new rows at once.
#   KLAMP_PERSIST_DIR=dir npm run seed   reset the data kept in another directory
#   PORT=8790 npm run seed               print links for a server on another port
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/local-server.sh

klamp_prepare_database "${KLAMP_PERSIST_DIR:-}" "http://localhost:${PORT:-8787}" reset
