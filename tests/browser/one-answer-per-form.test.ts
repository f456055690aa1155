/**
 * A page with several forms answers only the one that was sent (docs/decisions/022), with
 * JavaScript on (the page is not reloaded, so earlier answers could linger) and off: on the case
 * page an empty conclusion is refused on the conclusion form alone; a note saved next is done, and
 * the conclusion's refusal is gone — no stale error on a form the officer is not using.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseZhCN } from "../../app/i18n/case.zh-CN";
import { launchBrowser } from "../support/browser";
import { acceptedCase, signedInStaff, staffMember } from "../support/builders";
import { hydrated, submit } from "../support/journey";
import { startTestServer } from "../support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
  await (await import("../../app/lib/db.server")).closeDb();
});

describe.each([{ js: true }, { js: false }])("the case page's forms (JavaScript $js)", ({ js }) => {
  it("a refusal shows on the form that was sent only, and is gone once another form is answered", async () => {
    const desk = await staffMember("triage_officer", "safety_committee", "330106");
    const officer = await signedInStaff("agency_officer", "emergency_management", "330106");
    const tip = await acceptedCase(desk, officer.staff, { investigating: true });

    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const [name, ...value] = officer.cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/staff/cases/${tip.reference}`);
    if (js) await hydrated(page);

    const conclude = page.locator("form#conclude");
    const note = page.locator("form#note");
    // Each finding's radio button sits on the line of its label, before it.
    for (const choice of await conclude.locator("fieldset.choices label").all()) {
      const [label, radio] = [await choice.boundingBox(), await choice.locator("input[type=radio]").boundingBox()];
      expect(radio!.y).toBeGreaterThanOrEqual(label!.y - 1);
      expect(radio!.y + radio!.height).toBeLessThanOrEqual(label!.y + label!.height + 1);
      expect(radio!.width).toBeLessThan(40);
    }
    await submit(page, conclude.getByRole("button", { name: caseZhCN["case.conclude.submit"], exact: true }));
    await conclude.locator(".error").first().waitFor();
    expect(await conclude.locator("[role=alert]").count()).toBeGreaterThan(0);
    expect(await note.locator("[role=alert]").count()).toBe(0);

    await note.getByLabel(caseZhCN["case.notes.add"], { exact: true }).fill("现场复核：报警探头已重新安装。");
    await submit(page, note.getByRole("button", { name: caseZhCN["case.notes.submit"], exact: true }));
    await page.getByText("现场复核：报警探头已重新安装。").first().waitFor();
    await expect.poll(() => conclude.locator("[role=alert]").count()).toBe(0);
    expect(await note.locator("[role=alert]").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
