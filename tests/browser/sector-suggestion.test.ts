/**
 * The triage desk sees the sector the tip's text reads as, with the words that matched and the
 * agency routing would then suggest, and takes it with one button: the sector is corrected, the
 * confirmation is where the eye is (focused), and the routing suggestion follows the new sector.
 * With JavaScript on and off.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifierZhCN } from "../../app/i18n/classifier.zh-CN";
import { SECTORS } from "../../db/seed/reference-data";
import { launchBrowser } from "../support/browser";
import { filedTip, signedInStaff } from "../support/builders";
import { fmt, hydrated, submit } from "../support/journey";
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

const sectorName = (code: string) => SECTORS.find((s) => s.code === code)!.nameZh;

describe.each([{ js: true }, { js: false }])("the sector by the text on the triage page (JavaScript $js)", ({ js }) => {
  it("shows the text's sector with the matched words, and 'use this sector' corrects it", async () => {
    const desk = await signedInStaff("triage_officer", "safety_committee", "330106");
    const tip = await filedTip({ tip: { sectorCode: "hazardous_chemicals", content: { description: "化工厂夜间通过暗管排污，河道里全是黑水，下游村民不敢用水。" } } });

    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const [name, ...value] = desk.cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/staff/triage/${tip.reference}`);
    if (js) await hydrated(page);

    const box = page.getByTestId("sector-suggestion");
    await expect.poll(() => box.textContent()).toContain(fmt(classifierZhCN["triage.sector.onFile"], { sector: sectorName("hazardous_chemicals") }));
    const byText = (await box.getByTestId("sector-by-text").textContent()) ?? "";
    expect(byText).toContain(sectorName("pollution"));
    for (const word of ["排污", "河道", "黑水"]) expect(byText).toContain(word);
    expect(await box.textContent()).toContain(fmt(classifierZhCN["triage.sector.agency"], { agency: "西湖区生态环境局" }));

    await submit(page, box.getByRole("button", { name: fmt(classifierZhCN["triage.sector.use"], { sector: sectorName("pollution") }), exact: true }));
    const notice = page.getByRole("status").filter({ hasText: fmt(classifierZhCN["triage.sector.done"], { sector: sectorName("pollution") }) });
    await notice.waitFor();
    expect(page.url()).toMatch(/\?sector=done#notice$/);
    // The confirmation is where the eye is: focused with JavaScript, the fragment's target without.
    if (js) await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("notice");
    const box2 = await notice.boundingBox();
    expect(box2!.y).toBeGreaterThanOrEqual(0);
    expect(box2!.y).toBeLessThan(900);
    expect(await page.getByTestId("routing-suggestion").textContent()).toContain("西湖区生态环境局");
    expect(await box.getByRole("button").count()).toBe(0);

    const { sqlClient } = await import("../../app/lib/db.server");
    expect((await sqlClient()`select sector_code from tips where id = ${tip.id}`)[0]!.sector_code).toBe("pollution");
    expect(pageErrors).toEqual([]);
  });
});
