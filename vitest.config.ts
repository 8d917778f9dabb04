import { execFile } from "node:child_process";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with the Worker's real bindings: local D1 (migrated before each
// file), R2 and Queues. `npm test` builds the Remix server first, because workers/app.ts imports it.
/** Runs `pdftotext -layout` on the posted PDF; `?first=N&last=M` limits the pages, `?info=1` runs pdfinfo. */
async function pdfText(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const pdf = Buffer.from(await request.arrayBuffer());
  const args = url.searchParams.get("info") === "1" ? ["-"] : ["-layout", "-enc", "UTF-8"];
  if (url.searchParams.get("info") !== "1") {
    const first = url.searchParams.get("first");
    const last = url.searchParams.get("last");
    if (first) args.push("-f", first);
    if (last) args.push("-l", last);
    args.push("-", "-");
  }
  const tool = url.searchParams.get("info") === "1" ? "pdfinfo" : "pdftotext";
  return new Promise((resolve) => {
    const child = execFile(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve(new Response(error ? stderr || String(error) : stdout, { status: error ? 422 : 200 }));
    });
    child.stdin?.end(pdf);
  });
}

// The local Browser Rendering binding finds Debian's Chromium through the wrapper that
// scripts/setup-local-browser.sh writes under the project's cache (see scripts/env.sh).
process.env.XDG_CACHE_HOME ??= path.join(import.meta.dirname, ".cache/cache");

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations },
          // Test-only: the text of a PDF, read by poppler's pdftotext on the host (PDF bytes in, UTF-8 text out).
          serviceBindings: { PDF_TEXT: pdfText },
        },
      }),
    ],
    resolve: { alias: { "~": path.join(import.meta.dirname, "app") } },
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      testTimeout: 20_000,
      deps: {
        optimizer: {
          ssr: { enabled: true, include: ["@remix-run/cloudflare", "@remix-run/server-runtime"] },
        },
      },
    },
  };
});
