import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpListener, waitFor, type Received } from "../support/journey";

// `npm run jobs` (scripts/jobs.ts): a job worker in a process of its own, without a web server,
// for running M workers beside N servers on one database (README, "More than one server").

type M = typeof import("../../app/lib/db.server") & typeof import("../../app/lib/jobs.server");
let m: M;
const received: Received[] = [];
let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
let worker: ChildProcess | undefined;
let output = "";

function startJobs(env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/jobs.ts"], { env: { ...process.env, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return child;
}
const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

beforeAll(async () => {
  m = { ...(await import("../../app/lib/db.server")), ...(await import("../../app/lib/jobs.server")) };
  smtp = await startSmtpListener(received);
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill("SIGKILL");
    await exitOf(worker);
  }
  await new Promise<void>((resolve) => smtp.smtp.close(() => resolve()));
  await m?.closeDb();
});

describe("npm run jobs", () => {
  it("refuses to start without DATABASE_URL, saying why (exit 1)", async () => {
    output = "";
    const code = await exitOf(startJobs({ DATABASE_URL: "" }));
    expect(code).toBe(1);
    expect(output).toContain("npm run jobs needs DATABASE_URL");
  }, 60_000);

  it("sends the mail queued by a server's change, once, and stops on SIGTERM", async () => {
    output = "";
    worker = startJobs({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, JOBS_POLL_MS: "200", NODE_ENV: "test" });
    await waitFor("the worker to start", () => output.includes("Jobs: worker started (no web server)"), 60_000);
    const to = `jobs-worker-${Date.now()}@example.test`;
    const invitation = { template: "staff_invitation" as const, locale: "zh-CN" as const, to, data: { agencyName: "杭州市安委办", role: "triage_officer" as const, token: "tK3x9-Qa_7bLm2Zp0RrS8vWy", expiresOn: "2026-03-11" } };
    await m.db().transaction(async (tx) => m.enqueueEmail(tx, invitation));
    const mine = () => received.filter((r) => r.envelopeTo.includes(to));
    await waitFor("the invitation", () => mine().length > 0, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mine()).toHaveLength(1);
    worker.kill("SIGTERM");
    expect(await exitOf(worker)).toBe(0);
  }, 120_000);
});
