import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { authZhCN as zh } from "../../app/i18n/auth.zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { startTestServer } from "../support/server";

// The sign-in page's refusals (conform replies from the route edge), with JavaScript and
// without: the message where it belongs, the address kept, the password never sent back.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: typeof import("../../app/lib/password.server") & typeof import("../../app/lib/totp.server") & typeof import("../../app/lib/db.server");

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: "off" });
  browser = await launchBrowser();
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  m = { ...(await import("../../app/lib/password.server")), ...(await import("../../app/lib/totp.server")), ...(await import("../../app/lib/db.server")) };
});
afterAll(async () => {
  await browser?.close();
  await m?.closeDb();
  await sql?.end({ timeout: 5 });
  await server?.close();
});

/** The button's form is sent and the next page (or the answer) has arrived. */
async function send(page: Page, name: string) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name, exact: true }).click()]);
  await page.waitForLoadState("networkidle");
}

describe("the staff sign-in page refuses", () => {
  for (const js of [false, true]) {
    it(`a wrong password and an empty form, keeping the address (JavaScript ${js ? "on" : "off"})`, async () => {
      const { context, blocked } = await loopbackContext(browser, { javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto(`${server.url}/staff/login?next=${encodeURIComponent("/staff/admin")}`);
      if (js) await page.waitForLoadState("networkidle");
      const email = page.getByLabel(zh["auth.field.email"], { exact: true });
      const password = page.getByLabel(zh["auth.field.password"], { exact: true });
      const submit = page.getByRole("button", { name: zh["auth.signIn.submit"], exact: true });

      await email.fill("nobody@example.org");
      await password.fill("a wrong pass phrase");
      await submit.click();
      await page.getByRole("alert").filter({ hasText: zh["auth.signIn.failed"] }).waitFor();
      expect(await page.getByText(zh["auth.signIn.failedHint"]).count()).toBe(1);
      expect(await email.inputValue()).toBe("nobody@example.org");
      // Never sent back: without JavaScript the new page has an empty field; with it the field
      // simply keeps what is in it, as before.
      if (!js) expect(await password.inputValue()).toBe("");
      expect(await page.content()).not.toContain("a wrong pass phrase");
      // Where to go after signing in survives the refusal.
      expect(await page.locator('input[name="next"]').inputValue()).toBe("/staff/admin");

      await email.fill("");
      await password.fill("");
      await submit.click();
      await page.getByText(zh["auth.errors.email.required"]).waitFor();
      expect(await email.getAttribute("aria-invalid")).toBe("true");
      const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(zh["auth.errors.email.required"]);
      expect(await page.getByText(zh["auth.errors.password.required"]).count()).toBe(1);
      expect(blocked).toEqual([]);
      await context.close();
    });
  }
});

describe("a first sign-in with a one-time password", () => {
  for (const js of [false, true]) {
    it(`sets a new password, enrols the app and shows the recovery codes once (JavaScript ${js ? "on" : "off"})`, async () => {
      const email = `first-${randomBytes(5).toString("hex")}@example.org`;
      const oneTime = "one-time-pass-1234";
      await sql`insert into staff_accounts (email, display_name, role, password_hash, must_change_password) values (${email}, ${"首次 First"}, ${"administrator"}, ${await m.hashPassword(oneTime)}, true)`;
      const { context, blocked } = await loopbackContext(browser, { javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto(`${server.url}/staff/login`);
      if (js) await page.waitForLoadState("networkidle");
      await page.getByLabel(zh["auth.field.email"], { exact: true }).fill(email);
      await page.getByLabel(zh["auth.field.password"], { exact: true }).fill(oneTime);
      await send(page, zh["auth.signIn.submit"]);

      await page.getByRole("heading", { name: zh["auth.password.forcedTitle"] }).waitFor();
      const fresh = "a brand new pass phrase";
      await page.getByLabel(zh["auth.field.newPassword"], { exact: true }).fill(fresh);
      await page.getByLabel(zh["auth.field.confirmPassword"], { exact: true }).fill(fresh + "x");
      await send(page, zh["auth.password.submit"]);
      await page.getByText(zh["auth.errors.password.mismatch"]).waitFor();
      expect(await page.content()).not.toContain(fresh);
      await page.getByLabel(zh["auth.field.newPassword"], { exact: true }).fill(fresh);
      await page.getByLabel(zh["auth.field.confirmPassword"], { exact: true }).fill(fresh);
      await send(page, zh["auth.password.submit"]);

      await page.getByRole("heading", { name: zh["auth.enrol.title"] }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/staff/enrol");
      const code = page.getByLabel(zh["auth.field.totp"], { exact: true });
      await code.fill("12345x");
      await send(page, zh["auth.enrol.submit"]);
      await page.getByText(zh["auth.errors.totp.format"]).waitFor();
      const secret = m.secretFromBase32(((await page.getByTestId("totp-secret").textContent()) ?? "").trim());
      await code.fill(m.totpCode(secret));
      await send(page, zh["auth.enrol.submit"]);

      await page.getByRole("heading", { name: zh["auth.recovery.title"] }).waitFor();
      const codes = await page.getByTestId("recovery-codes").locator("li").allTextContents();
      expect(codes).toHaveLength(10);
      for (const c of codes) expect(c).toMatch(/^[a-z]{4}-[a-z]{4}-[a-z]{4}$/);
      // Shown once: the enrol page has nothing more to show.
      await page.goto(`${server.url}/staff/enrol`);
      expect(await page.content()).not.toContain(codes[0]!);
      expect(blocked).toEqual([]);
      await context.close();
    });
  }
});
