// The page list of `npm run bench`: every GET route of the Remix build, read from build/index.js,
// and the URL the benchmark requests for each on its data (scripts/seed.mjs --bench-data).
// A route of the build without an entry in PAGE_URLS fails the benchmark, so a new page is
// either benched or declared skipped with a reason.
import { readFileSync } from "node:fs";

/**
 * Reads the routes of the server build that serve a GET: the routes with a loader or a page
 * component, apart from layouts. A layout is a route with a child that renders a page, and it
 * runs with every child page.
 * Returns [{ id, pattern, rendersPage }], where pattern is the URL path with its `:params` and
 * rendersPage is false for resource routes (downloads, redirects).
 */
export function readGetRoutes(buildFile) {
  const source = readFileSync(buildFile, "utf8");
  const start = source.indexOf(", routes = {");
  if (start < 0) throw new Error(`${buildFile} has no \`routes\` object; run npm run build`);
  const block = source.slice(start, source.indexOf("\n};", start));
  const routePattern = /id: "([^"]+)",\s*parentId: (?:"([^"]+)"|void 0),\s*path: (?:"([^"]*)"|void 0),[\s\S]*?module: (\w+)/g;

  const routes = new Map();
  for (const [, id, parentId, routePath, moduleName] of block.matchAll(routePattern)) {
    const exportsMatch = source.match(new RegExp(`__export\\(${moduleName}, \\{([^}]*)\\}`));
    if (!exportsMatch) throw new Error(`${buildFile} does not list the exports of ${id}`);
    routes.set(id, {
      id,
      parentId: parentId ?? null,
      path: routePath ?? "",
      hasLoader: /\bloader:/.test(exportsMatch[1]),
      rendersPage: /\bdefault:/.test(exportsMatch[1]),
    });
  }
  if (routes.size < 10) throw new Error(`found only ${routes.size} routes in ${buildFile}`);

  const layouts = new Set([...routes.values()].filter((route) => route.rendersPage && route.parentId).map((route) => route.parentId));
  const patternOf = (route) => {
    const segments = [];
    for (let current = route; current; current = routes.get(current.parentId)) {
      if (current.path) segments.unshift(current.path);
    }
    return `/${segments.join("/")}`;
  };
  return [...routes.values()]
    .filter((route) => (route.hasLoader || route.rendersPage) && !layouts.has(route.id))
    .map((route) => ({ id: route.id, pattern: patternOf(route), rendersPage: route.rendersPage }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

// The reason for skipping the routes whose only credential is a secret from an e-mail.
const TOKEN_SKIP =
  "the token exists only in an e-mail, and unknown tokens are rate-limited per IP address, so a load test would measure the 429 response";
// A well-formed UUID that matches no row.
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

/**
 * The URL of each GET route for the benchmark's data, keyed by route id. Each entry has:
 * - as: "freelancer" (the demo freelancer's session, the owner of the large project),
 *   "client" (no session, the URL goes through a client link) or "public" (signed out);
 * - url(ids): the path, from the ids that scripts/bench.mjs collects (see benchIds there);
 * - status: the expected status, 200 unless given;
 * - or skip: the reason the route is not benched.
 * Freelancer pages use the large project (500 messages, 200 files) and client pages its link.
 * Downloads use the demo project, because the large project's files have no R2 object.
 */
export const PAGE_URLS = {
  "routes/_index": { as: "public", url: () => "/" },
  "routes/$": { as: "public", url: () => "/nie-ma-takiej-strony", status: 404 },
  "routes/login": { as: "public", url: () => "/login" },
  "routes/register": { as: "public", url: () => "/register" },
  "routes/logout": { as: "freelancer", url: () => "/logout", status: 302 },
  "routes/forgot-password._index": { as: "public", url: () => "/forgot-password" },
  "routes/forgot-password.$token": { skip: TOKEN_SKIP },
  "routes/activate.$token": { skip: TOKEN_SKIP },
  "routes/u.$token": { skip: TOKEN_SKIP },
  "routes/r.$token": { skip: TOKEN_SKIP },
  "routes/pay.return.$transactionId": { as: "public", url: (ids) => `/pay/return/${ids.transactionId}` },
  "routes/dev.mailbox._index": { as: "public", url: () => "/dev/mailbox" },
  "routes/dev.mailbox.$id": { as: "public", url: (ids) => `/dev/mailbox/${ids.mailId}` },
  "routes/dev.mailbox.$id_.html": { as: "public", url: (ids) => `/dev/mailbox/${ids.mailId}/html` },

  "routes/_app.dashboard": { as: "freelancer", url: () => "/dashboard" },
  "routes/_app.notifications": { as: "freelancer", url: () => "/notifications" },
  "routes/_app.wallet": { as: "freelancer", url: () => "/wallet" },
  "routes/_app.clients._index": { as: "freelancer", url: () => "/clients" },
  "routes/_app.clients.new": { as: "freelancer", url: () => "/clients/new" },
  "routes/_app.clients.$clientId": { as: "freelancer", url: (ids) => `/clients/${ids.clientId}` },
  "routes/_app.projects._index": { as: "freelancer", url: () => "/projects" },
  "routes/_app.projects.new": { as: "freelancer", url: (ids) => `/projects/new?client=${ids.clientId}` },
  "routes/_app.projects.$projectId": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}` },
  "routes/_app.projects.$projectId_.bills": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}/bills` },
  "routes/_app.projects.$projectId_.files": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}/files` },
  "routes/_app.projects.$projectId_.files.$fileId": {
    as: "freelancer",
    url: (ids) => `/projects/${ids.demoProjectId}/files/${ids.demoFileId}`,
  },
  "routes/_app.projects.$projectId_.fix-requests": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}/fix-requests` },
  "routes/_app.projects.$projectId_.invitations": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}/invitations` },
  "routes/_app.projects.$projectId_.messages": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}/messages` },
  "routes/_app.projects.$projectId_.reports.new": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}/reports/new` },
  // GET only redirects to the project page; the share link is changed by POST.
  "routes/_app.projects.$projectId_.share": { as: "freelancer", url: (ids) => `/projects/${ids.projectId}/share`, status: 302 },
  "routes/_app.projects.$projectId_.tasks.$taskId.edit": {
    as: "freelancer",
    url: (ids) => `/projects/${ids.projectId}/tasks/${ids.taskId}/edit`,
  },
  "routes/_app.reports._index": { as: "freelancer", url: () => "/reports" },
  "routes/_app.reports.$reportId": { as: "freelancer", url: (ids) => `/reports/${ids.reportId}` },
  "routes/_app.reports.$reportId_.download": { as: "freelancer", url: (ids) => `/reports/${ids.reportId}/download` },
  // NOTE: the seed has no data export, and making one takes a queue run, so this measures the
  // "not found" response for an unknown export id.
  "routes/_app.export.$exportId": { as: "freelancer", url: () => `/export/${UNKNOWN_ID}`, status: 404 },
  "routes/_app.settings._index": { as: "freelancer", url: () => "/settings", status: 302 },
  "routes/_app.settings.profile": { as: "freelancer", url: () => "/settings/profile" },
  "routes/_app.settings.security": { as: "freelancer", url: () => "/settings/security" },
  "routes/_app.settings.notifications": { as: "freelancer", url: () => "/settings/notifications" },
  "routes/_app.settings.payments": { as: "freelancer", url: () => "/settings/payments" },
  "routes/_app.settings.reports": { as: "freelancer", url: () => "/settings/reports" },
  "routes/_app.settings.reports_.logo": { as: "freelancer", url: () => "/settings/reports/logo" },
  "routes/_app.settings.subscription": { as: "freelancer", url: () => "/settings/subscription" },
  "routes/_app.settings.data": { as: "freelancer", url: () => "/settings/data" },
  "routes/_app.settings.data_.delete": { as: "freelancer", url: () => "/settings/data/delete" },
  "routes/_app.settings.email.$token": { skip: TOKEN_SKIP },

  "routes/p.$token": { as: "client", url: (ids) => `/p/${ids.shareToken}` },
  "routes/p.$token_.messages": { as: "client", url: (ids) => `/p/${ids.shareToken}/messages` },
  "routes/p.$token_.files": { as: "client", url: (ids) => `/p/${ids.shareToken}/files` },
  "routes/p.$token_.files.$fileId": { as: "client", url: (ids) => `/p/${ids.demoShareToken}/files/${ids.demoFileId}` },
  "routes/p.$token_.fix-requests": { as: "client", url: (ids) => `/p/${ids.shareToken}/fix-requests` },
  "routes/p.$token_.fix-requests_.$fixRequestId": {
    as: "client",
    url: (ids) => `/p/${ids.demoShareToken}/fix-requests/${ids.demoFixRequestId}`,
  },
  "routes/p.$token_.bills": { as: "client", url: (ids) => `/p/${ids.shareToken}/bills` },
  "routes/p.$token_.bills_.$billId": { as: "client", url: (ids) => `/p/${ids.shareToken}/bills/${ids.billId}` },
  "routes/p.$token_.reports": { as: "client", url: (ids) => `/p/${ids.demoShareToken}/reports` },
  "routes/p.$token_.reports_.$reportId": { as: "client", url: (ids) => `/p/${ids.demoShareToken}/reports/${ids.reportId}` },
};

/**
 * Pairs each GET route of the build with its declaration. Returns the pages to bench, the
 * skipped routes with their reasons, the routes without a declaration, and the declarations
 * that name no route of the build (a renamed or deleted route).
 */
export function declarePages(routes, ids) {
  const pages = [];
  const skipped = [];
  const undeclared = [];
  for (const route of routes) {
    const declaration = PAGE_URLS[route.id];
    if (!declaration) {
      undeclared.push(route);
    } else if (declaration.skip) {
      skipped.push({ ...route, reason: declaration.skip });
    } else {
      pages.push({ ...route, as: declaration.as, path: declaration.url(ids), status: declaration.status ?? 200 });
    }
  }
  const known = new Set(routes.map((route) => route.id));
  const stale = Object.keys(PAGE_URLS).filter((id) => !known.has(id));
  return { pages, skipped, undeclared, stale };
}
