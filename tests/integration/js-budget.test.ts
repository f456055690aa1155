import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The public pages' byte budget on a phone (issue 14), read from the build's own output so it
// cannot regress silently: all the JavaScript a page loads, compressed, and the HTML + CSS of
// /report. The budget is held to what the browsers receive: brotli 11, as the server keeps the
// build's files (scripts/compressed-static.ts) for every client that accepts br — Chromium asks
// for it even over plain http on loopback, every current browser over https. gzip -9 (an old
// client's) is printed beside it. `npm test` builds first (scripts/test.sh).

/** All JavaScript one public page loads, brotli 11, in bytes (100 KiB). */
const PUBLIC_PAGE_JS_BUDGET = 100 * 1024;
/** The HTML of /report and the styles it links, as sent compressed (gzip), in bytes (30 KiB). */
const REPORT_HTML_CSS_BUDGET = 30 * 1024;

const BUILD = "public/build";
const PUBLIC_ROUTES = {
  "/": "routes/_index",
  "/report": "routes/report",
  "/status": "routes/status",
  "/stats": "routes/stats",
  "/outcomes": "routes/outcomes",
  "/notices": "routes/notices",
  "/open-data": "routes/open-data",
  "/open-data/releases": "routes/open-data_.releases",
} as const;

/** Pages sent no script at all (ADR 039): their JavaScript is none, whatever the build holds. */
const WITHOUT_SCRIPTS = new Set(["/", "/stats", "/notices", "/open-data/releases"]);
/** Pages sent no framework but a small script of their own (ADR 044): those scripts, files of public/. */
const SMALL_SCRIPTS = new Map<string, string[]>([
  ["/outcomes", ["/enhance/place-picker.js"]],
  ["/open-data", ["/enhance/place-picker.js"]],
]);
/** Pages whose scripts are fetched after the first paint (ADR 040). */
const AFTER_FIRST_PAINT = new Set(["/report", "/status", "/report (receipt)"]);

type Manifest = { entry: { module: string; imports?: string[] }; routes: Record<string, { module: string; imports?: string[] }> };

function manifest(): Manifest {
  const file = fs.readdirSync(BUILD).find((f) => /^manifest-[A-Z0-9]+\.js$/.test(f));
  if (!file) throw new Error(`no manifest in ${BUILD}: run remix build first`);
  const text = fs.readFileSync(path.join(BUILD, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

const fileOf = (url: string) => (url.startsWith("/build/") ? path.join(BUILD, url.replace(/^\/build\//, "")) : path.join("public", url));

/**
 * `urls` and every module they import statically, through the files themselves; `onDemand`
 * collects what they import dynamically (loaded only when the code asks, e.g. one language's
 * strings): printed, not held to the budget, as the pages today have none.
 */
function withImports(urls: Iterable<string>, onDemand = new Set<string>()): Set<string> {
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const source = fs.readFileSync(fileOf(url), "utf8");
    for (const m of source.matchAll(/(?:from\s*|import\s*)["'](\/build\/[^"']+\.js)["']/g)) visit(m[1]!);
    for (const m of source.matchAll(/import\s*\(\s*["'](\/build\/[^"']+\.js)["']\s*\)/g)) onDemand.add(m[1]!);
  };
  for (const u of urls) visit(u);
  for (const u of seen) onDemand.delete(u);
  return seen;
}

/** The modules a route's page loads according to the manifest: the entry, the root, the route. */
function routeModules(m: Manifest, routeId: string, onDemand?: Set<string>): Set<string> {
  const listed = [m.entry.module, ...(m.entry.imports ?? [])];
  for (const id of ["root", routeId]) {
    const r = m.routes[id];
    if (!r) throw new Error(`no route ${id} in the manifest`);
    listed.push(r.module, ...(r.imports ?? []));
  }
  return withImports(listed, onDemand);
}

/**
 * The modules a rendered page names: its modulepreload links and its inline module script's
 * imports; or, on a page whose scripts come after the first paint (ADR 040), what that script
 * imports once the page has painted — the shared chunks it lists, the route modules, the entry.
 */
function modulesNamedIn(html: string): Set<string> {
  const at = html.indexOf("var __canaryStart");
  if (at < 0) return withImports([...html.matchAll(/<link rel="modulepreload" href="(\/build\/[^"]+)"/g), ...html.matchAll(/import \* as \w+ from "(\/build\/[^"]+)"/g)].map((m) => m[1]!));
  const script = html.slice(at);
  const listed = /\[("\/build\/[^\]]*)\]\.forEach/.exec(script)?.[1] ?? "";
  const named = [...script.matchAll(/import\("(\/build\/[^"]+)"\)/g), ...script.matchAll(/entry\.href = "(\/build\/[^"]+)"/g), ...listed.matchAll(/"(\/build\/[^"]+)"/g)].map((m) => m[1]!);
  return withImports(named);
}

// Pages share most modules: each file is compressed once.
const fileSizes = new Map<string, { raw: number; gzip: number; brotli: number }>();
function sizes(urls: Set<string>) {
  const total = { files: urls.size, raw: 0, gzip: 0, brotli: 0 };
  for (const u of urls) {
    let s = fileSizes.get(u);
    if (!s) {
      const bytes = fs.readFileSync(fileOf(u));
      s = { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length, brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
      fileSizes.set(u, s);
    }
    total.raw += s.raw;
    total.gzip += s.gzip;
    total.brotli += s.brotli;
  }
  return total;
}

/** The bytes on the wire (fetch would decode them). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ bytes: number; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => resolve({ bytes, encoding: res.headers["content-encoding"] }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

const kib = (n: number) => (n / 1024).toFixed(1);

type Started = { url: string; close: () => Promise<void> };
let server: Started;
const saved = { NODE_ENV: process.env.NODE_ENV, RATE_LIMITS: process.env.RATE_LIMITS };
const pages = new Map<string, string>();

beforeAll(async () => {
  const { startTestServer } = await import("../support/server");
  server = await startTestServer({ NODE_ENV: "production", RATE_LIMITS: "off" });
  // /stats, its downloads and the home page read the current statistics release: publish one (issue 16).
  const { publishTestRelease } = await import("../support/releases");
  await publishTestRelease();
  for (const p of Object.keys(PUBLIC_ROUTES)) pages.set(p, await (await fetch(server.url + p)).text());
  // The receipt a tipster sees after filing without JavaScript: /report's answer to the form.
  const form = new FormData();
  for (const [k, v] of Object.entries({ intent: "submit", submissionId: "js-budget-receipt-0001", sector: "pollution", province: "330000", description: "夜间向河道偷排未经处理的废水，气味刺鼻，持续一个月。" })) form.set(k, v);
  const receipt = await fetch(server.url + "/report", { method: "POST", body: form, headers: { origin: server.url } });
  pages.set("/report (receipt)", await receipt.text());
});
afterAll(async () => {
  await (await import("../../app/lib/db.server")).closeDb();
  await server?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("the JavaScript a public page loads stays within the phone budget", () => {
  it("the manifest's modules are those the rendered pages load", () => {
    const m = manifest();
    expect(pages.get("/report (receipt)")).toContain("举报已提交");
    for (const [page, html] of pages) {
      const routeId = PUBLIC_ROUTES[page.replace(" (receipt)", "") as keyof typeof PUBLIC_ROUTES];
      if (WITHOUT_SCRIPTS.has(page)) {
        // No module, no inline script: nothing for the phone to fetch or run.
        expect([...modulesNamedIn(html)], page).toEqual([]);
        expect(html.match(/<script(?![^>]*type="application\/json")[^>]*>/g) ?? [], page).toEqual([]);
      } else if (SMALL_SCRIPTS.has(page)) {
        // No module of the framework: only the page's own small scripts, deferred, with the response's nonce.
        expect([...modulesNamedIn(html)], page).toEqual([]);
        const tags = html.match(/<script(?![^>]*type="application\/json")[^>]*>/g) ?? [];
        expect(tags.map((t) => /src="([^"]+)"/.exec(t)?.[1]), page).toEqual(SMALL_SCRIPTS.get(page));
        for (const t of tags) expect(t, page).toMatch(/^<script nonce="[^"]+" src="[^"]+" defer="">$/);
      } else {
        expect(html.includes("var __canaryStart"), `${page} fetches its scripts after the first paint`).toBe(AFTER_FIRST_PAINT.has(page));
        expect([...modulesNamedIn(html)].sort(), page).toEqual([...routeModules(m, routeId)].sort());
      }
    }
    expect([...pages.keys()].filter((p) => WITHOUT_SCRIPTS.has(p)).sort()).toEqual([...WITHOUT_SCRIPTS].sort());
  });

  it(`each page's JavaScript, as sent (brotli 11), is at most ${kib(PUBLIC_PAGE_JS_BUDGET)} KiB`, () => {
    const m = manifest();
    const rows = [...pages.keys()].map((page) => {
      const routeId = PUBLIC_ROUTES[page.replace(" (receipt)", "") as keyof typeof PUBLIC_ROUTES];
      const onDemand = new Set<string>();
      const loaded = WITHOUT_SCRIPTS.has(page) ? new Set<string>() : SMALL_SCRIPTS.has(page) ? new Set(SMALL_SCRIPTS.get(page)) : routeModules(m, routeId, onDemand);
      return { page, ...sizes(loaded), onDemandGzip: sizes(withImports(onDemand)).gzip };
    });
    console.log(
      [
        `JavaScript per public page (budget ${kib(PUBLIC_PAGE_JS_BUDGET)} KiB brotli 11):`,
        "page                 files   raw KiB  gzip-9 KiB  brotli-11 KiB  on demand (gzip-9) KiB",
        ...rows.map((r) => `${r.page.padEnd(20)} ${String(r.files).padStart(5)} ${kib(r.raw).padStart(9)} ${kib(r.gzip).padStart(11)} ${kib(r.brotli).padStart(14)} ${kib(r.onDemandGzip).padStart(23)}`),
      ].join("\n"),
    );
    const over = rows.filter((r) => r.brotli > PUBLIC_PAGE_JS_BUDGET).map((r) => `${r.page} ${kib(r.brotli)} KiB`);
    expect(over, "pages over the JavaScript budget").toEqual([]);
  });

  it(`the HTML and CSS of /report, as sent compressed, are at most ${kib(REPORT_HTML_CSS_BUDGET)} KiB`, async () => {
    const html = pages.get("/report")!;
    // The styles are inline (app/components/page-styles.tsx): the HTML carries them; any linked sheet counts too.
    expect(html).toMatch(/<style id="page-styles" nonce="[^"]+">[^<]*\.site-header/);
    const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((x) => x[1]!);
    // Held to gzip, the larger of the two encodings, printed with brotli.
    const sent: { url: string; gzip: number; br: number }[] = [];
    for (const url of ["/report", ...stylesheets]) {
      const [gz, br] = [await rawGet(server.url + url, { "accept-encoding": "gzip" }), await rawGet(server.url + url, { "accept-encoding": "br" })];
      expect([gz.encoding, br.encoding], url).toEqual(["gzip", "br"]);
      sent.push({ url, gzip: gz.bytes, br: br.bytes });
    }
    const total = sent.reduce((s, x) => s + x.gzip, 0);
    const totalBr = sent.reduce((s, x) => s + x.br, 0);
    console.log(
      `/report HTML + CSS as sent: ${sent.map((s) => `${s.url} ${kib(s.gzip)} KiB gzip / ${kib(s.br)} KiB brotli`).join(", ")}; total ${kib(total)} KiB gzip, ${kib(totalBr)} KiB brotli (budget ${kib(REPORT_HTML_CSS_BUDGET)} KiB)`,
    );
    expect(total).toBeLessThanOrEqual(REPORT_HTML_CSS_BUDGET);
  });
});
