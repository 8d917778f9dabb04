#!/usr/bin/env bash
# Lets the local Browser Rendering binding (env.BROWSER under `wrangler dev`) use Debian's
# Chromium instead of downloading Chrome for Testing.
#
# Miniflare's local Browser Rendering installs a fixed Chrome for Testing build with
# @puppeteer/browsers into $XDG_CACHE_HOME/.wrangler/chrome/linux-<build id>/, and skips the
# download when chrome-linux64/chrome already exists there. This script puts a small wrapper
# at that path which execs the system Chromium. Miniflare has no option to point it at a
# browser, so the wrapper relies on its cache layout, which a miniflare upgrade may change:
# the build id is read from miniflare's code each time for that reason.
#
# Without Chromium the script prints how to install it and exits 0: the app runs, only PDFs
# cannot be rendered.
#
# NOTE: the workerd tests (vitest) look in the same place only when XDG_CACHE_HOME is the
# project's .cache/cache, as scripts/env.sh sets it; .ci/run exports it before `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

chromium="$CHROMIUM_PATH"
if [ ! -x "$chromium" ]; then
  cat >&2 <<EOF
[setup:browser] Chromium was not found at $chromium, so PDF reports will not render locally.
[setup:browser] Everything else works. To enable PDFs, install it and run this again:
[setup:browser]   sudo apt-get install chromium        (Debian/Ubuntu)
[setup:browser]   npm run setup:browser
[setup:browser] Set CHROMIUM_PATH if your Chromium lives elsewhere.
EOF
  exit 0
fi

miniflare_dist="node_modules/miniflare/dist/src/index.js"
if [ ! -f "$miniflare_dist" ]; then
  echo "[setup:browser] $miniflare_dist is missing; run npm install first." >&2
  exit 1
fi

# The version appears once, as `browserVersion: "126.0.6478.182"` in the /browser/launch handler.
build_id=$(grep -oE 'browserVersion: "[0-9]+(\.[0-9]+){3}"' "$miniflare_dist" | head -n 1 | grep -oE '[0-9]+(\.[0-9]+){3}' || true)
if [ -z "$build_id" ]; then
  echo "[setup:browser] Could not find the Chrome build id in $miniflare_dist (miniflare changed its code?)." >&2
  echo "[setup:browser] PDFs will not render locally until this script is updated." >&2
  exit 0
fi

case "$(uname -m)" in
  x86_64 | amd64) platform="linux" ;;
  aarch64 | arm64) platform="linux_arm" ;;
  *)
    echo "[setup:browser] Unsupported CPU $(uname -m); PDFs will not render locally." >&2
    exit 0
    ;;
esac

install_dir="$XDG_CACHE_HOME/.wrangler/chrome/$platform-$build_id"
wrapper="$install_dir/chrome-linux64/chrome"
mkdir -p "$(dirname "$wrapper")"
cat >"$wrapper" <<EOF
#!/bin/sh
# Written by scripts/setup-local-browser.sh in place of Chrome for Testing $build_id.
exec "$chromium" --no-sandbox --disable-gpu --disable-quic --disable-component-update \\
  --disable-background-networking --disable-sync --no-first-run "\$@"
EOF
chmod +x "$wrapper"
echo "[setup:browser] Local Browser Rendering will use $chromium ($("$chromium" --version 2>/dev/null | tail -n 1))."
