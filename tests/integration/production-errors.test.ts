import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What another site, or a malformed request, gets back from the built server: a refusal in both
// languages, never a stack trace (the demo now runs in production mode, but this holds in
// development mode too for the cross-site refusal). Remix's own Origin check throws an Error,
// which used to be a 500 carrying its stack.

type Started = { url: string; close: () => Promise<void> };
let production: Started;
let development: Started;
const saved = { NODE_ENV: process.env.NODE_ENV, RATE_LIMITS: process.env.RATE_LIMITS };

const STACK_LINE = /^\s+at .+[(:]/m;

beforeAll(async () => {
  const { startTestServer } = await import("../support/server");
  development = await startTestServer({ NODE_ENV: "development", RATE_LIMITS: "off" });
  production = await startTestServer({ NODE_ENV: "production", RATE_LIMITS: "off" });
});

afterAll(async () => {
  await production?.close();
  await development?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const form = "sectorCode=pollution&province=330000&description=" + encodeURIComponent("夜间向河道偷排未经处理的废水，气味刺鼻。");

async function post(base: string, path: string, headers: Record<string, string>, body = form) {
  const res = await fetch(base + path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body, redirect: "manual" });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

describe("a form posted from another site", () => {
  for (const mode of ["production", "development"] as const) {
    it(`gets 403 and a page in both languages without a stack trace (${mode})`, async () => {
      const base = mode === "production" ? production.url : development.url;
      for (const origin of ["https://evil.example", "null"]) {
        for (const path of ["/report", "/report.data", "/status"]) {
          const r = await post(base, path, { origin });
          expect(r.status, `${origin} ${path}`).toBe(403);
          expect(r.type).toContain("text/html");
          expect(r.body).toContain("请求被拒绝");
          expect(r.body).toContain("Request refused");
          expect(r.body).not.toMatch(STACK_LINE);
          expect(r.body).not.toContain("Error");
        }
      }
    });
  }

  it("is still served from the same origin (the form itself works)", async () => {
    const r = await post(production.url, "/report", { origin: production.url, "sec-fetch-site": "same-origin" });
    expect(r.status).not.toBe(403);
    expect(r.status).toBeLessThan(500);
  });

  it("does not touch the Open311 API, which other sites are meant to use", async () => {
    const r = await post(production.url, "/open311/v2/requests.json", { origin: "https://evil.example" }, "service_code=nonexistent");
    expect(r.status).not.toBe(403);
  });
});

describe("in production, no error response carries a stack trace", () => {
  it.each([
    ["POST to a page without an action", "/", "a=1"],
    ["POST to a page that does not exist", "/no-such-page", "a=1"],
    ["POST of a data request to a route that does not exist", "/no-such-page.data?_routes=routes/nothing", "a=1"],
    ["POST of a malformed body to a data request", "/report.data", "%%%&&&=\u0000"],
    ["POST to a path that is not valid percent-encoding", "/%E0%A4%A", "a=1"],
  ])("%s", async (_what, path, body) => {
    const r = await post(production.url, path, { origin: production.url }, body);
    expect(r.body).not.toMatch(STACK_LINE);
    expect(r.body).not.toContain("/app/");
    expect(r.body).not.toContain("node_modules");
  });
});

describe("production without CANARY_MASTER_KEY", () => {
  it("refuses to start, unless it is the demo (CANARY_DEMO=1), which generates its key", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-demo-key-"));
    const key = process.env.CANARY_MASTER_KEY;
    const dir = process.env.DATA_DIR;
    const { startTestServer } = await import("../support/server");
    try {
      await expect(startTestServer({ NODE_ENV: "production", CANARY_MASTER_KEY: undefined, CANARY_DEMO: undefined, DATA_DIR: dataDir })).rejects.toThrow(
        "CANARY_MASTER_KEY is required in production",
      );
      expect(fs.existsSync(path.join(dataDir, "master.key"))).toBe(false);
      const demo = await startTestServer({ NODE_ENV: "production", CANARY_MASTER_KEY: undefined, CANARY_DEMO: "1", DATA_DIR: dataDir });
      try {
        expect((await fetch(`${demo.url}/healthz`)).status).toBe(200);
        expect(fs.existsSync(path.join(dataDir, "master.key"))).toBe(true);
      } finally {
        await demo.close();
      }
    } finally {
      process.env.CANARY_MASTER_KEY = key;
      if (dir === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = dir;
      delete process.env.CANARY_DEMO;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
