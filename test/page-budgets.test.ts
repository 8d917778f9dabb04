// Deterministic page budgets, checked on every route of test/access-matrix.table.ts, so that a new
// page is covered as soon as the access matrix declares it:
// - D1 round trips: every GET (the document and its `?_data=` request) that returns 2xx to its
//   owner, its client link or anyone runs at most 3 D1 round trips. The session read counts. The
//   counts come from the X-D1-* headers of workers/d1-counter.ts (D1_QUERY_LOG=1): each statement
//   run on its own and each db.batch() is one round trip.
// - Lists paged: each list the app shows, seeded with one row more than its page, shows at most
//   one page of rows and links to the next page.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { activity, billItems, bills, files, fixRequests, invitations, messages, notifications, payments, subscriptionOrders } from "~/db/schema";
import { ACTIVITY_PAGE_SIZE } from "~/models/activity.server";
import { BILLS_PAGE_SIZE, PAYABLE_TASKS_PAGE_SIZE } from "~/models/bills.server";
import { CLIENTS_PAGE_SIZE } from "~/models/clients.server";
import { EXPORTS_PAGE_SIZE } from "~/models/data-exports.server";
import { FILES_PAGE_SIZE } from "~/models/files.server";
import { FIX_REQUESTS_PAGE_SIZE } from "~/models/fix-requests.server";
import { INVITATIONS_PAGE_SIZE } from "~/models/invitations.server";
import { MESSAGES_PAGE_SIZE } from "~/models/messages.server";
import { NOTIFICATIONS_PAGE_SIZE } from "~/models/notifications.server";
import { PROJECTS_PAGE_SIZE } from "~/models/projects.server";
import { SENDINGS_PAGE_SIZE } from "~/models/report-sendings.server";
import { REPORTS_PAGE_SIZE } from "~/models/reports.server";
import { issueShareToken } from "~/models/share.server";
import { SUBSCRIPTION_HISTORY_PAGE_SIZE } from "~/models/subscriptions.server";
import { WALLET_PAGE_SIZE } from "~/models/wallet.server";
import { randomToken } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import worker from "../workers/app";
import { paramKey, rowPattern, seedFreelancerObjects } from "./access-matrix.harness";
import { ROUTE_TABLE, type Expectation, type ObjectKey, type Relation, type RouteRow } from "./access-matrix.table";
import { connectTpay } from "./bill-helpers";
import { insertExport } from "./data-export-helpers";
import { db, loggedInBrowser, ORIGIN, randomTestIp } from "./helpers";
import { makeClient, makeProject, makeTask } from "./project-helpers";
import { insertReadyReport, insertReportSending } from "./report-helpers";

/** At most this many D1 round trips (statements on their own plus batches) per page request. */
const MAX_ROUND_TRIPS = 3;

const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

interface Counted {
  status: number;
  roundTrips: number;
  queries: number;
  batches: number;
  html: string;
}

/** Sends a GET through the Worker with D1_QUERY_LOG=1 and reads the round trips from its X-D1-* headers. */
async function countedGet(path: string, cookie = ""): Promise<Counted> {
  const headers = new Headers({ Host: new URL(ORIGIN).host, "CF-Connecting-IP": randomTestIp() });
  if (cookie) headers.set("Cookie", cookie);
  // The Worker's fetch is typed for incoming requests, which carry Cloudflare's `cf` fields.
  const request = new Request(new URL(path, ORIGIN), { headers, redirect: "manual" }) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, D1_QUERY_LOG: "1" } as Env, ctx);
  const html = await response.text();
  const queries = Number(response.headers.get("X-D1-Queries"));
  const batches = Number(response.headers.get("X-D1-Batches"));
  return { status: response.status, roundTrips: queries + batches, queries, batches, html };
}

// Seeding ---------------------------------------------------------------------------------------

interface Seed {
  cookie: string;
  values: Record<ObjectKey, string>;
}

/**
 * Seeds one freelancer with one object of each kind that a page names by id, the same objects
 * the access matrix requests its routes with.
 */
async function seedPages(): Promise<Seed> {
  const { browser, user } = await loggedInBrowser({ name: "Anna Budżet" });
  const { values } = await seedFreelancerObjects(user, "budzet");
  return { cookie: browser.cookieHeader(), values };
}

// Route URLs ------------------------------------------------------------------------------------

/** Relations whose GET reaches the page with the seeded values, in the order tried. */
const REACHING: { relation: Relation; withSession: boolean }[] = [
  { relation: "owner", withSession: true },
  { relation: "ownLink", withSession: false },
  { relation: "nobody", withSession: false },
];

/** Picks who sends the GET: the first relation that gets 2xx from the row, or null when no relation does. */
function reachingCaller(expectation: Expectation) {
  return REACHING.find((caller) => expectation[caller.relation] === "ok") ?? null;
}

interface PageCase {
  label: string;
  path: string;
  withSession: boolean;
}

/** Lists the GETs of a row that return 2xx, each with the URL filled from the seed. */
function pageCases(row: RouteRow, seed: Seed): PageCase[] {
  const cases: PageCase[] = [];
  for (const probe of ["document", "data"] as const) {
    const declared = row[probe];
    if ("skip" in declared) continue;
    const caller = reachingCaller(declared.expect);
    if (!caller) continue;
    const path = rowPattern(row).replace(/:(\w+)/g, (_, param: string) => encodeURIComponent(seed.values[paramKey(row, param)]));
    const search = new URLSearchParams(row.query ? row.query.replace(/\{(\w+)\}/g, (_, key: string) => seed.values[key as ObjectKey]) : "");
    if (probe === "data") search.set("_data", row.id);
    const query = search.toString();
    cases.push({ label: `${probe} as ${caller.relation}`, path: query ? `${path}?${query}` : path, withSession: caller.withSession });
  }
  return cases;
}

describe("D1 round trips per page", () => {
  let seed: Seed;

  beforeAll(async () => {
    seed = await seedPages();
  }, 60_000);

  it("covers pages of the access matrix", () => {
    // Guards the loop below against a table change that would leave it with nothing to check.
    const covered = ROUTE_TABLE.filter((row) => (["document", "data"] as const).some((probe) => !("skip" in row[probe]) && reachingCaller((row[probe] as { expect: Expectation }).expect)));
    expect(covered.length).toBeGreaterThan(40);
  });

  for (const row of ROUTE_TABLE) {
    it(`${row.id} within ${MAX_ROUND_TRIPS}`, async () => {
      for (const item of pageCases(row, seed)) {
        const counted = await countedGet(item.path, item.withSession ? seed.cookie : "");
        const label = `${row.id} [${item.label}] GET ${item.path}: ${counted.queries} queries + ${counted.batches} batches`;
        expect.soft(counted.status, `${label}: status`).toBeGreaterThanOrEqual(200);
        expect.soft(counted.status, `${label}: status`).toBeLessThan(300);
        expect.soft(counted.roundTrips, label).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
      }
    });
  }
});

// Lists -----------------------------------------------------------------------------------------

/** Returns the distinct `<marker>-<n>` names in the HTML, the rows of one seeded list that a page shows. */
function rowsShown(html: string, marker: string): Set<string> {
  return new Set(html.match(new RegExp(`${marker}-\\d{3}`, "g")) ?? []);
}

/** Returns the href of the page's link to the next page of a list (rel="next", or a link to older entries). */
function nextLink(html: string, hrefPattern: RegExp): string | null {
  for (const match of html.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>/g)) {
    const href = match[1].replace(/&amp;/g, "&");
    if (hrefPattern.test(href)) return href;
  }
  return null;
}

interface ListCase {
  name: string;
  pageSize: number;
  /** Seeds pageSize + 1 rows named `<marker>-<nnn>` and returns the page's path and who sends the GET. */
  seed: (marker: string, count: number) => Promise<{ path: string; cookie: string }>;
  /** How the page links to the next page. */
  next: RegExp;
}

function seqName(marker: string, index: number): string {
  return `${marker}-${String(index).padStart(3, "0")}`;
}

/** Returns ISO times one second apart, oldest first, so a list sorted by time has a stable order. */
function timeOf(index: number): string {
  return new Date(Date.now() - (1000 - index) * 1000).toISOString();
}

async function freelancerWithProject() {
  const login = await loggedInBrowser();
  const project = await makeProject(login.user.id, { name: "Projekt listy" });
  return { userId: login.user.id, email: login.user.email, cookie: login.browser.cookieHeader(), projectId: project.id };
}

async function sharedProject() {
  const freelancer = await freelancerWithProject();
  const token = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), freelancer.userId, freelancer.projectId, null);
  if (!token) throw new Error("Sharing could not be turned on");
  return { ...freelancer, token };
}

async function insertFiles(userId: string, projectId: string, marker: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    await db.insert(files).values({
      id: crypto.randomUUID(),
      userId,
      projectId,
      r2Key: `projects/${projectId}/${crypto.randomUUID()}`,
      name: `${seqName(marker, index)}.txt`,
      size: 5,
      contentType: "text/plain",
      kind: "text",
      uploadedBy: "freelancer",
      createdAt: timeOf(index),
    });
  }
}

async function insertMessages(userId: string, projectId: string, marker: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    await db.insert(messages).values({ id: crypto.randomUUID(), userId, projectId, seq: index + 1, author: "client", body: seqName(marker, index) });
  }
}

async function insertFixRequests(userId: string, projectId: string, marker: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    await db.insert(fixRequests).values({
      id: crypto.randomUUID(),
      userId,
      projectId,
      number: index + 1,
      title: seqName(marker, index),
      description: "Opis",
      createdAt: timeOf(index),
      updatedAt: timeOf(index),
    });
  }
}

/**
 * Inserts cancelled client bills of one task each. The bill item's name carries the marker, and
 * the task's does not, because the bills page also lists the tasks a client can pay.
 */
async function insertBills(userId: string, projectId: string, marker: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    const task = await makeTask(userId, projectId, { name: `Zadanie ${index}`, amount: 1_000 + index });
    const billId = crypto.randomUUID();
    await db.insert(bills).values({ id: billId, userId, projectId, number: index + 1, createdBy: "client", status: "cancelled", total: 1_000 + index, cancelledAt: timeOf(index), cancelledBy: "client", createdAt: timeOf(index), updatedAt: timeOf(index) });
    await db.insert(billItems).values({ id: crypto.randomUUID(), billId, taskId: task.id, name: seqName(marker, index), amount: 1_000 + index, taskVersion: 1, position: 0, active: false });
  }
}

const LIST_CASES: ListCase[] = [
  {
    name: "payable tasks (freelancer)",
    pageSize: PAYABLE_TASKS_PAGE_SIZE,
    next: /[?&]payable=2/,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) await makeTask(userId, projectId, { name: seqName(marker, index), amount: 1_000 + index });
      return { path: `/projects/${projectId}/bills`, cookie };
    },
  },
  {
    name: "payable tasks (client)",
    pageSize: PAYABLE_TASKS_PAGE_SIZE,
    next: /[?&]payable=2/,
    seed: async (marker, count) => {
      const { userId, projectId, token } = await sharedProject();
      // The client page lists payable tasks only while online payments are on.
      await connectTpay(userId);
      for (let index = 0; index < count; index += 1) await makeTask(userId, projectId, { name: seqName(marker, index), amount: 1_000 + index });
      return { path: `/p/${token}/bills`, cookie: "" };
    },
  },
  {
    name: "clients",
    pageSize: CLIENTS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (marker, count) => {
      const { userId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) await makeClient(userId, { name: seqName(marker, index), email: `k${index}@example.com` });
      return { path: "/clients", cookie };
    },
  },
  {
    name: "projects",
    pageSize: PROJECTS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (marker, count) => {
      const { userId, cookie } = await freelancerWithProject();
      const client = await makeClient(userId);
      for (let index = 0; index < count; index += 1) await makeProject(userId, { clientId: client.id, name: seqName(marker, index) });
      return { path: "/projects", cookie };
    },
  },
  {
    name: "messages (freelancer)",
    pageSize: MESSAGES_PAGE_SIZE,
    next: /[?&]before=\d+/,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      await insertMessages(userId, projectId, marker, count);
      return { path: `/projects/${projectId}/messages`, cookie };
    },
  },
  {
    name: "messages (client)",
    pageSize: MESSAGES_PAGE_SIZE,
    next: /[?&]before=\d+/,
    seed: async (marker, count) => {
      const { userId, projectId, token } = await sharedProject();
      await insertMessages(userId, projectId, marker, count);
      return { path: `/p/${token}/messages`, cookie: "" };
    },
  },
  {
    name: "files (freelancer)",
    pageSize: FILES_PAGE_SIZE,
    next: /[?&]\w*page\w*=2/i,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      await insertFiles(userId, projectId, marker, count);
      return { path: `/projects/${projectId}/files`, cookie };
    },
  },
  {
    name: "files (client)",
    pageSize: FILES_PAGE_SIZE,
    next: /[?&]\w*page\w*=2/i,
    seed: async (marker, count) => {
      const { userId, projectId, token } = await sharedProject();
      await insertFiles(userId, projectId, marker, count);
      return { path: `/p/${token}/files`, cookie: "" };
    },
  },
  {
    name: "fix requests (freelancer)",
    pageSize: FIX_REQUESTS_PAGE_SIZE,
    next: /[?&]\w*page\w*=2/i,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      await insertFixRequests(userId, projectId, marker, count);
      return { path: `/projects/${projectId}/fix-requests`, cookie };
    },
  },
  {
    name: "fix requests (client)",
    pageSize: FIX_REQUESTS_PAGE_SIZE,
    next: /[?&]\w*page\w*=2/i,
    seed: async (marker, count) => {
      const { userId, projectId, token } = await sharedProject();
      await insertFixRequests(userId, projectId, marker, count);
      return { path: `/p/${token}/fix-requests`, cookie: "" };
    },
  },
  {
    name: "invitations",
    pageSize: INVITATIONS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) {
        await db.insert(invitations).values({
          id: crypto.randomUUID(),
          userId,
          projectId,
          email: `z${index}@example.com`,
          name: seqName(marker, index),
          createdAt: timeOf(index),
          updatedAt: timeOf(index),
        });
      }
      return { path: `/projects/${projectId}/invitations`, cookie };
    },
  },


  {
    name: "notifications",
    pageSize: NOTIFICATIONS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) {
        await db.insert(notifications).values({
          id: crypto.randomUUID(),
          userId,
          projectId,
          type: "message",
          data: JSON.stringify({ projectName: "Projekt listy", excerpt: seqName(marker, index) }),
          emailState: "none",
          createdAt: timeOf(index),
        });
      }
      return { path: "/notifications", cookie };
    },
  },
  {
    name: "reports (freelancer)",
    pageSize: REPORTS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (marker, count) => {
      const { userId, cookie } = await freelancerWithProject();
      const client = await makeClient(userId);
      // The reports list shows each report's project name, so each report gets a project of its own.
      for (let index = 0; index < count; index += 1) {
        const project = await makeProject(userId, { clientId: client.id, name: seqName(marker, index) });
        await insertReadyReport(userId, project.id, { values: { generatedAt: timeOf(index), createdAt: timeOf(index), updatedAt: timeOf(index) } });
      }
      return { path: "/reports", cookie };
    },
  },
  {
    name: "report sendings",
    pageSize: SENDINGS_PAGE_SIZE,
    next: /[?&]sendings=2/,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      const { id: reportId } = await insertReadyReport(userId, projectId);
      for (let index = 0; index < count; index += 1) {
        await insertReportSending(userId, reportId, { email: `${seqName(marker, index)}@example.com`, createdAt: timeOf(index) });
      }
      return { path: `/reports/${reportId}`, cookie };
    },
  },
  {
    name: "account history",
    pageSize: ACTIVITY_PAGE_SIZE,
    next: /[?&]before=/,
    seed: async (marker, count) => {
      const { userId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) {
        // A row without a project whose line shows the name, because the page gets the lines and not the rows' data.
        await db.insert(activity).values({ id: crypto.randomUUID(), userId, actor: "freelancer", action: "client.created", data: JSON.stringify({ name: seqName(marker, index) }), createdAt: timeOf(index) });
      }
      return { path: "/settings/security", cookie };
    },
  },
  {
    name: "project activity",
    pageSize: ACTIVITY_PAGE_SIZE,
    next: /[?&]before=/,
    seed: async (marker, count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) {
        await db.insert(activity).values({
          id: crypto.randomUUID(),
          userId,
          projectId,
          actor: "freelancer",
          action: "task.created",
          subjectType: "task",
          subjectId: crypto.randomUUID(),
          data: JSON.stringify({ name: seqName(marker, index) }),
          createdAt: timeOf(index),
        });
      }
      return { path: `/projects/${projectId}`, cookie };
    },
  },
];

/** Lists with no names to search for: the test counts their rows by a text each row shows. */
interface CountedListCase {
  name: string;
  pageSize: number;
  next: RegExp;
  seed: (count: number) => Promise<{ path: string; cookie: string; rowPattern: RegExp }>;
}

const COUNTED_LIST_CASES: CountedListCase[] = [
  {
    name: "bills (freelancer)",
    pageSize: BILLS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      await insertBills(userId, projectId, "rachunek", count);
      return { path: `/projects/${projectId}/bills`, cookie, rowPattern: /data-testid="bill"/g };
    },
  },
  {
    name: "bills (client)",
    pageSize: BILLS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (count) => {
      const { userId, projectId, token } = await sharedProject();
      await insertBills(userId, projectId, "rachunek", count);
      return { path: `/p/${token}/bills`, cookie: "", rowPattern: /data-testid="client-bill"/g };
    },
  },
  {
    name: "payments in Portfel",
    pageSize: WALLET_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (count) => {
      const { userId, projectId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) {
        await db.insert(payments).values({
          id: crypto.randomUUID(),
          userId,
          purpose: "bill",
          projectId,
          method: "tpay",
          environment: "sandbox",
          providerTitle: `TR-${randomToken(8)}`,
          amount: 1_000 + index,
          expectedAmount: 1_000 + index,
          status: "applied",
          paidAt: timeOf(index),
        });
      }
      return { path: "/wallet", cookie, rowPattern: /data-payment-id="/g };
    },
  },
  {
    name: "exports",
    pageSize: EXPORTS_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (count) => {
      const { userId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) {
        await insertExport(userId, { status: "failed", failureReason: "test", createdAt: timeOf(index), updatedAt: timeOf(index) });
      }
      return { path: "/settings/data", cookie, rowPattern: /data-testid="data-export-row"/g };
    },
  },
  {
    name: "subscription history",
    pageSize: SUBSCRIPTION_HISTORY_PAGE_SIZE,
    next: /[?&]page=2/,
    seed: async (count) => {
      const { userId, cookie } = await freelancerWithProject();
      for (let index = 0; index < count; index += 1) {
        await db.insert(subscriptionOrders).values({ id: crypto.randomUUID(), userId, plan: "monthly", months: 1, amount: 2_900, status: "cancelled", createdAt: timeOf(index), updatedAt: timeOf(index) });
      }
      return { path: "/settings/subscription", cookie, rowPattern: /<tr[^>]*data-status="/g };
    },
  },
];

describe("lists paged", () => {
  for (const list of LIST_CASES) {
    it(`${list.name} shows one page`, async () => {
      const marker = `lista${randomToken(6).replace(/[^A-Za-z0-9]/g, "")}`;
      const { path, cookie } = await list.seed(marker, list.pageSize + 1);

      const page = await countedGet(path, cookie);
      const shown = rowsShown(page.html, marker);
      const next = nextLink(page.html, list.next);

      expect(page.status).toBe(200);
      expect(shown.size, `${list.name}: rows on the first page`).toBeGreaterThan(0);
      expect(shown.size, `${list.name}: rows on the first page`).toBeLessThanOrEqual(list.pageSize);
      expect(next, `${list.name}: link to the next page`).not.toBeNull();

      const second = await countedGet(new URL(next ?? "", new URL(path, ORIGIN)).pathname + new URL(next ?? "", new URL(path, ORIGIN)).search, cookie);
      const rest = rowsShown(second.html, marker);
      expect(second.status).toBe(200);
      expect([...rest].filter((name) => !shown.has(name)).length, `${list.name}: rows only on the next page`).toBeGreaterThan(0);
    });
  }

  for (const list of COUNTED_LIST_CASES) {
    it(`${list.name} shows one page`, async () => {
      const { path, cookie, rowPattern } = await list.seed(list.pageSize + 1);

      const page = await countedGet(path, cookie);
      const rows = page.html.match(rowPattern)?.length ?? 0;

      expect(page.status).toBe(200);
      expect(rows, `${list.name}: rows on the first page`).toBeGreaterThan(0);
      expect(rows, `${list.name}: rows on the first page`).toBeLessThanOrEqual(list.pageSize);
      expect(nextLink(page.html, list.next), `${list.name}: link to the next page`).not.toBeNull();
    });
  }
});
