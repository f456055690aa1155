import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, inheritedServerEnv, ROOT, waitReady, type ChildServer } from "../../scripts/bench-common";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { signedInStaff } from "../support/builders";
import { HCAPTCHA_TEST_TOKEN, hcaptchaEnv, startFakeHcaptcha, type FakeSiteverify } from "../support/fake-hcaptcha";
import { startSmtpListener, XIHU_EM, type Received } from "../support/journey";

/**
 * Scale-out (issue 16): two server processes (`node --import tsx scripts/server.ts`, each with its
 * own graphile-worker) on one PostgreSQL database, as two machines behind a load balancer would
 * run. What an operator would notice:
 * - tips filed through either server (the form without JavaScript, and Open311) are all there,
 *   once each, and in the triage queue of both;
 * - the emails the desk's decisions cause (taken on the other server) arrive once each;
 * - the day's statistics release is computed once though both workers' schedules fire for that
 *   day and more jobs ask for it at the same moment, and both servers show the same release.
 *
 * The database is this file's copy of the run's template (tests/support/env.ts): migrated, job
 * schema installed, reference data and demo agencies seeded. The servers' own start-up migration
 * then has nothing to do, so they are started at the same moment.
 */

// The release's advisory lock (RELEASE_LOCK in app/services/statistics-release.server.ts, "CANR"):
// pg_advisory_xact_lock(bigint) shows in pg_locks as classid 0, objid the key, objsubid 1.
const RELEASE_LOCK = 0x43414e52;
const TIME_ZONE = "Asia/Shanghai";
const RELEASE_TASK = "publish_statistics_release";
const JOBS_CONCURRENCY = 2;
/** Release jobs for the day queued by hand beside the one cron queues: with the cron one, more than both workers' slots. */
const EXTRA_RELEASE_JOBS = 4;
const WEB_TIPS = 20;
const OPEN311_TIPS = 4;
const RUN = randomBytes(4).toString("hex");

type Server = ChildServer & { name: string; pid: number; exitedAt: number | null };

let databaseUrl: string;
let sql: postgres.Sql;
/** The test's own connection that holds the release lock while the workers' jobs line up behind it. */
let locker: postgres.Sql | undefined;
let fake: FakeSiteverify | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpListener>> | undefined;
const received: Received[] = [];
let servers: Server[] = [];
let desk: StaffContext;
let deskCookie: string;

/** The minute the day's release was due (5 minutes ago, in TIME_ZONE), and that local day. */
const dueAt = new Date(Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000);
const wall = Object.fromEntries(
  new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
    .formatToParts(dueAt)
    .map((p) => [p.type, p.value]),
);
const RELEASE_AT = `${wall.hour}:${wall.minute}`;
const RELEASE_DAY = `${wall.year}-${wall.month}-${wall.day}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${servers.map((s) => `--- ${s.name}\n${s.output.slice(-20).join("")}`).join("\n")}`);
    await sleep(everyMs);
  }
}

function startServerProcess(name: string, port: number, smtpPort: number, hcaptcha: Record<string, string>): Server {
  const env = {
    ...inheritedServerEnv(["RATE_LIMITS", "NODE_ENV", "JOBS", "JOBS_LOG", "JOBS_POLL_MS", "JOBS_CONCURRENCY", "LOG_REQUESTS", "WEB_CONCURRENCY", "SMTP_URL", "TIME_ZONE", "STATISTICS_RELEASE_AT", "CANARY_WORKER"]),
    DATABASE_URL: databaseUrl,
    CANARY_MASTER_KEY: process.env.CANARY_MASTER_KEY!,
    DATA_DIR: process.env.DATA_DIR!,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    // The job worker on (JOBS not "off"): each server runs its own graphile-worker.
    JOBS_CONCURRENCY: String(JOBS_CONCURRENCY),
    JOBS_POLL_MS: "200",
    // Info lines: the release job says whether it computed the release or found it published.
    JOBS_LOG: "info",
    LOG_REQUESTS: "0",
    RATE_LIMITS: "off",
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PUBLIC_URL: "http://canary.test",
    TIME_ZONE,
    STATISTICS_RELEASE_AT: RELEASE_AT,
    ...hcaptcha,
  };
  // A process group of its own, so that cleanup can end it and anything it started.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output: string[] = [];
  child.stdout!.on("data", (c: Buffer) => output.push(c.toString()));
  child.stderr!.on("data", (c: Buffer) => output.push(c.toString()));
  const server: Server = { name, child, base: `http://127.0.0.1:${port}`, output, pid: child.pid!, exitedAt: null, exited: Promise.resolve(null) };
  server.exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      server.exitedAt = Date.now();
      resolve(code);
    }),
  );
  return server;
}

/** SIGTERM to the server's process group (it stops its worker gracefully), SIGKILL after 15 s. */
async function stopServerProcess(server: Server) {
  if (server.exitedAt !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-server.pid, s);
    } catch {
      // gone already
    }
  };
  signal("SIGTERM");
  const stopped = await Promise.race([server.exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!stopped) {
    signal("SIGKILL");
    await Promise.race([server.exited, sleep(5_000)]);
  }
}

const releaseLines = (s: Server) => s.output.join("").split("\n").filter((l) => l.includes(`[jobs ${RELEASE_TASK}#`) && /statistics release (\d+ published \(|for \S+ was published already)/.test(l));

beforeAll(async () => {
  databaseUrl = process.env.DATABASE_URL!;
  sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });

  // Tips of the past year, so that the release has figures to show (the ones filed below are
  // filed after it is computed).
  const places = (await sql<{ code: string }[]>`select trim(code) as code from places where code like '3301%' and level = 'county' order by code`).map((r) => r.code);
  const agencyIds = (await sql<{ id: string }[]>`select id::text from agencies where place_code like '33%' order by id limit 40`).map((r) => r.id);
  const sectors = ["pollution", "construction", "hazardous_chemicals", "fire_safety", "other"];
  for (let i = 0; i < 150; i++) {
    const submittedOn = new Date(Date.now() - (20 + ((i * 37) % 330)) * 86_400_000).toISOString().slice(0, 10);
    const rejected = i % 5 === 0;
    const [{ seq }] = (await sql<{ seq: string }[]>`select nextval('tip_reference_seq')::text as seq`) as unknown as [{ seq: string }];
    await sql`insert into tips ${sql({
      id: randomUUID(),
      reference: `JB${submittedOn.slice(0, 4)}-${seq.padStart(7, "0")}`,
      reference_seq: seq,
      state: rejected ? "rejected" : ["assigned", "accepted", "investigating"][i % 3]!,
      channel: "web",
      sector_code: sectors[i % sectors.length]!,
      place_code: places[i % places.length]!,
      submitted_on: submittedOn,
      captcha_status: "not_required",
      content_enc: randomBytes(32),
      receipt_hash: randomBytes(32),
      agency_id: rejected ? null : agencyIds[i % agencyIds.length]!,
      // Due well ahead: the hourly escalation and reminder jobs have nothing to send about these.
      due_on: rejected ? null : new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      rejection_reason: rejected ? "no_facts" : null,
    })}`;
  }

  // The deployment ran yesterday: graphile-worker knows the release's crontab line since then,
  // so each worker, starting after today's release time (5 minutes ago), makes it up at once
  // (`fill=1d`) — the same due run for both, for RELEASE_DAY.
  await sql`insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
            values (${RELEASE_TASK}, now() - interval '1 day', now() - interval '1 day')`;
  // More jobs asking for the same day's release (a retry, an operator, another instance): their
  // own keys, so graphile-worker does not merge them.
  for (let i = 0; i < EXTRA_RELEASE_JOBS; i++) {
    await sql`select graphile_worker.add_job(${RELEASE_TASK}::text, ${sql.json({ trigger: "schedule", scheduledFor: RELEASE_DAY, requestedBy: null })}::json,
              job_key => ${`scale-out-test:${RUN}:${i}`}::text, max_attempts => 3)`;
  }
  // A release taking its time: this connection holds the release lock, so the jobs of both
  // workers line up behind it and then all ask at the same moment.
  locker = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await locker`select pg_advisory_lock(${RELEASE_LOCK})`;

  fake = await startFakeHcaptcha();
  smtp = await startSmtpListener(received);
  const [portA, portB] = [await freePort(), await freePort()];
  servers = [startServerProcess("server A", portA, smtp.port, hcaptchaEnv(fake, 3000)), startServerProcess("server B", portB, smtp.port, hcaptchaEnv(fake, 3000))];
  await Promise.all(servers.map((s) => waitReady(s, 90_000)));
  expect(servers[0]!.pid).not.toBe(servers[1]!.pid);

  // The desk of 西湖区 (where the tips are), signed in; its session works on either server.
  ({ staff: desk, cookie: deskCookie } = await signedInStaff("triage_officer", "safety_committee", "330106", { displayName: `西湖区受理员 ${RUN}` }));
}, 120_000);

afterAll(async () => {
  // The lock first: a worker stopping waits for its running jobs, which may wait for the lock.
  await locker?.end({ timeout: 5 }).catch(() => {});
  await Promise.all(servers.map((s) => stopServerProcess(s)));
  await new Promise<void>((resolve) => (smtp ? smtp.smtp.close(() => resolve()) : resolve()));
  await fake?.close();
  await sql?.end({ timeout: 5 });
  // The app's own client, which signedInStaff used.
  await (await import("../../app/lib/db.server")).closeDb();
  // The database itself is dropped by tests/support/env.ts after this hook.
}, 60_000);

// ------------------------------------------------------------------ HTTP helpers

const formHeaders = (server: Server, extra: Record<string, string> = {}) => ({
  "content-type": "application/x-www-form-urlencoded",
  origin: server.base,
  "sec-fetch-site": "same-origin",
  accept: "text/html",
  ...extra,
});

const tipsterEmail = (i: number) => `tipster-${RUN}-${i}@example.org`;

/** Files a tip with the form (the page without JavaScript): the reference shown on the receipt page. */
async function fileThroughForm(server: Server, i: number): Promise<{ reference: string; email: string }> {
  const email = tipsterEmail(i);
  const f = new URLSearchParams({
    intent: "submit",
    submissionId: randomBytes(16).toString("base64url"),
    sector: "hazardous_chemicals",
    province: "330000",
    city: "330100",
    county: XIHU_EM.placeCode,
    company: `扩容测试化工厂 ${RUN}-${i}`,
    address: "工业园东门北侧",
    description: `扩容测试 ${RUN} 第 ${i} 件：储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`,
    contactName: "",
    contactPhone: "",
    contactEmail: email,
    newsByEmail: "on",
    website: "",
    captchaToken: HCAPTCHA_TEST_TOKEN,
  });
  const res = await fetch(`${server.base}/report`, { method: "POST", headers: formHeaders(server), body: f.toString(), redirect: "manual" });
  const body = await res.text();
  expect(res.status, `${server.name} /report #${i}: ${body.slice(0, 300)}`).toBe(200);
  expect(body).toContain('data-testid="receipt"');
  const reference = /name="reference" value="(JB\d{4}-\d+)"/.exec(body)?.[1];
  expect(reference, `${server.name} /report #${i}: no reference on the receipt page`).toBeTruthy();
  return { reference: reference!, email };
}

async function fileThroughOpen311(server: Server, i: number): Promise<string> {
  const f = new URLSearchParams({
    service_code: "hazardous_chemicals",
    description: `扩容测试 ${RUN} Open311 第 ${i} 件：危化品仓库无人值守。`,
    "attribute[region_code]": XIHU_EM.placeCode,
    "attribute[company_name]": `扩容测试仓储 ${RUN}-${i}`,
  });
  const res = await fetch(`${server.base}/open311/v2/requests.json`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: f.toString() });
  const text = await res.text();
  expect(res.status, `${server.name} open311 #${i}: ${text}`).toBe(200);
  const [answer] = JSON.parse(text) as { service_request_id: string; receipt: string }[];
  expect(answer?.service_request_id).toMatch(/^JB\d{4}-\d+$/);
  expect(answer?.receipt).toMatch(/^\d{28}$/);
  return answer!.service_request_id;
}

/** The triage queue page of `server`, searched for `reference` (as the desk would type it). */
async function queueShows(server: Server, reference: string): Promise<boolean> {
  const res = await fetch(`${server.base}/staff/triage?q=${encodeURIComponent(reference)}`, { headers: { cookie: deskCookie, accept: "text/html" }, redirect: "manual" });
  const body = await res.text();
  expect(res.status, `${server.name} /staff/triage?q=${reference}: ${body.slice(0, 200)}`).toBe(200);
  return body.includes(`href="/staff/triage/${reference}"`);
}

/** A triage decision (交办 to the suggestion, or 不予受理) posted to `server`: answered 303 to the tip's page. */
async function decide(server: Server, reference: string, decision: { intent: "route" } | { intent: "reject"; reason: string }) {
  const f = new URLSearchParams({ csrf: desk.csrf, ...decision });
  const res = await fetch(`${server.base}/staff/triage/${reference}`, { method: "POST", headers: formHeaders(server, { cookie: deskCookie }), body: f.toString(), redirect: "manual" });
  const body = await res.text();
  expect(res.status, `${server.name} ${decision.intent} ${reference}: ${body.slice(0, 300)}`).toBe(303);
  expect(res.headers.get("location")).toContain(`/staff/triage/${reference}?done=`);
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map((x, j) => work(x, i + j)))));
  return out;
}

const other = (s: Server) => (s === servers[0] ? servers[1]! : servers[0]!);

// ------------------------------------------------------------------ the tests

describe("two servers and two job workers on one database", () => {
  it("compute the day's statistics release once, though both workers' schedules and four more jobs ask for it at the same moment", async () => {
    // Both workers have taken release jobs (two slots each) and wait on the lock: five jobs in
    // all (cron's make-up run, queued once for both, and the four), four waiting.
    const waiting = () =>
      sql<{ n: number }[]>`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = 0 and objid = ${RELEASE_LOCK} and objsubid = 1 and not granted
                           and database = (select oid from pg_database where datname = current_database())`;
    await waitUntil("four release jobs waiting on the release lock", async () => (await waiting())[0]!.n >= 2 * JOBS_CONCURRENCY, 60_000);
    const [{ n: queued }] = (await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${RELEASE_TASK}`) as unknown as [{ n: number }];
    expect(queued).toBe(EXTRA_RELEASE_JOBS + 1);
    const [cronJob] = await sql<{ payload: { _cron?: { ts: string; backfilled: boolean } } }[]>`
      select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = ${RELEASE_TASK} and j.payload::jsonb ? '_cron'`;
    expect(cronJob?.payload._cron).toMatchObject({ ts: dueAt.toISOString(), backfilled: true });

    await locker!`select pg_advisory_unlock(${RELEASE_LOCK})`;
    await waitUntil(
      "every release job to finish",
      async () => (await sql`select 1 from graphile_worker.jobs where task_identifier = ${RELEASE_TASK}`).length === 0 && servers.reduce((n, s) => n + releaseLines(s).length, 0) === EXTRA_RELEASE_JOBS + 1,
      60_000,
    );

    // Exactly one release, for that day, published; one ledger entry for it.
    const releases = await sql<{ release_no: number; scheduled_for: string | null; trigger: string; released_at: Date | null; content_hash: string | null; pages: number | null }[]>`
      select release_no, scheduled_for::text, trigger, released_at, content_hash, pages from statistics_releases order by release_no`;
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({ release_no: 1, scheduled_for: RELEASE_DAY, trigger: "schedule" });
    expect(releases[0]!.released_at).not.toBeNull();
    expect(releases[0]!.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(releases[0]!.pages).toBeGreaterThan(5);
    const ledger = await sql<{ details: Record<string, unknown> }[]>`select details from ledger_entries where action = 'statistics.released'`;
    expect(ledger).toHaveLength(1);
    expect(ledger[0]!.details).toMatchObject({ releaseNo: 1, contentHash: releases[0]!.content_hash, trigger: "schedule", scheduledFor: RELEASE_DAY });

    // Both processes ran release jobs; one of all of them computed it, the others found it published.
    const lines = servers.map(releaseLines);
    expect(lines[0]!.length, servers[0]!.output.join("")).toBeGreaterThanOrEqual(1);
    expect(lines[1]!.length, servers[1]!.output.join("")).toBeGreaterThanOrEqual(1);
    const computed = lines.flat().filter((l) => /statistics release 1 published \(/.test(l));
    const already = lines.flat().filter((l) => l.includes(`statistics release for ${RELEASE_DAY} was published already (release 1)`));
    expect(computed).toHaveLength(1);
    expect(already).toHaveLength(EXTRA_RELEASE_JOBS);
    const failed = await sql`select id from graphile_worker.jobs where last_error is not null`;
    expect(failed).toHaveLength(0);
  }, 90_000);

  const filed: { reference: string; email: string | null; via: Server; channel: "web" | "open311" }[] = [];

  it("take tips through both servers, several at once: every acknowledged tip is stored once and in the triage queue of both", async () => {
    const web = await inBatches(
      Array.from({ length: WEB_TIPS }, (_, i) => i),
      5,
      async (i) => {
        const via = servers[i % 2]!;
        const { reference, email } = await fileThroughForm(via, i);
        return { reference, email, via, channel: "web" as const };
      },
    );
    const open311 = await Promise.all(
      Array.from({ length: OPEN311_TIPS }, async (_, i) => {
        const via = servers[i % 2]!;
        return { reference: await fileThroughOpen311(via, i), email: null, via, channel: "open311" as const };
      }),
    );
    filed.push(...web, ...open311);
    const references = filed.map((f) => f.reference);
    expect(new Set(references).size).toBe(WEB_TIPS + OPEN311_TIPS);
    // Both servers took tips of both kinds.
    for (const s of servers) expect(filed.filter((f) => f.via === s).length).toBe((WEB_TIPS + OPEN311_TIPS) / 2);

    // In the tips table exactly once each, and nothing else was filed today.
    const rows = await sql<{ reference: string; n: number; channel: string; captcha_status: string; state: string }[]>`
      select reference, count(*)::int as n, min(channel) as channel, min(captcha_status) as captcha_status, min(state) as state
      from tips where reference in ${sql(references)} group by reference`;
    expect(rows).toHaveLength(references.length);
    for (const r of rows) {
      const f = filed.find((x) => x.reference === r.reference)!;
      expect(r, r.reference).toMatchObject({ n: 1, channel: f.channel, state: "submitted", captcha_status: f.channel === "web" ? "verified" : "unverified" });
    }
    // (The tips of the past year above are at least 20 days old.)
    const [{ n: today }] = (await sql<{ n: number }[]>`select count(*)::int as n from tips where submitted_on > current_date - 3`) as unknown as [{ n: number }];
    expect(today).toBe(references.length);
    // Each web tip's captcha was checked once, by the server that took it.
    expect(fake!.calls.filter((c) => c.response === HCAPTCHA_TEST_TOKEN)).toHaveLength(WEB_TIPS);

    // The desk sees every one of them in the queue, on either server.
    await inBatches(filed, 6, async (f) => {
      for (const s of servers) expect(await queueShows(s, f.reference), `${f.reference} (filed through ${f.via.name}) in the queue of ${s.name}`).toBe(true);
    });
  }, 60_000);

  it("send each email the desk's decisions cause exactly once, whichever worker sends it", async () => {
    expect(filed.length).toBe(WEB_TIPS + OPEN311_TIPS);
    // Decided on the other server than the one that took the tip: web tips alternately routed
    // (the agency's inbox is told) and rejected (the tipster, who asked for news, is told);
    // Open311 tips (no news by email) routed.
    const routed = filed.filter((f, i) => f.channel === "open311" || i % 2 === 0);
    const rejected = filed.filter((f) => !routed.includes(f));
    await inBatches(filed, 6, (f) => decide(other(f.via), f.reference, routed.includes(f) ? { intent: "route" } : { intent: "reject", reason: "no_facts" }));

    // Recipient and subject: the agency's inbox is told of each case by its reference; a
    // tipster's news says nothing of the tip, and each tipster here has an address of their own.
    const assignedSubject = (reference: string) => `【交办】案件 ${reference} 已交由贵单位办理`;
    const newsSubject = "您的举报有新消息";
    const expected = new Map<string, number>();
    for (const f of routed) expected.set(`${XIHU_EM.inbox} | ${assignedSubject(f.reference)}`, 0);
    for (const f of rejected) expected.set(`${f.email} | ${newsSubject}`, 0);
    expect(expected.size).toBe(filed.length);
    // The weekly digest (cron, Mondays 00:00 UTC) is no part of this: left out should the run cross that minute.
    const mails = () => received.filter((r) => !(r.mail.subject ?? "").startsWith("【周报】"));

    // The queue drains: every send_email job done (none failed, none left).
    await waitUntil(
      "the mail queue to drain",
      async () => (await sql`select 1 from graphile_worker.jobs where task_identifier = 'send_email'`).length === 0 && mails().length >= expected.size,
      30_000,
    );
    await sleep(1500); // a duplicate would have come by now
    // (Other cron jobs may be queued for a moment at a minute's turn; a failed one would show here.)
    const jobsLeft = await sql`select task_identifier, attempts, last_error from graphile_worker.jobs where task_identifier in ('send_email', ${RELEASE_TASK}) or last_error is not null`;
    expect(jobsLeft).toEqual([]);

    const unexpected: string[] = [];
    for (const r of mails()) {
      const key = `${r.envelopeTo.join(",")} | ${r.mail.subject ?? ""}`;
      if (expected.has(key)) expected.set(key, expected.get(key)! + 1);
      else unexpected.push(key);
    }
    expect(unexpected, "emails nobody should have had").toEqual([]);
    expect(
      [...expected].filter(([, n]) => n !== 1),
      "emails not received exactly once ([recipient | subject, count])",
    ).toEqual([]);
    expect(mails()).toHaveLength(filed.length);
    // One Message-ID each (it names the job): no job was sent twice, by one worker or by both.
    expect(new Set(mails().map((r) => r.mail.messageId)).size).toBe(filed.length);
    // Both workers sent some, and every job was sent by one of them once.
    const sentBy = servers.map((s) => [...s.output.join("").matchAll(/\[jobs send_email#(\d+)\] email job \d+ \(\w+\) sent via smtp/g)].map((m) => m[1]!));
    expect(sentBy[0]!.length, `${servers[0]!.name} sent none`).toBeGreaterThan(0);
    expect(sentBy[1]!.length, `${servers[1]!.name} sent none`).toBeGreaterThan(0);
    expect(new Set(sentBy.flat()).size).toBe(filed.length);
    expect(sentBy.flat()).toHaveLength(filed.length);
  }, 60_000);

  it("serve the same release from both servers: the same release line, the same tables", async () => {
    const [release] = await sql<{ content_hash: string }[]>`select content_hash from statistics_releases where release_no = 1`;
    const page = async (s: Server, path: string, lang: "zh-CN" | "en") => {
      const res = await fetch(`${s.base}${path}`, { headers: { cookie: `lang=${lang}`, accept: "text/html" } });
      const body = await res.text();
      expect(res.status, `${s.name} ${path}`).toBe(200);
      return body;
    };
    const releaseLine = (html: string) => /<p class="release-line" data-testid="release-line">([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, "") ?? null;
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? null;
    for (const [lang, line] of [
      ["zh-CN", /^第 1 期统计发布 · .+ 发布$/],
      ["en", /^Release 1 · published .+$/],
    ] as const) {
      // Servers look again at which release is current every ~2 s: both show release 1 by now.
      const [a, b] = (await waitUntil(
        `/stats (${lang}) showing release 1 on both servers`,
        async () => {
          const pages = await Promise.all(servers.map((s) => page(s, "/stats", lang)));
          return pages.every((p) => line.test(releaseLine(p) ?? "")) ? pages : null;
        },
        10_000,
        250,
      )) as [string, string];
      expect(releaseLine(a)).toBe(releaseLine(b));
      expect(main(a)).toBeTruthy();
      expect(main(a)).toBe(main(b));
      expect(a).toContain("<table");
    }
    // The downloads of the current release: the same bytes from both.
    for (const path of ["/stats.json?place=000000", "/stats.json?place=330106", "/stats.csv?place=330000"]) {
      const [a, b] = await Promise.all(servers.map((s) => fetch(`${s.base}${path}`).then(async (r) => ({ status: r.status, text: await r.text() }))));
      expect(a!.status, path).toBe(200);
      expect(b).toEqual(a);
    }
    // …which name the release by its content hash.
    const json = JSON.parse((await (await fetch(`${servers[1]!.base}/stats.json?place=000000`)).text())) as Record<string, unknown>;
    expect(json).toMatchObject({ release: { no: 1, content_hash: release!.content_hash } });
  }, 30_000);
});
