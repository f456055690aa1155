import { randomBytes } from "node:crypto";
import exifr from "exifr";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiptFromBytes } from "../../app/domain/receipt";
import { HCAPTCHA_TEST_TOKEN, hcaptchaEnv, startFakeHcaptcha, type FakeSiteverify } from "../support/fake-hcaptcha";
import { replyDone, replyErrors, replyValues, settle, type Settled } from "../support/replies";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and
// CANARY_MASTER_KEY first, and env.server must be the same instance the routes use.
type M = {
  report: typeof import("../../app/routes/report");
  status: typeof import("../../app/routes/status");
  resetEnvCache: typeof import("../../app/lib/env.server").resetEnvCache;
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  windowSlices: typeof import("../../app/lib/rate-limit.server").windowSlices;
  RATE_LIMITS: typeof import("../../app/lib/rate-limit.server").RATE_LIMITS;
  readTipsterAttachment: typeof import("../../app/services/read-tipster-attachment.server").readTipsterAttachment;
  getTipForTipster: typeof import("../../app/services/get-tip-for-tipster.server").getTipForTipster;
  findTipByReceipt: typeof import("../../app/services/sign-in-with-receipt.server").findTipByReceipt;
  currentSessionKey: typeof import("../../app/services/sign-in-with-receipt.server").currentSessionKey;
  postTipMessage: typeof import("../../app/services/post-tip-message.server").postTipMessage;
};
let m: M;
let fake: FakeSiteverify;

beforeAll(async () => {
  m = {
    report: await import("../../app/routes/report"),
    status: await import("../../app/routes/status"),
    ...(await import("../../app/lib/env.server")),
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/rate-limit.server")),
    ...(await import("../../app/services/read-tipster-attachment.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
    ...(await import("../../app/services/sign-in-with-receipt.server")),
    ...(await import("../../app/services/post-tip-message.server")),
  };
  fake = await startFakeHcaptcha();
});
afterAll(async () => {
  await fake?.close();
  await m?.closeDb();
});

// ------------------------------------------------------------------ helpers

const MARKER = "INTAKE-MARKER-" + randomBytes(6).toString("hex");
const PHONE = "139" + String(10_000_000 + (randomBytes(4).readUInt32BE() % 89_999_999));
const EMAIL = `tipster-${randomBytes(4).toString("hex")}@example.org`;
const ORIGIN = "http://canary.test";

/** A client address nobody else in this run uses, so rate-limit counters never collide. */
let addressCounter = 0;
const freshAddress = () => `2001:db8:${process.pid.toString(16)}:${randomBytes(2).toString("hex")}::${(++addressCounter).toString(16)}`;

const newSubmissionId = () => randomBytes(16).toString("base64url");

function reportFields(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    intent: "submit",
    submissionId: newSubmissionId(),
    sector: "hazardous_chemicals",
    province: "330000",
    city: "330100",
    county: "330106",
    company: "示例化工有限公司",
    address: `${MARKER} 东门北侧`,
    description: `${MARKER} 储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`,
    majorHazard: "on",
    tipsterWorksThere: "on",
    contactName: `${MARKER} 张三`,
    contactPhone: PHONE,
    contactEmail: EMAIL,
    website: "",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

type Upload = { name?: string; fileName: string; type: string; bytes: Buffer };

function multipartForm(fields: Record<string, string>, files: Upload[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.name ?? "attachments", new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.fileName);
  return fd;
}

/** A multipart body serialised once, so the very same bytes can be posted again. */
async function frozenBody(fd: FormData): Promise<{ body: ArrayBuffer; contentType: string }> {
  const req = new Request(`${ORIGIN}/report`, { method: "POST", body: fd });
  return { body: await req.arrayBuffer(), contentType: req.headers.get("content-type")! };
}

async function postReport(body: FormData | { body: ArrayBuffer; contentType: string }, address: string): Promise<Settled> {
  const request =
    body instanceof FormData
      ? new Request(`${ORIGIN}/report`, { method: "POST", body })
      : new Request(`${ORIGIN}/report`, { method: "POST", body: body.body, headers: { "content-type": body.contentType } });
  return settle(() => m.report.action({ request, context: { clientAddress: address }, params: {} }));
}

async function postStatus(body: FormData | URLSearchParams, address: string, cookie?: string): Promise<Settled> {
  const headers = new Headers();
  if (cookie) headers.set("cookie", cookie);
  const request = new Request(`${ORIGIN}/status`, { method: "POST", body, headers });
  return settle(() => m.status.action({ request, context: { clientAddress: address }, params: {} }));
}

async function getStatus(cookie?: string): Promise<Settled> {
  const request = new Request(`${ORIGIN}/status`, { headers: cookie ? { cookie } : {} });
  return settle(() => m.status.loader({ request, context: { clientAddress: "203.0.113.7" }, params: {} }));
}

const signInForm = (receipt: string) => new URLSearchParams({ intent: "sign-in", receipt });

/** "name=value" of the session cookie, as a browser would send it back. */
function cookieFrom(res: Settled): string {
  const setCookie = res.headers.get("set-cookie");
  expect(setCookie).toBeTruthy();
  return setCookie!.split(";")[0]!;
}

async function tipRow(reference: string) {
  const rows = await m.sqlClient()`select id, captcha_status, channel, receipt_replaced from tips where reference = ${reference}`;
  expect(rows).toHaveLength(1);
  return rows[0] as { id: string; captcha_status: string; channel: string; receipt_replaced: boolean };
}

/** Sets environment variables for the app (undefined removes one), then re-reads the config. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
    m.resetEnvCache();
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

const NO_CAPTCHA = { HCAPTCHA_SITEKEY: undefined, HCAPTCHA_SECRET: undefined, HCAPTCHA_VERIFY_URL: undefined, HCAPTCHA_TIMEOUT_MS: undefined };

/** Fixed-window limits: do not start a counting test in the last seconds of a window. */
async function awayFromWindowEdge(windowSeconds: number, needMs = 10_000) {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 100));
}

function testImage(width = 64, height = 48) {
  return sharp({ create: { width, height, channels: 3, background: "#c83232", noise: { type: "gaussian", mean: 128, sigma: 30 } } });
}
const GPS_EXIF = { IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 30/1" } };

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

// ------------------------------------------------------------------ /report

describe("/report: filing through the form", () => {
  it("files a multipart report with a GPS-tagged photo: receipt shown, photo stored encrypted and without its location", async () => {
    const jpeg = await testImage().jpeg().withExif(GPS_EXIF).toBuffer();
    expect(await exifr.gps(jpeg)).toEqual({ latitude: 51.5, longitude: -0.125 }); // the fixture really has a location

    const res = await postReport(multipartForm(reportFields(), [{ fileName: "IMG_0001.jpg", type: "image/jpeg", bytes: jpeg }]), freshAddress());

    expect(res.status).toBe(200);
    expect(res.data.kind).toBe("filed");
    expect(res.data.receipt).toMatch(/^\d{28}$/);
    expect(res.data.reference).toMatch(/^JB\d{4}-[1-9]\d{7}$/);
    expect(res.data.repeated).toBe(false);

    const tip = await tipRow(res.data.reference);
    const rows = await m.sqlClient()`select id, media_type, content_enc from attachments where tip_id = ${tip.id}`;
    expect(rows).toHaveLength(1);
    const stored = Buffer.from(rows[0]!.content_enc as Uint8Array);
    expect(stored.subarray(0, 3).equals(JPEG_MAGIC)).toBe(false);
    expect(stored.includes(JPEG_MAGIC)).toBe(false);
    expect(stored.includes(Buffer.from("Exif"))).toBe(false);

    const file = await m.readTipsterAttachment(tip.id, rows[0]!.id as string);
    expect(file).not.toBeNull();
    expect(file!.mediaType).toBe("image/jpeg");
    expect(file!.bytes.subarray(0, 3).equals(JPEG_MAGIC)).toBe(true);
    expect(await exifr.gps(file!.bytes)).toBeUndefined();
    expect(await sharp(file!.bytes).metadata()).toMatchObject({ format: "jpeg", width: 64, height: 48 });

    // …and the tipster, signing in with that receipt, sees the file on their tip.
    const found = await m.findTipByReceipt(res.data.receipt);
    expect(found?.tipId).toBe(tip.id);
    const view = await m.getTipForTipster(tip.id);
    expect(view!.attachments).toHaveLength(1);
    expect(view!.content.description).toContain(MARKER);
  });

  it("a description that is too short is refused with 400, and everything typed comes back", async () => {
    const fields = reportFields({ description: "太短了" });
    const res = await postReport(multipartForm(fields), freshAddress());

    expect(res.status).toBe(400);
    expect(res.data.intent).toBe("report");
    expect(replyDone(res.data)).toBe(false);
    expect(replyErrors(res.data).description).toContain("errors.description.tooShort");
    for (const k of ["company", "address", "contactName", "contactPhone", "contactEmail", "description", "sector", "province", "city", "county", "submissionId", "majorHazard"]) {
      expect(replyValues(res.data)[k], k).toBe(fields[k]);
    }
    // The place picker still offers the chosen city's counties.
    expect(res.data.places.counties.some((c: { code: string }) => c.code === "330106")).toBe(true);
  });

  it("a filled honeypot is refused with 400 and an error on `website`", async () => {
    const res = await postReport(multipartForm(reportFields({ website: "http://cheap-pills.example" })), freshAddress());
    expect(res.status).toBe(400);
    expect(replyErrors(res.data).website?.length).toBeGreaterThan(0);
  });

  it("one answer names every problem: a field's own error, a rule between fields and a refused file together", async () => {
    const res = await postReport(
      multipartForm(reportFields({ description: "太短了", officialsImplicated: "on" }), [{ fileName: "notes.jpg", type: "image/jpeg", bytes: Buffer.from("not an image at all") }]),
      freshAddress(),
    );
    expect(res.status).toBe(400);
    expect(replyErrors(res.data)).toEqual({
      description: ["errors.description.tooShort"],
      implicatedLevel: ["errors.implicatedLevel.required"],
    });
    // The sanitiser runs only for a form whose fields are valid; the reader's own refusals come with the rest.
    const many = await postReport(
      multipartForm(reportFields({ description: "太短了" }), Array.from({ length: 11 }, (_, i) => ({ fileName: `p${i}.png`, type: "image/png", bytes: Buffer.from([i]) }))),
      freshAddress(),
    );
    expect(replyErrors(many.data)).toEqual({ description: ["errors.description.tooShort"], attachments: ["errors.attachments.too_many_files"] });
  });

  it("a button the form does not have is refused with 400 (unknown_intent) and nothing is filed", async () => {
    const fields = reportFields({ intent: "publish" });
    const res = await postReport(multipartForm(fields), freshAddress());
    expect(res.status).toBe(400);
    expect(replyErrors(res.data).form).toEqual(["errors.app.unknown_intent"]);
    const retry = await postReport(multipartForm({ ...fields, intent: "submit" }), freshAddress());
    expect(retry.data).toMatchObject({ kind: "filed", repeated: false });
  });

  it("conform revalidating a field as it is corrected (no button) is answered with the errors, and files nothing even when all is valid", async () => {
    const validate = JSON.stringify({ type: "validate", payload: { name: "description" } });
    const fields = reportFields({ intent: undefined, __intent__: validate, description: "太短了" });
    const res = await postReport(multipartForm(fields), freshAddress());
    expect(res.status).toBe(400);
    expect(res.data.intent).toBe("report");
    expect(replyErrors(res.data).description).toEqual(["errors.description.tooShort"]);
    const valid = reportFields({ intent: undefined, __intent__: validate });
    const checked = await postReport(multipartForm(valid), freshAddress());
    expect(replyErrors(checked.data)).toEqual({});
    expect(checked.data.kind).toBeUndefined();
    const { __intent__: _, ...submitted } = valid;
    const filed = await postReport(multipartForm({ ...submitted, intent: "submit" }), freshAddress());
    expect(filed.data).toMatchObject({ kind: "filed", repeated: false });
  });

  it("the place picker's update button (JavaScript off) gives the form back with the next lists and no errors", async () => {
    const fields = reportFields({ intent: "refresh-places", description: "太短了", county: "" });
    const res = await postReport(multipartForm(fields), freshAddress());
    expect(res.status).toBe(200);
    expect(replyErrors(res.data)).toEqual({});
    expect(replyValues(res.data)).toMatchObject({ description: "太短了", province: "330000", city: "330100" });
    expect(res.data.places.counties.some((c: { code: string }) => c.code === "330106")).toBe(true);
  });

  it("eleven files are refused (too_many_files), nothing is stored, and the text comes back", async () => {
    const png = await testImage(8, 8).png().toBuffer();
    const fields = reportFields();
    const files = Array.from({ length: 11 }, (_, i) => ({ fileName: `p${i}.png`, type: "image/png", bytes: png }));
    const res = await postReport(multipartForm(fields, files), freshAddress());

    expect(res.status).toBe(400);
    expect(replyErrors(res.data).attachments).toEqual(["errors.attachments.too_many_files"]);
    expect(replyValues(res.data).description).toBe(fields.description);

    // Nothing was filed: the same form without the files files a new tip.
    const retry = await postReport(multipartForm(fields), freshAddress());
    expect(retry.data.kind).toBe("filed");
    expect(retry.data.repeated).toBe(false);
  });

  it("a text file renamed .jpg is refused as unsupported, naming the file", async () => {
    const res = await postReport(
      multipartForm(reportFields(), [{ fileName: "evidence.jpg", type: "image/jpeg", bytes: Buffer.from("Meet me at the loading dock at 6.\n") }]),
      freshAddress(),
    );
    expect(res.status).toBe(400);
    expect(replyErrors(res.data).attachments).toEqual(["errors.attachments.unsupported_type|n=1"]);
  });

  it("files a report with a PDF: what is stored is a new PDF of the page's pixels, without the annotation's author", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    page.drawText("Discharge log", { x: 60, y: 760, size: 28, font: await doc.embedFont(StandardFonts.Helvetica) });
    const note = doc.context.obj({ Type: "Annot", Subtype: "Text", Rect: [400, 500, 420, 520], T: PDFString.of(`${MARKER} annotator`), Contents: PDFString.of("see me") });
    page.node.set(PDFName.of("Annots"), doc.context.obj([doc.context.register(note)]));
    const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
    expect(pdf.includes(`${MARKER} annotator`)).toBe(true);

    const res = await postReport(multipartForm(reportFields(), [{ fileName: "log.pdf", type: "application/pdf", bytes: pdf }]), freshAddress());

    expect(res.data.kind).toBe("filed");
    const tip = await tipRow(res.data.reference);
    const rows = await m.sqlClient()`select id from attachments where tip_id = ${tip.id}`;
    const file = await m.readTipsterAttachment(tip.id, rows[0]!.id as string);
    expect(file!.mediaType).toBe("application/pdf");
    const stored = file!.bytes.toString("latin1");
    for (const leak of [MARKER, "/Annots", "/Font", "Helvetica", "Discharge log"]) expect(stored.includes(leak), leak).toBe(false);
    const reopened = await PDFDocument.load(file!.bytes);
    expect(reopened.getPages().map((p) => [p.getWidth(), p.getHeight()])).toEqual([[595.28, 841.89]]);
  });

  it("a 51-page PDF as the second file is refused naming it (too_many_pages), and the text comes back", async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 51; i++) doc.addPage();
    const fields = reportFields();
    const res = await postReport(
      multipartForm(fields, [
        { fileName: "photo.png", type: "image/png", bytes: await testImage(8, 8).png().toBuffer() },
        { fileName: "minutes.pdf", type: "application/pdf", bytes: Buffer.from(await doc.save()) },
      ]),
      freshAddress(),
    );
    expect(res.status).toBe(400);
    expect(replyErrors(res.data).attachments).toEqual(["errors.attachments.too_many_pages|n=2"]);
    expect(replyValues(res.data).description).toBe(fields.description);
  });

  it("posting the same form twice (double click, retry) files one tip and shows the same receipt", async () => {
    const body = await frozenBody(multipartForm(reportFields()));
    const address = freshAddress();
    const first = await postReport(body, address);
    const second = await postReport(body, address);

    expect(first.data.kind).toBe("filed");
    expect(first.data.repeated).toBe(false);
    expect(second.data.kind).toBe("filed");
    expect(second.data.repeated).toBe(true);
    expect(second.data.reference).toBe(first.data.reference);
    expect(second.data.receipt).toBe(first.data.receipt);
    const [row] = await m.sqlClient()`select count(*)::int as n from tips where reference = ${first.data.reference}`;
    expect(row!.n).toBe(1);
  });
});

describe("/report: a retried form after a master-key rotation", () => {
  it("still shows the receipt that was shown first, and it signs in", async () => {
    const { resetKeyringCache } = await import("../../app/lib/crypto.server");
    const savedKey = process.env.CANARY_MASTER_KEY!;
    const body = await frozenBody(multipartForm(reportFields()));
    const first = await postReport(body, freshAddress());
    expect(first.data.kind).toBe("filed");
    try {
      // Rotation: a new key is prepended, the old one stays for decryption and look-ups.
      process.env.CANARY_MASTER_KEY = `${randomBytes(32).toString("base64")},${savedKey}`;
      resetKeyringCache();
      const retried = await postReport(body, freshAddress());
      expect(retried.data.repeated).toBe(true);
      expect(retried.data.reference).toBe(first.data.reference);
      expect(await m.findTipByReceipt(first.data.receipt)).not.toBeNull(); // the old receipt still works
      expect(retried.data.receipt).toBe(first.data.receipt);
    } finally {
      process.env.CANARY_MASTER_KEY = savedKey;
      resetKeyringCache();
    }
  });
});

// ------------------------------------------------------------------ captcha

describe("/report: captcha, verified over real HTTP against a fake siteverify", () => {
  const captchaStatusOf = async (res: Settled) => (await tipRow(res.data.reference)).captcha_status;

  it("a valid token stores the tip as verified; siteverify got the secret and the token", async () => {
    await withEnv(hcaptchaEnv(fake), async () => {
      fake.mode = "ok";
      const before = fake.calls.length;
      const res = await postReport(multipartForm(reportFields({ captchaToken: HCAPTCHA_TEST_TOKEN })), freshAddress());
      expect(res.data.kind).toBe("filed");
      expect(await captchaStatusOf(res)).toBe("verified");
      expect(fake.calls.slice(before)).toEqual([
        expect.objectContaining({ secret: "0x0000000000000000000000000000000000000000", response: HCAPTCHA_TEST_TOKEN }),
      ]);
      // The token is not echoed back in the form values of a later failure either.
      const bad = await postReport(multipartForm(reportFields({ captchaToken: HCAPTCHA_TEST_TOKEN, description: "短" })), freshAddress());
      expect(bad.status).toBe(400);
      expect(replyValues(bad.data).captchaToken).toBeUndefined();
    });
  });

  it("a wrong token still files the tip (never thrown away), marked unverified", async () => {
    await withEnv(hcaptchaEnv(fake), async () => {
      fake.mode = "ok";
      const before = fake.calls.length;
      const res = await postReport(multipartForm(reportFields({ captchaToken: "not-a-valid-token" })), freshAddress());
      expect(res.data.kind).toBe("filed");
      expect(res.data.receipt).toMatch(/^\d{28}$/);
      expect(await captchaStatusOf(res)).toBe("unverified");
      expect(fake.calls.slice(before).map((c) => c.response)).toEqual(["not-a-valid-token"]);
    });
  });

  it("siteverify failing (HTTP 500) files the tip unverified", async () => {
    await withEnv(hcaptchaEnv(fake), async () => {
      fake.mode = "error";
      try {
        const res = await postReport(multipartForm(reportFields({ captchaToken: HCAPTCHA_TEST_TOKEN })), freshAddress());
        expect(res.data.kind).toBe("filed");
        expect(await captchaStatusOf(res)).toBe("unverified");
      } finally {
        fake.mode = "ok";
      }
    });
  });

  it("siteverify never answering: the request completes within the timeout, tip unverified", async () => {
    await withEnv(hcaptchaEnv(fake, 300), async () => {
      fake.mode = "hang";
      try {
        const before = fake.calls.length;
        const started = performance.now();
        const res = await postReport(multipartForm(reportFields({ captchaToken: HCAPTCHA_TEST_TOKEN })), freshAddress());
        const elapsed = performance.now() - started;
        expect(res.data.kind).toBe("filed");
        expect(elapsed).toBeLessThan(3000);
        expect(await captchaStatusOf(res)).toBe("unverified");
        expect(fake.calls.length).toBe(before + 1); // it did ask, and gave up waiting
      } finally {
        fake.mode = "ok";
      }
    });
  });

  it("no token at all (JavaScript off) files the tip unverified without asking siteverify", async () => {
    await withEnv(hcaptchaEnv(fake), async () => {
      const before = fake.calls.length;
      const res = await postReport(multipartForm(reportFields()), freshAddress());
      expect(res.data.kind).toBe("filed");
      expect(await captchaStatusOf(res)).toBe("unverified");
      expect(fake.calls.length).toBe(before);
    });
  });

  it("with no captcha configured the tip is stored as not_required", async () => {
    await withEnv(NO_CAPTCHA, async () => {
      const res = await postReport(multipartForm(reportFields({ captchaToken: HCAPTCHA_TEST_TOKEN })), freshAddress());
      expect(await captchaStatusOf(res)).toBe("not_required");
    });
  });
});

// ------------------------------------------------------------------ rate limits

describe("/report: rate limits", () => {
  it("refuses a sixth unverified tip from one address within the hour (429, text kept); other addresses are unaffected", async () => {
    let refusedFields: Record<string, string> = {};
    await withEnv({ ...hcaptchaEnv(fake), RATE_LIMITS: undefined }, async () => {
      await awayFromWindowEdge(3600);
      const address = freshAddress();
      for (let i = 1; i <= 5; i++) {
        const ok = await postReport(multipartForm(reportFields()), address);
        expect(ok.data.kind, `tip ${i}`).toBe("filed");
      }
      const fields = (refusedFields = reportFields());
      const refused = await postReport(multipartForm(fields), address);
      expect(refused.status).toBe(429);
      expect(replyErrors(refused.data).form).toEqual([expect.stringMatching(/^errors\.rateLimited\|minutes=\d+$/)]);
      const retryAfterMinutes = Number(/minutes=(\d+)/.exec(replyErrors(refused.data).form![0]!)![1]);
      expect(retryAfterMinutes).toBeGreaterThanOrEqual(1);
      // A sliding window: free again once the hour has passed the slice (6 minutes) of the first tip.
      expect(retryAfterMinutes).toBeLessThanOrEqual(66);
      expect(Math.ceil(Number(refused.headers.get("retry-after")) / 60)).toBe(retryAfterMinutes);
      for (const k of ["description", "address", "company", "contactName", "contactPhone", "contactEmail", "county"]) {
        expect(replyValues(refused.data)[k], k).toBe(fields[k]);
      }

      const other = await postReport(multipartForm(reportFields()), freshAddress());
      expect(other.data.kind).toBe("filed");

      // The counters hold a keyed hash of the address, never the address itself.
      const counters = await m.sqlClient()`select r::text as row, key_hash, bucket, count from rate_limit_counters r`;
      const keys = m.windowSlices(m.RATE_LIMITS.unverifiedTip, address).map((x) => x.key);
      const mine = counters.filter((r) => r.bucket === "tip-unverified" && keys.some((k) => k.equals(Buffer.from(r.key_hash as Uint8Array))));
      // Five accepted (the refused one is not counted), in one or two slices of the window.
      expect(mine.reduce((sum, r) => sum + Number(r.count), 0)).toBe(5);
      const dump = counters.map((r) => String(r.row)).join("\n").toLowerCase();
      expect(dump).not.toContain(address);
      expect(dump).not.toContain(Buffer.from(address).toString("hex"));
      expect(dump).not.toContain("203.0.113.7");
      expect(dump).not.toContain(Buffer.from("203.0.113.7").toString("hex"));
    });
    // The refused form was not stored: once allowed, the same form files a new tip.
    await withEnv({ RATE_LIMITS: "off" }, async () => {
      const later = await postReport(multipartForm(refusedFields), freshAddress());
      expect(later.data.kind).toBe("filed");
      expect(later.data.repeated).toBe(false);
    });
  });

  it("a verified captcha gets the more generous limit", async () => {
    await withEnv({ ...hcaptchaEnv(fake), RATE_LIMITS: undefined }, async () => {
      await awayFromWindowEdge(3600);
      const address = freshAddress();
      for (let i = 1; i <= 6; i++) {
        const ok = await postReport(multipartForm(reportFields({ captchaToken: HCAPTCHA_TEST_TOKEN })), address);
        expect(ok.data.kind, `tip ${i}`).toBe("filed");
      }
    });
  });

  it("RATE_LIMITS=off lets every tip through", async () => {
    await withEnv({ ...hcaptchaEnv(fake), RATE_LIMITS: "off" }, async () => {
      const address = freshAddress();
      for (let i = 1; i <= 7; i++) {
        const ok = await postReport(multipartForm(reportFields()), address);
        expect(ok.data.kind, `tip ${i}`).toBe("filed");
      }
      const keys = m.windowSlices(m.RATE_LIMITS.unverifiedTip, address).map((x) => x.key);
      const counters = (await m.sqlClient()`select key_hash from rate_limit_counters where bucket = 'tip-unverified'`).filter((r) => keys.some((k) => k.equals(Buffer.from(r.key_hash as Uint8Array))));
      expect(counters).toHaveLength(0);
    });
  });
});

// ------------------------------------------------------------------ /status

describe("/status: the tipster's side of a tip", () => {
  let filedBody: { body: ArrayBuffer; contentType: string };
  let filed: { reference: string; receipt: string };
  let tipId: string;
  let cookie: string;
  let otherCookie: string;
  let csrf: string;
  let staffId: string;
  let newReceipt: string;
  const address = freshAddress();

  beforeAll(async () => {
    filedBody = await frozenBody(multipartForm(reportFields()));
    const res = await postReport(filedBody, address);
    expect(res.data.kind).toBe("filed");
    filed = { reference: res.data.reference, receipt: res.data.receipt };
    tipId = (await tipRow(filed.reference)).id;
    const [staff] = await m.sqlClient()`
      insert into staff_accounts (email, display_name, role)
      values (${`triage-${randomBytes(4).toString("hex")}@desk.canary.invalid`}, 'Triage Officer', 'triage_officer') returning id`;
    staffId = staff!.id as string;
  });

  it("signs in with the receipt (typed with spaces): 303 and a strict, HttpOnly session cookie", async () => {
    const spaced = filed.receipt.replace(/(\d{4})(?=\d)/g, "$1 ");
    const res = await postStatus(signInForm(spaced), freshAddress());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/status");
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^__tipster=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    cookie = cookieFrom(res);

    // Someone else who has the receipt (the reason a tipster replaces it) signs in too.
    const other = await postStatus(signInForm(filed.receipt), freshAddress());
    expect(other.status).toBe(303);
    otherCookie = cookieFrom(other);
  });

  it("with the cookie, the page shows the tip, decrypted, with its thread", async () => {
    const res = await getStatus(cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.data.signedIn).toBe(true);
    expect(res.data.tip.reference).toBe(filed.reference);
    expect(res.data.tip.content.description).toContain(MARKER);
    expect(res.data.tip.contact).toMatchObject({ phone: PHONE, email: EMAIL });
    expect(res.data.tip.messages).toEqual([]);
    expect(res.data.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    csrf = res.data.csrf;

    const anonymous = await getStatus();
    expect(anonymous.data.signedIn).toBe(false);
    const forged = await getStatus("__tipster=" + Buffer.from(JSON.stringify({ tipId })).toString("base64"));
    expect(forged.data.signedIn).toBe(false);
  });

  it("a receipt that does not exist is refused with 401; a mistyped one with 400 before any look-up", async () => {
    const wrong = await postStatus(signInForm(receiptFromBytes(randomBytes(32))), freshAddress());
    expect(wrong.status).toBe(401);
    expect(replyErrors(wrong.data)).toEqual({ receipt: ["status.signin.failed"] });
    // Well-formed, it may be someone's real receipt: not given back.
    expect(replyValues(wrong.data).receipt).toBeUndefined();
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const r = filed.receipt;
    const typo = r.slice(0, 5) + String((Number(r[5]) + 1) % 10) + r.slice(6);
    const mistyped = await postStatus(signInForm(typo), freshAddress());
    expect(mistyped.status).toBe(400);
    // 28 digits typed, one of them wrong: the check digit, not the length, is what is wrong.
    expect(replyErrors(mistyped.data)).toEqual({ receipt: ["status.signin.checkDigit"] });
    expect(replyValues(mistyped.data).receipt).toBe(typo);

    const short = await postStatus(signInForm(r.slice(0, 27)), freshAddress());
    expect(short.status).toBe(400);
    expect(replyErrors(short.data)).toEqual({ receipt: ["status.signin.typo"] });
  });

  it("after 10 attempts from one address the 11th is refused with 429, even with the right receipt", async () => {
    await withEnv({ RATE_LIMITS: undefined }, async () => {
      await awayFromWindowEdge(900);
      const guesser = freshAddress();
      for (let i = 1; i <= 10; i++) {
        const res = await postStatus(signInForm(receiptFromBytes(randomBytes(32))), guesser);
        expect(res.status, `attempt ${i}`).toBe(401);
      }
      const blocked = await postStatus(signInForm(filed.receipt), guesser);
      expect(blocked.status).toBe(429);
      expect(replyErrors(blocked.data)).toEqual({ form: [expect.stringMatching(/^errors\.rateLimited\|minutes=\d+$/)] });
      expect(replyValues(blocked.data).receipt).toBeUndefined();
      expect(blocked.headers.get("set-cookie")).toBeNull();
      // Someone else can still sign in.
      expect((await postStatus(signInForm(filed.receipt), freshAddress())).status).toBe(303);
    });
  });

  it("the tipster answers a staff question with a photo; it appears in the thread with the file", async () => {
    await m.postTipMessage({ tipId, author: { type: "staff", staffId }, body: `${MARKER} 请问报警器是哪天拆除的？` });
    const png = await testImage(16, 12).png().toBuffer();
    const reply = `${MARKER} 三月一日夜里拆的，照片见附件。`;
    const res = await postStatus(
      multipartForm({ intent: "reply", csrf, body: reply }, [{ fileName: "tank.png", type: "image/png", bytes: png }]),
      address,
      cookie,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/status?sent=reply#notice");

    const view = await m.getTipForTipster(tipId);
    expect(view!.messages.map((x) => x.author)).toEqual(["staff", "tipster"]);
    const mine = view!.messages[1]!;
    expect(mine.body).toBe(reply);
    const files = view!.attachments.filter((a) => a.messageId === mine.id);
    expect(files).toHaveLength(1);
    expect(files[0]!.mediaType).toBe("image/png");
    const file = await m.readTipsterAttachment(tipId, files[0]!.id);
    expect(file!.bytes.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);

    // The page shows the same thread.
    const page = await getStatus(cookie);
    expect(page.data.tip.messages.map((x: { body: string }) => x.body)).toEqual([expect.stringContaining("请问"), reply]);
  });

  it("a reply with a wrong or missing CSRF token is refused with 403 and nothing is stored", async () => {
    const count = async () => {
      const [row] = await m.sqlClient()`
        select (select count(*) from tip_messages where tip_id = ${tipId})::int as messages,
               (select count(*) from attachments where tip_id = ${tipId})::int as files`;
      return row;
    };
    const before = await count();
    const png = await testImage(8, 8).png().toBuffer();
    for (const token of ["x".repeat(csrf.length), undefined]) {
      const fields: Record<string, string> = { intent: "reply", body: `${MARKER} forged reply` };
      if (token !== undefined) fields.csrf = token;
      const res = await postStatus(multipartForm(fields, [{ fileName: "f.png", type: "image/png", bytes: png }]), address, cookie);
      expect(res.status).toBe(403);
      expect(replyErrors(res.data)).toEqual({ form: ["errors.csrf"] });
    }
    expect(await count()).toEqual(before);
    expect((await m.getTipForTipster(tipId))!.messages.some((x) => x.body.includes("forged"))).toBe(false);
  });

  it("replacing the receipt: the new one works, the old one does not, and re-posting the original form no longer shows it", async () => {
    const res = await postStatus(new URLSearchParams({ intent: "replace-receipt", csrf }), address, cookie);
    expect(res.status).toBe(200);
    expect(res.data.intent).toBe("replace-receipt");
    expect(res.data.reference).toBe(filed.reference);
    expect(res.data.receipt).toMatch(/^\d{28}$/);
    expect(res.data.receipt).not.toBe(filed.receipt);
    newReceipt = res.data.receipt;

    expect((await postStatus(signInForm(filed.receipt), freshAddress())).status).toBe(401);
    const again = await postStatus(signInForm(newReceipt), freshAddress());
    expect(again.status).toBe(303);
    expect((await getStatus(cookieFrom(again))).data.tip.reference).toBe(filed.reference);

    const retried = await postReport(filedBody, address);
    expect(retried.data.kind).toBe("filed");
    expect(retried.data.repeated).toBe(true);
    expect(retried.data.reference).toBe(filed.reference);
    expect(retried.data.receipt).toBeNull();
  });

  it("a session opened with the old receipt ends when the receipt is replaced", async () => {
    // Before the replacement it was a working session (see the sign-in test); afterwards
    // whoever held the old receipt must not keep reading the thread or replying.
    const page = await getStatus(otherCookie);
    expect(page.data.signedIn).toBe(false);
  });

  it("the ledger records the tipster's steps by date only and the staff's with a time", async () => {
    const rows = await m.sqlClient()`
      select seq, action, actor_type, actor_id, recorded_on::text as recorded_on, recorded_at
      from ledger_entries where chain = ${"tip:" + tipId} order by seq`;
    expect(rows.map((r) => r.action)).toEqual(["tip.submitted", "tip.question_to_tipster", "tip.reply_from_tipster", "tip.receipt_replaced"]);
    for (const r of rows) {
      expect(r.recorded_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (r.actor_type === "tipster") {
        expect(r.recorded_at, r.action).toBeNull();
        expect(r.actor_id, r.action).toBeNull();
      } else {
        expect(r.actor_type).toBe("staff");
        expect(r.recorded_at, r.action).not.toBeNull();
        expect(r.actor_id).toBe(staffId);
      }
    }
    const [msg] = await m.sqlClient()`select count(*)::int as n from tip_messages where tip_id = ${tipId} and author = 'tipster' and sent_at is not null`;
    expect(msg!.n).toBe(0);
  });

  it("the raw database holds no plaintext of the tip, the contact details, the messages or the receipts", async () => {
    const dump = await m.sqlClient().unsafe(`
      select t::text as row from tips t
      union all select x::text from tip_messages x
      union all select a::text from attachments a
      union all select l::text from ledger_entries l
      union all select r::text from rate_limit_counters r`);
    const text = dump.map((r) => String(r.row)).join("\n");
    expect(text).toContain(filed.reference); // the dump really covers this tip
    for (const secret of [MARKER, PHONE, EMAIL, "东门北侧", "三月一日", filed.receipt, newReceipt, address]) {
      expect(text.includes(secret), secret).toBe(false);
    }
    // Nor as hex (how bytea columns print).
    for (const secret of [MARKER, filed.receipt, newReceipt]) {
      expect(text.includes(Buffer.from(secret).toString("hex")), secret).toBe(false);
    }
  });
});

describe("/status: signing out and idle expiry, enforced by the server", () => {
  let receipt = "";
  let tipId = "";

  beforeAll(async () => {
    const res = await postReport(await frozenBody(multipartForm(reportFields())), freshAddress());
    expect(res.data.kind).toBe("filed");
    receipt = res.data.receipt;
    tipId = (await tipRow(res.data.reference)).id;
  });

  const signIn = async () => cookieFrom(await postStatus(signInForm(receipt), freshAddress()));
  const csrfOf = async (cookie: string) => (await getStatus(cookie)).data.csrf as string;

  it("after sign-out a copy of the old cookie is signed out too (the browser's cookie is cleared, the copy no longer matches)", async () => {
    const cookie = await signIn();
    const copy = cookie;
    const elsewhere = await signIn();
    expect((await getStatus(copy)).data.signedIn).toBe(true);
    const out = await postStatus(new URLSearchParams({ intent: "sign-out", csrf: await csrfOf(cookie) }), freshAddress(), cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/^__tipster=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    const page = await getStatus(copy);
    expect(page.data).toMatchObject({ signedIn: false, expired: true });
    // Its forms are refused as well, and another device's session ends with it.
    const reply = await postStatus(new URLSearchParams({ intent: "reply", csrf: "x", body: "还在吗？补充一点情况说明。" }), freshAddress(), copy);
    expect(reply.status).toBe(303);
    expect((await getStatus(elsewhere)).data.signedIn).toBe(false);
    // Signing in again with the receipt works.
    expect((await getStatus(await signIn())).data.signedIn).toBe(true);
  });

  it("a cookie whose signed last-seen time is 21 minutes old is signed out, even if the browser still sends it; 19 minutes is still signed in", async () => {
    const { commitTipsterSession } = await import("../../app/lib/tipster-session.server");
    const key = (await m.currentSessionKey(tipId))!;
    const opened = { tipId, receiptTag: key.receiptTag, epoch: key.epoch };
    const at = (minutesAgo: number) => commitTipsterSession(new Request(`${ORIGIN}/status`), opened, Date.now() - minutesAgo * 60_000).then((c) => c.split(";")[0]!);
    expect((await getStatus(await at(19))).data.signedIn).toBe(true);
    expect((await getStatus(await at(21))).data).toMatchObject({ signedIn: false, expired: true });
  });

  it("each page renews the idle time inside the cookie (rolling)", async () => {
    const { commitTipsterSession, readTipsterSession } = await import("../../app/lib/tipster-session.server");
    const key = (await m.currentSessionKey(tipId))!;
    const old = (await commitTipsterSession(new Request(`${ORIGIN}/status`), { tipId, receiptTag: key.receiptTag, epoch: key.epoch }, Date.now() - 15 * 60_000)).split(";")[0]!;
    const page = await getStatus(old);
    expect(page.data.signedIn).toBe(true);
    const renewed = cookieFrom(page);
    // Ten minutes on, the renewed cookie is 10 minutes idle (fine); the old one would be 25.
    const later = Date.now() + 10 * 60_000;
    expect((await readTipsterSession(new Request(`${ORIGIN}/status`, { headers: { cookie: renewed } }), later)).session).not.toBeNull();
    expect((await readTipsterSession(new Request(`${ORIGIN}/status`, { headers: { cookie: old } }), later)).expired).toBe(true);
  });

  it("stores no time of day for the tipster: the sign-out moves only a counter", async () => {
    const before = (await m.sqlClient()`select tipster_session_epoch from tips where id = ${tipId}`)[0]!.tipster_session_epoch as number;
    const cookie = await signIn();
    await postStatus(new URLSearchParams({ intent: "sign-out", csrf: await csrfOf(cookie) }), freshAddress(), cookie);
    const after = (await m.sqlClient()`select tipster_session_epoch from tips where id = ${tipId}`)[0]!.tipster_session_epoch as number;
    expect(after).toBe(before + 1);
    const ledger = await m.sqlClient()`select action, recorded_at from ledger_entries where chain = ${"tip:" + tipId} and actor_type = 'tipster'`;
    for (const r of ledger) expect(r.recorded_at, r.action as string).toBeNull();
  });
});
