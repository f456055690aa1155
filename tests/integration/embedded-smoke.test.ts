import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";

// The default deployment: no database server configured, so Canary runs its embedded
// PostgreSQL. This test always uses one, even when the run has DATABASE_URL set, and talks to
// the real server (express + the Remix build) over HTTP.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: { url: string; close: () => Promise<void> };
const saved = { DATABASE_URL: process.env.DATABASE_URL, RATE_LIMITS: process.env.RATE_LIMITS };

beforeAll(async () => {
  database = await createTestDatabase({ forceEmbedded: true });
  process.env.DATABASE_URL = database.url; // before any app module is imported
  const { db, closeDb } = await import("../../app/lib/db.server");
  const { seedReference } = await import("../../db/seed/index");
  await seedReference(db());
  await closeDb();
  for (const k of ["HCAPTCHA_SITEKEY", "HCAPTCHA_SECRET", "HCAPTCHA_VERIFY_URL"]) delete process.env[k];
  const { startTestServer } = await import("../support/server");
  server = await startTestServer({ DATABASE_URL: database.url, RATE_LIMITS: "off" });
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("smoke test against the embedded PostgreSQL, over real HTTP", () => {
  it("uses the embedded database, not the run's configured one", () => {
    expect(database.url).toMatch(/^postgres:\/\/postgres:postgres@127\.0\.0\.1:\d+\/canary_test$/);
    if (saved.DATABASE_URL) expect(database.url).not.toBe(saved.DATABASE_URL);
  });

  it("is live and ready", async () => {
    const live = await fetch(`${server.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.text()).toBe("ok\n");
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe("ready\n");
  });

  it("serves the home page with a nonce-based Content-Security-Policy", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("nonce-");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("files an Open311 tip and the status page answers without a cookie", async () => {
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        service_code: "fire_safety",
        description: `SMOKE-${randomBytes(4).toString("hex")} 商场消防通道被货物堵死，安全出口上锁。`,
        "attribute[region_code]": "330106",
      }),
    });
    expect(res.status).toBe(200);
    const [answer] = (await res.json()) as { service_request_id: string; receipt: string; token: string }[];
    expect(answer!.receipt).toMatch(/^\d{28}$/);
    expect(answer!.service_request_id).toMatch(/^JB\d{4}-[1-9]\d{7}$/);

    const status = await fetch(`${server.url}/status`);
    expect(status.status).toBe(200);
    expect(status.headers.get("set-cookie")).toBeNull();
    expect(await status.text()).toContain('name="receipt"');
  });
});
