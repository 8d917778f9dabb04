import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, clients } from "~/db/schema";
import { describeActivity } from "~/models/activity-lines.server";
import { clientsText, common } from "~/i18n/pl";
import { CLIENTS_PAGE_SIZE, updateClient } from "~/models/clients.server";
import { Browser, db, loggedInBrowser } from "./helpers";
import {
  activityActions,
  followToPage,
  makeClient,
  makeProject,
  redirectPath,
  snapshotUserRows,
  visibleText,
} from "./project-helpers";

const validClient = {
  name: "Zażółć gęślą jaźń",
  email: "Jazn@Example.com",
  phone: "+48 600 100 200",
  nip: "525-244-57-67",
  address: "ul. Długa 1\n00-001 Warszawa",
  notes: "Woli kontakt mailowy.",
};

describe("client create", () => {
  it("stores normalized values and shows a toast", async () => {
    const { browser, user } = await loggedInBrowser();

    const response = await browser.post("/clients/new", validClient);
    const path = redirectPath(response);
    expect(path).toMatch(/^\/clients\/[0-9a-f-]{36}$/);

    const [row] = await db.select().from(clients).where(eq(clients.userId, user.id));
    expect(row.name).toBe("Zażółć gęślą jaźń");
    expect(row.email).toBe("jazn@example.com");
    expect(row.nip).toBe("5252445767");
    expect(row.address).toBe("ul. Długa 1\n00-001 Warszawa");
    expect(await activityActions(user.id)).toEqual(["client.created"]);

    const html = await followToPage(browser, response);
    expect(html).toContain(clientsText.created("Zażółć gęślą jaźń"));
  });

  it("accepts a NIP written with the PL prefix", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/clients/new", { name: "Firma", nip: "PL5252445767" });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(clients).where(eq(clients.userId, user.id));
    expect(row.nip).toBe("5252445767");
  });

  it("accepts a client with only a name", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/clients/new", {
      name: "Jan Kowalski",
      email: "",
      phone: "",
      nip: "",
      address: "",
      notes: "",
    });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(clients).where(eq(clients.userId, user.id));
    expect(row).toMatchObject({ name: "Jan Kowalski", email: null, phone: null, nip: null, address: null, notes: null });
  });

  it("rejects an invalid NIP with a field error", async () => {
    const { browser, user } = await loggedInBrowser();
    for (const nip of ["5252445768", "1234567890", "12345"]) {
      const response = await browser.post("/clients/new", { name: "Firma", nip });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(clientsText.nipInvalid);
    }
    expect(await db.select().from(clients).where(eq(clients.userId, user.id))).toHaveLength(0);
  });

  it("shows the form at /clients/new", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.get("/clients/new");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<title>${clientsText.add} · Klamp</title>`);
    expect(html).toContain(clientsText.nipHint);
  });
});

describe("client edit", () => {
  it("updates the client and logs the change", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Stara nazwa" });

    const page = await browser.get(`/clients/${client.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="Stara nazwa"');

    const response = await browser.post(`/clients/${client.id}`, { ...validClient, intent: "save", name: "Nowa nazwa" });
    expect(redirectPath(response)).toBe(`/clients/${client.id}`);
    const html = await followToPage(browser, response);
    expect(html).toContain(clientsText.updated);
    expect(html).toContain('value="Nowa nazwa"');

    const row = await db.query.clients.findFirst({ where: eq(clients.id, client.id) });
    expect(row?.name).toBe("Nowa nazwa");
    expect(row?.nip).toBe("5252445767");
    expect(await activityActions(user.id)).toEqual(["client.created", "client.updated"]);
  });

  it("writes no activity when nothing changed", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Bez zmian", email: "bez@example.com" });
    const response = await browser.post(`/clients/${client.id}`, { intent: "save", name: "Bez zmian", email: "bez@example.com" });
    expect(response.status).toBe(302);
    expect(await followToPage(browser, response)).toContain(clientsText.unchanged);
    expect(await activityActions(user.id)).toEqual(["client.created"]);
  });

  it("reports a change made meanwhile instead of overwriting it", async () => {
    const { user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Pierwsza nazwa" });
    const results = await Promise.all([
      updateClient(db, user.id, client.id, { name: "Druga nazwa" }),
      updateClient(db, user.id, client.id, { name: "Trzecia nazwa" }),
    ]);
    expect(results.sort()).toEqual(["conflict", "updated"]);
    expect(await activityActions(user.id)).toEqual(["client.created", "client.updated"]);
  });

  it("returns 404 for an unknown client id", async () => {
    const { browser } = await loggedInBrowser();
    expect((await browser.get(`/clients/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await browser.get("/clients/not-an-id")).status).toBe(404);
  });
});

describe("client delete", () => {
  it("deletes a client without projects", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Do usunięcia" });

    const response = await browser.post(`/clients/${client.id}`, { intent: "delete" });
    expect(redirectPath(response)).toBe("/clients");
    expect(await followToPage(browser, response)).toContain(clientsText.deleted("Do usunięcia"));
    expect(await db.query.clients.findFirst({ where: eq(clients.id, client.id) })).toBeUndefined();

    const logged = await db
      .select()
      .from(activity)
      .where(and(eq(activity.userId, user.id), eq(activity.action, "client.deleted")));
    expect(logged).toHaveLength(1);
    expect(logged[0].data ?? "").not.toContain("Do usunięcia");
    expect(describeActivity({ action: "client.deleted", data: JSON.parse(logged[0].data ?? "{}") })).toEqual(["Usunięto klienta"]);
  });

  it("scrubs name from client history", async () => {
    const { browser, user } = await loggedInBrowser();
    const name = `Zdzisław Bezprojektowy ${crypto.randomUUID().slice(0, 6)}`;
    const created = await browser.post("/clients/new", { name: `${name} stary`, email: "bez.projektu@example.com" });
    expect(created.status).toBe(302);
    const client = await db.query.clients.findFirst({ where: and(eq(clients.userId, user.id), eq(clients.name, `${name} stary`)) });
    if (!client) throw new Error("client not created");
    const saved = await browser.post(`/clients/${client.id}`, { intent: "save", name, email: "bez.projektu@example.com", updatedAt: client.updatedAt });
    expect(saved.status).toBe(302);

    expect(redirectPath(await browser.post(`/clients/${client.id}`, { intent: "delete" }))).toBe("/clients");

    const rows = await db.select().from(activity).where(and(eq(activity.userId, user.id), eq(activity.subjectId, client.id)));
    expect(rows.map((row) => row.action).sort()).toEqual(["client.created", "client.deleted", "client.updated"]);
    for (const row of rows) expect(row.data ?? "").not.toContain(name);
    // Another client's history keeps its name.
    const another = await browser.post("/clients/new", { name: `${name} zostaje` });
    expect(another.status).toBe(302);
    const kept = await db.select().from(activity).where(and(eq(activity.userId, user.id), eq(activity.action, "client.created")));
    expect(kept.some((row) => (row.data ?? "").includes(`${name} zostaje`))).toBe(true);
  });

  it("asks to confirm a client with projects", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    await makeProject(user.id, { clientId: client.id, name: "Pierwszy" });
    await makeProject(user.id, { clientId: client.id, name: "Drugi" });
    const before = await snapshotUserRows(user.id);

    const response = await browser.post(`/clients/${client.id}`, { intent: "delete" });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain(clientsText.confirmNeeded("2 projekty"));
    expect(html).toContain('name="intent" value="anonymize"');
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("uses the singular form for one project", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    await makeProject(user.id, { clientId: client.id });
    const response = await browser.post(`/clients/${client.id}`, { intent: "delete" });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain("Ten klient ma 1 projekt.");
  });

  it("double delete writes one activity row and no error", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = new Browser();
    expect((await other.post("/login", { email: user.email, password: user.password })).status).toBe(302);

    for (let round = 0; round < 10; round++) {
      const client = await makeClient(user.id, { name: `Klient ${round}`, email: null });
      const path = `/clients/${client.id}`;
      const responses = await Promise.all([browser.post(path, { intent: "delete" }), other.post(path, { intent: "delete" })]);
      expect(responses.map((response) => redirectPath(response)), `round ${round}`).toEqual(["/clients", "/clients"]);
      const logged = await db
        .select()
        .from(activity)
        .where(and(eq(activity.subjectId, client.id), eq(activity.action, "client.deleted")));
      expect(logged, `round ${round}`).toHaveLength(1);

      const pages = [await followToPage(browser, responses[0]), await followToPage(other, responses[1])];
      const toasts = pages.map((html) => (html.includes(clientsText.alreadyDeleted) ? "already" : "deleted")).sort();
      expect(toasts, `round ${round}`).toEqual(["already", "deleted"]);
    }
  });

  it("answers a delete of a deleted client with a toast", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Usunięty" });
    await browser.post(`/clients/${client.id}`, { intent: "delete" });
    const before = await snapshotUserRows(user.id);

    const again = await browser.post(`/clients/${client.id}`, { intent: "delete" });
    expect(redirectPath(again)).toBe("/clients");
    expect(await followToPage(browser, again)).toContain(clientsText.alreadyDeleted);
    expect((await browser.post(`/clients/${client.id}`, { intent: "save", name: "X" })).status).toBe(404);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("uses the genitive plural for five projects", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    for (let i = 0; i < 5; i++) await makeProject(user.id, { clientId: client.id, name: `Projekt ${i}` });
    const response = await browser.post(`/clients/${client.id}`, { intent: "delete" });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain("Ten klient ma 5 projektów.");
  });
});

describe("client list", () => {
  it("lists clients with links to their pages and project counts", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Anna Kowalska", email: "anna@example.com" });
    await makeProject(user.id, { clientId: client.id });
    await makeProject(user.id, { clientId: client.id });

    const response = await browser.get("/clients");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<title>${clientsText.title} · Klamp</title>`);
    expect(html).toContain(`href="/clients/${client.id}"`);
    expect(html).toContain("anna@example.com");
    expect(visibleText(html)).toContain("2 projekty");
    expect(html).toContain('href="/clients/new"');
    expect(html).toContain(clientsText.add);
  });

  it("finds a client by a lower-case Polish name", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeClient(user.id, { name: "Źdźbło Łąka Sp. z o.o.", email: "biuro@zdzblo.example" });
    await makeClient(user.id, { name: "Inna Firma", email: "inna@example.com" });

    const html = await (await browser.get(`/clients?q=${encodeURIComponent("źdźbło")}`)).text();
    expect(html).toContain("Źdźbło Łąka Sp. z o.o.");
    expect(html).not.toContain("Inna Firma");

    const upper = await (await browser.get(`/clients?q=${encodeURIComponent("ŁĄKA")}`)).text();
    expect(upper).toContain("Źdźbło Łąka Sp. z o.o.");
  });

  it("finds clients by e-mail, phone and NIP", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeClient(user.id, { name: "Szukany", email: "szukany@firma.example", phone: "+48 600 100 200", nip: "6272616681" });
    await makeClient(user.id, { name: "Inny", email: "inny@example.com" });

    for (const query of ["SZUKANY@firma", "600 100", "600100200", "6272616681", "627-261-66-81", "PL6272616681"]) {
      const html = await (await browser.get(`/clients?q=${encodeURIComponent(query)}`)).text();
      expect(html, query).toContain("Szukany");
      expect(html, query).not.toContain(">Inny<");
    }
  });

  it("treats LIKE wildcards in the query as text", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeClient(user.id, { name: "Zwykły klient", email: "zwykly@example.com" });
    const html = await (await browser.get(`/clients?q=${encodeURIComponent("%")}`)).text();
    expect(html).not.toContain("Zwykły klient");
    expect(html).toContain(clientsText.noResults("%"));
  });

  it("searches with a query longer than 50 bytes", async () => {
    const { browser, user } = await loggedInBrowser();
    const longName = `${"ż".repeat(30)} firma`;
    await makeClient(user.id, { name: longName, email: "dluga@example.com" });

    const found = await browser.get(`/clients?q=${encodeURIComponent("ż".repeat(30))}`);
    expect(found.status).toBe(200);
    expect(await found.text()).toContain(longName);
    const missing = await browser.get(`/clients?q=${"x".repeat(60)}`);
    expect(missing.status).toBe(200);
  });

  it("pages 25 clients into two pages", async () => {
    const { browser, user } = await loggedInBrowser();
    for (let i = 0; i < 25; i++) {
      await makeClient(user.id, { name: `Klient ${String(i).padStart(2, "0")}`, email: `k${i}@example.com` });
    }

    const first = await (await browser.get("/clients")).text();
    expect(first.match(/data-label="E-mail"/g)).toHaveLength(CLIENTS_PAGE_SIZE);
    expect(first).toContain("Klient 00");
    expect(first).toContain('href="/clients?page=2"');
    expect(first).toContain(common.nextPage);

    const second = await (await browser.get("/clients?page=2")).text();
    expect(second.match(/data-label="E-mail"/g)).toHaveLength(5);
    expect(second).toContain("Klient 24");
    expect(second).not.toContain("Klient 00");
    expect(second).toContain(common.previousPage);
    expect(second).not.toContain(common.nextPage);
  });

  it("keeps the search in the paging links", async () => {
    const { browser, user } = await loggedInBrowser();
    for (let i = 0; i < 21; i++) await makeClient(user.id, { name: `Łąkowy ${String(i).padStart(2, "0")}`, email: null });
    await makeClient(user.id, { name: "Ktoś inny", email: null });
    const html = await (await browser.get(`/clients?q=${encodeURIComponent("łąk")}`)).text();
    expect(html).toContain(`href="/clients?q=${encodeURIComponent("łąk")}&amp;page=2"`);
  });

  it("shows an empty state for a new account", async () => {
    const { browser } = await loggedInBrowser();
    const html = await (await browser.get("/clients")).text();
    expect(html).toContain(clientsText.empty);
  });

  it("redirects to login without a session", async () => {
    const response = await new Browser().get("/clients");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain("/login?redirectTo=%2Fclients");
  });
});
