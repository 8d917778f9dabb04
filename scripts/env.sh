# Sourced by every script: wrangler and miniflare must not phone home or write outside the project.
export WRANGLER_SEND_METRICS=false
export WRANGLER_SEND_ERROR_REPORTS=false
export WRANGLER_HIDE_BANNER=true
export CLOUDFLARE_CF_FETCH_ENABLED=false
export XDG_CONFIG_HOME="${XDG_CONFIG_HOME:-$PWD/.cache/config}"
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$PWD/.cache/cache}"
export XDG_DATA_HOME="${XDG_DATA_HOME:-$PWD/.cache/data}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
