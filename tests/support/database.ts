import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres, runMigrations } from "../../app/lib/database-runtime.server";
import { installJobSchema } from "../../app/lib/jobs.server";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh, migrated database for one test run: a new database on the server named by
 * DATABASE_URL (CI: the PostgreSQL 15 on 127.0.0.1:5432), or an embedded PostgreSQL in a
 * temporary folder when DATABASE_URL is not set.
 */
export async function createTestDatabase(opts: { forceEmbedded?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = opts.forceEmbedded ? undefined : process.env.DATABASE_URL;
  if (base) {
    const name = `canary_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const u = new URL(base);
    u.pathname = "/" + name;
    const url = u.toString();
    await runMigrations(url);
    await installJobSchema(url);
    return {
      url,
      drop: async () => {
        const a = postgres(base, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists "${name}" with (force)`);
        await a.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-test-"));
  fs.chmodSync(dir, 0o777);
  const running = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: "canary_test", quiet: true });
  await runMigrations(running.url);
  await installJobSchema(running.url);
  return {
    url: running.url,
    drop: async () => {
      await running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
