// Tests of scripts/check-budgets.mjs against fake builds in temporary directories: a client
// manifest with its modules, a server build that names it, and Worker modules.
//   node --test tests/budgets/check-budgets.test.mjs
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { measureClientRoutes, measureWorkerModules } from "../../scripts/check-budgets.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "scripts/check-budgets.mjs");
const KIB = 1024;

const directories = [];

after(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory() {
  const directory = mkdtempSync(path.join(tmpdir(), "klamp-budgets-test-"));
  directories.push(directory);
  return directory;
}

/** Returns JavaScript of about `gzippedKiB` KiB after gzip: a string of random base64, which gzip shrinks to about 3/4. */
function incompressibleModule(gzippedKiB, prefix = "") {
  const payload = randomBytes(Math.ceil(gzippedKiB * KIB)).toString("base64");
  return `${prefix}export const payload = "${payload}";\n`;
}

/**
 * Writes a fake Remix build: public/build/manifest-TEST.js with an entry and the routes given,
 * the modules under public/build, and build/index.js naming the manifest like Remix's server build.
 * `modules` maps a URL such as /build/_shared/chunk-A.js to its text.
 */
function writeFakeBuild({ routes, entryImports = [], modules }) {
  const directory = temporaryDirectory();
  const publicDir = path.join(directory, "public");
  const manifest = { entry: { module: "/build/entry.client-TEST.js", imports: entryImports }, routes, url: "/build/manifest-TEST.js" };
  const files = {
    "/build/entry.client-TEST.js": "export {};\n",
    "/build/_assets/app-TEST.css": "body{margin:0}\n",
    ...modules,
    "/build/manifest-TEST.js": `window.__remixManifest=${JSON.stringify(manifest)};`,
  };
  for (const [url, text] of Object.entries(files)) {
    const file = path.join(publicDir, url);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const serverBuild = path.join(directory, "build/index.js");
  mkdirSync(path.dirname(serverBuild), { recursive: true });
  writeFileSync(serverBuild, `const assetsBuildDirectory = "public/build";\nconst assets = { url: "/build/manifest-TEST.js" };\nconst css = "/build/_assets/app-TEST.css";\n`);
  return { publicDir, serverBuild };
}

/** Runs scripts/check-budgets.mjs with `args` and returns its exit status and output. */
function runChecker(args) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
}

function route(id, parentId, module, imports = []) {
  return { id, parentId, path: id, module, imports, hasLoader: false, hasAction: false };
}

describe("client JavaScript budget", () => {
  it("passes a build under the budget", () => {
    const build = writeFakeBuild({
      routes: { root: route("root", undefined, "/build/root-TEST.js"), "routes/a": route("routes/a", "root", "/build/routes/a-TEST.js") },
      modules: { "/build/root-TEST.js": incompressibleModule(10), "/build/routes/a-TEST.js": incompressibleModule(10) },
    });

    const result = runChecker(["--public", build.publicDir, "--server-build", build.serverBuild, "--skip-worker"]);

    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /routes\/a\s+3\s+/);
    assert.match(result.stdout, /All budgets met/);
  });

  it("fails a route over the budget", () => {
    // The route's own module imports a chunk, and that chunk imports a large one that no
    // manifest list names, so only the import statements lead to it.
    const build = writeFakeBuild({
      routes: {
        root: route("root", undefined, "/build/root-TEST.js"),
        "routes/small": route("routes/small", "root", "/build/routes/small-TEST.js"),
        "routes/large": route("routes/large", "root", "/build/routes/large-TEST.js", ["/build/_shared/chunk-A.js"]),
      },
      modules: {
        "/build/root-TEST.js": incompressibleModule(5),
        "/build/routes/small-TEST.js": incompressibleModule(5),
        "/build/routes/large-TEST.js": `import{a}from"/build/_shared/chunk-A.js";export default a;\n`,
        "/build/_shared/chunk-A.js": `import"/build/_shared/chunk-B.js";export const a=1;\n`,
        "/build/_shared/chunk-B.js": incompressibleModule(100),
      },
    });

    const result = runChecker(["--public", build.publicDir, "--server-build", build.serverBuild, "--skip-worker"]);

    assert.equal(result.status, 1);
    assert.match(result.stdout, /routes\/large .* OVER BUDGET/);
    assert.doesNotMatch(result.stdout, /routes\/small .* OVER BUDGET/);
    assert.match(result.stderr, /FAILED: client JavaScript over the budget on routes\/large/);
  });

  it("counts a parent route's modules", () => {
    // Each module alone is under the budget, but the child's first load also runs its parent's.
    const build = writeFakeBuild({
      routes: {
        root: route("root", undefined, "/build/root-TEST.js"),
        "routes/_app": route("routes/_app", "root", "/build/routes/_app-TEST.js"),
        "routes/_app.page": route("routes/_app.page", "routes/_app", "/build/routes/_app.page-TEST.js"),
      },
      modules: {
        "/build/root-TEST.js": incompressibleModule(5),
        "/build/routes/_app-TEST.js": incompressibleModule(50),
        "/build/routes/_app.page-TEST.js": incompressibleModule(50),
      },
    });

    const rows = measureClientRoutes(build.publicDir, build.serverBuild);
    const page = rows.find((row) => row.routeId === "routes/_app.page");
    const layout = rows.find((row) => row.routeId === "routes/_app");

    assert.equal(page.files, 4);
    assert.ok(layout.bytes < 90 * KIB, `layout ${layout.bytes} bytes`);
    assert.ok(page.bytes > 90 * KIB, `page ${page.bytes} bytes`);
    assert.equal(runChecker(["--public", build.publicDir, "--server-build", build.serverBuild, "--skip-worker"]).status, 1);
  });

  it("counts a shared chunk once", () => {
    // entry.client and the route both import a 60 KiB chunk: counted twice it would break the budget.
    const shared = "/build/_shared/chunk-SHARED.js";
    const build = writeFakeBuild({
      entryImports: [shared],
      routes: {
        root: route("root", undefined, "/build/root-TEST.js", [shared]),
        "routes/a": route("routes/a", "root", "/build/routes/a-TEST.js", [shared]),
      },
      modules: {
        [shared]: incompressibleModule(60),
        "/build/root-TEST.js": `import"${shared}";\n`,
        "/build/routes/a-TEST.js": `import"${shared}";\n`,
      },
    });

    const result = runChecker(["--public", build.publicDir, "--server-build", build.serverBuild, "--skip-worker"]);

    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it("leaves dynamic imports out", () => {
    const build = writeFakeBuild({
      routes: { root: route("root", undefined, "/build/root-TEST.js") },
      modules: {
        "/build/root-TEST.js": `const later = () => import("/build/_shared/chunk-LAZY.js");\n`,
        "/build/_shared/chunk-LAZY.js": incompressibleModule(120),
      },
    });

    const rows = measureClientRoutes(build.publicDir, build.serverBuild);

    assert.equal(rows[0].files, 2);
    assert.ok(rows[0].bytes < 90 * KIB);
  });

  it("fails without a build", () => {
    const directory = temporaryDirectory();

    const result = runChecker(["--public", path.join(directory, "public"), "--server-build", path.join(directory, "build/index.js"), "--skip-worker"]);

    assert.equal(result.status, 1);
    assert.match(result.stderr, /build\/index\.js not found: run npm run build first/);
  });
});

describe("Worker bundle budget", () => {
  const smallClient = () =>
    writeFakeBuild({ routes: { root: route("root", undefined, "/build/root-TEST.js") }, modules: { "/build/root-TEST.js": "export {};\n" } });

  it("passes a bundle under 1 MiB gzipped", () => {
    const build = smallClient();
    const workerDir = temporaryDirectory();
    writeFileSync(path.join(workerDir, "app.js"), incompressibleModule(900));
    // Source maps and wrangler's README.md are not uploaded as modules.
    writeFileSync(path.join(workerDir, "app.js.map"), incompressibleModule(2000));
    writeFileSync(path.join(workerDir, "README.md"), incompressibleModule(200));

    const result = runChecker(["--public", build.publicDir, "--server-build", build.serverBuild, "--worker-dir", workerDir]);

    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Worker bundle .* in 1 module\(s\), budget 1024\.0 KiB \(1048576 bytes\)/);
  });

  it("fails a bundle over 1 MiB gzipped", () => {
    const build = smallClient();
    const workerDir = temporaryDirectory();
    // Two modules, each under the budget, over it together.
    writeFileSync(path.join(workerDir, "app.js"), incompressibleModule(600));
    mkdirSync(path.join(workerDir, "lib"));
    writeFileSync(path.join(workerDir, "lib/data.wasm"), randomBytes(600 * KIB));

    const modules = measureWorkerModules(workerDir);
    const result = runChecker(["--public", build.publicDir, "--server-build", build.serverBuild, "--worker-dir", workerDir]);

    assert.deepEqual(modules.map((module) => module.file).sort(), ["app.js", "lib/data.wasm"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /FAILED: Worker bundle over 1024\.0 KiB/);
  });
});
