#!/usr/bin/env bash
# npm start: build the app, prepare the local database (migrations, demo data when empty) and
# serve it with `wrangler dev` on http://localhost:8787, with local D1, R2, Queues and browser.
#   PORT=8790 npm start            serve on another port (the e-mailed links follow it)
#   KLAMP_PERSIST_DIR=dir npm start   keep the local data in another directory
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/local-server.sh

port="${PORT:-8787}"
origin="http://localhost:$port"
persist_dir="${KLAMP_PERSIST_DIR:-}"

klamp_build
bash scripts/setup-local-browser.sh
klamp_prepare_database "$persist_dir" "$origin" if-empty

dev_args=(--port "$port" --ip 127.0.0.1)
if [ -n "$persist_dir" ]; then dev_args+=(--persist-to "$persist_dir"); fi
# The e-mailed links use APP_ORIGIN; wrangler.toml's value names port 8787.
if [ "$port" != "8787" ]; then dev_args+=(--var "APP_ORIGIN:$origin"); fi

echo "[klamp] Serving $origin (the local mailbox is $origin/dev/mailbox). Stop with Ctrl+C."
exec bash scripts/wrangler.sh dev "${dev_args[@]}"
