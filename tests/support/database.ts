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

/** Where test databases are created: a server (admin connection URL) and the template to copy. */
export type TemplateDatabase = { adminUrl: string; template: string; drop: () => Promise<void> };

/**
 * The run's TEMPLATE database: migrated, job schema installed, then `prepare` (the seed) run
 * against it; connections to it are then refused, so `CREATE DATABASE … TEMPLATE` (which needs
 * the template idle) always succeeds. On the DATABASE_URL server, or an embedded PostgreSQL.
 */
export async function createTemplateDatabase(prepare: (url: string) => Promise<void>): Promise<TemplateDatabase> {
  const base = process.env.DATABASE_URL;
  let adminUrl: string;
  let template: string;
  let stopServer = async () => {};
  if (base) {
    adminUrl = base;
    template = `canary_tpl_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${template}"`);
    await admin.end();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-test-"));
    fs.chmodSync(dir, 0o777);
    template = "canary_template";
    const running = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: template, quiet: true });
    const u = new URL(running.url);
    u.pathname = "/postgres";
    adminUrl = u.toString();
    stopServer = async () => {
      await running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const url = databaseUrl(adminUrl, template);
  await runMigrations(url);
  await installJobSchema(url);
  await prepare(url);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`alter database "${template}" with allow_connections false`);
  await admin.end();
  return {
    adminUrl,
    template,
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      // Files that crashed before their afterAll leave their copies: named after the template.
      const left = await a<{ datname: string }[]>`select datname from pg_database where datname like ${template + "\\_f\\_%"}`;
      for (const { datname } of left) await a.unsafe(`drop database if exists "${datname}" with (force)`);
      await a.unsafe(`drop database if exists "${template}" with (force)`);
      await a.end();
      await stopServer();
    },
  };
}

function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = "/" + name;
  return u.toString();
}
