import { describe, expect, it } from "vitest";
import { auth } from "~/i18n/pl";
import { Browser, createActiveUser, linkFrom, uniqueEmail, waitForMail } from "./helpers";

describe("login", () => {
  it("logs in with the right password and redirects to projects", async () => {
    const user = await createActiveUser();
    const browser = new Browser();
    const response = await browser.post("/login", { email: user.email, password: user.password });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/projects");
    expect(browser.cookies.has("klamp_session")).toBe(true);
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
