/**
 * The hotline operator in the browser, with JavaScript off (the way an operator's locked-down
 * workstation may run it): sign in, record a phone tip on the caller's behalf, read the receipt
 * aloud group by group, print the slip (print CSS: the slip alone) — and the caller then signs
 * in at /status with that receipt like every tipster. The operator cannot open the tip again.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { hotlineZhCN } from "../../app/i18n/hotline.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, expectPage, hydrated, submit, type JourneyModules, type Login } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN, ...hotlineZhCN };
const SPOKEN = ["零", "幺", "二", "三", "四", "五", "六", "七", "八", "九"];
const DESCRIPTION = "来电人称：化工园区三号仓库夜间偷偷灌装液化气，消防通道被货车堵死，已经持续一周。";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: JourneyModules & { closeDb: typeof import("../../app/lib/db.server").closeDb };
let operator: Login;
let deskName: string;
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn, enrolledStaff } = createJourney(() => ({ browser, server, sql, m, received: [], contexts }));

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  m = {
    ...(await import("../../db/seed/demo-staff")),
    ...(await import("../../app/lib/password.server")),
    ...(await import("../../app/lib/totp.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/lib/db.server")),
  };
  operator = await enrolledStaff("hotline_operator", { departmentType: "safety_committee", placeCode: "330106" }, "热线接线员 小周");
  const [desk] = await sql<{ name_zh: string }[]>`select name_zh from agencies where department_type = 'safety_committee' and place_code = '330106'`;
  deskName = desk!.name_zh;
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await sql?.end({ timeout: 5 });
  await m?.closeDb();
  await server?.close();
});

describe("the hotline operator, JavaScript off", () => {
  it("records a phone tip, reads the receipt aloud in groups, prints the slip; the caller signs in with it at /status", async () => {
    const { page, blocked } = await newPage({ javaScriptEnabled: false });
    await staffSignIn(page, operator, false, deskName);
    await page.locator("section.staff-home .cards").getByRole("link", { name: zh["auth.home.hotline.title"], exact: true }).click();
    await expectPage(page, zh["hotline.title"]);

    await page.getByLabel(zh["hotline.channel"], { exact: true }).selectOption({ label: zh["channel.phone"] });
    await page.getByLabel(zh["report.sector"], { exact: true }).selectOption({ value: "hazardous_chemicals" });
    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    // The place lists without JavaScript: each "update" posts the form back, keeping what was typed.
    await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
    await submit(page, page.getByRole("button", { name: zh["report.place.refresh"] }));
    await page.getByLabel(zh["report.city"], { exact: true }).selectOption({ label: "杭州市" });
    await submit(page, page.getByRole("button", { name: zh["report.place.refresh"] }));
    await page.getByLabel(zh["report.county"], { exact: true }).selectOption({ label: "西湖区" });
    expect(await page.getByLabel(zh["report.description"], { exact: true }).inputValue()).toBe(DESCRIPTION);
    expect(await page.getByLabel(zh["hotline.channel"], { exact: true }).inputValue()).toBe("phone");
    await submit(page, page.getByRole("button", { name: zh["hotline.submit"], exact: true }));

    await expectPage(page, zh["hotline.receipt.title"]);
    // Seven lines of four digits, each with the words to say (幺 for 1).
    const lines = page.getByTestId("read-aloud").locator("li");
    expect(await lines.count()).toBe(7);
    const groups: string[] = [];
    for (let i = 0; i < 7; i++) {
      const digits = ((await lines.nth(i).locator(".read-aloud-digits").textContent()) ?? "").trim();
      expect(digits).toMatch(/^\d{4}$/);
      const spoken = ((await lines.nth(i).locator(".read-aloud-spoken").textContent()) ?? "").trim();
      expect(spoken).toBe(`${zh["hotline.receipt.spoken"]} ${[...digits].map((d) => SPOKEN[Number(d)]).join(" ")}`);
      groups.push(digits);
    }
    const receipt = groups.join("");
    const slip = page.getByTestId("receipt-slip");
    const slipText = (await slip.textContent()) ?? "";
    const reference = /JB\d{4}-\d{8}/.exec(slipText)?.[0];
    expect(reference).toBeTruthy();
    expect(slipText).toContain(groups.join(" "));
    expect(slipText).toContain(`${server.url}/status`);

    // Stored: a phone tip, no contact details.
    const [tip] = await sql<{ channel: string; contact_enc: Buffer | null }[]>`select channel, contact_enc from tips where reference = ${reference!}`;
    expect(tip).toMatchObject({ channel: "phone", contact_enc: null });

    // Printed: the slip alone — no navigation, no read-aloud list, no buttons.
    await page.emulateMedia({ media: "print" });
    expect(await slip.isVisible()).toBe(true);
    expect(await page.getByTestId("read-aloud").isVisible()).toBe(false);
    expect(await page.locator("nav.staff-nav").isVisible()).toBe(false);
    expect(await page.getByRole("link", { name: zh["hotline.receipt.another"] }).isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
    expect(await page.getByTestId("read-aloud").isVisible()).toBe(true);

    // Never shown again: a new form, and the tip's triage page is refused.
    await page.getByRole("link", { name: zh["hotline.receipt.another"] }).click();
    await expectPage(page, zh["hotline.title"]);
    expect(await page.content()).not.toContain(groups[0]! + " " + groups[1]!);
    const refused = await page.goto(`${server.url}/staff/triage/${reference}`);
    expect(refused?.status()).toBe(403);
    expect(await page.content()).not.toContain(DESCRIPTION);
    // Said as a refusal of the account, not as a server fault.
    expect(await page.getByText(zh["errors.forbidden"], { exact: true }).count()).toBe(1);
    expect(await page.locator("body").innerText()).not.toContain(zh["errors.generic"]);

    // The caller, on their own device, signs in with the receipt as read to them.
    const caller = await newPage({ javaScriptEnabled: false });
    await caller.page.goto(`${server.url}/status`);
    await caller.page.getByLabel(zh["status.receipt"], { exact: true }).fill(groups.join(" "));
    await submit(caller.page, caller.page.getByRole("button", { name: zh["status.signin"], exact: true }));
    await caller.page.getByText(reference!).first().waitFor();
    expect(receipt).toHaveLength(28);
    expect(blocked).toEqual([]);
    expect(caller.blocked).toEqual([]);
  });

  it("with JavaScript: a missing channel is refused by the server next to its field, nothing is recorded, then the tip is", async () => {
    const { page, pageErrors } = await newPage();
    await staffSignIn(page, operator, true, deskName);
    await page.goto(`${server.url}/staff/hotline/new`);
    await expectPage(page, zh["hotline.title"]);
    await hydrated(page);
    await page.getByLabel(zh["report.sector"], { exact: true }).selectOption({ value: "hazardous_chemicals" });
    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
    // Validation is the server's (ADR 022): one round trip, answered 400, the typed fields kept.
    const refused = await submit(page, page.getByRole("button", { name: zh["hotline.submit"], exact: true }));
    expect(refused.status()).toBe(400);
    await page.locator("#hotline-channel-error").filter({ hasText: zh["errors.channel.required"] }).waitFor();
    expect(await page.getByLabel(zh["report.description"], { exact: true }).inputValue()).toBe(DESCRIPTION);
    await page.getByLabel(zh["hotline.channel"], { exact: true }).selectOption({ label: zh["channel.email"] });
    await submit(page, page.getByRole("button", { name: zh["hotline.submit"], exact: true }));
    await expectPage(page, zh["hotline.receipt.title"]);
    expect(await page.getByTestId("read-aloud").locator("li").count()).toBe(7);
    // The browser logs the one 400 answer (the refusal: conform validates on submit only, so
    // correcting the field posts nothing); nothing else.
    expect(pageErrors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  });
});
