import { eq } from "drizzle-orm";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { clients, projects, tasks } from "~/db/schema";
import { clientsText, common, projectsText, tasksText } from "~/i18n/pl";
import { createActiveUser, db, loggedInBrowser } from "./helpers";
import { projectFormSchema, taskSchema } from "~/schemas/projects";
import { makeClient, makeProject, makeTask, snapshotUserRows } from "./project-helpers";
import { MAX_FORM_BODY_BYTES, readFormData } from "~/utils/form.server";

const SCRIPT = "<script>alert(1)</script>";
const ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
const LONG = "a".repeat(10_000);

/** Returns the messages of the validation issues for one field. */
function messagesAt(issues: readonly v.BaseIssue<unknown>[] | undefined, field: string): string[] {
  return (issues ?? []).filter((issue) => v.getDotPath(issue) === field).map((issue) => issue.message);
}

/** Posts the form, expects a 400 with every message, and checks that nothing was stored. */
async function expectRejected(
  browser: Awaited<ReturnType<typeof loggedInBrowser>>["browser"],
  userId: string,
  path: string,
  form: Record<string, string>,
  messages: string[],
) {
  const before = await snapshotUserRows(userId);
  const response = await browser.post(path, form);
  expect(response.status).toBe(400);
  const html = await response.text();
  for (const message of messages) expect(html).toContain(message);
  expect(await snapshotUserRows(userId)).toEqual(before);
}

describe("missing fields", () => {
  it("rejects a client without a name", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(browser, user.id, "/clients/new", {}, [common.required]);
    await expectRejected(browser, user.id, "/clients/new", { name: "   " }, [common.required]);
    const response = await browser.post("/clients/new", {});
    expect(await response.text()).not.toContain("Invalid key");
  });

  it("rejects a project without name and client", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(browser, user.id, "/projects/new", {}, [common.required]);
    await expectRejected(browser, user.id, "/projects/new", { name: "", client: "" }, [
      common.required,
      projectsText.clientInvalid,
    ]);
  });

  it("rejects a task without name and amount", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await expectRejected(browser, user.id, `/projects/${project.id}`, { intent: "add-task" }, [common.required]);
  });

  it("rejects a task edit without fields", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id);
    await expectRejected(browser, user.id, `/projects/${project.id}/tasks/${task.id}/edit`, {}, [common.required]);
  });

  it("rejects a project edit without a name", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await expectRejected(browser, user.id, `/projects/${project.id}`, { intent: "update-project", client: project.clientId }, [
      common.required,
    ]);
  });

  it("rejects small forms without a task id", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (const intent of ["set-status", "move-task", "delete-task"]) {
      await expectRejected(browser, user.id, `/projects/${project.id}`, { intent }, [projectsText.unknownIntent]);
    }
  });
});

describe("overlong input", () => {
  it("rejects 10,000-character names everywhere", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    const project = await makeProject(user.id, { clientId: client.id });
    const task = await makeTask(user.id, project.id);

    await expectRejected(browser, user.id, "/clients/new", { name: LONG }, [common.tooLong(200)]);
    await expectRejected(browser, user.id, `/clients/${client.id}`, { intent: "save", name: LONG }, [common.tooLong(200)]);
    await expectRejected(browser, user.id, "/projects/new", { name: LONG, client: client.id }, [common.tooLong(200)]);
    await expectRejected(
      browser,
      user.id,
      `/projects/${project.id}`,
      { intent: "update-project", name: LONG, client: client.id },
      [common.tooLong(200)],
    );
    await expectRejected(browser, user.id, `/projects/${project.id}`, { intent: "add-task", name: LONG, amount: "1" }, [
      common.tooLong(300),
    ]);
    await expectRejected(browser, user.id, `/projects/${project.id}/tasks/${task.id}/edit`, { name: LONG, amount: "1" }, [
      common.tooLong(300),
    ]);
  });

  it("rejects overlong notes, addresses and client fields", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(browser, user.id, "/clients/new", { name: "Ok", notes: "x".repeat(5001) }, [common.tooLong(5000)]);
    await expectRejected(browser, user.id, "/clients/new", { name: "Ok", address: "x".repeat(501) }, [common.tooLong(500)]);
    await expectRejected(browser, user.id, "/projects/new", { name: "Ok", client: `${"a".repeat(250)}@example.com` }, [
      projectsText.clientInvalid,
    ]);
  });
});

describe("malformed values", () => {
  it("rejects malformed amounts", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (const amount of ["12,345", "1.234,56", "abc", "-5", "1e3", "1,2,3", "12 zł"]) {
      await expectRejected(browser, user.id, `/projects/${project.id}`, { intent: "add-task", name: "Zadanie", amount }, [
        tasksText.amountInvalid,
      ]);
    }
    await expectRejected(
      browser,
      user.id,
      `/projects/${project.id}`,
      { intent: "add-task", name: "Zadanie", amount: "10 000 000,01" },
      [tasksText.amountTooLarge],
    );
  });

  it("gives a malformed amount one message", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (const amount of ["12,345", "1.234,56", "abc", "-1", "1".repeat(31)]) {
      const result = v.safeParse(taskSchema, { name: "Zadanie", amount, requiresAcceptance: "on" });
      expect(messagesAt(result.issues, "amount"), amount).toEqual([tasksText.amountInvalid]);

      const response = await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Zadanie", amount });
      expect(response.status, amount).toBe(400);
      expect(await response.text(), amount).not.toContain(tasksText.amountTooLarge);
    }
  });

  it("gives a day that does not exist one message", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    const result = v.safeParse(projectFormSchema("2026-12-04"), { name: "Projekt", deadline: "2026-02-30", client: client.id });
    expect(messagesAt(result.issues, "deadline")).toEqual([common.invalidDay]);

    const response = await browser.post("/projects/new", { name: "Projekt", deadline: "2026-02-30", client: client.id });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(common.invalidDay);
    expect(html).not.toContain(projectsText.deadlineInPast);
  });

  it("rejects an invalid NIP, e-mail and phone", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(browser, user.id, "/clients/new", { name: "Firma", nip: "5252445768" }, [clientsText.nipInvalid]);
    await expectRejected(browser, user.id, "/clients/new", { name: "Firma", email: "nie-email" }, [common.invalidEmail]);
    await expectRejected(browser, user.id, "/clients/new", { name: "Firma", phone: "zadzwoń" }, [clientsText.phoneInvalid]);
  });

  it("rejects CR and LF in names that may reach e-mail headers", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (const name of ["Jan\r\nBcc: ofiara@example.com", "Jan\nKowalski", "Jan\rKowalski"]) {
      await expectRejected(browser, user.id, "/clients/new", { name }, [common.singleLine]);
      await expectRejected(browser, user.id, "/projects/new", { name, client: "nowy@example.com" }, [common.singleLine]);
      await expectRejected(browser, user.id, `/projects/${project.id}`, { intent: "add-task", name, amount: "1" }, [
        common.singleLine,
      ]);
    }
  });

  it("answers 400 to a body that is not form data", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const before = await snapshotUserRows(user.id);
    for (const path of ["/clients/new", "/projects/new", `/projects/${project.id}`]) {
      const response = await browser.fetch(path, {
        method: "POST",
        headers: { "Content-Type": "multipart/form-data; boundary=x" },
        body: "not multipart at all",
      });
      expect(response.status, path).toBe(400);
    }
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });
});

describe("extra fields", () => {
  it("ignores owner, id and state fields in the client form", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = await createActiveUser();
    const response = await browser.post("/clients/new", {
      name: "Zwykły",
      id: "00000000-0000-0000-0000-000000000000",
      userId: other.id,
      user_id: other.id,
      searchText: "hack",
    });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(clients).where(eq(clients.userId, user.id));
    expect(row.id).not.toBe("00000000-0000-0000-0000-000000000000");
    expect(row.searchText).toBe("zwykły");
    expect(await db.select().from(clients).where(eq(clients.userId, other.id))).toHaveLength(0);
  });

  it("ignores status and owner fields in the project form", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    const response = await browser.post("/projects/new", {
      name: "Zwykły projekt",
      client: client.id,
      status: "completed",
      userId: "someone-else",
      shareTokenHash: "abc",
    });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(row).toMatchObject({ status: "active", shareTokenHash: null, userId: user.id });
  });

  it("ignores acceptance, payment and position fields in the task form", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const response = await browser.post(`/projects/${project.id}`, {
      intent: "add-task",
      name: "Zwykłe zadanie",
      amount: "10",
      requiresAcceptance: "on",
      acceptance: "accepted",
      payment: "paid",
      workStatus: "done",
      position: "-5",
      version: "9",
    });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(tasks).where(eq(tasks.projectId, project.id));
    expect(row).toMatchObject({ acceptance: "pending", payment: "unpaid", workStatus: "todo", position: 1, version: 1 });
  });
});

describe("HTML in text fields", () => {
  it("is shown escaped on every page", async () => {
    const { browser, user } = await loggedInBrowser();

    const clientResponse = await browser.post("/clients/new", {
      name: `Klient ${SCRIPT}`,
      address: `Adres ${SCRIPT}`,
      notes: `Notatka ${SCRIPT}`,
    });
    expect(clientResponse.status).toBe(302);
    const [client] = await db.select().from(clients).where(eq(clients.userId, user.id));

    const projectResponse = await browser.post("/projects/new", { name: `Projekt ${SCRIPT}`, client: client.id });
    expect(projectResponse.status).toBe(302);
    const [project] = await db.select().from(projects).where(eq(projects.userId, user.id));

    const taskResponse = await browser.post(`/projects/${project.id}`, {
      intent: "add-task",
      name: `Zadanie ${SCRIPT}`,
      amount: "1",
    });
    expect(taskResponse.status).toBe(302);
    const [task] = await db.select().from(tasks).where(eq(tasks.projectId, project.id));

    const pages = [
      "/clients",
      `/clients?q=${encodeURIComponent("script")}`,
      `/clients/${client.id}`,
      "/projects",
      "/projects/new",
      `/projects/${project.id}`,
      `/projects/${project.id}/tasks/${task.id}/edit`,
    ];
    for (const path of pages) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).not.toContain(SCRIPT);
      expect(html, path).toContain(ESCAPED);
    }
  });

  it("is escaped in field values after a failed submission", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.post("/clients/new", { name: SCRIPT, nip: "1234567890" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).not.toContain(SCRIPT);
  });
});

describe("cross-site POST", () => {
  it("is refused with 403 on every form route and changes nothing", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    const project = await makeProject(user.id, { clientId: client.id });
    const task = await makeTask(user.id, project.id);
    const before = await snapshotUserRows(user.id);
    const evil = { headers: { Origin: "https://evil.example" } };

    const attempts: [string, Record<string, string>][] = [
      ["/clients/new", { name: "Z zewnątrz" }],
      [`/clients/${client.id}`, { intent: "save", name: "Z zewnątrz" }],
      [`/clients/${client.id}`, { intent: "delete" }],
      ["/projects/new", { name: "Z zewnątrz", client: client.id }],
      [`/projects/${project.id}`, { intent: "add-task", name: "Z zewnątrz", amount: "1" }],
      [`/projects/${project.id}`, { intent: "set-status", taskId: task.id, status: "done" }],
      [`/projects/${project.id}`, { intent: "delete-task", taskId: task.id }],
      [`/projects/${project.id}`, { intent: "set-project-status", status: "completed" }],
      [`/projects/${project.id}/tasks/${task.id}/edit`, { name: "Z zewnątrz", amount: "1" }],
    ];
    for (const [path, form] of attempts) {
      const response = await browser.post(path, form, evil);
      expect(response.status, path).toBe(403);
    }
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("is refused without Origin when Sec-Fetch-Site is cross-site", async () => {
    const { browser, user } = await loggedInBrowser();
    const before = await snapshotUserRows(user.id);
    const response = await browser.fetch("/clients/new", {
      method: "POST",
      headers: { "Sec-Fetch-Site": "cross-site", Origin: "" },
      form: { name: "Z zewnątrz" },
    });
    expect(response.status).toBe(403);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });
});

describe("oversized form bodies", () => {
  /** Streams a URL-encoded body in 16 KB chunks, so the request has no Content-Length. */
  function streamedForm(form: string): ReadableStream<Uint8Array> {
    const bytes = new TextEncoder().encode(form);
    let offset = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + 16 * 1024));
        offset += 16 * 1024;
      },
    });
  }

  it("rejects a body over 256 KB with 413", async () => {
    const { browser, user } = await loggedInBrowser();
    const before = await snapshotUserRows(user.id);
    const response = await browser.post("/clients/new", { name: "Duży formularz", notes: "x".repeat(MAX_FORM_BODY_BYTES) });
    expect(response.status).toBe(413);
    const html = await response.text();
    expect(html).toContain(common.payloadTooLargeTitle);
    expect(html).toContain(common.payloadTooLargeText);
    expect(await snapshotUserRows(user.id)).toEqual(before);

    // A fetcher's data request gets the message as JSON.
    const data = await browser.post(`/clients/new?_data=${encodeURIComponent("routes/_app.clients.new")}`, { name: "x", notes: "x".repeat(MAX_FORM_BODY_BYTES) });
    expect(data.status).toBe(413);
    expect(await data.json()).toEqual({ error: common.payloadTooLargeText });
  });

  it("counts a body sent without Content-Length", async () => {
    const large = new Request("http://localhost/form", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: streamedForm(`notes=${"x".repeat(MAX_FORM_BODY_BYTES)}`),
      duplex: "half",
    } as RequestInit);
    expect(large.headers.get("Content-Length")).toBeNull();
    const rejection = await readFormData(large).then(
      () => null,
      (error: unknown) => error,
    );
    expect(rejection).toBeInstanceOf(Response);
    expect((rejection as Response).status).toBe(413);

    const small = new Request("http://localhost/form", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: streamedForm(`name=${"ż".repeat(1000)}&notes=ok`),
      duplex: "half",
    } as RequestInit);
    const form = await readFormData(small);
    expect(form.get("name")).toBe("ż".repeat(1000));
    expect(form.get("notes")).toBe("ok");
  });

  it("rejects a streamed body through the Worker", async () => {
    const { browser, user } = await loggedInBrowser();
    const before = await snapshotUserRows(user.id);
    const response = await browser.fetch("/clients/new", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: streamedForm(`name=Strumień&notes=${"x".repeat(2 * MAX_FORM_BODY_BYTES)}`),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    await response.text();
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("accepts the largest client form", async () => {
    const { browser } = await loggedInBrowser();
    // 5,000 three-byte characters, the most bytes a note can hold, are 45 KB URL-encoded. The
    // messages tests post the largest form, a 5,000-emoji message of 60 KB.
    const response = await browser.post("/clients/new", { name: "Pełne notatki", notes: "€".repeat(5000), address: "ą".repeat(500) });
    expect(response.status).toBe(302);
  });
});
