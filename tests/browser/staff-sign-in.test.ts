import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { authZhCN as zh } from "../../app/i18n/auth.zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { startTestServer } from "../support/server";

// The sign-in page's refusals (conform replies from the route edge), with JavaScript and
// without: the message where it belongs, the address kept, the password never sent back.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: "off" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

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
