import { applyD1Migrations, env } from "cloudflare:test";
import { afterEach, beforeEach, vi } from "vitest";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// An unexpected console.error fails the test; tests that provoke one expect it explicitly.
let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  const errors = consoleErrors;
  vi.restoreAllMocks();
  if (errors.length > 0 && !(globalThis as { allowConsoleErrors?: boolean }).allowConsoleErrors) {
    throw new Error(`Unexpected console.error: ${errors.map((args) => args.map(String).join(" ")).join("\n")}`);
  }
  (globalThis as { allowConsoleErrors?: boolean }).allowConsoleErrors = false;
});

/** Lets the current test log errors on purpose. */
export function allowConsoleErrors() {
  (globalThis as { allowConsoleErrors?: boolean }).allowConsoleErrors = true;
}
