import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with the Worker's real bindings: local D1 (migrated before each
// file), R2 and Queues. `npm test` builds the Remix server first, because workers/app.ts imports it.
/**
 * Runs `pdftotext -layout` on the posted PDF; `?first=N&last=M` limits the pages, `?info=1` runs
 * pdfinfo, `?fonts=1` runs pdffonts and `?raw=1` gives pdftotext -raw.
 */
async function pdfText(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const pdf = Buffer.from(await request.arrayBuffer());
  if (url.searchParams.get("fonts") === "1") return pdfFonts(pdf);
  // `?raw=1`: the text in the order it is drawn, so a name wrapped inside a column stays in one piece.
  const mode = url.searchParams.get("raw") === "1" ? "-raw" : "-layout";
  const args = url.searchParams.get("info") === "1" ? ["-"] : [mode, "-enc", "UTF-8"];
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

/** Runs pdffonts on a PDF, which it reads from a temporary file because pdffonts cannot read stdin. */
async function pdfFonts(pdf: Buffer): Promise<Response> {
  const directory = await mkdtemp(path.join(tmpdir(), "klamp-pdffonts-"));
  const file = path.join(directory, "report.pdf");
  try {
    await writeFile(file, pdf);
    return await new Promise<Response>((resolve) => {
      execFile("pdffonts", [file], { encoding: "utf8" }, (error, stdout, stderr) => {
        resolve(new Response(error ? stderr || String(error) : stdout, { status: error ? 422 : 200 }));
      });
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Starts a loopback HTTP server that records the path of every request, and returns the handler of
 * the test-only FETCH_PROBE binding. `GET /url` returns the server's base URL, and
 * `GET /count?prefix=/P` the number of requests whose path starts with /P.
 */
async function startFetchProbe(): Promise<(request: Request) => Response> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? "");
    response.writeHead(200, { "Content-Type": "text/plain", Connection: "close" });
    response.end("probe");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // The server must not keep the test run alive.
  server.unref();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/url") return new Response(base);
    if (url.pathname === "/count") {
      const prefix = url.searchParams.get("prefix") ?? "/";
      return new Response(String(paths.filter((path) => path.startsWith(prefix)).length));
    }
    return new Response("Not found", { status: 404 });
  };
}

// The local Browser Rendering binding finds Debian's Chromium through the wrapper that
// scripts/setup-local-browser.sh writes under the project's cache (see scripts/env.sh).
process.env.XDG_CACHE_HOME ??= path.join(import.meta.dirname, ".cache/cache");

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  const fetchProbe = await startFetchProbe();
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations },
          // Test-only: the text of a PDF, read by poppler's pdftotext on the host (PDF bytes in, UTF-8 text out).
          // FETCH_PROBE: a loopback server that counts the requests it gets (startFetchProbe).
          serviceBindings: { PDF_TEXT: pdfText, FETCH_PROBE: fetchProbe },
        },
      }),
    ],
    resolve: { alias: { "~": path.join(import.meta.dirname, "app") } },
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      testTimeout: 20_000,
      // One worker per core. Vitest's default of cores - 1 runs the files one at a time on two
      // cores, although a file spends much of its time waiting for a queue batch (1 s timer) or
      // Chromium. On a busy 2-core machine a second worker cut 14 of the files from 432 s to 283 s.
      // Keep `isolate` at its default (true), so each file gets a fresh workerd with empty D1, R2
      // and queues. With one shared runtime, queue retries and rows left by earlier files slowed
      // later files several times over, until tests timed out.
      maxWorkers: "100%",
      deps: {
        optimizer: {
          ssr: { enabled: true, include: ["@remix-run/cloudflare", "@remix-run/server-runtime"] },
        },
      },
    },
  };
});
