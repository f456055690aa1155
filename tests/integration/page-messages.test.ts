import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { closedCase, staffMember } from "../support/builders";

// Issue 14 (ADR 029): a page receives only its own catalogue strings. Every public page, in both
// languages, rendered by the built server in test mode, where a key the page was not sent throws
// (app/i18n/index.ts): a page that needs a string its set in app/i18n/delivery.ts lacks fails
// here with the key's name, instead of showing the key to a reader.

type Started = Awaited<ReturnType<typeof import("../support/server").startTestServer>>;
let server: Started;
let isMessageKey: (s: string) => boolean;
let desk: StaffContext;
let officer: StaffContext;
const logged: string[] = [];

beforeAll(async () => {
  const { startTestServer } = await import("../support/server");
  server = await startTestServer({ RATE_LIMITS: "off" });
  // /stats and the home page show the statistics release: one with the pages rendered (issue 16).
  await (await import("../support/releases")).publishTestRelease({ places: ["000000", "330000", "330106"] });
  ({ isMessageKey } = await import("../../app/i18n/catalogues.server"));
  [desk, officer] = await Promise.all([staffMember("triage_officer", "safety_committee", "330000"), staffMember("agency_officer", "emergency_management", "330106")]);
  // The server runs in this process: what it logs (a key not sent is thrown, then logged by the error boundary) is seen here.
  const original = console.error;
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    logged.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(" "));
    original(...args);
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
});

const LOCALES = ["zh-CN", "en"] as const;
type Locale = (typeof LOCALES)[number];

/** What a reader sees: the text and the attributes read aloud, without scripts (the loader data names keys). */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<(?:[^>"]|"[^"]*")*?\b(?:aria-label|title|alt|placeholder)="([^"]*)"(?:[^>"]|"[^"]*")*>/g, " $1 ")
    .replace(/<[^>]+>/g, " ");
}

/** Catalogue keys shown as text: what a reader would see if a page lacked a string outside strict mode. */
function rawKeys(html: string): string[] {
  return [...visibleText(html).matchAll(/[a-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+/g)].map((m) => m[0]).filter((w) => isMessageKey(w));
}

async function open(path: string, locale: Locale, init: RequestInit & { cookie?: string } = {}) {
  const before = logged.length;
  const cookie = [`lang=${locale}`, init.cookie].filter(Boolean).join("; ");
  const res = await fetch(server.url + path, { ...init, redirect: "manual", headers: { cookie, origin: server.url, ...(init.headers as Record<string, string>) } });
  const html = await res.text();
  return { status: res.status, html, headers: res.headers, logs: logged.slice(before).filter((l) => l.includes("was not sent to this page")) };
}

/** A page as a reader gets it: the status expected, no key that was not sent, no key shown, in the reader's language. */
function expectPage(page: Awaited<ReturnType<typeof open>>, locale: Locale, status = 200) {
  expect(page.logs, "keys the page was not sent").toEqual([]);
  expect(page.status, page.html.slice(0, 400)).toBe(status);
  expect(page.html).toContain(`<html lang="${locale}"`);
  expect(rawKeys(page.html), "catalogue keys shown as text").toEqual([]);
  // The shell's own strings are there, translated.
  expect(page.html).toContain(locale === "en" ? "Canary Hotline" : "Canary 举报平台");
}

function tipForm(description: string) {
  const form = new FormData();
  form.set("intent", "submit");
  form.set("submissionId", randomBytes(16).toString("base64url"));
  form.set("sector", "hazardous_chemicals");
  form.set("province", "330000");
  form.set("city", "330100");
  form.set("county", "330106");
  form.set("description", description);
  return form;
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("every public page gets the strings it shows, in the reader's language only", () => {
  for (const locale of LOCALES) {
    describe(locale, () => {
      const pages = [
        "/",
        "/report",
        "/report?province=330000&city=330100",
        "/status",
        "/stats",
        "/stats?place=330000",
        "/stats?place=330106",
        "/stats?place=330000&agencies=2",
        "/stats?period=1",
        "/outcomes",
        "/outcomes?finding=substantiated&place=330106",
        "/notices",
        "/notices?province=330000",
        "/open-data",
        "/open-data?release=1",
        "/open-data/releases",
        // A place with no tips in the release.
        "/stats?place=330102",
      ];
      for (const path of pages) it(`${path}`, async () => expectPage(await open(path, locale), locale));
      // Refused page loads: what their refusal says was sent too.
      for (const [path, status] of [["/stats?place=999999", 404], ["/stats?period=99", 200], ["/open-data?release=99", 404], ["/outcomes?after=not-a-cursor", 200], ["/outcomes?from=2024-13-45", 200], ["/notices?after=not-a-cursor", 200]] as const)
        it(`${path}`, async () => expectPage(await open(path, locale), locale, status));

      it("a page that does not exist (404, no loader runs)", async () => {
        const page = await open("/no-such-page", locale);
        expectPage(page, locale, 404);
        expect(page.html).toContain(locale === "en" ? "This page was not found." : "没有找到这个页面。");
      });

      it("/report refusing a submission, then the receipt after filing", async () => {
        const refused = await open("/report", locale, { method: "POST", body: tipForm("") });
        expectPage(refused, locale, 400);
        expect(refused.html).toContain('role="alert"');
        const filed = await open("/report", locale, { method: "POST", body: tipForm("储罐区可燃气体报警器被拆除，夜间仍在装卸作业，十分危险。") });
        expectPage(filed, locale);
        expect(filed.html).toMatch(/data-testid="receipt"/);
      });

      it("/status signed in with a receipt: the tip, its thread and its outcome", async () => {
        const tip = await closedCase(desk, officer, { conclusion: { finding: "substantiated", fineCny: "50000", publicSummaryZh: "经核查属实，已依法处以罚款并责令整改到位。" } });
        const signIn = await open("/status", locale, { method: "POST", body: new URLSearchParams({ intent: "sign-in", receipt: tip.receipt! }) });
        expect(signIn.status, signIn.html.slice(0, 300)).toBe(303);
        const session = signIn.headers.get("set-cookie")!.split(";")[0]!;
        const first = await open("/status", locale, { cookie: session });
        expectPage(first, locale);
        const replied = await open("/status", locale, { method: "POST", cookie: session, body: new URLSearchParams({ intent: "reply", body: "现场仍有异味，请再去看看。", csrf: csrfOf(first.html) }) });
        expect([200, 303]).toContain(replied.status);
        const page = await open("/status", locale, { cookie: session });
        expectPage(page, locale);
        expect(page.html).toContain("现场仍有异味");
        expect(page.html, "the published outcome").toContain("经核查属实");
        // A refused reply (empty) shows the refusal in words.
        const empty = await open("/status", locale, { method: "POST", cookie: session, body: new URLSearchParams({ intent: "reply", body: "", csrf: csrfOf(page.html) }) });
        expectPage(empty, locale, empty.status === 400 ? 400 : 200);
      });
    });
  }

  it("sends a page its own strings only, in one language", async () => {
    const report = await open("/report", "en");
    // The loader data carries the page's strings: the form's, not the statistics' or staff's, and no Chinese.
    const data = report.html.slice(report.html.indexOf("__remixContext"));
    expect(data).toContain("report.description");
    expect(data).not.toContain("stats.figure.received");
    expect(data).not.toContain("staff.state.");
    expect(data).not.toContain("Canary 举报平台");
  });
});
