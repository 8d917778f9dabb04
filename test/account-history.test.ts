import { describe, expect, it } from "vitest";
import { activity } from "~/db/schema";
import { activityText, security } from "~/i18n/pl";
import { escapeHtml } from "~/utils/html";
import { Browser, createActiveUser, db } from "./helpers";
import { makeProject } from "./project-helpers";

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function loginAs(user: { email: string; password: string }, userAgent = FIREFOX_ON_WINDOWS) {
  const browser = new Browser();
  const response = await browser.fetch("/login", {
    form: { email: user.email, password: user.password },
    headers: { "User-Agent": userAgent },
  });
  expect(response.status).toBe(302);
  return browser;
}

/** Returns the part of the security page inside the "Historia konta" section. */
function historySection(html: string): string {
  const match = /<section id="history"[\s\S]*?<\/section>/.exec(html);
  expect(match).not.toBeNull();
  return match![0];
}

/** Writes `count` account-level rows one second apart, the newest at `newest`. */
async function writeAccountRows(userId: string, count: number, newest: Date) {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: crypto.randomUUID(),
    userId,
    actor: "freelancer" as const,
    action: "account.profile_updated",
    createdAt: new Date(newest.getTime() - index * 1000).toISOString(),
  }));
  for (let offset = 0; offset < rows.length; offset += 10) {
    await db.insert(activity).values(rows.slice(offset, offset + 10));
  }
}

describe("Historia konta on Settings → Bezpieczeństwo", () => {
  it("lists the account's logins with the device, and not the project rows", async () => {
    const user = await createActiveUser();
    const browser = await loginAs(user);
    const project = await makeProject(user.id, { name: "Sklep Łąka" });

    const html = await (await browser.get("/settings/security")).text();
    const section = historySection(html);
    expect(section).toContain(security.historyTitle);
    expect(section).toContain(activityText.accountLoggedIn);
    expect(section).toContain(escapeHtml(activityText.loginDevice("Firefox, Windows")));
    expect(section).not.toContain(escapeHtml(activityText.projectCreated(project.name)));
  });

  it("does not show another account's rows", async () => {
    const owner = await createActiveUser();
    const other = await createActiveUser();
    await loginAs(other, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");
    const browser = await loginAs(owner);

    const section = historySection(await (await browser.get("/settings/security")).text());
    expect(section).not.toContain("Safari, iOS");
    expect(section.match(new RegExp(activityText.accountLoggedIn, "g"))).toHaveLength(1);
  });

  it("pages older rows with the before cursor and ignores a malformed one", async () => {
    const user = await createActiveUser();
    const browser = await loginAs(user);
    // One login row now, and 40 profile rows in the past: 41 rows, two pages of 30.
    await writeAccountRows(user.id, 40, new Date(Date.now() - 60_000));

    const first = historySection(await (await browser.get("/settings/security")).text());
    expect(first.match(/<li /g)).toHaveLength(30);
    const older = /href="(\/settings\/security\?before=[^"#]+)#history"/.exec(first);
    expect(older).not.toBeNull();

    const second = historySection(await (await browser.get(older![1].replaceAll("&amp;", "&"))).text());
    expect(second.match(/<li /g)).toHaveLength(11);
    expect(second).not.toContain(activityText.accountLoggedIn);
    expect(second).not.toContain("?before=");
    expect(second).toContain(security.historyNewest);

    const malformed = await browser.get("/settings/security?before=yesterday");
    expect(malformed.status).toBe(200);
    expect(historySection(await malformed.text()).match(/<li /g)).toHaveLength(30);
  });
});
