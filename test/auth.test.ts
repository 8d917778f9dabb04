/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { auth } from "~/i18n/pl";
import { activityRows } from "./account-helpers";
import { Browser, createActiveUser, linkFrom, uniqueEmail, waitForMail } from "./helpers";

describe("login", () => {
  it("logs in with the right password and redirects to the dashboard", async () => {
    const user = await createActiveUser();
    const browser = new Browser();
    const response = await browser.post("/login", { email: user.email, password: user.password });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dashboard");
    expect(browser.cookies.has("klamp_session")).toBe(true);
  });

  it("reloads the document for the target after a script login", async () => {
    // The target may be a download such as an export link, which Remix's client router would
    // fetch as page data, so the redirect asks the browser for a full page load.
    const user = await createActiveUser();
    const browser = new Browser();
    const form = { email: user.email, password: user.password, redirectTo: "/export/abc" };
    const response = await browser.post("/login?_data=routes%2Flogin", form);
    expect(response.status).toBe(204);
    expect(response.headers.get("X-Remix-Redirect")).toBe("/export/abc");
    expect(response.headers.get("X-Remix-Reload-Document")).toBe("true");
  });

  it("writes account.logged_in with the user agent", async () => {
    const user = await createActiveUser();
    const browser = new Browser();
    const userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const response = await browser.fetch("/login", { form: { email: user.email, password: user.password }, headers: { "User-Agent": userAgent } });
    expect(response.status).toBe(302);
    const rows = await activityRows(user.id);
    expect(rows.map((row) => row.action)).toEqual(["account.logged_in"]);
    expect(JSON.parse(rows[0].data)).toEqual({ method: "password", userAgent });
    expect(rows[0].data).not.toContain(user.password);
  });

  it("rejects a wrong password with a Polish message", async () => {
    const user = await createActiveUser();
    const response = await new Browser().post("/login", { email: user.email, password: "zle-haslo-000" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(auth.loginInvalid);
  });
});

describe("registration", () => {
  it("sends an activation e-mail that activates on POST only", async () => {
    const email = uniqueEmail("reg");
    const browser = new Browser();
    const response = await browser.post("/register", { name: "Jan Kowalski", email, password: "haslo-dlugie-123" });
    expect(response.status).toBe(302);
    const mail = await waitForMail(email);
    const link = linkFrom(mail.text, "/activate/");
    const page = await browser.get(link);
    expect(page.status).toBe(200);
    const before = await browser.post("/login", { email, password: "haslo-dlugie-123" });
    expect(await before.text()).toContain(auth.loginInactive);
    const activated = await browser.post(link, { password: "haslo-dlugie-123" });
    expect(activated.status).toBe(302);
    const after = await browser.post("/login", { email, password: "haslo-dlugie-123" });
    expect(after.status).toBe(302);
  });
});
