// A CPU profile of the Worker under load, for `npm run bench`. It connects to the DevTools
// inspector that `wrangler dev --inspector-port` opens on 127.0.0.1 and records the V8 sampling
// profiler (Chrome DevTools protocol, Profiler domain) while a callback loads the server. Then it
// sums each function's self time.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Microseconds between two samples of the V8 profiler.
 * NOTE: with wrangler 4.86.0, profiles at the end of a full bench run (10 connections, 100 µs
 * and 1 ms) left workerd unresponsive at 2.7 GB or more. A 5 s profile with 4 connections on a
 * freshly started server returned in seconds. The cause is not established.
 */
const SAMPLING_INTERVAL_US = 1000;
/** How long each protocol call, Profiler.stop included, may take before the run gives up on the profile. */
const CALL_TIMEOUT_MS = 60_000;

/** Opens a WebSocket: Node's own where it has one (Node 22 and later), else the `ws` package that wrangler installs. */
async function openSocket(url) {
  const WebSocketClass = globalThis.WebSocket ?? (await import("ws")).default;
  const socket = new WebSocketClass(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", (event) => reject(new Error(`Connecting to the inspector at ${url} failed: ${event.message ?? "error"}`)), { once: true });
  });
  return socket;
}

/** Wraps a DevTools protocol connection: send(method, params) resolves with the result or rejects after CALL_TIMEOUT_MS. */
function protocolClient(socket) {
  let nextId = 1;
  const pending = new Map();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(typeof event.data === "string" ? event.data : event.data.toString());
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${waiter.method} failed: ${message.error.message}`));
    else waiter.resolve(message.result);
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method} returned nothing within ${CALL_TIMEOUT_MS / 1000} s`));
        }, CALL_TIMEOUT_MS);
        const settle = (callback) => (value) => {
          clearTimeout(timer);
          callback(value);
        };
        pending.set(id, { resolve: settle(resolve), reject: settle(reject), method });
      });
    },
  };
}

/**
 * Returns the WebSocket URL of the Worker's inspector target. Only 127.0.0.1 is asked, because
 * scripts/bench.sh starts wrangler with --inspector-ip 127.0.0.1.
 */
async function workerTarget(inspectorPort) {
  const response = await fetch(`http://127.0.0.1:${inspectorPort}/json`);
  if (response.status !== 200) throw new Error(`GET http://127.0.0.1:${inspectorPort}/json returned ${response.status}`);
  const targets = await response.json();
  const target = targets.find((entry) => entry.webSocketDebuggerUrl);
  if (!target) throw new Error(`The inspector on port ${inspectorPort} lists no target with a webSocketDebuggerUrl`);
  const url = new URL(target.webSocketDebuggerUrl);
  url.hostname = "127.0.0.1";
  return url.toString();
}

/**
 * Returns a function that names the source module of a line of wrangler's bundle: esbuild writes
 * a `// <path>` comment line before each module it inlines. Returns "" for other URLs.
 */
function moduleNamer() {
  const headersByUrl = new Map();
  return (url, lineNumber) => {
    if (!url.startsWith("file://")) return "";
    if (!headersByUrl.has(url)) {
      const file = fileURLToPath(url);
      const headers = [];
      if (existsSync(file)) {
        readFileSync(file, "utf8")
          .split("\n")
          .forEach((line, index) => {
            if (/^\/\/ (?:node_modules|app|workers|build)\//.test(line)) headers.push({ index, name: line.slice(3) });
          });
      }
      headersByUrl.set(url, headers);
    }
    let name = "";
    for (const header of headersByUrl.get(url)) {
      if (header.index > lineNumber) break;
      name = header.name;
    }
    return name;
  };
}

/**
 * Sums the self time of each function in a V8 CPU profile ({ nodes, samples, timeDeltas }).
 * A sample's time is the delta to the next sample. Returns the functions by self time, largest
 * first, with their share of all sampled time and the bundled module they come from.
 */
export function selfTimes(profile) {
  const moduleOf = moduleNamer();
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map();
  let totalUs = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const deltaUs = profile.timeDeltas[index + 1] ?? 0;
    totalUs += deltaUs;
    const frame = nodeById.get(profile.samples[index])?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || "(anonymous)";
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : "";
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, module: moduleOf(frame.url, frame.lineNumber), selfUs: 0 };
    entry.selfUs += deltaUs;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.selfUs - a.selfUs)
    .map((entry) => ({ ...entry, selfMs: Math.round(entry.selfUs / 100) / 10, share: totalUs > 0 ? entry.selfUs / totalUs : 0 }));
}

/**
 * Records a CPU profile of the Worker while `load` runs, and returns its functions by self time
 * (see selfTimes) and the sampled milliseconds.
 */
export async function profileWorker(inspectorPort, load) {
  const socket = await openSocket(await workerTarget(inspectorPort));
  try {
    const client = protocolClient(socket);
    await client.send("Profiler.enable");
    await client.send("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
    await client.send("Profiler.start");
    await load();
    const { profile } = await client.send("Profiler.stop");
    await client.send("Profiler.disable");
    const sampledMs = Math.round((profile.endTime - profile.startTime) / 1000);
    return { functions: selfTimes(profile), sampledMs };
  } finally {
    socket.close();
  }
}
