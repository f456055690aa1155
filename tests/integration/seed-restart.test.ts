import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type RunningDatabase } from "../../app/lib/database-runtime.server";
import { loadPlaces } from "../../db/seed/places";
import { freePort } from "../support/database";

// `npm run demo` seeds through scripts/seed.ts's steps. A PostgreSQL restart in the middle used to
// end the process with an unhandled CONNECTION_CLOSED. Here the seed runs in a child process
// against an embedded PostgreSQL of its own, which is stopped and started again (same data
// folder, same port) while the seed is loading; the seed must finish, with all the data.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-seed-restart-"));
fs.chmodSync(dir, 0o777);
let running: RunningDatabase | undefined;

afterAll(async () => {
  await running?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("seeding survives a PostgreSQL restart", () => {
  it("retries the lost step and completes: every place, the demo agencies, the staff and the sample", { timeout: 240_000 }, async () => {
    const port = await freePort();
    running = await startEmbeddedPostgres({ dataDir: dir, port, database: "canary_seed", quiet: true });
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/seed.ts"], {
      env: { ...process.env, DATABASE_URL: running.url, CANARY_MASTER_KEY: randomBytes(32).toString("base64"), DATA_DIR: dir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    // The restart comes when the longest step (the statistics sample: COPY in batches) has begun.
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        if (stderr.includes("seeding: statistics sample")) resolve();
      });
      void exited.then(() => reject(new Error(`the seed ended before the sample: ${stderr}`)));
    });
    await running.stop();
    running = undefined;
    await new Promise((r) => setTimeout(r, 3000)); // down for 3 s: the seed's queries fail meanwhile
    expect(exitedEarly).toBe(false);
    running = await startEmbeddedPostgres({ dataDir: dir, port, database: "canary_seed", quiet: true });

    const status = await exited;
    expect(stderr).toContain("the database connection was lost");
    expect(stderr).not.toContain("Unhandled");
    expect(status, stderr).toBe(0);
    expect(stdout).toContain("Seeded:");

    const client = postgres(running.url, { max: 1, onnotice: () => {} });
    try {
      const [counts] = await client`
        select (select count(*) from places)::int as places,
               (select count(*) from agencies where place_code like '33%')::int as zhejiang_agencies,
               (select count(*) from staff_accounts where email like '%@demo.canary.invalid')::int as staff,
               (select count(*) from tips)::int as tips`;
      // Every place of GB/T 2260 and the country (000000); the demo's eleven accounts (db/seed/demo-staff.ts).
      expect(counts).toMatchObject({ places: new Set(loadPlaces().map((p) => p.code)).size + 1, staff: 11 });
      expect(counts!.zhejiang_agencies).toBeGreaterThanOrEqual(351);
      expect(counts!.tips).toBe(6000);
      const [triggers] = await client`select count(*)::int as disabled from pg_trigger where tgname like '%_statistics' and tgenabled = 'D'`;
      expect(triggers!.disabled).toBe(0);
    } finally {
      await client.end();
    }
  });
});
