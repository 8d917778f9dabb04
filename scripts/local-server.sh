# Shared steps of the scripts that run the app locally (start, dev, e2e, bench, .ci/run).
# Source it from the project root after scripts/env.sh; it defines functions only.

# Builds the Remix server bundle that workers/app.ts imports.
klamp_build() {
  echo "[klamp] Building the Remix app (remix build)..."
  npx --no-install remix build
}

# Applies the D1 migrations to a local database and loads the demo data.
# Usage: klamp_prepare_database PERSIST_DIR ORIGIN SEED_MODE [SUMMARY_FILE]
#   PERSIST_DIR  wrangler's local state directory; empty for wrangler's default (.wrangler/state)
#   ORIGIN       origin of the printed links, such as http://localhost:8787
#   SEED_MODE    "if-empty" (load the demo data into an empty database only) or "reset"
klamp_prepare_database() {
  local persist_dir="$1" origin="$2" seed_mode="$3" summary_file="${4:-}"
  local persist_args=()
  if [ -n "$persist_dir" ]; then persist_args=(--persist-to "$persist_dir"); fi

  echo "[klamp] Applying D1 migrations to the local database..."
  # stdin from /dev/null: wrangler then applies without asking for confirmation.
  bash scripts/wrangler.sh d1 migrations apply DB --local "${persist_args[@]}" </dev/null

  local seed_args=("${persist_args[@]}" --origin "$origin")
  if [ "$seed_mode" = "if-empty" ]; then seed_args+=(--if-empty); fi
  if [ -n "$summary_file" ]; then seed_args+=(--summary-file "$summary_file"); fi
  node scripts/seed.mjs "${seed_args[@]}"
}

# Returns a free TCP port on 127.0.0.1.
klamp_free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Starts `wrangler dev` in the background, in its own process group, and waits for /healthz.
# Usage: klamp_start_server PORT PERSIST_DIR LOG_FILE [EXTRA_WRANGLER_DEV_ARGS...]
# Sets KLAMP_SERVER_PID; stop the server with klamp_stop_server.
klamp_start_server() {
  local port="$1" persist_dir="$2" log_file="$3"
  shift 3
  local origin="http://localhost:$port"

  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    echo "[klamp] Port $port is already in use; stop that server or choose another port." >&2
    return 1
  fi

  echo "[klamp] Starting wrangler dev on $origin (log: $log_file)..."
  # setsid gives wrangler, and the workerd it spawns, a process group that can be stopped as one.
  setsid bash scripts/wrangler.sh dev --port "$port" --ip 127.0.0.1 --persist-to "$persist_dir" \
    --var "APP_ORIGIN:$origin" --show-interactive-dev-session=false "$@" >"$log_file" 2>&1 </dev/null &
  KLAMP_SERVER_PID=$!

  local deadline=$((SECONDS + 90))
  until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; do
    if ! kill -0 "$KLAMP_SERVER_PID" 2>/dev/null; then
      echo "[klamp] wrangler dev exited before it was ready; the end of its log:" >&2
      tail -n 40 "$log_file" >&2
      KLAMP_SERVER_PID=""
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "[klamp] $origin/healthz did not return 200 within 90 s; the end of the log:" >&2
      tail -n 40 "$log_file" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "[klamp] The app is ready on $origin."
}

# Stops the server started by klamp_start_server, with its whole process group.
klamp_stop_server() {
  if [ -z "${KLAMP_SERVER_PID:-}" ]; then return 0; fi
  kill -TERM -- "-$KLAMP_SERVER_PID" 2>/dev/null || true
  local waited=0
  while kill -0 -- "-$KLAMP_SERVER_PID" 2>/dev/null && [ "$waited" -lt 20 ]; do
    sleep 0.5
    waited=$((waited + 1))
  done
  kill -KILL -- "-$KLAMP_SERVER_PID" 2>/dev/null || true
  wait "$KLAMP_SERVER_PID" 2>/dev/null || true
  KLAMP_SERVER_PID=""
}

# Builds the app and starts it on a fresh, seeded database, for e2e tests and benchmarks.
# Usage: klamp_start_test_server PORT STATE_DIR [EXTRA_WRANGLER_DEV_ARGS...]
# STATE_DIR is deleted and recreated; it receives the local data, demo.json (the seed summary,
# see scripts/seed.mjs) and wrangler.log. Stop the server with klamp_stop_server.
klamp_start_test_server() {
  local port="$1" state_dir="$2"
  shift 2
  rm -rf "$state_dir"
  mkdir -p "$state_dir"
  klamp_build
  bash scripts/setup-local-browser.sh
  klamp_prepare_database "$state_dir" "http://localhost:$port" reset "$state_dir/demo.json"
  klamp_start_server "$port" "$state_dir" "$state_dir/wrangler.log" "$@"
}
