import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projects } from "~/db/schema";
import { readClientLink } from "~/models/share.server";
import { requireSecret } from "~/utils/env.server";
import worker from "../workers/app";
import { db, loggedInBrowser, ORIGIN } from "./helpers";
import { makeProject } from "./project-helpers";

// The project page reads the project and all its panels (tasks, history, fix requests, thread,
// files, invitations) in one D1 batch after the session. The client page needs the project its
// link resolves to first, then reads the panels in a second batch. The counts come from the
// X-D1-* headers of workers/d1-counter.ts, so a panel read on its own would fail these tests.

const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

async function countedGet(path: string, cookie = "") {
  // The Worker's fetch is typed for incoming requests, which carry Cloudflare's `cf` fields.
  const request = new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} }) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, D1_QUERY_LOG: "1" } as Env, ctx);
  await response.arrayBuffer();
  return {
    status: response.status,
    queries: Number(response.headers.get("X-D1-Queries")),
    batches: Number(response.headers.get("X-D1-Batches")),
  };
}

describe("page round trips", () => {
  it("project page reads its panels in one batch", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Sklep" });

    const counts = await countedGet(`/projects/${project.id}`, browser.cookieHeader());

    expect(counts.status).toBe(200);
    // The session and the header's unread count, then one batch for the whole page.
    expect(counts.queries).toBe(2);
    expect(counts.batches).toBe(1);
  });

  it("client page reads its panels in one batch", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Sklep" });
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    const stored = await db.query.projects.findFirst({ where: eq(projects.id, project.id) });
    if (!stored) throw new Error("project not stored");
    const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, stored);
    if (!link) throw new Error("sharing is off");

    const counts = await countedGet(new URL(link).pathname);

    expect(counts.status).toBe(200);
    // The link's project page, then the panels of the project it resolved to.
    expect(counts.queries).toBe(0);
    expect(counts.batches).toBe(2);
  });
});
