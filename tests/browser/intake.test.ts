/**
 * Browser journeys through the real server (express + the Remix build) against this run's
 * database: filing a tip with and without JavaScript (and with the captcha script unreachable),
 * a replayed form post, signing in with the receipt and replying, and the language switch.
 * Every page runs in a context that refuses non-loopback requests; hCaptcha is a loopback fake
 * (api.js from tests/support/fake-hcaptcha-script.ts + the siteverify of fake-hcaptcha.ts).
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import exifr from "exifr";
import type { Browser, BrowserContext, Locator, Page, Request as PwRequest } from "playwright-core";
import postgres from "postgres";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { HCAPTCHA_TEST_TOKEN, hcaptchaEnv, startFakeHcaptcha, type FakeSiteverify } from "../support/fake-hcaptcha";
import { fakeHcaptchaApiJs } from "../support/fake-hcaptcha-script";
import { startTestServer } from "../support/server";

type Services = {
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
  postTipMessage: typeof import("../../app/services/post-tip-message.server").postTipMessage;
  readTipsterAttachment: typeof import("../../app/services/read-tipster-attachment.server").readTipsterAttachment;
  receiptFromBytes: typeof import("../../app/domain/receipt").receiptFromBytes;
  formatReceipt: typeof import("../../app/domain/receipt").formatReceipt;
};

const zh = zhCN;
const RECEIPT_SHAPE = /^\d{4}( \d{4}){6}$/;
const REFERENCE = /JB\d{4}-\d{7,}/;
const DESCRIPTION = "储罐区可燃气体报警器被拆除，夜间仍在装卸作业，现场没有人看管。";

let fake: FakeSiteverify;
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let s: Services;
let staffId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  fake = await startFakeHcaptcha();
  fake.routes.set("/1/api.js", ["application/javascript", fakeHcaptchaApiJs()]);
  // One environment for the whole file: the server bundle reads it once, on its first request.
  [server, browser] = await Promise.all([
    startTestServer({ ...hcaptchaEnv(fake), HCAPTCHA_SCRIPT_URL: `${fake.origin}/1/api.js`, RATE_LIMITS: "off" }),
    launchBrowser(),
  ]);
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  s = {
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/post-tip-message.server")),
    ...(await import("../../app/services/read-tipster-attachment.server")),
    ...(await import("../../app/domain/receipt")),
  };
  const [staff] = await sql<{ id: string }[]>`
    insert into staff_accounts (email, display_name, role)
    values (${`triage-${randomBytes(4).toString("hex")}@example.test`}, ${"受理员甲"}, ${"triage_officer"})
    returning id`;
  staffId = staff!.id;
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await sql?.end({ timeout: 5 });
  await server?.close(); // also closes this process's app database pool (the services above)
  await fake?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async function newPage(opts: { javaScriptEnabled?: boolean; locale?: string } = {}) {
  const { context, blocked } = await loopbackContext(browser, opts);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  return { context, page, blocked, pageErrors };
}

/**
 * Clicks a submit button and waits for the form's POST to be answered, failing at once (and
 * saying which request) if the server answers with an error instead of a page.
 */
async function submit(page: Page, button: Locator) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
  expect(response.status(), `${response.request().method()} ${response.url()} answered ${response.status()}`).toBeLessThan(500);
  return response;
}

/** Waits until React has hydrated the page's main form, so a click is handled by Remix, not by a plain post. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector("main form");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber"));
  });
}

/** A photo-like JPEG that carries a GPS position and a camera model in its EXIF. */
async function gpsJpeg(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c83232", noise: { type: "gaussian", mean: 128, sigma: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "Acme", Model: "LeakPhone 3000" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "30/1 15/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "120/1 9/1 0/1" },
    })
    .toBuffer();
  // The fixture really carries a location, so the check on the stored copy can fail.
  expect(await exifr.gps(jpeg)).toEqual({ latitude: 30.25, longitude: 120.15 });
  return jpeg;
}

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 24, channels: 3, background: "#3264c8" } }).png().toBuffer();
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? "").trim();

async function tipRow(reference: string) {
  const [row] = await sql<{ id: string; captcha_status: string; place_code: string; sector_code: string; company_name: string | null; attachments: number }[]>`
    select t.id, t.captcha_status, t.place_code, t.sector_code, t.company_name,
           (select count(*)::int from attachments a where a.tip_id = t.id) as attachments
    from tips t where t.reference = ${reference}`;
  return row;
}

async function tipCount(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from tips`;
  return row!.n;
}

/** What the page shows after filing: the receipt (as displayed) and the reference. */
async function filedReceipt(page: Page) {
  await page.getByRole("heading", { level: 1, name: zh["receipt.title"] }).waitFor();
  const receipt = (await page.getByTestId("receipt").textContent())?.trim() ?? "";
  expect(receipt).toMatch(RECEIPT_SHAPE);
  const leadStart = zh["receipt.lead"].split("{reference}")[0]!;
  const lead = (await page.locator(".filed p", { hasText: leadStart }).first().textContent()) ?? "";
  const reference = REFERENCE.exec(lead)?.[0];
  expect(reference, lead).toBeDefined();
  return { receipt, reference: reference! };
}

/** A tip filed through the service layer, with a staff question waiting in its thread. */
async function tipWithQuestion(question: string) {
  const filed = await s.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "verified",
    files: [],
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode: "330106",
      companyName: "示例化工有限公司",
      content: { description: DESCRIPTION },
      majorHazard: true,
      concealedAccident: false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
  });
  const [tip] = await sql<{ id: string }[]>`select id from tips where reference = ${filed.reference}`;
  await s.postTipMessage({ tipId: tip!.id, author: { type: "staff", staffId }, body: question });
  return { ...filed, tipId: tip!.id, receipt: filed.receipt! };
}

/** Fills /report without JavaScript up to the county, using the "update the place lists" round trip. */
async function chooseCountyWithoutJs(page: Page) {
  await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
  await submit(page, page.getByRole("button", { name: zh["report.place.refresh"] }));
  await page.getByLabel(zh["report.city"], { exact: true }).selectOption({ label: "杭州市" });
  await submit(page, page.getByRole("button", { name: zh["report.place.refresh"] }));
  await page.getByLabel(zh["report.county"], { exact: true }).selectOption({ label: "西湖区" });
}

// ---------------------------------------------------------------------------------------------
// Journeys
// ---------------------------------------------------------------------------------------------

describe("filing a tip in the browser", () => {
  it("with JavaScript: chained place lists, captcha, GPS photo → receipt, download, verified tip", async () => {
    const { page, blocked, pageErrors } = await newPage();
    const verifyCallsBefore = fake.calls.length;
    await page.goto(`${server.url}/report`);
    await page.getByRole("heading", { level: 1, name: zh["report.title"] }).waitFor();

    // The captcha widget (the fake api.js, loaded from its own origin) shows once hydrated.
    const captcha = page.getByRole("button", { name: "I am human" });
    await captcha.waitFor();
    expect(await page.locator("#fake-hcaptcha-checkbox").isVisible()).toBe(true);
    expect(await page.getByText(zh["report.captcha.noscript"]).count()).toBe(0);
    expect(await page.getByRole("button", { name: zh["report.place.refresh"] }).count()).toBe(0);

    const sector = page.getByLabel(zh["report.sector"], { exact: true });
    await sector.selectOption("hazardous_chemicals");
    expect(await sector.locator("option:checked").textContent()).toContain("危险化学品");
    await page.getByLabel(zh["report.company"], { exact: true }).fill("示例化工有限公司");

    // Province → city → county: each choice fetches the next list.
    const city = page.getByLabel(zh["report.city"], { exact: true });
    const county = page.getByLabel(zh["report.county"], { exact: true });
    expect(await city.isDisabled()).toBe(true);
    await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
    await city.selectOption({ label: "杭州市" });
    await county.selectOption({ label: "西湖区" });
    expect(await county.inputValue()).toBe("330106");

    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    await page.getByLabel(zh["report.files"], { exact: true }).setInputFiles({ name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: await gpsJpeg() });

    await captcha.click();
    await expect.poll(() => page.locator('input[name="captchaToken"]').inputValue()).toBe(HCAPTCHA_TEST_TOKEN);

    await submit(page, page.getByRole("button", { name: zh["report.submit"] }));
    const { receipt, reference } = await filedReceipt(page);
    expect(await page.getByText(zh["receipt.warning"]).isVisible()).toBe(true);

    // The receipt as a small text file.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: zh["receipt.download"] }).click()]);
    expect(download.suggestedFilename()).toBe(`canary-receipt-${reference}.txt`);
    const file = await fs.readFile((await download.path())!, "utf8");
    expect(file).toContain(receipt);
    expect(file).toContain(reference);

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The server asked (the fake) siteverify about exactly the token the widget produced.
    expect(fake.calls.slice(verifyCallsBefore)).toEqual([{ secret: hcaptchaEnv(fake).HCAPTCHA_SECRET, response: HCAPTCHA_TEST_TOKEN, sitekey: hcaptchaEnv(fake).HCAPTCHA_SITEKEY }]);

    const row = await tipRow(reference);
    expect(row).toMatchObject({ captcha_status: "verified", attachments: 1, place_code: "330106", sector_code: "hazardous_chemicals", company_name: "示例化工有限公司" });
    // The stored photo no longer says where it was taken.
    const [att] = await sql<{ id: string; media_type: string }[]>`select id, media_type from attachments where tip_id = ${row!.id}`;
    expect(att!.media_type).toBe("image/jpeg");
    const stored = await s.readTipsterAttachment(row!.id, att!.id);
    expect(await exifr.gps(stored!.bytes)).toBeUndefined();
    expect(stored!.bytes.includes("LeakPhone 3000")).toBe(false);
  });

  it("without JavaScript: place lists by round trip, errors keep what was typed, unverified tip", async () => {
    const { page, blocked } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/report`);
    expect(await page.getByText(zh["report.captcha.noscript"]).isVisible()).toBe(true);
    expect(await page.locator("#fake-hcaptcha-checkbox").count()).toBe(0);

    await page.getByLabel(zh["report.sector"], { exact: true }).selectOption("hazardous_chemicals");
    await page.getByLabel(zh["report.company"], { exact: true }).fill("无 JS 化工厂");
    await chooseCountyWithoutJs(page);
    // The round trips kept what was typed and chosen.
    expect(await page.getByLabel(zh["report.company"], { exact: true }).inputValue()).toBe("无 JS 化工厂");
    expect(await page.getByLabel(zh["report.sector"], { exact: true }).inputValue()).toBe("hazardous_chemicals");

    // Too short: the server says so next to the field, and nothing typed is lost.
    await page.getByLabel(zh["report.description"], { exact: true }).fill("太短了");
    await submit(page, page.getByRole("button", { name: zh["report.submit"] }));
    await page.locator("#report-description-error").waitFor();
    expect(await text(page, "#report-description-error")).toBe(zh["errors.description.tooShort"]);
    expect(await page.getByText(zh["report.errorSummary"]).isVisible()).toBe(true);
    expect(await page.getByLabel(zh["report.company"], { exact: true }).inputValue()).toBe("无 JS 化工厂");
    expect(await page.getByLabel(zh["report.description"], { exact: true }).inputValue()).toBe("太短了");
    expect(await page.getByLabel(zh["report.county"], { exact: true }).inputValue()).toBe("330106");

    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    await page.getByLabel(zh["report.files"], { exact: true }).setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: await gpsJpeg() });
    await submit(page, page.getByRole("button", { name: zh["report.submit"] }));
    const { reference } = await filedReceipt(page);

    expect(blocked).toEqual([]);
    const row = await tipRow(reference);
    expect(row).toMatchObject({ captcha_status: "unverified", attachments: 1, place_code: "330106", company_name: "无 JS 化工厂" });
  });

  it("a replayed form post files nothing new and shows the same receipt", async () => {
    const { context, page, blocked } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/report`);
    await page.getByLabel(zh["report.sector"], { exact: true }).selectOption("hazardous_chemicals");
    await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    await page.getByLabel(zh["report.files"], { exact: true }).setInputFiles({ name: "p.png", mimeType: "image/png", buffer: await png() });

    const posts: PwRequest[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/report") posts.push(r);
    });
    const tipsBefore = await tipCount();
    await submit(page, page.getByRole("button", { name: zh["report.submit"] }));
    const { receipt, reference } = await filedReceipt(page);
    expect(posts).toHaveLength(1);

    // The same bytes again, as a browser retry or a double click would send them.
    const first = posts[0]!;
    const headers = Object.fromEntries(Object.entries(await first.allHeaders()).filter(([k]) => !k.startsWith(":") && !["content-length", "host", "cookie"].includes(k)));
    const replay = await context.request.post(first.url(), { headers, data: first.postDataBuffer()!, maxRedirects: 0 });
    expect(replay.status()).toBe(200);
    const html = await replay.text();
    expect(html).toContain(zh["receipt.repeated"]);
    expect(html).toContain(receipt);
    expect(html).toContain(reference);

    expect((await tipCount()) - tipsBefore).toBe(1);
    const rows = await sql`select 1 from tips where reference = ${reference}`;
    expect(rows).toHaveLength(1);
    expect((await tipRow(reference))!.attachments).toBe(1);
    expect(blocked).toEqual([]);
  });

  it("with JavaScript but the captcha script unreachable: nothing is reported anywhere, the tip still goes in unverified", async () => {
    const { context, page, blocked, pageErrors } = await newPage();
    const attempts: string[] = [];
    await context.route(`${fake.origin}/1/api.js*`, (route) => {
      attempts.push(route.request().url());
      return route.abort("connectionrefused");
    });
    await page.goto(`${server.url}/report`);
    await hydrated(page);
    // The loader tries three times, a second apart, then gives up.
    await expect.poll(() => attempts.length, { timeout: 8_000 }).toBe(3);
    await page.waitForTimeout(300);
    expect(await page.getByRole("button", { name: "I am human" }).count()).toBe(0);

    // The form still works without the captcha; the tip is marked for triage to check.
    await page.getByLabel(zh["report.sector"], { exact: true }).selectOption("hazardous_chemicals");
    await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    await submit(page, page.getByRole("button", { name: zh["report.submit"] }));
    const { reference } = await filedReceipt(page);
    expect(await tipRow(reference)).toMatchObject({ captcha_status: "unverified", place_code: "330000", attachments: 0 });

    // Giving up must not phone home: no request leaves loopback, and none is even attempted
    // against the page's CSP (in production the CSP allows https://*.hcaptcha.com, so the
    // loader's error report to sentry.hcaptcha.com would go out).
    expect(blocked).toEqual([]);
    expect(pageErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});

describe("checking a tip with its receipt", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`signs in with a spaced receipt, reads the question, replies with a photo (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const question = `请问报警器是哪一天被拆除的？(${javaScriptEnabled ? "js" : "nojs"})`;
      const tip = await tipWithQuestion(question);
      const { page, blocked } = await newPage({ javaScriptEnabled });
      await page.goto(`${server.url}/status`);
      if (javaScriptEnabled) await hydrated(page);
      const receiptInput = page.getByLabel(zh["status.receipt"], { exact: true });

      // A well-formed receipt (valid check digit) that opens nothing.
      await receiptInput.fill(s.formatReceipt(s.receiptFromBytes(randomBytes(16))));
      await submit(page, page.getByRole("button", { name: zh["status.signin"], exact: true }));
      await page.locator("#sign-in-receipt-error").waitFor();
      expect(await text(page, "#sign-in-receipt-error")).toBe(zh["status.signin.failed"]);
      expect(await page.getByTestId("reference").count()).toBe(0);

      // The real one with one digit mistyped: 28 digits, so the check digit is what is wrong —
      // said so, and the typed receipt is still in the field to correct.
      const mistyped = s.formatReceipt(tip.receipt.slice(0, 10) + String((Number(tip.receipt[10]) + 1) % 10) + tip.receipt.slice(11));
      await page.getByLabel(zh["status.receipt"], { exact: true }).fill(mistyped);
      await submit(page, page.getByRole("button", { name: zh["status.signin"], exact: true }));
      await page.locator("#sign-in-receipt-error").filter({ hasText: zh["status.signin.checkDigit"] }).waitFor();
      expect(await text(page, "#sign-in-receipt-error")).toBe(zh["status.signin.checkDigit"]);
      expect(await page.getByLabel(zh["status.receipt"], { exact: true }).inputValue()).toBe(mistyped);

      // The real one, typed the way it was shown: groups of four separated by spaces.
      await page.getByLabel(zh["status.receipt"], { exact: true }).fill(s.formatReceipt(tip.receipt));
      await submit(page, page.getByRole("button", { name: zh["status.signin"], exact: true }));
      await page.getByTestId("reference").waitFor();
      expect(await text(page, '[data-testid="reference"]')).toBe(tip.reference);
      expect(await text(page, '[data-testid="tip-text"]')).toBe(DESCRIPTION);
      const staffMessage = page.locator(".thread li.message.staff");
      expect(await staffMessage.locator(".body").textContent()).toBe(question);

      const reply = "是上个月十五号夜里拆的，我附上一张照片。";
      await page.getByLabel(zh["status.reply"], { exact: true }).fill(reply);
      await page.getByLabel(zh["status.reply.files"], { exact: true }).setInputFiles({ name: "evidence.png", mimeType: "image/png", buffer: await png() });
      await submit(page, page.getByRole("button", { name: zh["status.reply.send"], exact: true }));
      const sent = page.getByRole("status").filter({ hasText: zh["status.reply.sent"] });
      await sent.waitFor();
      // The confirmation is where the eye is: in the window, with JavaScript on or off (a 303 to #notice).
      await expect.poll(async () => {
        const box = await sent.boundingBox();
        const height = page.viewportSize()?.height ?? 0;
        return !!box && box.y >= 0 && box.y + box.height <= height;
      }).toBe(true);

      const mine = page.locator(".thread li.message.tipster");
      await mine.waitFor();
      expect(await mine.locator(".body").textContent()).toBe(reply);
      expect(await mine.locator(".meta").textContent()).toContain(zh["status.thread.tipster"]);
      expect(await mine.getByRole("link").textContent()).toMatch(/^PNG · \d+ KB · 下载$/);
      // The reply form is empty again, ready for the next message.
      expect(await page.getByLabel(zh["status.reply"], { exact: true }).inputValue()).toBe("");

      const [stored] = await sql<{ author: string; files: number }[]>`
        select m.author, (select count(*)::int from attachments a where a.message_id = m.id) as files
        from tip_messages m where m.tip_id = ${tip.tipId} and m.author = 'tipster'`;
      expect(stored).toEqual({ author: "tipster", files: 1 });
      expect(blocked).toEqual([]);
    });
  }
});

describe("language", () => {
  it("switches to English, keeps it across pages and reloads, and switches back", async () => {
    const { page, blocked } = await newPage();
    await page.goto(`${server.url}/`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(zh["home.title"]);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");

    await page.locator("form.lang-switch").getByRole("button").filter({ hasText: zh["lang.switch"] }).click();
    await page.getByRole("heading", { level: 1, name: en["home.title"] }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(new URL(page.url()).pathname).toBe("/");

    await page.getByRole("link", { name: en["nav.report"], exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: en["report.title"] }).waitFor();
    for (const label of [en["report.sector"], en["report.province"], en["report.description"], en["report.company"]]) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    expect(await page.getByRole("button", { name: en["report.submit"] }).isVisible()).toBe(true);

    await page.reload();
    await page.getByRole("heading", { level: 1, name: en["report.title"] }).waitFor();
    expect(await page.getByLabel(en["report.sector"], { exact: true }).count()).toBe(1);

    await page.locator("form.lang-switch").getByRole("button").filter({ hasText: en["lang.switch"] }).click();
    await page.getByRole("heading", { level: 1, name: zh["report.title"] }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/report");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.getByLabel(zh["report.sector"], { exact: true }).count()).toBe(1);
    expect(blocked).toEqual([]);
  });

  it("the language button is named by the language it offers (WCAG 2.5.3, label in name)", async () => {
    const { page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/`);
    // Voice-control users say what they see: "English".
    expect(await page.getByRole("button", { name: zh["lang.switch"] }).count()).toBe(1);
  });
});
