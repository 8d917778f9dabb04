#!/usr/bin/env bash
# npm run dev: like npm start, but `remix watch` rebuilds on every change under app/ and
# `wrangler dev` reloads the Worker when the build changes. Takes PORT and KLAMP_PERSIST_DIR
# like scripts/start.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/local-server.sh

port="${PORT:-8787}"
origin="http://localhost:$port"
persist_dir="${KLAMP_PERSIST_DIR:-}"

# One full build first, so that wrangler finds build/index.js when it starts.
klamp_build
bash scripts/setup-local-browser.sh
klamp_prepare_database "$persist_dir" "$origin" if-empty

npx --no-install remix watch &
watch_pid=$!
trap 'kill "$watch_pid" 2>/dev/null || true' EXIT

dev_args=(--port "$port" --ip 127.0.0.1)
if [ -n "$persist_dir" ]; then dev_args+=(--persist-to "$persist_dir"); fi
if [ "$port" != "8787" ]; then dev_args+=(--var "APP_ORIGIN:$origin"); fi

echo "[klamp] Serving $origin with rebuilds on change. Stop with Ctrl+C."
bash scripts/wrangler.sh dev "${dev_args[@]}"
