/**
 * Automated accessibility checks of the public pages with axe-core (the devDependency, never a
 * download): the home page, the tip form, the statistics of the country and of a province, the
 * published outcomes; in Chinese (the default) and English, with JavaScript (scanned once React
 * has hydrated), and the statistics page without JavaScript too. Every violation of impact
 * "serious" or "critical" fails the test, listed with its rule, impact, elements and help.
 *
 * The pages carry whatever the test database holds when this file runs (the reference data, the
 * demo agencies and the tips other files filed, or next to nothing): they must pass either way.
 *
 * The app's CSP admits only scripts with the response's nonce, so axe is evaluated through the
 * DevTools protocol (page.evaluate), which the CSP does not govern; the page is not changed.
 * `AXE_REPORT_ALL=1` also prints the violations of lesser impact (moderate, minor), which pass.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loopbackContext } from "../support/browser";
import { publishTestRelease } from "../support/releases";
import { startTestServer } from "../support/server";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const FAILING_IMPACTS = ["serious", "critical"];

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
  // /stats and the home page show the statistics release: one with the pages checked (issue 16).
  await publishTestRelease({ places: ["000000", "330000"] });
});

afterAll(async () => {
  await (await import("../../app/lib/db.server")).closeDb();
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

type Violation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: { target: string; html: string; summary: string }[] };

/** A page in a loopback-only context, in `lang` (the language cookie the header's switch sets). */
async function openPage(path: string, lang: "zh-CN" | "en", javaScriptEnabled: boolean) {
  const { context, blocked } = await loopbackContext(browser, { javaScriptEnabled });
  contexts.push(context);
  await context.addCookies([{ name: "lang", value: lang, url: server.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  const res = await page.goto(server.url + path);
  expect(res?.status(), path).toBe(200);
  expect(await page.locator("html").getAttribute("lang")).toBe(lang);
  // A page sent no script (ADR 039: /, /stats) is checked as it is; the others once React has hydrated them.
  if (javaScriptEnabled && (await page.locator('script[type="module"]').count()) > 0) await hydrated(page, pageErrors);
  return { page, blocked, pageErrors };
}

/**
 * Waits until React has hydrated the page and committed: the header's language switch has its
 * fiber, and React Router's scroll restoration effect (run after the commit) has taken over
 * `history.scrollRestoration`.
 */
async function hydrated(page: Page, pageErrors: string[]) {
  try {
    await page.waitForFunction(() => {
      const form = document.querySelector("form.lang-switch");
      return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber")) && history.scrollRestoration === "manual";
    });
  } catch (e) {
    throw new Error(`${page.url()} did not hydrate (${(e as Error).message.split("\n")[0]}); errors: ${JSON.stringify(pageErrors)}`);
  }
}

/**
 * With JavaScript off (Playwright: the DevTools protocol's script execution disabled), code that
 * the protocol evaluates still runs, but the page's timers and mutation observers never fire,
 * and axe-core waits on setTimeout. This stands in for setTimeout/clearTimeout in such a page
 * (its own scripts never run, so nothing else is affected): callbacks run from microtasks, the
 * shortest delay first; delays of a second or more are axe's watchdogs and never elapse.
 */
function microtaskTimers() {
  type Timer = { fn: (...a: unknown[]) => void; ms: number; args: unknown[] };
  const timers = new Map<number, Timer>();
  let seq = 0;
  let scheduled = false;
  const run = () => {
    scheduled = false;
    let next: [number, Timer] | null = null;
    for (const entry of timers) if (!next || entry[1].ms < next[1].ms) next = entry;
    if (!next || next[1].ms >= 1000) return;
    timers.delete(next[0]);
    schedule();
    next[1].fn(...next[1].args);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    void Promise.resolve().then(run);
  };
  const w = window as unknown as { setTimeout: unknown; clearTimeout: unknown };
  w.setTimeout = (fn: unknown, ms?: number, ...args: unknown[]) => {
    const id = ++seq;
    timers.set(id, { fn: typeof fn === "function" ? (fn as Timer["fn"]) : () => {}, ms: Number(ms) || 0, args });
    schedule();
    return id;
  };
  w.clearTimeout = (id: number) => void timers.delete(id);
}

/** Runs axe-core on the whole document; the violations, every impact. */
async function axeViolations(page: Page, javaScriptEnabled: boolean): Promise<Violation[]> {
  if (!javaScriptEnabled) await page.evaluate(microtaskTimers);
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<Record<string, any>> }> } }).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      id: String(v.id),
      impact: (v.impact as string | null) ?? null,
      help: String(v.help),
      helpUrl: String(v.helpUrl),
      nodes: (v.nodes as Array<Record<string, any>>).map((n) => ({ target: JSON.stringify(n.target), html: String(n.html).slice(0, 200), summary: String(n.failureSummary ?? "") })),
    }));
  });
}

/** One line per violation and one per element: readable in the test's failure message. */
function describeViolations(where: string, violations: Violation[]): string {
  return violations
    .map((v) => [`${where}: ${v.id} (${v.impact}) — ${v.help} <${v.helpUrl}>`, ...v.nodes.map((n) => `    ${n.target}  ${n.html}\n      ${n.summary.replace(/\n/g, "\n      ")}`)].join("\n"))
    .join("\n");
}

async function expectNoSeriousViolations(page: Page, where: string, javaScriptEnabled: boolean) {
  const violations = await axeViolations(page, javaScriptEnabled);
  if (process.env.AXE_REPORT_ALL) console.log(describeViolations(where, violations) || `${where}: no violations`);
  const failing = violations.filter((v) => v.impact !== null && FAILING_IMPACTS.includes(v.impact));
  expect(failing.map((v) => `${v.id} (${v.impact})`), `axe-core violations on ${where}:\n${describeViolations(where, failing)}`).toEqual([]);
}

const PAGES = ["/", "/report", "/stats", "/stats?place=330000", "/outcomes", "/notices"];

describe("axe-core: no serious or critical violation", () => {
  describe.each(["zh-CN", "en"] as const)("with JavaScript, %s", (lang) => {
    it.each(PAGES)("%s", async (path) => {
      const { page, blocked, pageErrors } = await openPage(path, lang, true);
      await expectNoSeriousViolations(page, `${path} (${lang}, JavaScript on)`, true);
      expect(pageErrors).toEqual([]);
      expect(blocked).toEqual([]);
    });
  });

  describe.each(["zh-CN", "en"] as const)("without JavaScript, %s", (lang) => {
    it("/stats", async () => {
      const { page, blocked } = await openPage("/stats", lang, false);
      await expectNoSeriousViolations(page, `/stats (${lang}, JavaScript off)`, false);
      expect(blocked).toEqual([]);
    });
  });
});
