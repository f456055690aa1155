import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HCAPTCHA_TEST_TOKEN, hcaptchaEnv, startFakeHcaptcha, type FakeSiteverify } from "../support/fake-hcaptcha";
import { replyErrors, settle } from "../support/replies";

// The sanitiser is watched (not replaced): a refused tip must never reach it.
const sanitised = vi.hoisted(() => ({ calls: 0 }));
vi.mock("../../app/lib/attachments.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../app/lib/attachments.server")>();
  return {
    ...original,
    sanitiseAttachment: async (input: Buffer) => {
      sanitised.calls++;
      return original.sanitiseAttachment(input);
    },
  };
});

type M = {
  report: typeof import("../../app/routes/report");
  status: typeof import("../../app/routes/status");
  login: typeof import("../../app/routes/staff.login");
  resetEnvCache: () => void;
  closeDb: () => Promise<void>;
  hitRateLimit: typeof import("../../app/lib/rate-limit.server").hitRateLimit;
  RATE_LIMITS: typeof import("../../app/lib/rate-limit.server").RATE_LIMITS;
};
let m: M;
let fake: FakeSiteverify;

beforeAll(async () => {
  m = {
    report: await import("../../app/routes/report"),
    status: await import("../../app/routes/status"),
    login: await import("../../app/routes/staff.login"),
    ...(await import("../../app/lib/env.server")),
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/rate-limit.server")),
  };
  fake = await startFakeHcaptcha();
  for (const [k, v] of Object.entries(hcaptchaEnv(fake))) process.env[k] = v;
  delete process.env.RATE_LIMITS;
  m.resetEnvCache();
});
afterAll(async () => {
  await fake?.close();
  await m?.closeDb();
});

const ORIGIN = "http://canary.test";
const freshAddress = () => `192.0.2.${randomBytes(1)[0]! % 250}-${randomBytes(6).toString("hex")}`;

function reportForm(image: Buffer, captchaToken?: string): FormData {
  const fd = new FormData();
  const fields: Record<string, string> = {
    intent: "submit",
    submissionId: randomBytes(16).toString("base64url"),
    sector: "hazardous_chemicals",
    province: "330000",
    city: "330100",
    county: "330106",
    description: "储罐区可燃气体报警器被拆除，夜间仍在装卸作业。限流测试。",
    website: "",
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (captchaToken) fd.append("captchaToken", captchaToken);
  fd.append("attachments", new Blob([new Uint8Array(image)], { type: "image/png" }), "photo.png");
  return fd;
}

async function postReport(body: FormData, address: string) {
  const request = new Request(`${ORIGIN}/report`, { method: "POST", body });
  return settle(() => m.report.action({ request, context: { clientAddress: address }, params: {} }));
}

/** An action's thrown answer (Remix renders a thrown Response through the error boundary). */
async function thrown(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("the action did not refuse");
}

/** A body generated as it is read, with no Content-Length (as a chunked upload arrives). */
function streamed(head: string, totalBytes: number, fill = "a"): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(fill.repeat(16 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode(head));
      if (sent >= totalBytes) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

describe("the tip limit is applied before the captcha and before any file is decoded", () => {
  it("with the address's limit used up, a tip with a large image gets 429 without decoding it or asking hCaptcha", async () => {
    const image = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    // The control: from an address with room left, the same tip is decoded and filed.
    const before = { sanitised: sanitised.calls, captcha: fake.calls.length };
    const ok = await postReport(reportForm(image, HCAPTCHA_TEST_TOKEN), freshAddress());
    expect(ok.data.kind).toBe("filed");
    expect(sanitised.calls).toBe(before.sanitised + 1);
    expect(fake.calls.length).toBe(before.captcha + 1);

    const address = freshAddress();
    for (let i = 0; i < m.RATE_LIMITS.tip.limit; i++) expect((await m.hitRateLimit(m.RATE_LIMITS.tip, address)).allowed).toBe(true);
    const at = { sanitised: sanitised.calls, captcha: fake.calls.length };
    const started = performance.now();
    const refused = await postReport(reportForm(image, HCAPTCHA_TEST_TOKEN), address);
    const ms = performance.now() - started;
    expect(refused.status).toBe(429);
    expect(replyErrors(refused.data).form).toEqual([expect.stringMatching(/^errors\.rateLimited\|minutes=\d+$/)]);
    expect(sanitised.calls).toBe(at.sanitised);
    expect(fake.calls.length).toBe(at.captcha);
    expect(ms).toBeLessThan(2000);
  });

  it("five unverified tips, then the sixth is refused before its file is decoded", async () => {
    const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c83232" } }).png().toBuffer();
    const address = freshAddress();
    for (let i = 1; i <= 5; i++) expect((await postReport(reportForm(image), address)).data.kind, `tip ${i}`).toBe("filed");
    const at = sanitised.calls;
    const refused = await postReport(reportForm(image), address);
    expect(refused.status).toBe(429);
    expect(sanitised.calls).toBe(at);
  });
});

describe("actions called directly are held to the same body limits", () => {
  it("a streamed 5 MB sign-in form is refused with 413 once 64 KB have arrived", async () => {
    const request = new Request(`${ORIGIN}/staff/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: streamed("email=a%40b.c&password=", 5 * 1024 * 1024),
      duplex: "half",
    } as RequestInit);
    const res = await thrown(() => m.login.action({ request, context: { clientAddress: freshAddress() }, params: {} }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ bodyRefused: "too_large", limit: "64 KB" });
  });

  it("a 300 KB text field in the report form is refused with 413 (text parts are capped at 200 KB)", async () => {
    const fd = new FormData();
    fd.append("intent", "submit");
    fd.append("description", "长".repeat(100_000));
    const request = new Request(`${ORIGIN}/report`, { method: "POST", body: fd });
    const res = await thrown(() => m.report.action({ request, context: { clientAddress: freshAddress() }, params: {} }));
    expect(res.status).toBe(413);
  });

  it("a truncated multipart body to /status is refused with 400 (malformed), not a server error", async () => {
    const b = "b" + randomBytes(8).toString("hex");
    const request = new Request(`${ORIGIN}/status`, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${b}` },
      body: `--${b}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsign-in\r\n--${b}\r\nContent-Disposition: form-data; name="receipt"\r\n\r\n1234`,
    });
    const res = await thrown(() => m.status.action({ request, context: { clientAddress: freshAddress() }, params: {} }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ bodyRefused: "malformed" });
  });

  it("a body that is not a form is refused with 400", async () => {
    const request = new Request(`${ORIGIN}/staff/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"email":"a"}' });
    const res = await thrown(() => m.login.action({ request, context: { clientAddress: freshAddress() }, params: {} }));
    expect(res.status).toBe(400);
  });

  it("an ordinary form still works (multipart and urlencoded alike)", async () => {
    for (const body of [new URLSearchParams({ email: "nobody@example.org", password: "wrong-password-1" }), (() => {
      const fd = new FormData();
      fd.append("email", "nobody@example.org");
      fd.append("password", "wrong-password-1");
      return fd;
    })()]) {
      const request = new Request(`${ORIGIN}/staff/login`, { method: "POST", body });
      const res = await (await import("../support/replies")).settle(() => m.login.action({ request, context: { clientAddress: freshAddress() }, params: {} }));
      expect(res.status).toBe(401);
    }
  });
});
