import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, inheritedServerEnv, ROOT, stopServer, waitReady, type ChildServer } from "../../scripts/bench-common";
import { startTestServer } from "../support/server";

/**
 * Hostile bodies against the real server, started from the build in its own process (so its
 * memory can be read from /proc), in production mode with the proxy trusted for one hop; and
 * the malformed ones also against the development-mode server in this process.
 */
let prod: ChildServer & { pid: number };
let dev: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  const port = await freePort();
  const env = {
    ...inheritedServerEnv(["RATE_LIMITS", "NODE_ENV", "JOBS", "LOG_REQUESTS", "WEB_CONCURRENCY"]),
    DATABASE_URL: process.env.DATABASE_URL!,
    CANARY_MASTER_KEY: process.env.CANARY_MASTER_KEY!,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    JOBS: "off",
    LOG_REQUESTS: "0",
    TRUST_PROXY: "1",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout.on("data", (c: Buffer) => output.push(c.toString()));
  child.stderr.on("data", (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  prod = { child, base: `http://127.0.0.1:${port}`, output, exited, pid: child.pid! };
  [, dev] = await Promise.all([waitReady(prod, 60_000), startTestServer({ RATE_LIMITS: "off" })]);
});
afterAll(async () => {
  if (prod) await stopServer(prod);
  await dev?.close();
});

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m![1]);
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; sentBytes: number; peakGrowthMb: number };

/**
 * POSTs `head` then filler bytes up to `totalBytes`, generated as the socket drains, without a
 * Content-Length (chunked) unless one is given; resolves with the answer as soon as it is
 * complete, whether or not the body was all sent, and the server's peak RSS growth meanwhile.
 * `hold` leaves the request open after the bytes given (a body that never arrives).
 */
function postLazily(base: string, path: string, opts: { headers: Record<string, string>; head?: string; totalBytes: number; watchPid?: number; hold?: boolean }): Promise<Answer> {
  const url = new URL(path, base);
  const filler = Buffer.alloc(64 * 1024, "a");
  const before = opts.watchPid ? rssKb(opts.watchPid) : 0;
  let peak = before;
  const sampler = opts.watchPid ? setInterval(() => (peak = Math.max(peak, rssKb(opts.watchPid!))), 20) : undefined;
  return new Promise<Answer>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: opts.headers });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        answered = true;
        clearInterval(sampler);
        if (opts.watchPid) peak = Math.max(peak, rssKb(opts.watchPid));
        req.destroy();
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), sentBytes: sent, peakGrowthMb: (peak - before) / 1024 });
      });
    });
    req.on("error", (e) => {
      if (!answered) {
        clearInterval(sampler);
        reject(e);
      }
    });
    const pump = () => {
      if (opts.head && sent === 0) {
        req.write(opts.head);
        sent += Buffer.byteLength(opts.head);
      }
      while (!answered && sent < opts.totalBytes) {
        sent += filler.length;
        if (!req.write(filler)) return void req.once("drain", pump);
      }
      if (!answered && !opts.hold) req.end();
    };
    pump();
  });
}

const MB = 1024 * 1024;

describe("bodies are counted as they arrive and refused at the cap (production build, own process)", () => {
  it("a chunked 200 MB form to /status: 413 in both languages before the body is all sent; memory stays flat", async () => {
    const r = await postLazily(prod.base, "/status", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      head: "intent=sign-in&receipt=",
      totalBytes: 200 * MB,
      watchPid: prod.pid,
    });
    expect(r.status).toBe(413);
    expect(r.headers["transfer-encoding"] ?? r.headers["content-length"]).toBeTruthy();
    expect(r.body).toContain("发送的内容超过了 1 MB 的上限");
    expect(r.body).toContain("over the limit of 1 MB");
    expect(r.sentBytes).toBeLessThan(200 * MB);
    expect(r.peakGrowthMb).toBeLessThan(60);
  });

  it("a chunked 200 MB Open311 POST: a GeoReport v2 error (413 JSON) early; memory stays flat", async () => {
    const r = await postLazily(prod.base, "/open311/v2/requests.json", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      head: "service_code=hazardous_chemicals&description=",
      totalBytes: 200 * MB,
      watchPid: prod.pid,
    });
    expect(r.status).toBe(413);
    expect(r.headers["content-type"]).toMatch(/application\/json/);
    const errors = JSON.parse(r.body) as { code: number; description: string }[];
    expect(errors).toEqual([{ code: 413, description: expect.stringContaining("request too large") }]);
    expect(errors[0]!.description).toContain("请求过大");
    expect(r.sentBytes).toBeLessThan(200 * MB);
    expect(r.peakGrowthMb).toBeLessThan(60);
  });

  it("a chunked 200 MB file to /report: 413 past 55 MB, before the body is all sent; memory stays flat", async () => {
    const boundary = "----canary" + randomBytes(8).toString("hex");
    const r = await postLazily(prod.base, "/report", {
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      head: `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsubmit\r\n--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      totalBytes: 200 * MB,
      watchPid: prod.pid,
    });
    expect(r.status).toBe(413);
    expect(r.body).toContain("55 MB");
    expect(r.sentBytes).toBeLessThan(200 * MB);
    expect(r.peakGrowthMb).toBeLessThan(60);
  });

  it("a declared Content-Length over the cap is refused before anything is read", async () => {
    // Only 7 of the 10 MB declared are ever sent: a server that read the body first would wait for
    // the rest and never answer; the refusal comes from the declared length alone.
    const r = await Promise.race([
      postLazily(prod.base, "/staff/login", {
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(10 * MB) },
        head: "email=a",
        totalBytes: 0,
        hold: true,
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 5 s: the server waited for the body")), 5000)),
    ]);
    expect(r.status).toBe(413);
    expect(r.body).toContain("64 KB");
    expect(r.sentBytes).toBe(7);
  });

  it("the server still answers normally afterwards", async () => {
    const res = await fetch(`${prod.base}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe("malformed multipart bodies: 400 with a message in both languages and no stack trace", () => {
  const b = "XyZb" + randomBytes(6).toString("hex");
  const cases: [string, string, string][] = [
    ["a wrong boundary", "multipart/form-data; boundary=notTheOneUsed", `--${b}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsubmit\r\n--${b}--\r\n`],
    ["a truncated body", `multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsub`],
    ["a part without a name", `multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; filename="x.jpg"\r\n\r\nxx\r\n--${b}--\r\n`],
    ["a header line 1 MB long", `multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="intent"; junk="${"j".repeat(MB)}"\r\n\r\nsubmit\r\n--${b}--\r\n`],
    ["no boundary at all", "multipart/form-data", `--${b}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsubmit\r\n--${b}--\r\n`],
  ];
  for (const [mode, server] of [
    ["production", () => prod.base],
    ["development", () => dev.url],
  ] as const) {
    it.each(cases)(`${mode}: %s`, async (_what, contentType, body) => {
      for (const path of ["/report", "/status"]) {
        const r = await postLazily(server(), path, { headers: { "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(body)) }, head: body, totalBytes: 0 });
        expect(r.status, path).toBe(400);
        expect(r.body).toContain("发送的内容不完整或格式有误");
        expect(r.body).toContain("arrived incomplete or damaged");
        // The page's inline styles say "stack" too (stacked layouts): a trace is looked for outside them.
        const shown = r.body.replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "");
        for (const leak of ["at async", "node_modules", ".server.ts", "Error:", "stack"]) expect(shown, `${path} leaks ${leak}`).not.toContain(leak);
      }
    });
  }
});

describe("TRUST_PROXY=1: the address the proxy appended, not the one the client wrote", () => {
  it("60 receipt guesses with a rotating leftmost X-Forwarded-For: 429 after the 10th", async () => {
    const client = `198.18.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${prod.base}/status`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `203.0.113.${i}, ${client}` },
        body: new URLSearchParams({ intent: "sign-in", receipt: "1".repeat(28) }),
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual(Array(50).fill(429));
  });
});
