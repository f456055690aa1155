import { randomBytes } from "node:crypto";
import postgres from "postgres";

// Imported by tests/support/env.ts before every test file: only the postgres client, so a file
// does not pay for loading the migrator, graphile-worker or the embedded server.

/** One test file's database: a copy of the template, for that file alone. */
export async function createDatabaseFromTemplate(adminUrl: string, template: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${template}_f_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  return {
    url: urlOf(adminUrl, name),
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

function urlOf(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = "/" + name;
  return u.toString();
}
